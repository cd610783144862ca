"""PDFs read back as a person would, with pypdf (a wheel: no system tools needed)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pypdf import PdfReader

MM = 72 / 25.4
PAPER_POINTS = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}


@lru_cache(maxsize=64)
def _reader(file: Path, mtime: float) -> PdfReader:
    return PdfReader(file)


def reader(file: Path) -> PdfReader:
    return _reader(file, file.stat().st_mtime)


def pdf_text(file: Path, page: int | None = None) -> str:
    """The words on one page (1-based) or all pages, whitespace collapsed."""
    pages = reader(file).pages
    chosen = [pages[page - 1]] if page else pages
    return " ".join(" ".join(p.extract_text().split()) for p in chosen)


def page_count(file: Path) -> int:
    return len(reader(file).pages)


def page_size(file: Path, page: int = 1) -> tuple[float, float]:
    box = reader(file).pages[page - 1].mediabox
    return round(float(box.width), 2), round(float(box.height), 2)


def outline(file: Path) -> list[tuple[int, str, int]]:
    """The bookmarks as (level, title, 1-based page), in order."""
    document = reader(file)
    out: list[tuple[int, str, int]] = []

    def walk(items: list, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                out.append((level, item.title, document.get_destination_page_number(item) + 1))
    walk(document.outline, 1)
    return out


def fonts(file: Path) -> dict[str, bool]:
    """Every font the pages use (forms included) -> whether its file is embedded."""
    found: dict[str, bool] = {}

    def visit(resources) -> None:
        resources = resources.get_object() if resources is not None else {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = (described.get("/FontDescriptor") or {})
            descriptor = descriptor.get_object() if descriptor else {}
            found[str(font.get("/BaseFont"))] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                visit(xobject.get("/Resources"))

    for page in reader(file).pages:
        visit(page.get("/Resources"))
    return found


def creation_date(file: Path) -> str:
    return str((reader(file).metadata or {}).get("/CreationDate", ""))
