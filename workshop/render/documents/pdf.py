"""HTML to PDF with WeasyPrint, imported only when a PDF is asked for."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workshop.errors import WorkshopError
from workshop.tailor import Tailored

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
        raise WorkshopError(PANGO_MISSING.format(detail=str(exc).strip() or "not found")) \
            from None
    except ImportError as exc:
        raise WorkshopError(f"PDF output needs the weasyprint package ({exc}): "
                            "`python -m pip install weasyprint`") from None
    return weasyprint


def fonts(tailored: Tailored) -> Any:
    """One font configuration per build: fontconfig is slow to ask, and the answer is the same."""
    config = tailored.cache.get("documents.fonts")
    if config is None:
        from weasyprint.text.fonts import FontConfiguration
        config = tailored.cache["documents.fonts"] = FontConfiguration()
    return config


def render_pdf(tailored: Tailored, html: str, base: Path) -> Rendered:
    """Lay out `html` (relative URLs resolve against `base`) and write it as PDF."""
    weasyprint = _weasyprint()
    font_config = fonts(tailored)
    document = weasyprint.HTML(string=html, base_url=str(base) + "/").render(
        font_config=font_config)
    anchors = tuple(frozenset(page.anchors) for page in document.pages)
    return Rendered(document.write_pdf(), anchors)
