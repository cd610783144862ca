"""The one page geometry of every print document: paper sizes, margins and the running header.

Templates receive it as `data.page` (lengths in millimetres) and lay out every page with it;
the roster's name stamps are pages made by the same templates, so they fall where the header
leaves room for them, whatever a user's template changes.
"""

from __future__ import annotations

from workshop.render.colour import white_reads_better
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
    """Black or white, whichever reads better on `color` ("#RRGGBB")."""
    return "#FFFFFF" if white_reads_better(color) else "#000000"
