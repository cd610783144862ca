"""Corporate templates of the awkward kinds real clients send, built by the tests themselves."""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Inches


def _drop_layouts(prs, keep: list[str]) -> None:
    master = prs.slide_master
    id_list = master._element.find(qn("p:sldLayoutIdLst"))
    for entry in list(id_list):
        layout = master.part.related_part(entry.get(qn("r:id"))).slide_layout
        if layout.name not in keep:
            master.part.drop_rel(entry.get(qn("r:id")))
            id_list.remove(entry)


def reordered_and_renamed(path: Path) -> Path:
    """4:3, layouts in reverse order, the content and section layouts under other names."""
    prs = Presentation()
    id_list = prs.slide_master._element.find(qn("p:sldLayoutIdLst"))
    entries = list(id_list)
    for entry in entries:
        id_list.remove(entry)
    for entry in reversed(entries):
        id_list.append(entry)
    renames = {"Title and Content": "Text Page", "Section Header": "Chapter",
               "Two Content": "Side by Side"}
    for layout in prs.slide_layouts:
        if layout.name in renames:
            layout._element.find(qn("p:cSld")).set("name", renames[layout.name])
    prs.save(path)
    return path


def only_title_layout(path: Path) -> Path:
    prs = Presentation()
    _drop_layouts(prs, ["Title Slide"])
    prs.save(path)
    return path


def with_slides(path: Path) -> Path:
    """A 16:9 template that still holds three slides, one with notes and a picture-free body."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    for i in range(3):
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = f"Old slide {i + 1}"
        slide.placeholders[1].text = "Leftover text that must not appear in the deck"
        slide.notes_slide.notes_text_frame.text = "Old notes"
    prs.save(path)
    return path
