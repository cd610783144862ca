"""The deck's template: the built-in theme or a client's .pptx, its layouts found by name.

Slides ask for a *logical* layout (title, section, content, two-content, title-only, blank).
Each maps to a layout name: `branding.layouts` first, then the standard Office names. A
template that lacks one still gives a good deck: the closest layout is used and whatever it
lacks (a title, a body) is drawn as a shape, with a warning saying so.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.exc import PackageNotFoundError
from pptx.oxml.ns import qn

from workshop.errors import WorkshopError, display_path
from workshop.render.deck.fit import Box

BUILTIN = Path(__file__).resolve().parent.parent.parent / "themes" / "default" / "default.pptx"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"

LOGICAL: dict[str, list[str]] = {
    "title": ["Title Slide"],
    "section": ["Section Header"],
    "content": ["Title and Content", "Title, Content"],
    "two-content": ["Two Content", "Comparison"],
    "title-only": ["Title Only"],
    "quote": ["Quote", "Title Only"],
    "statistic": ["Statistic", "Big Number", "Title Only"],
    "blank": ["Blank"],
}
# When a logical layout is missing, try these logical layouts next (then any layout).
FALLBACK: dict[str, list[str]] = {
    "title": ["section", "title-only", "blank", "content"],
    "section": ["title-only", "title", "content", "blank"],
    "content": ["title-only", "two-content", "blank"],
    "two-content": ["content", "title-only", "blank"],
    "title-only": ["content", "blank"],
    "quote": ["content", "blank"],
    "statistic": ["content", "blank"],
    "blank": ["title-only", "content"],
}
# Logical layouts whose content is drawn in the free region under the title.
DRAWN = ("title-only", "quote", "statistic", "blank")
TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE)
TITLE_INSET = 91440  # 0.1 in


@dataclass
class Layout:
    """A template layout as one logical layout uses it."""

    logical: str
    layout: Any  # pptx SlideLayout
    name: str
    title_idx: int | None  # placeholder idx to fill with the title, None: draw the title
    body_idx: list[int]  # placeholder idxs to fill with body text, left to right
    title_box: Box
    body_boxes: list[Box]
    note: str = ""  # how this differs from what was asked for


@dataclass
class Theme:
    prs: Any  # pptx Presentation
    overrides: dict[str, str]
    heading_font: str
    body_font: str
    accent: str  # RRGGBB
    width: int
    height: int
    warnings: list[str] = field(default_factory=list)
    resolved: dict[str, Layout] = field(default_factory=dict)

    @property
    def margin(self) -> int:
        return int(self.width * 0.0563)

    def layout(self, logical: str) -> Layout:
        """The layout for `logical`, resolved on first use so warnings name only what is used."""
        if logical not in self.resolved:
            layout, warning = resolve_layout(self.prs, logical, self.overrides)
            self.resolved[logical] = layout
            if warning:
                self.warnings.append(warning)
        return self.resolved[logical]


def open_template(path: Path | None, field_name: str = "branding.template",
                  accent: str | None = None):
    """The python-pptx Presentation for `path` (the built-in theme, in `accent`, when None),
    or a clear error."""
    source = path or BUILTIN
    try:
        if not zipfile.is_zipfile(source):
            raise WorkshopError(f"{field_name}: {display_path(source)} is not a .pptx file "
                                "(not a zip archive): save it from PowerPoint as .pptx")
        if path is None and accent is not None:
            return Presentation(recoloured(source, accent))
        return Presentation(str(source))
    except (PackageNotFoundError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise WorkshopError(f"{field_name}: {display_path(source)} is not a usable .pptx "
                            f"({exc.__class__.__name__}): open it in PowerPoint and save it "
                            "again as .pptx") from None
    except OSError as exc:
        raise WorkshopError(f"{field_name}: cannot read {display_path(source)}: "
                            f"{exc.strerror or exc}") from None


def remove_slides(prs) -> int:
    """Delete the slides a template carries, relationships included, so none is left behind."""
    id_list = prs.slides._element  # python-pptx's sanctioned way to the XML it does not wrap
    removed = 0
    for entry in list(id_list):
        prs.part.drop_rel(entry.get(qn("r:id")))
        id_list.remove(entry)
        removed += 1
    return removed


def _theme_element(prs):
    master = prs.slide_masters[0]
    for rel in master.part.rels.values():
        if rel.reltype.endswith("/theme"):
            return rel.target_part, etree.fromstring(rel.target_part.blob)
    return None, None


def theme_fonts(prs) -> tuple[str, str]:
    _, theme = _theme_element(prs)
    if theme is None:
        return "Calibri", "Calibri"
    major = theme.find(f".//{{{A}}}majorFont/{{{A}}}latin")
    minor = theme.find(f".//{{{A}}}minorFont/{{{A}}}latin")
    heading = major.get("typeface") if major is not None else "Calibri"
    body = minor.get("typeface") if minor is not None else "Calibri"
    return heading or "Calibri", body or "Calibri"


def theme_accent(prs) -> str | None:
    _, theme = _theme_element(prs)
    if theme is None:
        return None
    accent = theme.find(f".//{{{A}}}clrScheme/{{{A}}}accent1")
    color = accent.find(f"{{{A}}}srgbClr") if accent is not None else None
    if color is None and accent is not None:
        color = accent.find(f"{{{A}}}sysClr")
        return color.get("lastClr") if color is not None else None
    return color.get("val") if color is not None else None


def recoloured(source: Path, rgb: str) -> io.BytesIO:
    """The built-in template with accent1 and hyperlinks (which its layouts draw their accents
    in) set to `rgb`: its theme XML is rewritten inside the file before python-pptx opens it,
    so no part of an open presentation is changed behind python-pptx's back."""
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if re.fullmatch(r"ppt/theme/theme\d+\.xml", info.filename):
                theme = etree.fromstring(data)
                for slot_name in ("accent1", "hlink"):
                    slot = theme.find(f".//{{{A}}}clrScheme/{{{A}}}{slot_name}")
                    if slot is None:
                        continue
                    for child in list(slot):
                        slot.remove(child)
                    etree.SubElement(slot, f"{{{A}}}srgbClr", val=rgb)
                data = etree.tostring(theme, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
            zout.writestr(info, data)
    out.seek(0)
    return out


def _box(shape) -> Box:
    return Box(int(shape.left or 0), int(shape.top or 0), int(shape.width or 0),
               int(shape.height or 0))


def all_layouts(prs) -> list:
    return [layout for master in prs.slide_masters for layout in master.slide_layouts]


def _find(prs, names: list[str]):
    wanted = [n.strip().lower() for n in names]
    for name in wanted:
        for layout in all_layouts(prs):
            if layout.name.strip().lower() == name:
                return layout
    return None


def _default_title(width: int, height: int) -> Box:
    margin = int(width * 0.0563)
    return Box(margin, int(height * 0.06), width - 2 * margin, int(height * 0.16))


def _default_body(width: int, height: int) -> Box:
    margin = int(width * 0.0563)
    return Box(margin, int(height * 0.26), width - 2 * margin, int(height * 0.62))


def free_region(title: Box, width: int, height: int) -> Box:
    """The larger free band above or below the title, for text the layout has no place for."""
    margin = int(width * 0.0563)
    gap = int(height * 0.04)
    below_top = title.y + title.h + gap
    below = Box(margin, below_top, width - 2 * margin, int(height * 0.885) - below_top)
    above_top = int(height * 0.06)
    above = Box(margin, above_top, width - 2 * margin, title.y - gap - above_top)
    return below if below.h >= above.h else above


def _describe(logical: str, layout, width: int, height: int) -> Layout:
    """How `layout` serves `logical`: which placeholders to fill and what to draw."""
    # A centred title slide's placeholders are no place for a content slide's title or text.
    title_types = TITLE_TYPES if logical in ("title", "section") else (PP_PLACEHOLDER.TITLE,)
    body_types = BODY_TYPES if logical == "title" else BODY_TYPES[:2]
    title_ph = next((ph for ph in layout.placeholders
                     if ph.placeholder_format.type in title_types), None)
    title_idx, title_box = None, _default_title(width, height)
    if title_ph is not None and (logical in ("title", "section") or
                                 (title_ph.top or 0) < height * 0.3):
        title_idx, title_box = title_ph.placeholder_format.idx, _box(title_ph)
    # Large type's glyphs reach past its line box; a deeper inset keeps them inside the shape.
    title_box = replace(title_box, inset_y=TITLE_INSET)
    bodies = sorted((ph for ph in layout.placeholders
                     if ph.placeholder_format.type in body_types
                     and (ph.top or 0) >= (title_box.y + title_box.h * 0.5)
                     and (ph.height or 0) > height * 0.12),
                    key=lambda ph: (ph.left or 0))
    body_idx = [ph.placeholder_format.idx for ph in bodies]
    body_boxes = [_box(ph) for ph in bodies]
    region = free_region(title_box, width, height)
    wanted = {"two-content": 2, "content": 1, "section": 1, "title": 1}.get(logical, 0)
    if logical == "two-content" and len(body_boxes) == 1:
        region = body_boxes[0]
    if len(body_boxes) < wanted:
        body_idx = []
        body_boxes = region.split(wanted, int(width * 0.03)) if wanted else []
    elif logical in DRAWN:
        body_idx, body_boxes = [], [region]
    else:
        body_idx, body_boxes = body_idx[:wanted], body_boxes[:wanted]
    return Layout(logical, layout, layout.name, title_idx, body_idx, title_box, body_boxes)


def check_overrides(prs, overrides: dict[str, str]) -> None:
    """`branding.layouts` must name logical layouts we know and layouts the template has."""
    layouts = all_layouts(prs)
    if not layouts:
        raise WorkshopError("the template has no slide layouts at all: use a template made "
                            "in PowerPoint, or leave branding.template out")
    for key, name in overrides.items():
        if key not in LOGICAL:
            raise WorkshopError(f"branding.layouts: unknown logical layout '{key}'; known: "
                                f"{', '.join(LOGICAL)}")
        if _find(prs, [name]) is None:
            raise WorkshopError(
                f"branding.layouts.{key}: the template has no layout named '{name}'; its "
                f"layouts are: {', '.join(layout.name for layout in layouts)}")


def resolve_layout(prs, logical: str, overrides: dict[str, str]) -> tuple[Layout, str | None]:
    """The template layout serving `logical`, and a warning when it is a fallback."""
    width, height = prs.slide_width, prs.slide_height
    if logical in overrides:
        return _describe(logical, _find(prs, [overrides[logical]]), width, height), None
    layout = _find(prs, LOGICAL[logical])
    if layout is not None:
        return _describe(logical, layout, width, height), None
    chain = [_find(prs, LOGICAL[other]) for other in FALLBACK[logical]]
    layout = next((c for c in chain if c is not None), None) or _emptiest(all_layouts(prs))
    described = _describe(logical, layout, width, height)
    drawn = []
    if described.title_idx is None and logical != "blank":
        drawn.append("title")
    if not described.body_idx and logical in ("title", "section", "content", "two-content"):
        drawn.append("body")
    shapes = "a text box" if len(drawn) == 1 else "text boxes"
    described.note = f"uses '{layout.name}'" + (
        f" with the {' and '.join(drawn)} drawn as {shapes}" if drawn else "")
    warning = (f"template has no '{LOGICAL[logical][0]}' layout (for {logical} slides): "
               f"{described.note}; map one with branding.layouts.{logical}")
    return described, warning


def _emptiest(layouts: list):
    return min(layouts, key=lambda layout: len(layout.placeholders))


def load_theme(template: Path | None, overrides: dict[str, str], accent: str | None,
               field_name: str = "branding.template") -> Theme:
    """Open the template, clear its slides, map its layouts and pick fonts and accent colour."""
    from workshop.render.fonts import stand_in_warnings
    from workshop.session import DEFAULT_ACCENT

    builtin_color = (accent or DEFAULT_ACCENT.lstrip("#")) if template is None else None
    prs = open_template(template, field_name, builtin_color)
    remove_slides(prs)
    check_overrides(prs, overrides)
    heading, body = theme_fonts(prs)
    if builtin_color is not None:
        color = builtin_color
    else:
        color = accent or theme_accent(prs) or DEFAULT_ACCENT.lstrip("#")
    return Theme(prs, dict(overrides), heading, body, color.upper(), prs.slide_width,
                 prs.slide_height, warnings=stand_in_warnings([heading, body]))
