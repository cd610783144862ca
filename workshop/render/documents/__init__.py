"""Print documents: agenda, facilitator guide, handouts, intake and evaluation forms.

One data model (data.py) feeds the Typst templates that make the PDFs (engine.py) and the
Jinja2 templates that make the screen pages (agenda.html, facilitator-guide.html,
handouts.html) and agenda.md (screen.py).
"""

from __future__ import annotations

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


def logo_asset(session: Session) -> dict[str, Path]:
    """The session's logo as the asset templates read (assets/logo.png), checked."""
    reference = session.branding.logo
    if not reference:
        return {}
    file = session.resolve(reference)
    kind = logo_kind(file) if file.is_file() else None
    if kind is None:
        raise WorkshopError(f"branding.logo: '{reference}' is not a readable PNG, JPEG or SVG "
                            f"image (looked for {display_path(file)})")
    return {"logo" + LOGO_KINDS[kind]: file}


def logo_uri(session: Session) -> str | None:
    """The logo as a data: URI, so that screen pages stand alone."""
    import base64

    for name, file in logo_asset(session).items():
        kind = {".png": "image/png", ".jpg": "image/jpeg", ".svg": "image/svg+xml"}[
            Path(name).suffix]
        return f"data:{kind};base64,{base64.b64encode(file.read_bytes()).decode('ascii')}"
    return None


def _screen(tailored: Tailored, name: str) -> bytes:
    return screen.render(templates_folder(tailored.session), name, documents_data(tailored),
                         logo=logo_uri(tailored.session))


def templates_folder(session: Session) -> Path | None:
    reference = session.branding.templates
    return session.resolve(reference) if reference else None


def stage_for(session: Session) -> Stage:
    return engine.stage(templates_folder(session), logo_asset(session))


def documents_data(tailored: Tailored) -> SessionDocuments:
    """The session's document data, worked out once per build."""
    data = tailored.cache.get("documents.data")
    if data is None:
        logo = logo_asset(tailored.session)
        suffix = Path(next(iter(logo))).suffix if logo else None
        data = tailored.cache["documents.data"] = session_documents(tailored, suffix)
    return data


def _pdf(tailored: Tailored, template: str) -> Compiled:
    key = f"documents.pdf.{template}"
    if key not in tailored.cache:
        compiled = engine.compile_pdf(stage_for(tailored.session), template,
                                      documents_data(tailored), output_time(tailored.session),
                                      query_exercises=template == "handouts")
        tailored.notices.extend(w for w in compiled.warnings if w not in tailored.notices)
        tailored.cache[key] = compiled
    return tailored.cache[key]


def agenda(tailored: Tailored) -> dict[str, bytes]:
    """agenda.pdf, agenda.html, agenda.md, and agenda.ics for a dated session."""
    files = {"agenda.pdf": _pdf(tailored, "agenda").pdf,
             "agenda.html": _screen(tailored, "agenda.html.j2"),
             "agenda.md": _screen(tailored, "agenda.md.j2")}
    event = calendar.event(tailored)
    if event is not None:
        files["agenda.ics"] = event
    return files


def guide(tailored: Tailored) -> dict[str, bytes]:
    """The facilitator's run sheet: facilitator-guide.pdf and .html."""
    return {"facilitator-guide.pdf": _pdf(tailored, "guide").pdf,
            "facilitator-guide.html": _screen(tailored, "guide.html.j2")}


def handouts(tailored: Tailored) -> dict[str, bytes]:
    """Participant worksheets, one exercise per page: handouts.pdf and .html."""
    return {"handouts.pdf": _pdf(tailored, "handouts").pdf,
            "handouts.html": _screen(tailored, "handouts.html.j2")}


def intake(tailored: Tailored) -> dict[str, bytes]:
    """The pre-session needs assessment: intake.pdf."""
    return {"intake.pdf": _pdf(tailored, "intake").pdf}


def evaluation(tailored: Tailored) -> dict[str, bytes]:
    """The end-of-session evaluation form: evaluation.pdf."""
    return {"evaluation.pdf": _pdf(tailored, "evaluation").pdf}


def handout_pages(tailored: Tailored) -> dict[str, int]:
    """Exercise id -> the page of handouts.pdf on which its worksheet starts, read from the
    laid-out document, so the deck's "Handout p. N" always matches the paper."""
    return dict(_pdf(tailored, "handouts").exercise_pages)
