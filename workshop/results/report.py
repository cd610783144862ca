"""A session's evaluation, summed up: results.pdf and results.html for the client, and
results.csv with the same figures for their own reporting."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

from workshop.content.questions import CONFIDENCE, EVALUATION_COLUMNS, RATING_SCALE
from workshop.project import LoadedSession, Project
from workshop.results.evaluation import Evaluations, nps
from workshop.tailor import FORMAT_NAMES

if TYPE_CHECKING:
    from workshop.render.documents.model import ProgramResultsDocuments, ResultsDocuments

TEXT_HEADINGS = {"takeaway": "The most useful thing they take away",
                 "next": "What they will do differently in the next 30 days",
                 "change": "What we should change, add or leave out",
                 "follow-up": "Questions for a follow-up session"}


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def titles_of(loaded: LoadedSession) -> dict[str, str]:
    """The session's modules, id -> title as the deck and the evaluation form show it."""
    from workshop.content.text import plain
    from workshop.tailor import module_titles

    return {k: plain(v) for k, v in module_titles(loaded.session, loaded.library,
                                                   loaded.agenda).items()}


def report_data(loaded: LoadedSession, evaluations: Evaluations, logo_suffix: str | None
                ) -> ResultsDocuments:
    from workshop.render.documents import geometry
    from workshop.render.documents.data import brand, header
    from workshop.render.documents.model import (
        ResultsComments,
        ResultsDocuments,
        ResultsRating,
    )

    session, answers = loaded.session, evaluations.answers
    titles = titles_of(loaded)
    low, high = RATING_SCALE
    modules = []
    for module_id, title in titles.items():
        ratings = [a.ratings[module_id] for a in answers if module_id in a.ratings]
        modules.append(ResultsRating(
            label=title, answers=len(ratings), mean=_mean(ratings), low=low, high=high,
            shown=_figure(_mean(ratings)),
            comments=tuple(a.comments[module_id] for a in answers if module_id in a.comments)))
    confidence = []
    for i, statement in enumerate(CONFIDENCE):
        before = [a.before[i] for a in answers if i in a.before]
        now = [a.now[i] for a in answers if i in a.now]
        mb, mn = _mean(before), _mean(now)
        change = f" ({mn - mb:+.1f})" if mb is not None and mn is not None else ""
        confidence.append(ResultsRating(
            label=f"I can {statement}", answers=len(now), mean=mn, before=mb, low=low,
            high=high, shown=f"{_figure(mb)} → {_figure(mn)}{change}" if before or now
            else "no answers"))
    score = nps([a.recommend for a in answers if a.recommend is not None])
    invited = len(loaded.people) if loaded.people else session.participants
    count = len(answers)
    responses = (f"{count} of {invited} ({round(100 * count / invited)}%)" if invited
                 else str(count))
    comments = [ResultsComments(heading=heading, quotes=tuple(
        a.texts[key] for a in answers if key in a.texts)) for key, heading in
        TEXT_HEADINGS.items()]
    date = session.date.strftime("%-d %B %Y") if session.date else ""
    lead = " · ".join(p for p in (session.organization, date,
                                  FORMAT_NAMES[session.format].capitalize()) if p)
    return ResultsDocuments(
        page=geometry.page(session.paper), brand=brand(session.branding.primary_color,
                                                       logo_suffix),
        header=header(session.organization, session.title, date),
        title=session.title, lead=lead, responses=responses,
        nps="–" if score is None else f"{score[0]:+d}".replace("-", "−"),
        nps_split="" if score is None else (
            f"{score[1]} promoters (9–10), {score[2]} passives (7–8), {score[3]} "
            f"detractors (0–6), of {sum(score[1:])} answers"),
        nps_counts=(0, 0, 0) if score is None else score[1:],
        clarity=_figure(_mean([a.clarity for a in answers if a.clarity is not None])),
        length=_figure(_mean([a.length for a in answers if a.length is not None])),
        modules=tuple(modules), confidence=tuple(confidence),
        comments=tuple(c for c in comments if c.quotes))


