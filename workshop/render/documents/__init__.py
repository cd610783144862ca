"""Print documents: agenda, facilitator guide, handouts, intake and evaluation forms.

Each renderer fills a Jinja2 template (the user's own first, see templating.py) and lays the
HTML out as PDF with WeasyPrint. Markdown, HTML and calendar files never need WeasyPrint: when
its libraries are missing they are still returned, and only the PDFs are reported as failed.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from functools import partial

from workshop.content.checks import image_type
from workshop.errors import EngineMissing, WorkshopError
from workshop.render import PartialOutput
from workshop.render.documents import calendar, views
from workshop.render.documents.pdf import Rendered, render_many
from workshop.render.documents.templating import render
from workshop.tailor import Tailored

PAPER = {"a4": "A4", "letter": "letter"}
# output -> the template its PDF is made from; longest to lay out first
PDF_TEMPLATES = {"guide": "guide.html.j2", "handouts": "handouts.html.j2",
                 "intake": "intake.html.j2", "agenda": "agenda.html.j2",
                 "evaluation": "evaluation.html.j2"}


def _accent_ink(color: str) -> str:
    """Black or white, whichever reads better on the brand colour (WCAG relative luminance)."""
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(color[i:i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if luminance > 0.179 else "#FFFFFF"


def _logo(tailored: Tailored) -> str | None:
    """The logo as a data: URI, so HTML files stand alone and PDFs embed it."""
    reference = tailored.session.branding.logo
    if not reference:
        return None
    file = tailored.session.resolve(reference)
    kind = image_type(file) if file.is_file() else None
    if kind is None:
        raise WorkshopError(f"branding.logo: '{reference}' is not a readable PNG or JPEG "
                            f"(looked for {file})")
    encoded = base64.b64encode(file.read_bytes()).decode("ascii")
    return f"data:image/{kind.lower()};base64,{encoded}"


def page_context(tailored: Tailored) -> dict[str, object]:
    """Paper, brand and helpers shared by every print template."""
    context = tailored.cache.get("documents.context")
    if context is None:
        color = tailored.session.branding.primary_color
        context = {"paper": PAPER[tailored.session.paper], "accent": color,
                   "accent_ink": _accent_ink(color), "logo": _logo(tailored),
                   **views.document_context(tailored)}
        tailored.cache["documents.context"] = context
    return context


def html(tailored: Tailored, template: str) -> str:
    """The filled template; kept, because the HTML file and the PDF are made from the same text."""
    key = f"documents.html.{template}"
    if key not in tailored.cache:
        tailored.cache[key] = render(tailored, template, **page_context(tailored))
    return tailored.cache[key]


def laid_out(tailored: Tailored, template: str) -> Rendered:
    """The laid-out document, rendered once per build and kept for handout_pages.

    The first call lays out every PDF the session asks for at once, so that they can share
    the machine's cores; the renderers called after it find theirs ready.
    """
    key = f"documents.pdf.{template}"
    if key not in tailored.cache:
        _lay_out_requested(tailored, template)
    return tailored.cache[key]


def _lay_out_requested(tailored: Tailored, template: str) -> None:
    names = [template]
    if not tailored.cache.get("documents.all-requested"):
        tailored.cache["documents.all-requested"] = True
        names += [name for output, name in PDF_TEMPLATES.items()
                  if output in tailored.session.outputs and name != template and
                  f"documents.pdf.{name}" not in tailored.cache]
    order = list(PDF_TEMPLATES.values())
    names.sort(key=lambda name: order.index(name) if name in order else -1)
    jobs = [(name, partial(_html_or_none, tailored, name, name == template)) for name in names]
    for name, rendered in render_many(tailored, jobs, tailored.session.folder).items():
        tailored.cache[f"documents.pdf.{name}"] = rendered


def _html_or_none(tailored: Tailored, template: str, required: bool) -> str | None:
    """The filled template; None for a broken one that is not `required` (its own renderer
    reports the mistake)."""
    try:
        return html(tailored, template)
    except WorkshopError:
        if required:
            raise
        return None


def _with_pdf(tailored: Tailored, files: Callable[[], dict[str, bytes]], template: str,
              name: str) -> dict[str, bytes]:
    """The `files` plus the PDF; if the PDF engine is missing, the other files are still kept.

    The PDF is asked for first: the first one asked for lays out every PDF of the session,
    longest first, and should not wait for this document's other files to be made."""
    try:
        pdf = laid_out(tailored, template).pdf
    except EngineMissing as exc:
        raise PartialOutput(exc.format_message(), files()) from None
    return {**files(), name: pdf}


def agenda(tailored: Tailored) -> dict[str, bytes]:
    """agenda.md, agenda.html, agenda.ics (dated sessions) and agenda.pdf."""
    def files() -> dict[str, bytes]:
        made = {"agenda.md": render(tailored, "agenda.md.j2", **page_context(tailored))
                .encode("utf-8"),
                "agenda.html": _utf8(tailored, "agenda.html.j2")}
        event = calendar.event(tailored)
        if event is not None:
            made["agenda.ics"] = event
        return made
    return _with_pdf(tailored, files, "agenda.html.j2", "agenda.pdf")


def guide(tailored: Tailored) -> dict[str, bytes]:
    """The facilitator's run sheet: facilitator-guide.html and .pdf."""
    return _with_pdf(tailored,
                     lambda: {"facilitator-guide.html": _utf8(tailored, "guide.html.j2")},
                     "guide.html.j2", "facilitator-guide.pdf")


def handouts(tailored: Tailored) -> dict[str, bytes]:
    """Participant worksheets, one exercise per page: handouts.html and .pdf."""
    return _with_pdf(tailored, lambda: {"handouts.html": _utf8(tailored, "handouts.html.j2")},
                     "handouts.html.j2", "handouts.pdf")


def _utf8(tailored: Tailored, template: str) -> bytes:
    """A print document's HTML, as the bytes written to its .html file."""
    return html(tailored, template).encode("utf-8")


def intake(tailored: Tailored) -> dict[str, bytes]:
    """The pre-session needs assessment: intake.pdf."""
    return {"intake.pdf": laid_out(tailored, "intake.html.j2").pdf}


def evaluation(tailored: Tailored) -> dict[str, bytes]:
    """The end-of-session evaluation form: evaluation.pdf."""
    return {"evaluation.pdf": laid_out(tailored, "evaluation.html.j2").pdf}


def handout_pages(tailored: Tailored) -> dict[str, int]:
    """Exercise id -> the page of handouts.pdf on which its worksheet starts.

    Read from the laid-out PDF itself, so the deck's "Handout p. N" always matches the paper.
    """
    rendered = laid_out(tailored, "handouts.html.j2")
    pages = {}
    for exercise in tailored.exercises:
        page = rendered.page_of(f"exercise-{exercise.id}")
        if page is not None:
            pages[exercise.id] = page
    return pages
