"""Each line of text shaped once: WeasyPrint's Pango layouts kept from layout to drawing.

WeasyPrint lays a line of text out with Pango (HarfBuzz shapes its glyphs), measures it, then
throws the Pango layout away to save memory. When it draws the page it builds a new layout
for the same text, in single-paragraph mode, and Pango shapes the text all over again: some 2,100
lines in a full-day guide. Keeping the layouts saves 4% of the instructions the five print
documents of a full day take to lay out (valgrind's callgrind: 19.25 G -> 18.45 G, Python,
HarfBuzz and Pango together); in CPU seconds the gain is under the host's noise (-1% over ten
alternating rounds).

Here a line's layout is kept, already in single-paragraph mode, and handed back for drawing when
that changes nothing: the same style, no justification spacing to add, and the whole text on
one line. Anything else (justified text, a preserved line break, a hyphenated line Pango would
wrap) is rebuilt as WeasyPrint always does. The PDF comes out byte for byte the same
(tests/test_documents.py compares); a full-day guide's layout process peaks ~6 MB higher.

Only for the WeasyPrint versions it was checked against: tested byte for byte on 66.0 and 70.0,
the oldest and newest the toolkit supports, and 67 to 69 have the same `set_text`, `deactivate`
and `reactivate` as 70. With any other version WeasyPrint runs untouched.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

TESTED_MAJOR_VERSIONS = range(66, 71)
# Pango starts a new paragraph at these; single-paragraph mode would change such a text's lines.
PARAGRAPH_SEPARATORS = ("\n", "\r", "\u2029")

_originals: dict[str, Any] = {}
_paused = False


def applies_to(weasyprint: Any) -> bool:
    """Whether this WeasyPrint is one the kept layouts were checked against."""
    major = str(getattr(weasyprint, "__version__", "")).partition(".")[0]
    return major.isdigit() and int(major) in TESTED_MAJOR_VERSIONS


def keep_line_layouts(weasyprint: Any) -> None:
    """From now on, lines are shaped once (see the module's docstring). Idempotent."""
    if _originals or _paused or not applies_to(weasyprint):
        return
    from weasyprint.text.ffi import ffi, pango
    from weasyprint.text.line_break import Layout

    set_text, deactivate, reactivate = Layout.set_text, Layout.deactivate, Layout.reactivate

    def set_text_in_one_paragraph(self: Any, text: str, justify: bool = False) -> None:
        # Drawing asks for single-paragraph mode; asking now, before Pango lays the text out,
        # means the lines it makes here are the ones drawn.
        one_paragraph = not any(separator in text for separator in PARAGRAPH_SEPARATORS)
        pango.pango_layout_set_single_paragraph_mode(self.layout, one_paragraph)
        set_text(self, text, justify)

    def deactivate_and_keep(self: Any) -> None:
        self._kept = (self.layout, self.language, self.style)
        deactivate(self)

    def reactivate_kept(self: Any, style: Any) -> None:
        kept = self.__dict__.pop("_kept", None)
        if (kept is not None and kept[2] is style and not self.justification_spacing
                and pango.pango_layout_get_line_readonly(kept[0], 1) == ffi.NULL):
            self.layout, self.language, self.style = kept
            return
        reactivate(self, style)

    _originals.update(set_text=set_text, deactivate=deactivate, reactivate=reactivate)
    Layout.set_text = set_text_in_one_paragraph
    Layout.deactivate = deactivate_and_keep
    Layout.reactivate = reactivate_kept


@contextmanager
def as_weasyprint_comes() -> Iterator[None]:
    """Inside the block, lines are shaped as WeasyPrint does by itself (to compare against)."""
    global _paused
    installed = bool(_originals)
    if installed:
        from weasyprint.text.line_break import Layout

        for name, original in _originals.items():
            setattr(Layout, name, original)
        _originals.clear()
    _paused = True
    try:
        yield
    finally:
        _paused = False
        if installed:
            keep_line_layouts(sys.modules["weasyprint"])
