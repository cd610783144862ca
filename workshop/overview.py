"""The program overview (program.pdf and .html) and index.html, linking every output."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from workshop.build import write_atomic

EVERYONE = "All departments"

if TYPE_CHECKING:
    from workshop.batch import SessionReport
    from workshop.project import Project as Program
    from workshop.render.documents.model import ProgramDocuments


def _day(date: dt.date) -> str:
    return f"{date.strftime('%a')} {date.day} {date.strftime('%B %Y')}"


def _number(path: str) -> int:
    """'sessions[3]' -> 4, the session's number in the program."""
    return int(path.split("[", 1)[1].split("]", 1)[0]) + 1


def overview_data(program: Program, reports: list[SessionReport],
                  logo_suffix: str | None) -> ProgramDocuments:
    from workshop.project import program_report
    from workshop.render.documents import geometry
    from workshop.render.documents.data import brand, header
    from workshop.render.documents.model import Coverage, ProgramDocuments, ProgramSession

    checks = program_report(program)
    first = program.sessions[0].session
    dates = sorted(s.session.date for s in program.sessions if s.session.date)
    span = ""
    if dates:
        span = _day(dates[0]) if dates[0] == dates[-1] else f"{_day(dates[0])} to {_day(dates[-1])}"
    # Department -> module title -> the sessions that cover it, in program order.
    departments: dict[str, dict[str, list[int]]] = {}
    for report in reports:
        for _, title, served in report.modules:
            for name in served:
                sessions = departments.setdefault(name, {}).setdefault(title, [])
                if report.number not in sessions:
                    sessions.append(report.number)
    everyone = departments.pop(EVERYONE, None)
    coverage = ([("For everyone (core modules)", everyone)] if everyone else []) + \
        sorted(departments.items())
    minutes = sum(r.minutes for r in reports if not r.error)

    def who(r: SessionReport) -> str:
        count = (f"{r.people} on the roster" if r.people else
                 f"{r.participants} participants" if r.participants else "")
        return " · ".join(p for p in (r.audience, count) if p)

    def summary(r: SessionReport) -> str:
        if r.error:
            return "Not built: see index.html"
        kind = "One-on-one" if r.format == "one-on-one" else "Group"
        return f"{kind} · {', '.join(r.departments)} · {round(r.minutes / 60, 1):g} h"

    return ProgramDocuments(
        page=geometry.page(first.paper), brand=brand(first.branding.primary_color, logo_suffix),
        header=header(program.organization, program.title, span), title=program.title,
        organization=program.organization, span=span, hours=f"{minutes / 60:g}",
        department_count=len(departments),
        sessions=tuple(ProgramSession(number=r.number, title=r.title, date=r.date, start=r.start,
                                      end=r.end, summary=summary(r), who=who(r),
                                      built=not r.error) for r in reports),
        coverage=tuple(Coverage(heading=name, modules=tuple(
            (module, ("Sessions " if len(s) > 1 else "Session ") + ", ".join(map(str, s)))
            for module, s in modules.items())) for name, modules in coverage),
        checks=tuple(f"Session {_number(p.path)}: {p.message}" for p in checks.problems),
        hours_per_person=checks.hours_grouped())


def program_events(program: Program, built: set[int]) -> list:
    """One calendar event per dated session that was built, in program order."""
    from workshop.render.documents.calendar import session_event
    from workshop.tailor import tailor

    events = []
    for item in program.sessions:
        if item.number in built and item.session.date is not None:
            event = session_event(tailor(item.session, item.library, item.agenda))
            if event is not None:
                events.append(event)
    return events


def write_overview(program: Program, reports: list[SessionReport], out_dir: Path) -> list[str]:
    """Write program.pdf, program.html and index.html; returns the names written."""
    from workshop.render.documents import engine, logo_asset, screen, templates_folder
    from workshop.session import output_time

    first = program.sessions[0].session
    folder = templates_folder(first)
    logo = logo_asset(first)
    data = overview_data(program, reports, Path(next(iter(logo))).suffix if logo else None)
    pdf = engine.compile_pdf(engine.stage(folder, logo), "program", data,
                             output_time(first.date))
    write_atomic(out_dir / "program.pdf", pdf.pdf)
    write_atomic(out_dir / "program.html", screen.render(folder, "program.html.j2", data))
    written = ["program.pdf", "program.html", "index.html"]
    events = program_events(program, {r.number for r in reports if not r.error})
    if events:
        from workshop.render.documents.calendar import calendar

        write_atomic(out_dir / "program.ics", calendar(events))
        written.insert(2, "program.ics")
    write_atomic(out_dir / "index.html", screen.render(folder, "index.html.j2", data,
                                                       reports=reports, written=written))
    return written
