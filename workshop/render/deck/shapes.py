"""Write measured paragraphs into text frames, and draw the shapes the layouts do not have."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from lxml import etree
from PIL import Image, UnidentifiedImageError
from pptx.enum.shapes import MSO_SHAPE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Emu

from workshop.errors import WorkshopError, display_path
from workshop.render.deck.fit import Box, Fonts, Para

ANCHORS = {"top": "t", "middle": "ctr", "bottom": "b"}


A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
AUTOFIT = (A + "noAutofit", A + "normAutofit", A + "spAutoFit")


def _body_properties(body, box: Box, anchor: str) -> None:
    body_pr = body.find(A + "bodyPr")
    for name, value in (("lIns", box.inset_x), ("rIns", box.inset_x), ("tIns", box.inset_y),
                        ("bIns", box.inset_y)):
        body_pr.set(name, str(value))
    body_pr.set("wrap", "square")
    body_pr.set("anchor", ANCHORS[anchor])
    for child in list(body_pr):
        if child.tag in AUTOFIT:
            body_pr.remove(child)
    # The text already fits at the sizes written; normAutofit only matters once someone edits.
    etree.SubElement(body_pr, A + "normAutofit")


def _paragraph_properties(p, para: Para) -> None:
    sub = etree.SubElement
    ppr = sub(p, A + "pPr", algn=para.align, marL=str(int(para.indent() * 12700)),
              indent=str(-24 * 12700 if para.bullet else 0), lvl=str(para.level))
    sub(sub(ppr, A + "lnSpc"), A + "spcPct", val=str(int(para.line_spacing * 100000)))
    sub(sub(ppr, A + "spcBef"), A + "spcPts", val=str(int(para.space_before * 100)))
    sub(sub(ppr, A + "spcAft"), A + "spcPts", val="0")
    if para.bullet is None:
        sub(ppr, A + "buNone")
        return
    if para.color is None:
        sub(sub(ppr, A + "buClr"), A + "schemeClr", val="accent1")
    if para.bullet.endswith("."):
        sub(ppr, A + "buFont", typeface="+mj-lt")
        number = sub(ppr, A + "buAutoNum", type="arabicPeriod")
        start = para.bullet[:-1]
        if start.isdigit() and int(start) > 1:
            number.set("startAt", start)
    else:
        sub(ppr, A + "buFont", typeface="Arial")
        sub(ppr, A + "buChar", char=para.bullet)


def write_paragraphs(text_frame, paras: list[Para], box: Box, fonts: Fonts,
                     anchor: str = "top", accent: str | None = None) -> None:
    """Replace the frame's text with `paras`, every size, font and spacing stated explicitly.

    Written as XML directly: python-pptx's property setters search the tree on every call,
    which made text the largest cost of a deck.
    """
    body = text_frame._element
    _body_properties(body, box, anchor)
    for old in body.findall(A + "p"):
        body.remove(old)
    sub = etree.SubElement
    for para in paras or [Para((), 18)]:
        p = sub(body, A + "p")
        _paragraph_properties(p, para)
        size = str(int(para.size * 100))
        font = fonts.heading if para.heading else fonts.body
        for run_spec in para.runs:
            if not run_spec.text:
                continue
            r = sub(p, A + "r")
            rpr = sub(r, A + "rPr", lang="en-US", sz=size,
                      b="1" if para.bold or run_spec.bold else "0",
                      i="1" if para.italic or run_spec.italic else "0", dirty="0")
            color = para.color or (accent if run_spec.href else None)
            if run_spec.href:
                rpr.set("u", "sng")
            if color:
                sub(sub(rpr, A + "solidFill"), A + "srgbClr", val=color)
            sub(rpr, A + "latin", typeface=font)
            if run_spec.href:
                r_id = text_frame.part.relate_to(run_spec.href, RT.HYPERLINK, is_external=True)
                sub(rpr, A + "hlinkClick", {R_ID: r_id})
            sub(r, A + "t").text = run_spec.text
        sub(p, A + "endParaRPr", lang="en-US", sz=size)


def _rgb(hex_color: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_color)


def text_box(slide, box: Box, paras: list[Para], fonts: Fonts, anchor: str = "top",
             name: str | None = None, accent: str | None = None):
    shape = slide.shapes.add_textbox(Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h))
    if name:
        shape.name = name
    write_paragraphs(shape.text_frame, paras, box, fonts, anchor, accent)
    return shape


def rectangle(slide, box: Box, fill: str, rounded: bool = False):
    shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE if rounded else MSO_SHAPE.RECTANGLE,
                                   Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h))
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(fill)
    shape.line.fill.background()
    shape.shadow.inherit = False
    if shape.has_text_frame:
        shape.text_frame.text = ""
    return shape


def image_size(path: Path, field: str) -> tuple[int, int]:
    """Pixel size of a PNG or JPEG, or a clear error naming the file and the field."""
    try:
        with Image.open(path) as image:
            if image.format not in ("PNG", "JPEG"):
                raise WorkshopError(f"{field}: {display_path(path)} is a {image.format} image; "
                                    "use PNG or JPEG")
            image.verify()
            return image.size
    except FileNotFoundError:
        raise WorkshopError(f"{field}: image {display_path(path)} not found") from None
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise WorkshopError(f"{field}: {display_path(path)} is not a readable PNG or JPEG "
                            f"image ({exc.__class__.__name__})") from None


def picture(slide, path: Path, box: Box, field: str, align: str = "center"):
    """The image inside `box`, aspect ratio kept: never stretched, never cropped."""
    width_px, height_px = image_size(path, field)
    scale = min(box.w / width_px, box.h / height_px)
    w, h = int(width_px * scale), int(height_px * scale)
    x = box.x + {"left": 0, "center": (box.w - w) // 2, "right": box.w - w}[align]
    y = box.y + (box.h - h) // 2
    return slide.shapes.add_picture(str(path), Emu(x), Emu(y), Emu(w), Emu(h))


P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


def placeholder_frame(slide, idx: int) -> SimpleNamespace:
    """The text body of the slide's placeholder `idx`, found without python-pptx's searches."""
    for sp in slide.shapes._element.iterchildren(P + "sp"):
        ph = sp.find(f"{P}nvSpPr/{P}nvPr/{P}ph")
        if ph is not None and int(ph.get("idx", "0")) == idx:
            return SimpleNamespace(_element=sp.find(P + "txBody"), part=slide.part)
    raise KeyError(idx)


def remove_empty_placeholders(slide) -> None:
    """An unfilled placeholder shows 'Click to add text' in PowerPoint: take it away."""
    tree = slide.shapes._element
    for shape in list(tree.iterchildren(P + "sp", P + "pic", P + "graphicFrame")):
        ph = shape.find(f".//{P}nvPr/{P}ph")
        if ph is None:
            continue
        text = "".join(t.text or "" for t in shape.iter(A + "t"))
        if not text.strip():
            tree.remove(shape)


def slide_number_field(text_frame, size: float, color: str, font: str) -> None:
    """A real slide-number field, so numbers stay right when slides are moved."""
    p = text_frame.paragraphs[0]
    p._element.get_or_add_pPr().set("algn", "r")
    for extra in text_frame.paragraphs[1:]:
        extra._element.getparent().remove(extra._element)
    field = etree.SubElement(p._element, qn("a:fld"), id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}",
                             type="slidenum")
    rpr = etree.SubElement(field, qn("a:rPr"), lang="en-US", sz=str(int(size * 100)))
    fill = etree.SubElement(rpr, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val=color)
    etree.SubElement(rpr, qn("a:latin"), typeface=font)
    text = etree.SubElement(field, qn("a:t"))
    text.text = "‹#›"
    p._element.remove(field)
    end = p._element.find(qn("a:endParaRPr"))
    if end is not None:
        end.addprevious(field)
    else:
        p._element.append(field)
