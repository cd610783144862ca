"""HTML to PDF with WeasyPrint, imported only when a PDF is asked for."""

from __future__ import annotations

import gc
import io
import multiprocessing
import os
import re
import sys
from collections.abc import Callable
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workshop.errors import EngineMissing, WorkshopError
from workshop.render.documents import parts, shaping
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
    """A laid-out document: its PDF bytes, per page the anchors (element ids) on it, and its
    bookmarks as (page index, level, label, x, y), in PDF points from the bottom left."""

    pdf: bytes
    anchors: tuple[frozenset[str], ...]
    bookmarks: tuple[tuple[int, int, str, float, float], ...] = ()

    @property
    def page_count(self) -> int:
        return len(self.anchors)

    def page_of(self, anchor: str) -> int | None:
        """The 1-based page on which the element with this id starts."""
        return next((i + 1 for i, names in enumerate(self.anchors) if anchor in names), None)


@contextmanager
def _libraries_loaded_by_file_name():
    """While WeasyPrint is imported on Linux: no ctypes.util.find_library.

    WeasyPrint tries several names for each system library, Windows ones first. cffi hands each
    name that is not a library file to find_library, which runs ldconfig, gcc and ld to look
    for it: some 0.35 s of every build that makes a PDF. Each list also holds the library's
    file name (libpango-1.0.so.0), which the dynamic loader finds by itself, and which is what
    find_library would have answered."""
    import ctypes.util

    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        with redirect_stdout(io.StringIO()):  # WeasyPrint prints its own advice on failure
            yield
    finally:
        ctypes.util.find_library = original


def _import_weasyprint() -> Any:
    if "weasyprint" not in sys.modules and sys.platform.startswith("linux"):
        try:
            with _libraries_loaded_by_file_name():
                import weasyprint
            return weasyprint
        except OSError:  # a library under none of its file names: let find_library look
            for name in [m for m in sys.modules if m.partition(".")[0] == "weasyprint"]:
                del sys.modules[name]
    import weasyprint
    return weasyprint


def _weasyprint() -> Any:
    try:
        weasyprint = _import_weasyprint()
    except OSError as exc:  # cffi cannot dlopen Pango: a missing system package
        raise EngineMissing(PANGO_MISSING.format(detail=str(exc).strip() or "not found")) \
            from None
    except ImportError as exc:
        raise EngineMissing(f"PDF output needs the weasyprint package ({exc}): "
                            "`python -m pip install weasyprint`") from None
    shaping.keep_line_layouts(weasyprint)
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


# The print stylesheet (<style> in the head) is the same for every document of a session:
# parsed once per process and kept, instead of once per document and part (some 60 ms each).
_HEAD_STYLE = re.compile(r"<style>(.*?)</style>", re.S)
_parsed_styles: dict[tuple[str, str, Any], Any] = {}


def _stylesheet(css: str, base: str, font_config: Any) -> Any:
    key = (css, base, font_config)
    if key not in _parsed_styles:
        if len(_parsed_styles) >= 8:  # a batch of sessions: keep only the latest
            _parsed_styles.clear()
        _parsed_styles[key] = _weasyprint().CSS(string=css, base_url=base,
                                                font_config=font_config)
    return _parsed_styles[key]


# Slots of value stack that _on_a_roomy_stack declares and never uses: 512 KB.
ROOMY_STACK_SLOTS = 64 * 1024


def _on_a_roomy_stack(function: Callable[..., Any], *args: Any) -> Any:
    """`function(*args)`, with room on Python's frame stack for the deepest layout.

    CPython (3.11 on) keeps call frames in 16 KB chunks and unmaps a chunk as soon as the call
    that opened it returns. WeasyPrint's layout recurses up and down across such a boundary
    thousands of times per document, and each time a chunk is mapped, faulted in and unmapped
    again: some 25,000 times for a full day's print set, 0.3 to 0.4 s of system time. This
    function's code declares a value stack it never uses, so calling it opens a 1 MB chunk, and
    everything it calls runs in the half left free behind its frame. Untouched, the declared
    stack costs no memory; on another Python it is just an unusual code object."""
    return function(*args)


_on_a_roomy_stack.__code__ = _on_a_roomy_stack.__code__.replace(co_stacksize=ROOMY_STACK_SLOTS)


def _lay_out(html: str, base: str, font_config: Any, numbered: bool = True) -> Rendered:
    """One document, or with `numbered` false one part of one, without its page numbers."""
    return _on_a_roomy_stack(_lay_out_here, html, base, font_config, numbered)


