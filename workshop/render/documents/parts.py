"""A long document laid out in parts, side by side, and joined into one PDF.

The facilitator guide starts every module on a new page, and its template marks those page
breaks. Cut at the marks, each part is a whole HTML document (same head, same running header
and footer) that a second core can lay out while the first lays out the rest; the pages come
out exactly as they would in one piece, because the page breaks were there anyway. Only the
"Page N of M" footer cannot be known by a part, so parts are laid out without it and the
joined document gets it drawn on every page, where and how print.css.j2 would have put it
(tests/test_documents.py compares the two, word by word).
"""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path
from typing import Any

from workshop.render.documents.furniture import MM, SIDE_MARGIN, TEXT_SIZE, reportlab_font

BUILTIN_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
PART_MARK = "<!-- workshop:part -->"  # written by guide.html.j2 before a forced page break
CONTENT_START = "<!-- workshop:content -->"  # base.html.j2, around the document's own content
CONTENT_END = "<!-- workshop:content-end -->"
# A part of about this many characters of HTML takes a core some 1.5 s to lay out: shorter
# documents stay whole, longer ones are cut into about equal parts.
PART_CHARS = 80_000
# Laid out on the parts: the one page rule, less its page numbers.
NUMBERLESS = "@page { @bottom-right { content: none !important } }"

# The @bottom-right box of print.css.j2: text right-aligned at the right margin; the box
# starts 3 mm (its padding) below the top of the 18 mm bottom margin; a 7.5 pt line of 1.2
# leaves 0.75 pt above Carlito's ascent of 0.75 em.
NUMBER_BASELINE = (18 - 3) * MM - (1.2 - 1) * TEXT_SIZE / 2 - 0.75 * TEXT_SIZE
NUMBER_GREY = (0x5B / 255, 0x60 / 255, 0x68 / 255)
NUMBER_TEXT = "Page {page} of {pages}"
_PAGE_RULE = re.compile(r"@page\s*\{(?:[^{}]|\{[^{}]*\})*\}")
_PAPER = re.compile(r"size:[^;]*;")


