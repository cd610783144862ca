"""The one page geometry of every print document: paper sizes, margins and the running header.

Templates receive it as `data.page` (lengths in millimetres) and lay out every page with it;
the roster's name stamps are pages made by the same templates, so they fall where the header
leaves room for them, whatever a user's template changes.
"""

from __future__ import annotations

from workshop.render.documents.model import Margins, Page

# paper -> (width, height) in mm, and the name Typst knows it by
PAPER = {"a4": (210.0, 297.0, "a4"), "letter": (215.9, 279.4, "us-letter")}
# At least 16 mm all round, so that office printers never clip; the top holds the running
# header, the bottom the footer.
MARGINS = Margins(top=21.0, bottom=18.0, left=16.0, right=16.0)
FURNITURE_SIZE = 7.5  # pt: the running header, the footer and the page numbers
FURNITURE_GAP = 3.0  # mm between the header (or footer) and the text of the page


def page(paper: str) -> Page:
    width, height, name = PAPER[paper]
    return Page(paper=paper, typst_paper=name, width=width, height=height, margin=MARGINS,
                furniture_size=FURNITURE_SIZE, furniture_gap=FURNITURE_GAP)


def ink_on(color: str) -> str:
    """Black or white, whichever reads better on `color` ("#RRGGBB"; WCAG relative luminance)."""
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(color[i:i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if luminance > 0.179 else "#FFFFFF"
