"""HTML to PDF with WeasyPrint, imported only when a PDF is asked for."""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workshop.errors import EngineMissing, WorkshopError
from workshop.tailor import Tailored

# How many processes lay out PDFs at once; 1 turns parallel layout off.
PROCESSES_VARIABLE = "WORKSHOP_PDF_PROCESSES"
PANGO_MISSING = (
    "PDF output needs WeasyPrint's system libraries Pango and PangoFT2 (libpango-1.0-0, "
    "libpangoft2-1.0-0), which could not be loaded ({detail}). Install them with "
    "`apt-get install libpango-1.0-0 libpangoft2-1.0-0` (Debian, Ubuntu) or "
    "`brew install pango` (macOS), then build again; the other outputs were written")


@dataclass(frozen=True)
class Rendered:
    """A laid-out document: its PDF bytes and, per page, the anchors (element ids) on it."""

    pdf: bytes
    anchors: tuple[frozenset[str], ...]

    @property
    def page_count(self) -> int:
        return len(self.anchors)

    def page_of(self, anchor: str) -> int | None:
        """The 1-based page on which the element with this id starts."""
        return next((i + 1 for i, names in enumerate(self.anchors) if anchor in names), None)


def _weasyprint() -> Any:
    try:
        import weasyprint
    except OSError as exc:  # cffi cannot dlopen Pango: a missing system package
        raise EngineMissing(PANGO_MISSING.format(detail=str(exc).strip() or "not found")) \
            from None
    except ImportError as exc:
        raise EngineMissing(f"PDF output needs the weasyprint package ({exc}): "
                            "`python -m pip install weasyprint`") from None
    return weasyprint


def fonts(tailored: Tailored) -> Any:
    """One font configuration per build: fontconfig is slow to ask, and the answer is the same."""
    config = tailored.cache.get("documents.fonts")
    if config is None:
        from weasyprint.text.fonts import FontConfiguration
        config = tailored.cache["documents.fonts"] = FontConfiguration()
    return config


@contextmanager
def _without_cycle_collection():
    """Pause Python's cycle collector while one document is laid out.

    Layout makes a few hundred thousand objects that live until the PDF is written, and the
    collector would walk them again and again: about a tenth of all layout time, measured in
    benchmarks/bench_documents.py. Reference counting frees them all the same (peak memory does
    not change), and whatever cycles are left are collected once the collector resumes."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _lay_out(html: str, base: str, font_config: Any) -> Rendered:
    with _without_cycle_collection():
        document = _weasyprint().HTML(string=html, base_url=base).render(font_config=font_config)
        anchors = tuple(frozenset(page.anchors) for page in document.pages)
        return Rendered(document.write_pdf(), anchors)


def render_pdf(tailored: Tailored, html: str, base: Path) -> Rendered:
    """Lay out `html` (relative URLs resolve against `base`) and write it as PDF."""
    return _lay_out(html, str(base) + "/", fonts(tailored))


_inherited_fonts: Any = None  # the parent's font configuration, reached by forked children


def _lay_out_job(job: tuple[str, str]) -> Rendered:
    html, base = job
    return _lay_out(html, base, _inherited_fonts)


def _processes(jobs: int) -> int:
    wanted = os.environ.get(PROCESSES_VARIABLE, "").strip()
    limit = int(wanted) if wanted.isdigit() and int(wanted) > 0 else (os.cpu_count() or 1)
    # Forking is only safe where it is the platform's habit; elsewhere lay out one by one.
    return min(jobs, limit) if sys.platform.startswith("linux") else 1


def render_many(tailored: Tailored, jobs: list[tuple[str, Callable[[], str | None]]],
                base: Path) -> dict[str, Rendered]:
    """Lay out several documents, in parallel processes when the machine has the cores.

    Each job is a name and a function that makes its HTML (None: nothing to lay out). The HTML
    is made only when the job's turn comes, so the first document is already being laid out
    while the next one's HTML is made: give the longest first. Layout is pure CPU work in
    Python, so threads would not help; forked children share the imported engine and the font
    configuration, and send back only bytes and anchor names.
    """
    weasyprint = _weasyprint()  # a missing Pango is reported here, once, in this process
    url = str(base) + "/"
    made: dict[str, str | None] = {}
    processes = _processes(len(jobs))
    if processes > 1:
        global _inherited_fonts
        _inherited_fonts = fonts(tailored)
        weasyprint.HTML(string="<p>warm</p>").render(font_config=_inherited_fonts)
        try:
            with multiprocessing.get_context("fork").Pool(processes) as pool:
                pending = {}
                for name, make in jobs:
                    html = made[name] = make()
                    if html is not None:
                        pending[name] = pool.apply_async(_lay_out_job, ((html, url),))
                return {name: result.get() for name, result in pending.items()}
        except WorkshopError:
            raise  # a mistake in a template: reported as it is
        except Exception:  # noqa: BLE001 - no processes to be had (a sandbox, a limit),
            pass  # or a child died: lay out here, one by one, where any real error shows
    laid_out = {}
    for name, make in jobs:
        html = made[name] if name in made else make()
        if html is not None:
            laid_out[name] = render_pdf(tailored, html, base)
    return laid_out


def pdf_from_html(html: str, base: Path) -> bytes:
    """A standalone document (a program overview, a catalogue) as PDF."""
    _weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    return _lay_out(html, str(base) + "/", FontConfiguration()).pdf
