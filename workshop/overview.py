"""The program overview (program.html and .pdf) and index.html, linking every output."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from workshop.build import write_atomic
from workshop.errors import WorkshopError

EVERYONE = "All departments"

if TYPE_CHECKING:
    from workshop.batch import SessionReport
    from workshop.program import Program


def _context(program: Program, reports: list[SessionReport]) -> dict[str, object]:
    from workshop.render.documents import _accent_ink

    first = program.sessions[0].session
    color = first.branding.primary_color
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
    minutes = sum(r.minutes for r in reports if not r.error)
    return {
        "session": SimpleNamespace(organization=program.organization, title=program.title),
        "values": {"date": span},
        "program": program, "reports": reports, "span": span,
        "hours": f"{minutes / 60:g}", "departments": dict(sorted(departments.items())),
        "everyone": everyone or {},
        "paper": {"a4": "A4", "letter": "letter"}[first.paper], "accent": color,
        "accent_ink": _accent_ink(color), "logo": None,
    }


def _day(date: dt.date) -> str:
    return f"{date.strftime('%a')} {date.day} {date.strftime('%B %Y')}"


def write_overview(program: Program, reports: list[SessionReport], out_dir: Path) -> list[str]:
    """Write program.html, program.pdf and index.html; returns the names written."""
    from workshop.render.documents.templating import environment

    first = program.sessions[0].session
    folder = first.resolve(first.branding.templates) if first.branding.templates else None
    env = environment(folder)
    context = _context(program, reports)
    written = []
    page = env.get_template("program.html.j2").render(**context)
    write_atomic(out_dir / "program.html", page.encode("utf-8"))
    written.append("program.html")
    try:
        from workshop.render.documents.pdf import pdf_from_html

        write_atomic(out_dir / "program.pdf", pdf_from_html(page, out_dir))
        written.append("program.pdf")
    except WorkshopError as exc:
        context["pdf_error"] = exc.format_message()
    index = env.get_template("index.html.j2").render(**context, written=written)
    write_atomic(out_dir / "index.html", index.encode("utf-8"))
    written.append("index.html")
    return written
