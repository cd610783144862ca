"""The .pptx file itself: same inputs, same bytes; and slide creation that stays linear."""

from __future__ import annotations

import copy
import hashlib
import io
import zipfile
from typing import Any

from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.parts.slide import NotesSlidePart, SlidePart

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
SHAPE_TAGS = (P + "sp", P + "pic", P + "graphicFrame", P + "grpSp", P + "cxnSp")

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def deterministic_bytes(prs: Any) -> bytes:
    """Save `prs` and rewrite the zip with fixed entry times and a stable entry order."""
    raw = io.BytesIO()
    prs.save(raw)
    raw.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        names = source.namelist()
        # [Content_Types].xml first, then the package relationships, then the rest by name.
        order = sorted(names, key=lambda n: (n != "[Content_Types].xml", n != "_rels/.rels", n))
        for name in order:
            info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            dest.writestr(info, source.read(name))
    return out.getvalue()


def make_linear(prs: Any) -> None:
    """Keep adding slides, notes and pictures O(1) each instead of O(slides).

    python-pptx finds the next free part name, and an existing copy of an image, by walking
    every part of the package each time: building N slides with notes costs O(N^2). We count
    part names per template and remember images by hash instead; nothing else adds parts.
    """
    package = prs.part.package
    counters: dict[str, int] = {}

    def next_partname(template: str) -> PackURI:
        if template not in counters:
            prefix, suffix = template.split("%d")
            taken = [str(part.partname)[len(prefix):-len(suffix)]
                     for part in package.iter_parts()
                     if str(part.partname).startswith(prefix)
                     and str(part.partname).endswith(suffix)]
            counters[template] = max((int(n) for n in taken if n.isdigit()), default=0)
        counters[template] += 1
        return PackURI(template % counters[template])

    package.next_partname = next_partname

    find_image = package.get_or_add_image_part
    images: dict[str, Any] = {}

    def get_or_add_image_part(image_file: Any) -> Any:
        if hasattr(image_file, "read"):
            data = image_file.read()
        else:
            with open(image_file, "rb") as handle:
                data = handle.read()
        key = hashlib.sha1(data).hexdigest()
        if key not in images:
            images[key] = find_image(io.BytesIO(data))
        return images[key]

    package.get_or_add_image_part = get_or_add_image_part


class SlideFactory:
    """Slides and notes pages made by copying the first one made for each layout.

    python-pptx clones a layout's placeholders, and the notes master's, by searching the XML
    for every new slide; that search was most of the cost of a slide. The first slide of each
    layout is made the usual way, and later ones start as copies of its bare shapes.
    """

    def __init__(self, prs: Any) -> None:
        self.prs = prs
        self.package = prs.part.package
        self._placeholders: dict[int, list[Any]] = {}
        self._notes: Any = None
        self._id_list = prs.part._element.get_or_add_sldIdLst()
        self._next_id = max([255] + [int(e.get("id")) for e in self._id_list]) + 1

    def add_slide(self, layout: Any) -> Any:
        # python-pptx's add_slide looks for an existing relationship and a free slide id
        # among all slides: both are known to be new here.
        partname = PackURI(f"/ppt/slides/slide{len(self._id_list) + 1}.xml")
        slide_part = SlidePart.new(partname, self.package, layout.part)
        r_id = self.prs.part._rels._add_relationship(RT.SLIDE, slide_part)
        etree.SubElement(self._id_list, P + "sldId", {"id": str(self._next_id), R_ID: r_id})
        self._next_id += 1
        slide = slide_part.slide
        tree = slide.shapes._spTree
        key = id(layout)
        if key not in self._placeholders:
            slide.shapes.clone_layout_placeholders(layout)
            self._placeholders[key] = [copy.deepcopy(el) for el in tree.iterchildren()
                                       if el.tag in SHAPE_TAGS]
        else:
            for element in self._placeholders[key]:
                tree.append(copy.deepcopy(element))
        return slide

    def write_notes(self, slide: Any, text: str) -> None:
        if self._notes is None:
            notes_slide = slide.notes_slide
            self._notes = copy.deepcopy(notes_slide._element)
            element = notes_slide._element
        else:
            element = copy.deepcopy(self._notes)
            part = NotesSlidePart(self.package.next_partname(
                "/ppt/notesSlides/notesSlide%d.xml"), CT.PML_NOTES_SLIDE, self.package, element)
            part.relate_to(self.package.presentation_part.notes_master_part, RT.NOTES_MASTER)
            part.relate_to(slide.part, RT.SLIDE)
            slide.part.relate_to(part, RT.NOTES_SLIDE)
        body = _notes_body(element)
        if body is None:
            body = _add_notes_body(element)
        for old in body.findall(A + "p"):
            body.remove(old)
        for line in text.split("\n"):
            paragraph = etree.SubElement(body, A + "p")
            if line:
                run = etree.SubElement(paragraph, A + "r")
                etree.SubElement(run, A + "rPr", lang="en-US", dirty="0")
                etree.SubElement(run, A + "t").text = line


def _notes_body(notes: Any) -> Any:
    """The text body of the notes placeholder, or None when the notes page has none."""
    for sp in notes.iter(P + "sp"):
        ph = sp.find(f"{P}nvSpPr/{P}nvPr/{P}ph")
        if ph is not None and ph.get("type") == "body":
            return sp.find(P + "txBody")
    return None


def _add_notes_body(notes: Any) -> Any:
    """A notes placeholder for templates whose notes master has none (python-pptx #983)."""
    tree = notes.find(f"{P}cSld/{P}spTree")
    sp = etree.SubElement(tree, P + "sp")
    nv = etree.SubElement(sp, P + "nvSpPr")
    etree.SubElement(nv, P + "cNvPr", id="90", name="Notes Placeholder")
    etree.SubElement(etree.SubElement(nv, P + "cNvSpPr"), A + "spLocks", noGrp="1")
    etree.SubElement(etree.SubElement(nv, P + "nvPr"), P + "ph", type="body", idx="1")
    etree.SubElement(sp, P + "spPr")
    body = etree.SubElement(sp, P + "txBody")
    etree.SubElement(body, A + "bodyPr")
    etree.SubElement(body, A + "lstStyle")
    return body