def _lay_out_here(html: str, base: str, font_config: Any, numbered: bool) -> Rendered:
    weasyprint = _weasyprint()
    sheets = []
    head = parts.head(html)
    found = _HEAD_STYLE.search(head)
    if found and head.count("<style") == 1 and "<link" not in head:
        # Its only stylesheet, given parsed: as the user's (not the author's) sheet, which
        # changes nothing when there is no other sheet for it to be weighed against.
        sheets.append(_stylesheet(found.group(1), base, font_config))
        html = html[:found.start()] + html[found.end():]
    if not numbered:
        sheets.append(_stylesheet(parts.NUMBERLESS, base, font_config))
    with _without_cycle_collection():
        document = weasyprint.HTML(string=html, base_url=base).render(
            font_config=font_config, stylesheets=sheets)
        anchors = tuple(frozenset(page.anchors) for page in document.pages)
        bookmarks = tuple((index, level, label, x * 0.75, (page.height - y) * 0.75)
                          for index, page in enumerate(document.pages)
                          for level, label, (x, y), _state in page.bookmarks)
        return Rendered(document.write_pdf(), anchors, bookmarks)


def _joined(laid_out: list[Rendered]) -> Rendered:
    """A document from its parts, in order (itself when it was laid out whole)."""
    if len(laid_out) == 1:
        return laid_out[0]
    pdf, bookmarks = parts.join(laid_out)
    return Rendered(pdf, tuple(page for part in laid_out for page in part.anchors), bookmarks)


_inherited_fonts: Any = None  # the parent's font configuration, reached by forked children


def _layout_process() -> None:
    """Set up a forked layout process: no cycle collection for the rest of its short life.

    A laid-out document is garbage in reference cycles (some 125,000 objects for a full-day
    guide), which the collector walks once layout lets it run again: 60 to 95 ms per document,
    4 to 9% of the whole print set's CPU time when measured alternately with and without. A
    layout process lays out a few documents of one build and exits, which frees them all at
    once; its peak memory grows by some 8 MB."""
    gc.disable()


def _lay_out_job(job: tuple[str, str, bool]) -> Rendered:
    html, base, numbered = job
    return _lay_out(html, base, _inherited_fonts, numbered)


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
    while the next one's HTML is made: give the longest first. A long document is laid out in
    parts (parts.py), which share the cores like documents do. Layout is pure CPU work in
    Python, so threads would not help; forked children share the imported engine and the font
    configuration, and send back only bytes, anchor names and bookmarks.
    """
    weasyprint = _weasyprint()  # a missing Pango is reported here, once, in this process
    url = str(base) + "/"
    made: dict[str, list[str]] = {}  # name -> its HTML in parts; [] when there is none

    def pieces(name: str, make: Callable[[], str | None]) -> list[str]:
        if name not in made:
            html = make()
            made[name] = parts.cut(html) if html is not None else []
        return made[name]

    # The first document's HTML says whether even a lone document comes in parts.
    tasks = len(jobs) - 1 + max(len(pieces(*jobs[0])), 1) if jobs else 0
    processes = _processes(tasks)
    if processes > 1:
        global _inherited_fonts
        _inherited_fonts = fonts(tailored)
        weasyprint.HTML(string="<p>warm</p>").render(font_config=_inherited_fonts)
        try:
            with multiprocessing.get_context("fork").Pool(processes, _layout_process) as pool:
                pending = {}
                for name, make in jobs:
                    cut = pieces(name, make)
                    if cut:
                        pending[name] = [
                            pool.apply_async(_lay_out_job, ((piece, url, len(cut) == 1),))
                            for piece in cut]
                # The first document's parts are joined here while the pool lays out the rest.
                return {name: _joined([result.get() for result in results])
                        for name, results in pending.items()}
        except WorkshopError:
            raise  # a mistake in a template: reported as it is
        except Exception:  # noqa: BLE001 - no processes to be had (a sandbox, a limit),
            pass  # or a child died: lay out here, one by one, where any real error shows
    laid_out = {}
    for name, make in jobs:
        cut = pieces(name, make)
        if cut:
            laid_out[name] = _joined([_lay_out(piece, url, fonts(tailored), len(cut) == 1)
                                      for piece in cut])
    return laid_out


def pdf_from_html(html: str, base: Path) -> bytes:
    """A standalone document (a program overview, a catalogue) as PDF."""
    _weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    return _lay_out(html, str(base) + "/", FontConfiguration()).pdf
