"""The .pptx file itself: same inputs, same bytes; speaker notes on every slide."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from lxml import etree

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _embedded_workbook(data: bytes, when: dt.datetime) -> bytes:
    """A chart's workbook as python-pptx wrote it (through XlsxWriter), with the wall-clock
    creation time in its properties replaced by the build's moment."""
    stamp = when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for name in source.namelist():
            content = source.read(name)
            if name == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                                 rb"\g<1>" + stamp + rb"\g<2>", content)
            info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            dest.writestr(info, content)
    return out.getvalue()


def deterministic_bytes(prs: Any, when: dt.datetime | None = None) -> bytes:
    """Save `prs` and rewrite the zip with fixed entry times and a stable entry order; the
    workbooks inside charts get `when` as their creation time."""
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
            data = source.read(name)
            if when is not None and name.startswith("ppt/embeddings/") \
                    and name.endswith(".xlsx"):
                data = _embedded_workbook(data, when)
            dest.writestr(info, data)
    return out.getvalue()


def write_notes(slide: Any, text: str) -> None:
    """The slide's speaker notes, one paragraph per line. python-pptx makes the notes page
    from the notes master; a master without a notes placeholder (python-pptx #983) gets one."""
    element = slide.notes_slide._element
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
