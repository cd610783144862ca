"""Recipe for the built-in deck template: `python -m workshop.themes.default.make_template`.

Starts from python-pptx's own (4:3) template and turns it into a 16:9 executive theme: clean
white slides, a strong type hierarchy in Calibri (Carlito where Calibri is not installed), one
accent colour (theme colour accent1, replaced per session by `branding.primary_color`), and
six layouts under the standard Office names so that the same layout map serves corporate
templates. The output, default.pptx, is committed beside this script and rebuilt byte for byte.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.util import Emu

from workshop.render.deck.package import deterministic_bytes

OUT = Path(__file__).with_name("default.pptx")
IN = 914400  # EMU per inch
W, H = 12192000, 6858000  # 13.333 x 7.5 in, PowerPoint's 16:9
MARGIN = int(0.75 * IN)
INK, MUTED, PAPER, ACCENT = "1F2937", "6B7280", "F3F4F6", "0B5FFF"

KEEP = ["Title Slide", "Title and Content", "Section Header", "Two Content", "Title Only",
        "Blank"]

# (x, y, w, h) in inches for each layout's placeholders, by placeholder type.
TITLE_BOX = (0.75, 0.45, 11.83, 1.15)
BODY_BOX = (0.75, 1.95, 11.83, 4.55)
FOOTER_BOX = (0.75, 6.85, 8.0, 0.35)
NUMBER_BOX = (11.58, 6.85, 1.0, 0.35)
PAGE_FURNITURE = {PP_PLACEHOLDER.FOOTER: FOOTER_BOX, PP_PLACEHOLDER.SLIDE_NUMBER: NUMBER_BOX,
                  PP_PLACEHOLDER.DATE: (9.0, 6.85, 2.4, 0.35)}
GEOMETRY = {
    "Title Slide": {"ctrTitle": (1.15, 1.35, 10.9, 2.55), "subTitle": (1.15, 4.15, 10.9, 2.3)},
    "Title and Content": {"title": TITLE_BOX, "body": BODY_BOX},
    "Section Header": {"title": (3.45, 0.7, 9.15, 2.0), "body": (3.45, 2.85, 9.15, 3.85)},
    "Two Content": {"title": TITLE_BOX, "left": (0.75, 1.95, 5.7, 4.55),
                    "right": (6.88, 1.95, 5.7, 4.55)},
    "Title Only": {"title": TITLE_BOX},
    "Blank": {},
}
# Decorations drawn in accent1: (x, y, w, h) in inches.
DECORATION = {
    "Title Slide": [(0.0, 0.0, 0.42, 7.5)],
    "Title and Content": [(0.75, 1.66, 0.9, 0.06)],
    "Section Header": [(0.0, 0.0, 2.85, 7.5)],
    "Two Content": [(0.75, 1.66, 0.9, 0.06)],
    "Title Only": [(0.75, 1.66, 0.9, 0.06)],
    "Blank": [],
}

A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def emu(inches: float) -> int:
    return int(round(inches * IN))


def _set_box(shape, box: tuple[float, float, float, float]) -> None:
    shape.left, shape.top, shape.width, shape.height = (emu(v) for v in box)


def _solid(parent: etree._Element, tag: str, scheme: str | None = None, rgb: str | None = None
           ) -> None:
    """Replace the fill/colour child of `parent` with one solid colour."""
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    fill = etree.SubElement(parent, qn(tag))
    if scheme:
        etree.SubElement(fill, qn("a:schemeClr"), val=scheme)
    else:
        etree.SubElement(fill, qn("a:srgbClr"), val=rgb)


def _rect(sp_tree: etree._Element, shape_id: int, box: tuple[float, ...]) -> None:
    x, y, w, h = (emu(v) for v in box)
    sp = etree.SubElement(sp_tree, qn("p:sp"))
    nv = etree.SubElement(sp, qn("p:nvSpPr"))
    etree.SubElement(nv, qn("p:cNvPr"), id=str(shape_id), name=f"Accent {shape_id}")
    etree.SubElement(nv, qn("p:cNvSpPr"))
    etree.SubElement(nv, qn("p:nvPr"))
    sp_pr = etree.SubElement(sp, qn("p:spPr"))
    xfrm = etree.SubElement(sp_pr, qn("a:xfrm"))
    etree.SubElement(xfrm, qn("a:off"), x=str(x), y=str(y))
    etree.SubElement(xfrm, qn("a:ext"), cx=str(w), cy=str(h))
    geom = etree.SubElement(sp_pr, qn("a:prstGeom"), prst="rect")
    etree.SubElement(geom, qn("a:avLst"))
    fill = etree.SubElement(sp_pr, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:schemeClr"), val="accent1")
    ln = etree.SubElement(sp_pr, qn("a:ln"))
    etree.SubElement(ln, qn("a:noFill"))
    # Decorations sit behind the placeholders: insert right after the group properties.
    sp_tree.remove(sp)
    sp_tree.insert(2, sp)


def _theme(prs) -> None:
    master_part = prs.slide_master.part
    theme_part = next(rel.target_part for rel in master_part.rels.values()
                      if rel.reltype.endswith("/theme"))
    theme = etree.fromstring(theme_part.blob)
    scheme = theme.find(f".//{{{A}}}clrScheme")
    scheme.set("name", "Workshop")
    colors = {"dk2": INK, "lt2": PAPER, "accent1": ACCENT, "accent2": "0F766E",
              "accent3": "B45309", "accent4": "6D28D9", "accent5": "BE123C", "accent6": "4B5563",
              "hlink": ACCENT, "folHlink": "6D28D9"}
    for name, value in colors.items():
        slot = scheme.find(f"{{{A}}}{name}")
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, qn("a:srgbClr"), val=value)
    theme.set("name", "Workshop")
    theme_part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)


def _text_styles(master) -> None:
    styles = master._element.find(qn("p:txStyles"))
    title = styles.find(qn("p:titleStyle")).find(qn("a:lvl1pPr"))
    title.set("algn", "l")
    ln_spc = etree.Element(qn("a:lnSpc"))
    etree.SubElement(ln_spc, qn("a:spcPct"), val="90000")
    title.insert(0, ln_spc)
    rpr = title.find(qn("a:defRPr"))
    rpr.set("sz", "3600")
    rpr.set("b", "1")
    _solid(rpr, "a:solidFill", rgb=INK)
    rpr.insert(0, rpr.find(qn("a:solidFill")))
    body = styles.find(qn("p:bodyStyle"))
    sizes = {1: "2200", 2: "1900", 3: "1800", 4: "1800", 5: "1800"}
    for level, size in sizes.items():
        ppr = body.find(qn(f"a:lvl{level}pPr"))
        rpr = ppr.find(qn("a:defRPr"))
        rpr.set("sz", size)
        _solid(rpr, "a:solidFill", rgb=INK)
        rpr.insert(0, rpr.find(qn("a:solidFill")))
        bu_font = ppr.find(qn("a:buFont"))
        if bu_font is not None:
            clr = etree.Element(qn("a:buClr"))
            etree.SubElement(clr, qn("a:schemeClr"), val="accent1")
            bu_font.addprevious(clr)
        spc = ppr.find(qn("a:spcBef"))
        for child in list(spc):
            spc.remove(child)
        etree.SubElement(spc, qn("a:spcPts"), val="900")


def _master(prs) -> None:
    master = prs.slide_master
    for ph in master.placeholders:
        kind = ph.placeholder_format.type
        if kind == PP_PLACEHOLDER.TITLE:
            _set_box(ph, TITLE_BOX)
        elif kind == PP_PLACEHOLDER.BODY:
            _set_box(ph, BODY_BOX)
        elif kind in PAGE_FURNITURE:
            _set_box(ph, PAGE_FURNITURE[kind])
        if kind in PAGE_FURNITURE:
            for rpr in ph._element.iter(qn("a:defRPr")):
                rpr.set("sz", "1100")
                _solid(rpr, "a:solidFill", rgb=MUTED)
            for ppr in ph._element.iter(qn("a:lvl1pPr")):
                ppr.set("algn", "r" if kind == PP_PLACEHOLDER.SLIDE_NUMBER else "l")
    _text_styles(master)


def _drop_layouts(prs) -> None:
    master = prs.slide_master
    id_list = master._element.find(qn("p:sldLayoutIdLst"))
    for layout in list(master.slide_layouts):
        if layout.name not in KEEP:
            for entry in id_list:
                if master.part.related_part(entry.get(qn("r:id"))) is layout.part:
                    master.part.drop_rel(entry.get(qn("r:id")))
                    id_list.remove(entry)
                    break


def _layouts(prs) -> None:
    for layout in prs.slide_master.slide_layouts:
        boxes = GEOMETRY[layout.name]
        bodies = sorted((ph for ph in layout.placeholders
                         if ph.placeholder_format.type in (PP_PLACEHOLDER.BODY,
                                                           PP_PLACEHOLDER.OBJECT)),
                        key=lambda ph: ph.left)
        for ph in layout.placeholders:
            kind = ph.placeholder_format.type
            if kind == PP_PLACEHOLDER.CENTER_TITLE:
                _set_box(ph, boxes["ctrTitle"])
            elif kind == PP_PLACEHOLDER.SUBTITLE:
                _set_box(ph, boxes["subTitle"])
            elif kind == PP_PLACEHOLDER.TITLE:
                _set_box(ph, boxes["title"])
            elif kind in PAGE_FURNITURE:
                _set_box(ph, PAGE_FURNITURE[kind])
        if len(bodies) == 1:
            _set_box(bodies[0], boxes["body"])
        elif len(bodies) == 2:
            _set_box(bodies[0], boxes["left"])
            _set_box(bodies[1], boxes["right"])
        # Left-aligned, sentence case everywhere: the default centres titles and sets some in
        # capitals, which hurts titles that state a point.
        for ppr in layout._element.iter(qn("a:lvl1pPr")):
            ppr.set("algn", "l")
        for rpr in layout._element.iter(qn("a:defRPr")):
            rpr.attrib.pop("cap", None)
        if layout.name == "Title Slide":
            for ph in layout.placeholders:
                is_title = ph.placeholder_format.type == PP_PLACEHOLDER.CENTER_TITLE
                ph.text_frame._bodyPr.set("anchor", "b" if is_title else "t")
                if is_title:
                    lst = ph._element.find(qn("p:txBody")).find(qn("a:lstStyle"))
                    level = lst.find(qn("a:lvl1pPr"))
                    if level is None:
                        level = etree.SubElement(lst, qn("a:lvl1pPr"), algn="l")
                    etree.SubElement(level, qn("a:defRPr"), sz="4400")
        tree = layout._element.find(qn("p:cSld")).find(qn("p:spTree"))
        for i, box in enumerate(DECORATION[layout.name]):
            _rect(tree, 100 + i, box)


def build() -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(W), Emu(H)
    _theme(prs)
    _drop_layouts(prs)
    _master(prs)
    _layouts(prs)
    core = prs.core_properties
    core.title, core.author, core.last_modified_by = "Workshop theme", "workshop-toolkit", ""
    core.subject = core.keywords = core.comments = core.category = ""
    return deterministic_bytes(prs)


def main() -> None:
    data = build()
    OUT.write_bytes(data)
    print(f"wrote {OUT} ({len(data):,} bytes)")


if __name__ == "__main__":
    main()

