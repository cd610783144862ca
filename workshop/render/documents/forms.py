"""The intake questionnaire and the evaluation form, as data: the questions, tailored to the
session's departments and format. Templates only draw them; answers can be read back by id."""

from __future__ import annotations

from workshop.content.questions import COMFORT, CONCERNS, CONFIDENCE, GOALS, INTAKE_COLUMNS
from workshop.render.documents.model import Form, FormSection, Question, ScaleRow

PLATFORMS = ("LinkedIn", "X", "Threads", "Bluesky", "Instagram", "Facebook", "TikTok", "YouTube",
             "Reddit", "An internal network (Teams, Slack, Viva Engage)")
USE = ("No account", "Account, rarely look", "Read weekly", "Post or comment monthly",
       "Post weekly or more")
# Questions per department id; a department without an entry gets a general question.
DEPARTMENT_QUESTIONS = {
    "legal": ("Which of these does your team handle today? Disclosure, records and retention, "
              "litigation holds, advertising and endorsement rules, employee posts.",
              "Name one post (yours or another company's) that you would have stopped, and "
              "why."),
    "hr": ("Does the organization have a social media policy for employees? When was it last "
           "updated, and who owns it?",
           "Which people questions reach you most about social media: recruiting, employer "
           "reviews, employee posts, or discipline?"),
    "sales": ("Which platforms do your best customers and prospects use, and how do you know?",
              "How does your team find and follow up on buying signals online today?"),
    "leadership": ("Who speaks for the organization online today, and who decides what they "
                   "say?",
                   "What would you want a journalist, a candidate or an investor to find when "
                   "they search for you?"),
}


def intake(solo: bool, organization: str, facilitator: str,
           departments: list[tuple[str, str]]) -> Form:
    """The questionnaire sent before the session; `departments` are (id, name) pairs."""
    if solo:
        note = ("This questionnaire is about you: how you use social media today, what you "
                "want from it and what worries you. There are no wrong answers, and only your "
                "coach" + (f" ({facilitator})" if facilitator else "") + " reads it.")
        about = (Question(id="about", kind="fields", labels=("Name", "Role")),
                 Question(id="about-role", kind="fields",
                          labels=("Years in this role", "Who helps you with communications "
                                                        "(name)")))
    else:
        note = ("Fifteen minutes now makes the session about your real questions. Answer for "
                "yourself; where a question asks about your team, answer for the people who "
                "report to you. Answers are summarised without names.")
        about = (Question(id="about", kind="fields", labels=("Name", "Role")),
                 Question(id="department", kind="ticks", prompt="Your department (tick one)",
                          options=tuple(name for _, name in departments) +
                          ("Other: ______________________",), per_row=3))
    note += (" Please return it " + (f"to {facilitator} " if facilitator else "") +
             "at least one week before the session.")
    use = [Question(id="platforms", kind="grid", hint="Tick one box per platform.",
                    row_heading="Platform",
                    rows=PLATFORMS, columns=USE)]
    if solo:
        use.append(Question(id="handles", kind="text", lines=2,
                            prompt="Your profile addresses or handles, so that we can look at "
                                   "them together"))
    sections = [
        FormSection(title="About you", questions=about),
        FormSection(title="How you use social media today", questions=tuple(use)),
        FormSection(title=INTAKE_COLUMNS["comfort"], questions=(
            Question(id="comfort", kind="scale",
                     hint="Circle one number: 1 = not at all, 5 = completely.",
                     scale_rows=tuple(ScaleRow(text=c.text) for c in COMFORT)),)),
        FormSection(title=INTAKE_COLUMNS["goals"], questions=(
            Question(id="goals", kind="ticks", prompt="Tick all that apply", options=tuple(
                c.shown(solo, organization) for c in GOALS)),
            Question(id="goal", kind="text", lines=3, prompt=INTAKE_COLUMNS["goal"]))),
        FormSection(title=INTAKE_COLUMNS["concerns"], questions=(
            Question(id="concerns", kind="ticks", options=tuple(
                c.shown(solo, organization) for c in CONCERNS)),
            Question(id="worries", kind="text", lines=3,
                     prompt=INTAKE_COLUMNS["worries"] + ", or that you would rather not do "
                            "in front of " + ("anyone" if solo else "colleagues")))),
    ]
    for dept, name in departments:
        questions = DEPARTMENT_QUESTIONS.get(
            dept, (f"What should a session like this settle for {name}?",))
        sections.append(FormSection(title=f"For {name}", questions=tuple(
            Question(id=f"{dept}-{i + 1}", kind="text", prompt=q, lines=3)
            for i, q in enumerate(questions))))
    sections.append(FormSection(title="On the day", questions=(
        Question(id="devices", kind="ticks", prompt="What will you bring? (tick all that apply)",
                 options=("A laptop", "A phone", "A tablet"), per_row=3),
        Question(id="arrangements", kind="text", lines=2,
                 prompt="Anything we should arrange for you (access, timing, language)?"))))
    heading = "Your session, shaped around you" if solo else "Help us shape the session"
    return Form(heading=heading, note=note, sections=tuple(sections))


def evaluation(solo: bool, facilitator: str, modules: list[tuple[str, str]]) -> Form:
    """The form filled in at the end; `modules` are (start time, title) in agenda order."""
    overall = (
        ScaleRow(text="How likely are you to recommend this session to a colleague? "
                      "(0 = not at all, 10 = certainly)", low=0, high=10),
        ScaleRow(text="The facilitator" + (f", {facilitator}," if facilitator else "") +
                      " explained things clearly (1–5)"),
        ScaleRow(text="The length was right (1 = far too short, 5 = far too long)"),
    )
    sections = (
        FormSection(title="Each part of the session", questions=(
            Question(id="modules", kind="scale", columns=("Useful for my work",),
                     row_heading="Session",
                     hint="How useful was it for your work? Circle one: 1 = not useful, "
                          "5 = very useful.",
                     scale_rows=tuple(ScaleRow(text=title, lead=start)
                                      for start, title in modules)),)),
        FormSection(title="Before and after", questions=(
            Question(id="confidence", kind="scale", columns=("Before", "Now"),
                     row_heading="I can…",
                     hint="Circle how confident you were before the session, and how "
                          "confident you are now: 1 = not at all, 5 = completely.",
                     scale_rows=tuple(ScaleRow(text=s) for s in CONFIDENCE)),)),
        FormSection(title="Overall", questions=(
            Question(id="overall", kind="scale", scale_rows=overall),)),
        FormSection(title="In your own words", questions=(
            Question(id="takeaway", kind="text", lines=3,
                     prompt="The most useful thing you take away"),
            Question(id="next-30-days", kind="text", lines=3,
                     prompt="What you will do differently in the next 30 days"),
            Question(id="change", kind="text", lines=2,
                     prompt="What we should change, add or leave out"),
            Question(id="follow-up", kind="text", lines=2,
                     prompt="Questions you would like a follow-up session to answer"),
            Question(id="who", kind="fields",
                     labels=("Name (optional)", "Department (optional)")))),
    )
    return Form(heading="How was your session?" if solo else "How was today?",
                note="Five minutes, anonymous unless you add your name. Your answers decide "
                     "what the next session keeps and what it changes.",
                sections=sections)