def cut(html: str) -> list[str]:
    """`html` as parts of about PART_CHARS each, cut only at its part marks; [html] when it is
    short, has no marks, or numbers its pages in a way the joined document could not copy."""
    if len(html) <= PART_CHARS or PART_MARK not in html or not _numbered_as_built_in(html):
        return [html]
    start = html.find(CONTENT_START)
    end = html.find(CONTENT_END)
    if start < 0 or end < start:
        return [html]
    head, content, tail = html[:start], html[start:end], html[end:]
    count = -(-len(content) // PART_CHARS)
    marks = [m.start() for m in re.finditer(re.escape(PART_MARK), content)]
    cuts: list[int] = []
    for k in range(1, count):
        ideal = len(content) * k // count
        best = min(marks, key=lambda m: abs(m - ideal))
        if best > (cuts[-1] if cuts else 0):
            cuts.append(best)
    if not cuts:
        return [html]
    bounds = [0, *cuts, len(content)]
    pieces = [content[a:b] for a, b in zip(bounds, bounds[1:])]
    return [head + piece + tail for piece in pieces]


def head(html: str) -> str:
    """The document's head: everything before <body>, where its stylesheets are."""
    end = html.find("<body")
    return html if end < 0 else html[:end]


def _numbered_as_built_in(html: str) -> bool:
    """Whether the document's only page rule is print.css.j2's own (paper size aside), so that
    the page numbers drawn on the joined document land where the stylesheet puts them."""
    rules = [_PAPER.sub("", rule) for rule in _PAGE_RULE.findall(_without_comments(head(html)))]
    return rules == [_built_in_page_rule()] and _number_font() is not None


def _without_comments(css: str) -> str:
    return re.sub(r"/\*.*?\*/", "", css, flags=re.S)


@cache
def _built_in_page_rule() -> str:
    source = (BUILTIN_TEMPLATES / "print.css.j2").read_text(encoding="utf-8")
    source = re.sub(r"\{\{.*?\}\}|\{#.*?#\}", "", source, flags=re.S)  # the paper, comments
    found = _PAGE_RULE.search(_without_comments(source))
    return _PAPER.sub("", found.group(0)) if found else ""


@cache
def _number_font() -> Path | None:
    """Carlito, the page number's font, for drawing it; None where it is not installed (the
    document is then laid out whole, by whatever font fontconfig chose)."""
    from workshop.render.fonts import font_file

    found = font_file("Carlito")  # not a substitute: the numbers must be drawn in Carlito
    return found if found is not None and found.stem.lower().startswith("carlito") else None


def join(parts: list[Any]) -> tuple[bytes, tuple[tuple[int, int, str, float, float], ...]]:
    """One PDF from the parts' PDFs (each a `Rendered`), with one outline, every part's named
    destinations, and "Page N of M" on every page. Returns the PDF and its bookmarks."""
    import pikepdf

    sources = [pikepdf.open(io.BytesIO(part.pdf)) for part in parts]
    book = sources[0]
    names = _names(book, book)
    for other in sources[1:]:
        book.pages.extend(other.pages)
        names += _names(book, other)
    if names:
        names.sort(key=lambda pair: bytes(pair[0]))
        book.Root.Names = pikepdf.Dictionary(Dests=pikepdf.Dictionary(
            Names=pikepdf.Array([item for pair in names for item in pair])))
    bookmarks, offset = [], 0
    for part in parts:
        bookmarks += [(page + offset, *rest) for page, *rest in part.bookmarks]
        offset += part.page_count
    _outline(pikepdf, book, bookmarks)
    _number(pikepdf, book)
    out = io.BytesIO()
    book.save(out, deterministic_id=True)
    return out.getvalue(), tuple(bookmarks)


def _names(book: Any, source: Any) -> list[list[Any]]:
    """The source's named destinations ([name, destination] pairs), copied into the book."""
    names = source.Root.get("/Names")
    dests = names.get("/Dests") if names is not None else None
    flat = dests.get("/Names") if dests is not None else None
    if flat is None:
        return []
    items = [_copied(book, item) for item in flat] if source is not book else list(flat)
    return [[items[i], items[i + 1]] for i in range(0, len(items) - 1, 2)]


def _copied(book: Any, value: Any) -> Any:
    """A value of another PDF, usable in the book: objects of its own are copied (its pages
    were copied already, so references to them point at the book's copies)."""
    import pikepdf

    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return book.copy_foreign(value)
    if isinstance(value, pikepdf.Array):
        return pikepdf.Array([_copied(book, item) for item in value])
    if isinstance(value, pikepdf.Dictionary):
        return pikepdf.Dictionary({key: _copied(book, item) for key, item in value.items()})
    return value


def _outline(pikepdf: Any, book: Any, bookmarks: list[tuple[int, int, str, float, float]]) -> None:
    """The outline WeasyPrint would write for the whole document: each bookmark under the last
    one of a lower level, pointing at its place on its page."""
    if "/Outlines" in book.Root:
        del book.Root["/Outlines"]
    if not bookmarks:
        return
    root = book.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines))
    # (level, item, its children's items); the root sits below every level
    stack: list[tuple[int, Any, list[Any]]] = [(0, root, [])]
    pages = book.pages
    for page, level, label, x, y in bookmarks:
        while stack[-1][0] >= level:
            _close(pikepdf, *stack.pop())
        item = book.make_indirect(pikepdf.Dictionary(
            Title=pikepdf.String(label), Parent=stack[-1][1],
            Dest=pikepdf.Array([pages[page].obj, pikepdf.Name.XYZ, x, y, 0])))
        stack[-1][2].append(item)
        stack.append((level, item, []))
    while stack:
        _close(pikepdf, *stack.pop())
    book.Root.Outlines = root


def _close(pikepdf: Any, _level: int, item: Any, children: list[Any]) -> None:
    """Link an outline item's children to each other and to it, and count them (open)."""
    for before, after in zip(children, children[1:]):
        before.Next, after.Prev = after, before
    if children:
        item.First, item.Last = children[0], children[-1]
    item.Count = sum(1 + max(int(child.get("/Count", 0)), 0) for child in children)