def report_csv(data: ResultsDocuments) -> bytes:
    """The report's figures as one table: what, item, answers, mean (before), scale."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["section", "item", "answers", "mean", "mean before", "scale"])
    writer.writerow(["responses", "responses", data.responses, "", "", ""])
    promoters, passives, detractors = data.nps_counts
    writer.writerow(["overall", "net promoter score", promoters + passives + detractors,
                     data.nps.replace("−", "-"), "", "-100 to 100"])
    for name, n in (("promoters (9-10)", promoters), ("passives (7-8)", passives),
                    ("detractors (0-6)", detractors)):
        writer.writerow(["overall", name, n, "", "", "0-10"])
    writer.writerow(["overall", EVALUATION_COLUMNS["clarity"], "", data.clarity, "", "1-5"])
    writer.writerow(["overall", EVALUATION_COLUMNS["length"], "", data.length, "",
                     "1 far too short - 5 far too long"])
    for m in data.modules:
        writer.writerow(["module", m.label, m.answers, "" if m.mean is None else m.mean, "",
                         f"{m.low}-{m.high}"])
    for c in data.confidence:
        writer.writerow(["confidence", c.label, c.answers, "" if c.mean is None else c.mean,
                         "" if c.before is None else c.before, f"{c.low}-{c.high}"])
    return out.getvalue().encode("utf-8-sig")  # Excel opens it as UTF-8


def render_report(loaded: LoadedSession, evaluations: Evaluations) -> dict[str, bytes]:
    """results.pdf, results.html and results.csv for one session."""
    from workshop.render.documents import engine, logo_asset, screen, templates_folder
    from workshop.session import output_time

    session = loaded.session
    logo = logo_asset(session)
    data = report_data(loaded, evaluations, Path(next(iter(logo))).suffix if logo else None)
    folder = templates_folder(session)
    pdf = engine.compile_pdf(engine.stage(folder, logo), "results", data,
                             output_time(session.date))
    return {"results.pdf": pdf.pdf, "results.html": screen.render(folder, "results.html.j2",
                                                                  data),
            "results.csv": report_csv(data)}


# ---------------------------------------------------------------- a program: the trend


def figures(evaluations: Evaluations) -> tuple[int | None, float | None, float | None]:
    """(NPS, mean usefulness of every part, mean change in confidence) for one session."""
    answers = evaluations.answers
    score = nps([a.recommend for a in answers if a.recommend is not None])
    ratings = [v for a in answers for v in a.ratings.values()]
    changes = [a.now[i] - a.before[i] for a in answers for i in a.now if i in a.before]
    return (None if score is None else score[0], _mean(ratings), _mean(changes))


def program_data(project: Project, found: dict[int, Evaluations], logo_suffix: str | None
                 ) -> ProgramResultsDocuments:
    from workshop.render.documents import geometry
    from workshop.render.documents.data import brand, header
    from workshop.render.documents.model import ProgramResultsDocuments, ResultsTrendRow

    first = project.sessions[0].session
    rows, missing = [], []
    for loaded in project.sessions:
        session = loaded.session
        date = session.date.strftime("%-d %b %Y") if session.date else ""
        evaluations = found.get(loaded.number)
        if evaluations is None:
            missing.append(f"{loaded.number}. {session.title}")
            continue
        score, useful, change = figures(evaluations)
        invited = len(loaded.people) if loaded.people else session.participants
        count = len(evaluations.answers)
        rows.append(ResultsTrendRow(
            number=loaded.number, title=session.title, date=date,
            responses=f"{count} of {invited}" if invited else str(count), nps=score,
            usefulness=useful, confidence=change, shown=(
                "–" if score is None else f"{score:+.0f}".replace("-", "−"),
                _figure(useful), "–" if change is None else f"{change:+.1f}")))
    return ProgramResultsDocuments(
        page=geometry.page(first.paper), brand=brand(first.branding.primary_color,
                                                     logo_suffix),
        header=header(project.organization, project.title), title=project.title,
        lead=f"{project.organization} · {len(rows)} of {len(project.sessions)} sessions "
             "evaluated", sessions=tuple(rows), missing=tuple(missing))


def program_csv(data: ProgramResultsDocuments) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["session", "title", "date", "responses", "net promoter score",
                     "mean usefulness (1-5)", "mean confidence change (-4 to +4)"])
    for r in data.sessions:
        writer.writerow([r.number, r.title, r.date, r.responses,
                         "" if r.nps is None else r.nps,
                         "" if r.usefulness is None else r.usefulness,
                         "" if r.confidence is None else r.confidence])
    return out.getvalue().encode("utf-8-sig")


def render_program_report(project: Project, found: dict[int, Evaluations]
                          ) -> dict[str, bytes]:
    """Each evaluated session's results in its folder, and the program's trend at the top."""
    from workshop.render.documents import engine, logo_asset, screen, templates_folder
    from workshop.session import output_time

    files: dict[str, bytes] = {}
    for loaded in project.sessions:
        if loaded.number in found:
            for name, data in render_report(loaded, found[loaded.number]).items():
                files[f"{loaded.slug}/{name}"] = data
    first = project.sessions[0].session
    logo = logo_asset(first)
    trend = program_data(project, found, Path(next(iter(logo))).suffix if logo else None)
    folder = templates_folder(first)
    pdf = engine.compile_pdf(engine.stage(folder, logo), "program-results", trend,
                             output_time(first.date))
    files.update({"results.pdf": pdf.pdf,
                  "results.html": screen.render(folder, "program-results.html.j2", trend),
                  "results.csv": program_csv(trend)})
    return files
