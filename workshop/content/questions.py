"""The intake questionnaire's choices, as data: one place for the printed form, the columns a
Microsoft Forms or Google Forms export carries, and the topics modules address.

A topic (`profile`, `security`, ...) is the shared word between a participant's answer and a
module: a module lists the topics it answers in `addresses:`, and the planner moves it up when
enough people ticked a goal or a concern with that topic, or shortens it when everyone rates
themselves at ease with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Topic = Literal["profile", "rules", "routine", "prospects", "criticism", "measurement", "legal",
                "time", "security", "content", "authority", "sources", "listening"]
TOPICS: tuple[str, ...] = ("profile", "rules", "routine", "prospects", "criticism",
                           "measurement", "legal", "time", "security", "content", "authority",
                           "sources", "listening")


@dataclass(frozen=True)
class Choice:
    """A box to tick (or a row to rate) and the topic it speaks to. `text` may name
    {organization}, {we}, {my} and {team} (' and my team' in a group session)."""

    topic: str
    text: str

    def shown(self, solo: bool, organization: str) -> str:
        return self.text.format(organization=organization, we="I" if solo else "we",
                                my="my" if solo else "our",
                                team="" if solo else " and my team")


GOALS = (
    Choice("profile", "A profile that represents me{team} well"),
    Choice("rules", "Clear rules on what {we} may say, and who approves it"),
    Choice("routine", "A routine that takes 15 minutes a week"),
    Choice("prospects", "Ways to find customers, candidates or partners"),
    Choice("criticism", "Knowing how to handle criticism or a crisis online"),
    Choice("measurement", "Measuring what social media brings {organization}"),
)
CONCERNS = (
    Choice("legal", "Saying something that creates legal or regulatory trouble"),
    Choice("time", "Time: I do not have any to spare"),
    Choice("security", "Privacy and security of {my} accounts"),
    Choice("criticism", "Negative comments, trolls or a public row"),
    Choice("content", "Not knowing what to post"),
    Choice("authority", "Employees speaking for the organization without authority"),
)
COMFORT = (
    Choice("profile", "Keeping a professional profile up to date"),
    Choice("rules", "Knowing what I may and may not post about work"),
    Choice("criticism", "Deciding whether to answer a critical comment, and how"),
    Choice("sources", "Telling a reliable source from an unreliable one"),
    Choice("listening", "Finding what customers, candidates and competitors say about us"),
    Choice("measurement", "Knowing whether our social media effort pays off"),
)
COMFORT_SCALE = (1, 5)

# The questions an export carries, by our id: the column heading to use in Microsoft Forms or
# Google Forms (the printed form's own words), and `comfort` once per row, as Google Forms
# names grid rows ("How comfortable are you? [Keeping ...]") and Microsoft Forms names a
# Likert question's statements.
INTAKE_COLUMNS = {
    "name": "Name",
    "role": "Role",
    "department": "Department",
    "comfort": "How comfortable are you?",
    "goals": "What you want from the session",
    "goal": "The one thing you want to be able to do after the session",
    "concerns": "What concerns you",
    "worries": "Anything else that worries you",
}
INTAKE_KINDS = {"name": "text", "role": "text", "department": "text", "comfort": "scale",
                "goals": "ticks", "goal": "text", "concerns": "ticks", "worries": "text"}


def normal(text: str) -> str:
    """Text as compared: lower case, words only ('What concerns you?' -> 'what concerns you')."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def intake_header(solo: bool) -> list[str]:
    """The columns of an intake export, in the form's order: the header of the ready-made CSV
    and the questions to create in Microsoft Forms or Google Forms."""
    columns = [INTAKE_COLUMNS["name"], INTAKE_COLUMNS["role"]]
    if not solo:
        columns.append(INTAKE_COLUMNS["department"])
    columns += [f"{INTAKE_COLUMNS['comfort']} [{c.text}]" for c in COMFORT]
    columns += [INTAKE_COLUMNS[k] for k in ("goals", "goal", "concerns", "worries")]
    return columns


# ---------------------------------------------------------------- the evaluation form

CONFIDENCE = (
    "keep a professional profile that represents me well",
    "tell what I may and may not post about work",
    "decide whether and how to answer a critical comment",
    "find what customers, candidates and competitors say about us",
    "name the next step I will take, and when",
)
RATING_SCALE = (1, 5)
RECOMMEND_SCALE = (0, 10)
# Column headings of an evaluation export. `modules`, `before`, `now` and `comments` take one
# column per row, "Heading [row]" (the module's title, or the confidence statement).
EVALUATION_COLUMNS = {
    "name": "Name",
    "department": "Department",
    "modules": "Each part of the session",
    "comments": "Comments on each part",
    "before": "Before the session, I could",
    "now": "Now I can",
    "recommend": "How likely are you to recommend this session to a colleague",
    "clarity": "The facilitator explained things clearly",
    "length": "The length was right",
    "takeaway": "The most useful thing you take away",
    "next": "What you will do differently in the next 30 days",
    "change": "What we should change, add or leave out",
    "follow-up": "Questions you would like a follow-up session to answer",
}
EVALUATION_TEXTS = ("takeaway", "next", "change", "follow-up")


def evaluation_header(titles: list[str]) -> list[str]:
    """The columns of an evaluation export for a session whose modules have `titles`."""
    c = EVALUATION_COLUMNS
    return ([f"{c['modules']} [{t}]" for t in titles]
            + [f"{c['before']} [{s}]" for s in CONFIDENCE]
            + [f"{c['now']} [{s}]" for s in CONFIDENCE]
            + [c["recommend"], c["clarity"], c["length"]]
            + [c[k] for k in EVALUATION_TEXTS]
            + [f"{c['comments']} [{t}]" for t in titles]
            + [c["name"], c["department"]])
