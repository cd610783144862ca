"""Render a deck the way a viewer does and find every word that falls outside its shape.

Autofit is switched off in a copy first, so LibreOffice draws text at the size we wrote
instead of shrinking it; then each word's box from `pdftotext -bbox` must lie inside a text
shape of its slide (and inside the slide).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

EMU_PER_PT = 12700
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
TOLERANCE = 2.0  # points: glyph boxes reach a little past the line box
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                  r'(.*?)</word>')
PAGE = re.compile(r"<page width=\"([\d.]+)\" height=\"([\d.]+)\">(.*?)</page>", re.S)


def tools_available() -> bool:
    return bool(shutil.which("soffice") and shutil.which("pdftotext"))


def without_autofit(deck: Path, out: Path) -> None:
    with zipfile.ZipFile(deck) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("ppt/slides/slide"):
                data = data.replace(b"<a:normAutofit/>", b"<a:noAutofit/>")
            dest.writestr(item, data)


def to_pdf(decks: list[Path], folder: Path) -> list[Path]:
    """Every deck as PDF, in one run of LibreOffice (each start costs seconds)."""
    profile = folder / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), *map(str, decks)],
                   check=True, capture_output=True, timeout=900)
    return [folder / (deck.stem + ".pdf") for deck in decks]


Box = tuple[float, float, float, float]


def _flat(shapes) -> list:
    """Shapes, with the shapes inside groups (diagrams are groups) in place of the group."""
    out = []
    for shape in shapes:
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            out += _flat(shape.shapes)
        else:
            out.append(shape)
    return out


def _box(shape) -> Box:
    x, y = shape.left / EMU_PER_PT, shape.top / EMU_PER_PT
    w, h = shape.width / EMU_PER_PT, shape.height / EMU_PER_PT
    if getattr(shape, "rotation", 0) % 180 == 90:  # turned on its side about its centre
        x, y, w, h = x + (w - h) / 2, y + (h - w) / 2, h, w
    return (x, y, x + w, y + h)


def _cells(frame) -> list[Box]:
    """A table's cells, each where its column and row put it."""
    boxes, top = [], frame.top
    for row in frame.table.rows:
        left = frame.left
        for column in frame.table.columns:
            boxes.append((left / EMU_PER_PT, top / EMU_PER_PT, (left + column.width) /
                          EMU_PER_PT, (top + row.height) / EMU_PER_PT))
            left += column.width
        top += row.height
    return boxes


def _holds_text(shape) -> bool:
    if getattr(shape, "has_chart", False) and shape.has_chart:
        return True  # LibreOffice draws a chart's labels inside its frame
    if not shape.has_text_frame:
        return False
    field = shape.text_frame._element.find(f".//{A}fld")  # e.g. the slide number
    return bool(shape.text_frame.text.strip()) or field is not None


def text_boxes(deck: Path) -> list[list[Box]]:
    """Per slide, the boxes (x0, y0, x1, y1 in points) of shapes that hold text: text
    shapes, each table cell, and charts (whose labels LibreOffice draws inside them)."""
    slides = []
    for slide in Presentation(str(deck)).slides:
        boxes = []
        inherited = [s for s in slide.slide_layout.shapes if not s.is_placeholder]
        for shape in _flat(slide.shapes) + inherited:
            if getattr(shape, "has_table", False) and shape.has_table:
                boxes += _cells(shape)
            elif _holds_text(shape):
                boxes.append(_box(shape))
        slides.append(boxes)
    return slides


def overflows(decks: dict[str, Path]) -> dict[str, list[str]]:
    """For each deck, every word outside its shape or the slide."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        copies = []
        for name, deck in decks.items():
            copies.append(folder / f"{name}.pptx")
            without_autofit(deck, copies[-1])
        layouts = [subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                                  text=True, check=True).stdout
                   for pdf in to_pdf(copies, folder)]
    return {name: _outside(deck, layout)
            for (name, deck), layout in zip(decks.items(), layouts, strict=True)}


def overflow(deck: Path) -> list[str]:
    """Every word outside its shape or the slide, as 'slide N: "word" at (x, y)'."""
    return overflows({"deck": deck})["deck"]


def _outside(deck: Path, layout: str) -> list[str]:
    boxes = text_boxes(deck)
    pages = PAGE.findall(layout)
    problems = []
    if len(pages) != len(boxes):
        problems.append(f"the PDF has {len(pages)} pages for {len(boxes)} slides")
    for number, ((width, height, body), shapes) in enumerate(zip(pages, boxes, strict=False), 1):
        for x0, y0, x1, y1, word in WORD.findall(body):
            x0, y0, x1, y1 = float(x0), float(y0), float(x1), float(y1)
            inside_slide = x0 >= -TOLERANCE and y0 >= -TOLERANCE and \
                x1 <= float(width) + TOLERANCE and y1 <= float(height) + TOLERANCE
            in_shape = any(x0 >= bx0 - TOLERANCE and y0 >= by0 - TOLERANCE and
                           x1 <= bx1 + TOLERANCE and y1 <= by1 + TOLERANCE
                           for bx0, by0, bx1, by1 in shapes)
            if not (inside_slide and in_shape):
                problems.append(f'slide {number}: "{word}" at ({x0:.0f}, {y0:.0f})-'
                                f"({x1:.0f}, {y1:.0f}) is outside its shape")
    return problems