@cache
def _kerning(font: Path) -> dict[tuple[str, str], int]:
    """The font's pair kerning (font units) between the characters a page number can hold:
    the layout engine kerns them, so the drawn numbers must too, to land where it puts them."""
    from fontTools.ttLib import TTFont

    face = TTFont(font, lazy=True)
    cmap = face.getBestCmap()
    glyph = {char: cmap.get(ord(char)) for char in set(NUMBER_TEXT + "0123456789")}
    kerns: dict[tuple[str, str], int] = {}
    if "GPOS" not in face:
        return kerns
    table = face["GPOS"].table
    lookups = [index for record in table.FeatureList.FeatureRecord
               if record.FeatureTag == "kern" for index in record.Feature.LookupListIndex]
    for index in dict.fromkeys(lookups):
        for sub in table.LookupList.Lookup[index].SubTable:
            sub = getattr(sub, "ExtSubTable", sub)
            if getattr(sub, "LookupType", 2) != 2:
                continue
            for first, second in ((a, b) for a in glyph for b in glyph):
                if (first, second) not in kerns:
                    value = _pair_value(sub, glyph[first], glyph[second])
                    if value is not None:
                        kerns[first, second] = value
    return {pair: value for pair, value in kerns.items() if value}


def _pair_value(sub: Any, first: str | None, second: str | None) -> int | None:
    """The x-advance adjustment a PairPos subtable gives the glyph pair, None if it has none."""
    coverage = sub.Coverage.glyphs
    if first is None or second is None or first not in coverage:
        return None
    if sub.Format == 1:
        pairs = sub.PairSet[coverage.index(first)].PairValueRecord
        record = next((r for r in pairs if r.SecondGlyph == second), None)
        value = record.Value1 if record is not None else None
    else:
        one = sub.ClassDef1.classDefs.get(first, 0)
        two = sub.ClassDef2.classDefs.get(second, 0)
        value = sub.Class1Record[one].Class2Record[two].Value1
    return getattr(value, "XAdvance", 0) if value is not None else None


def _draw_kerned(sheet: Any, font: str, kerns: dict[tuple[str, str], int], right: float,
                 text: str) -> None:
    """`text` right-aligned at `right` on the numbers' baseline, kerned as the layout engine
    kerns it."""
    from reportlab.pdfbase import pdfmetrics

    units = pdfmetrics.getFont(font).face.unitsPerEm
    shift = [kerns.get((a, b), 0) * TEXT_SIZE / units for a, b in zip(text, text[1:])]
    x = right - pdfmetrics.stringWidth(text, font, TEXT_SIZE) - sum(shift)
    for char, after in zip(text, [*shift, 0]):
        sheet.drawString(x, NUMBER_BASELINE, char)
        x += pdfmetrics.stringWidth(char, font, TEXT_SIZE) + after


def _number(pikepdf: Any, book: Any) -> None:
    """Draw "Page N of M" on every page, as the stylesheet's footer would."""
    from reportlab.pdfgen import canvas

    file = _number_font()
    font, kerns = reportlab_font("WorkshopNumbers", file), _kerning(file)
    total = len(book.pages)
    out = io.BytesIO()
    sheet = canvas.Canvas(out, invariant=1, pageCompression=1)
    for number, page in enumerate(book.pages, start=1):
        width = float(page.mediabox[2]) - float(page.mediabox[0])
        sheet.setPageSize((width, float(page.mediabox[3]) - float(page.mediabox[1])))
        sheet.setFont(font, TEXT_SIZE)
        sheet.setFillColorRGB(*NUMBER_GREY)
        _draw_kerned(sheet, font, kerns, width - SIDE_MARGIN,
                     NUMBER_TEXT.format(page=number, pages=total))
        sheet.showPage()
    sheet.save()
    stamps = pikepdf.open(io.BytesIO(out.getvalue()))
    save = book.make_stream(b"q\n")
    for number, (page, stamp) in enumerate(zip(book.pages, stamps.pages), start=1):
        # Named by page, not at random as pikepdf's add_overlay would: same input, same bytes.
        name = pikepdf.Name(f"/WorkshopNumber{number}")
        page.add_resource(book.copy_foreign(stamp.as_form_xobject()), pikepdf.Name.XObject,
                          name)
        page.contents_add(save, prepend=True)
        page.contents_add(book.make_stream(b"Q q " + bytes(str(name), "ascii") + b" Do Q\n"))
