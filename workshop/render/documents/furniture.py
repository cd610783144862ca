"""Where print.css.j2 puts the page furniture (running header, footer, page numbers), for the
code that draws over laid-out pages: a roster's name stamps and a joined guide's numbers."""

from __future__ import annotations

from pathlib import Path

MM = 72 / 25.4
SIDE_MARGIN = 16 * MM  # the @page margin, left and right
TEXT_SIZE = 7.5  # the header's, the footer's and the page number's text, in pt


def reportlab_font(name: str, file: Path) -> str:
    """The font file registered with reportlab as `name` (once per process)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(file)))
    return name
