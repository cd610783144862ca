"""Print documents: agenda, facilitator guide, handouts, intake and evaluation forms.

One data model (data.py) feeds the Typst templates that make the PDFs (engine.py) and the
Jinja2 templates that make the screen pages (agenda.html, facilitator-guide.html,
handouts.html) and agenda.md (screen.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from workshop.content.checks import logo_kind
from workshop.errors import WorkshopError, display_path
from workshop.render.documents import calendar, engine, screen
from workshop.render.documents.data import session_documents
from workshop.render.documents.engine import Compiled, Stage
from workshop.render.documents.model import SessionDocuments
from workshop.session import Session, output_time
from workshop.tailor import Tailored

LOGO_KINDS = {"PNG": ".png", "JPEG": ".jpg", "SVG": ".svg"}
PRINTED = {"agenda": "agenda", "guide": "guide", "handouts": "handouts", "intake": "intake",
           "evaluation": "evaluation"}  # output -> the print template that makes its PDF


@dataclass(frozen=True)
class Rendered:
    """What one renderer made: files by name, and warnings for the user."""

    files: dict[str, bytes]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Context:
    """What a build works out once and hands every renderer: the documents' data, the PDFs
    it compiled (so the deck reads handout page numbers from the handouts it ships), the
    templates' stage and the logo."""

    data: SessionDocuments
    stage: Stage
    pdfs: Mapping[str, Compiled]
    templates: Path | None
    logo: str | None  # the logo as a data: URI for screen pages

    @property
    def handout_pages(self) -> dict[str, int]:
        """Exercise id -> the page of handouts.pdf on which its worksheet starts."""
        compiled = self.pdfs.get("handouts")
        return dict(compiled.exercise_pages) if compiled else {}

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(w for c in self.pdfs.values() for w in c.warnings))


def logo_asset(session: Session) -> dict[str, Path]:
    """The session's logo as the asset templates read (assets/logo.png), checked."""
    reference = session.branding.logo
    if not reference:
        return {}
    file = Path(reference)
    kind = logo_kind(file) if file.is_file() else None
    if kind is None:
        raise WorkshopError(f"branding.logo: '{display_path(file)}' is not a readable PNG, "
                            "JPEG or SVG image")
    return {"logo" + LOGO_KINDS[kind]: file}


def logo_uri(session: Session) -> str | None:
    """The logo as a data: URI, so that screen pages stand alone."""
    import base64

    for name, file in logo_asset(session).items():
        kind = {".png": "image/png", ".jpg": "image/jpeg", ".svg": "image/svg+xml"}[
            Path(name).suffix]
        return f"data:{kind};base64,{base64.b64encode(file.read_bytes()).decode('ascii')}"
    return None


def templates_folder(session: Session) -> Path | None:
    reference = session.branding.templates
    return Path(reference) if reference else None


def stage_for(session: Session) -> Stage:
    return engine.stage(templates_folder(session), logo_asset(session))


def context(tailored: Tailored, templates: tuple[str, ...]) -> Context:
    """The data every document shares, worked out once, and the PDFs of `templates`."""
    session = tailored.session
    logo = logo_asset(session)
    data = session_documents(tailored, Path(next(iter(logo))).suffix if logo else None)
    stage = stage_for(session)
    pdfs = {name: engine.compile_pdf(stage, name, data, output_time(session.date),
                                     query_exercises=name == "handouts")
            for name in dict.fromkeys(templates)}
    return Context(data, stage, pdfs, templates_folder(session), logo_uri(session))


def _screen(context: Context, name: str) -> bytes:
    return screen.render(context.templates, name, context.data, logo=context.logo)


def agenda(tailored: Tailored, context: Context) -> Rendered:
    """agenda.pdf, agenda.html, agenda.md, and agenda.ics for a dated session."""
    files = {"agenda.pdf": context.pdfs["agenda"].pdf,
             "agenda.html": _screen(context, "agenda.html.j2"),
             "agenda.md": _screen(context, "agenda.md.j2")}
    event = calendar.session_calendar(tailored)
    if event is not None:
        files["agenda.ics"] = event
    return Rendered(files)


def guide(tailored: Tailored, context: Context) -> Rendered:
    """The facilitator's run sheet: facilitator-guide.pdf and .html."""
    return Rendered({"facilitator-guide.pdf": context.pdfs["guide"].pdf,
                     "facilitator-guide.html": _screen(context, "guide.html.j2")})


def handouts(tailored: Tailored, context: Context) -> Rendered:
    """Participant worksheets, one exercise per page: handouts.pdf and .html."""
    return Rendered({"handouts.pdf": context.pdfs["handouts"].pdf,
                     "handouts.html": _screen(context, "handouts.html.j2")})


def intake(tailored: Tailored, context: Context) -> Rendered:
    """The pre-session needs assessment: intake.pdf."""
    return Rendered({"intake.pdf": context.pdfs["intake"].pdf})


def evaluation(tailored: Tailored, context: Context) -> Rendered:
    """The end-of-session evaluation form: evaluation.pdf."""
    return Rendered({"evaluation.pdf": context.pdfs["evaluation"].pdf})
