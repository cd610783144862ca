"""Personalized handouts from a roster, fast enough for a whole company.

What is shared is laid out once: one handouts PDF per department in the roster (each with
that department's worksheet variants). Each person's copy is then made by stamping their name
and department into the running header of those pages, which costs milliseconds instead of a
new layout. The merged file keeps roster order and starts every person on an odd page, so a
duplex printer never puts two people on one sheet.

pikepdf (qpdf) does the page copying and stamping and reportlab draws the name stamps; both
are imported only when a roster is used.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import partial
from typing import Any

from workshop.errors import EngineMissing
from workshop.render.documents import page_context
from workshop.render.documents.furniture import MM, SIDE_MARGIN, TEXT_SIZE, reportlab_font
from workshop.render.documents.pdf import render_many
from workshop.render.documents.templating import render
from workshop.roster import Person
from workshop.tailor import Tailored, for_department

PAGE_SIZES = {"a4": (595.276, 841.89), "letter": (612.0, 792.0)}
# Where print.css.j2 puts the running header's text: 21 mm top margin, less the margin box's
# 3 mm padding, the header's 1.4 mm padding and rule, then a 4.2 mm line holding 7.5 pt text.
HEADER_BASELINE = (21 - 3 - 1.4 - 4.2) * MM - 0.5 + 7.83


@dataclass(frozen=True)
class Personalized:
    merged: bytes
    singles: dict[str, bytes]  # person's file name -> PDF
    pages: int


def _libraries() -> tuple[Any, Any]:
    try:
        import pikepdf
        from reportlab.pdfgen import canvas
    except ImportError as exc:
        raise EngineMissing(f"personalized handouts need pikepdf and reportlab ({exc}): "
                            "`python -m pip install pikepdf reportlab`") from None
    return pikepdf, canvas


def _stamp_font() -> str:
    """Carlito bold (the handouts' own font) where it can be found, else Helvetica bold."""
    from workshop.render.fonts import font_file

    found = font_file("Carlito", bold=True)
    return reportlab_font("WorkshopStamp", found) if found else "Helvetica-Bold"


def stamps(people: list[Person], labels: dict[str, str], paper: str) -> bytes:
    """One page per person, blank but for 'Name · Department' where the header leaves room."""
    _, canvas = _libraries()
    width, height = PAGE_SIZES[paper]
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(width, height), invariant=1, pageCompression=1)
    font = _stamp_font()
    for person in people:
        page.setFont(font, TEXT_SIZE)
        page.setFillColorRGB(0.106, 0.114, 0.129)
        text = f"{person.name} · {labels.get(person.department, person.department)}"
        page.drawRightString(width - SIDE_MARGIN, height - HEADER_BASELINE, text)
        page.showPage()
    page.save()
    return out.getvalue()


def _department_handouts(tailored: Tailored, department: str) -> str:
    variant = for_department(tailored, department)
    return render(variant, "handouts.html.j2", **page_context(variant), personal=True)


def base_handouts(tailored: Tailored, departments: list[str]) -> dict[str, bytes]:
    """Department id -> its handouts PDF, laid out once, with room in the header for a name."""
    jobs = [(dept, partial(_department_handouts, tailored, dept)) for dept in departments]
    rendered = render_many(tailored, jobs, tailored.session.folder)
    return {dept: rendered[dept].pdf for dept in departments}


def personalize(tailored: Tailored, people: list[Person], split: bool) -> Personalized:
    pikepdf, _ = _libraries()
    departments = list(dict.fromkeys(p.department for p in people))
    bases = {d: pikepdf.open(io.BytesIO(pdf)) for d, pdf in
             base_handouts(tailored, departments).items()}
    labels = {d: tailored.library.department_name(d) for d in departments}
    stamp_pdf = pikepdf.open(io.BytesIO(stamps(people, labels, tailored.session.paper)))
    merged = _Book(pikepdf, tailored.session.paper)
    singles: dict[str, bytes] = {}
    for index, person in enumerate(people):
        stamp = stamp_pdf.pages[index]
        merged.add(bases[person.department], stamp, pad_to_even=True)
        if split:
            single = _Book(pikepdf, tailored.session.paper)
            single.add(bases[person.department], stamp, pad_to_even=False)
            singles[f"handouts/{person.slug}.pdf"] = single.save()
    return Personalized(merged.save(), singles, merged.count)


class _Book:
    """A PDF assembled from stamped copies of base pages, in time linear in its length.

    pikepdf's page list costs O(pages) per append and per index, so the page tree is written
    directly: each base page's contents and resources are copied once, and each person's page
    is a new small dictionary pointing at them, with the stamp drawn over the original.
    """

    def __init__(self, pikepdf: Any, paper: str) -> None:
        self.pikepdf = pikepdf
        self.pdf = pikepdf.new()
        self.root = self.pdf.Root.Pages
        self.kids: list[Any] = []
        self.copied: dict[tuple[int, int], Any] = {}  # (base id, page) -> copied page parts
        self.save_state = self.pdf.make_stream(b"q\n")
        self.restore_state = self.pdf.make_stream(b"Q\n")
        self.size = PAGE_SIZES[paper]

    @property
    def count(self) -> int:
        return len(self.kids)

    def _parts(self, base: Any, number: int, page: Any) -> tuple[list, Any, dict]:
        key = (id(base), number)
        if key not in self.copied:
            contents = page.obj.get("/Contents")
            if isinstance(contents, self.pikepdf.Array):
                contents = list(contents)
            else:
                contents = [contents] if contents is not None else []
            boxes = {name: self.pikepdf.Array([float(v) for v in page.obj[name]])
                     for name in ("/MediaBox", "/TrimBox", "/BleedBox") if name in page.obj}
            resources = page.obj.get("/Resources", self.pikepdf.Dictionary())
            self.copied[key] = ([self.pdf.copy_foreign(c) for c in contents],
                                self.pdf.copy_foreign(resources), boxes)
        return self.copied[key]

    def add(self, base: Any, stamp: Any, pad_to_even: bool) -> None:
        pikepdf = self.pikepdf
        form = self.pdf.copy_foreign(stamp.as_form_xobject())
        draw = self.pdf.make_stream(b"q /WorkshopStamp Do Q\n")
        for number, page in enumerate(base.pages):
            contents, resources, boxes = self._parts(base, number, page)
            own = pikepdf.Dictionary(resources)
            xobjects = pikepdf.Dictionary(own.get("/XObject", pikepdf.Dictionary()))
            xobjects["/WorkshopStamp"] = form
            own["/XObject"] = xobjects
            new = pikepdf.Dictionary(Type=pikepdf.Name.Page, Parent=self.root, Resources=own,
                                     Contents=pikepdf.Array([self.save_state, *contents,
                                                             self.restore_state, draw]))
            for name, box in boxes.items():
                new[name] = box
            self.kids.append(self.pdf.make_indirect(new))
        if pad_to_even and len(base.pages) % 2:
            width, height = self.size
            blank = pikepdf.Dictionary(Type=pikepdf.Name.Page, Parent=self.root,
                                       MediaBox=pikepdf.Array([0, 0, width, height]),
                                       Resources=pikepdf.Dictionary())
            self.kids.append(self.pdf.make_indirect(blank))

    def save(self) -> bytes:
        self.root.Kids = self.pikepdf.Array(self.kids)
        self.root.Count = len(self.kids)
        out = io.BytesIO()
        self.pdf.save(out, deterministic_id=True)
        return out.getvalue()


def one_on_one_series(tailored: Tailored, people: list[Person]) -> dict[str, bytes]:
    """A deck and a facilitator guide for each executive in a one-on-one series."""
    from workshop.render.deck import render as render_deck
    from workshop.render.documents import guide
    from workshop.tailor import tailor

    files: dict[str, bytes] = {}
    session = tailored.session
    for person in people:
        audience = f"{person.name}, {person.role}" if person.role else person.name
        personal = session.model_copy(update={
            "audience": audience,
            "variables": {**session.variables, "participant": person.name}})
        one = tailor(personal, tailored.library, tailored.agenda)
        folder = f"people/{person.slug}"
        files[f"{folder}/deck.pptx"] = render_deck(one)["deck.pptx"]
        files[f"{folder}/facilitator-guide.pdf"] = guide(one)["facilitator-guide.pdf"]
    return files


def roster_outputs(tailored: Tailored, people: list[Person], split: bool) -> dict[str, bytes]:
    """What a roster adds: personalized handouts, and for 1:1, each executive's own deck."""
    files: dict[str, bytes] = {}
    outputs = tailored.session.outputs
    if tailored.session.format == "one-on-one" and ("deck" in outputs or "guide" in outputs):
        files.update(one_on_one_series(tailored, people))
    if "handouts" in outputs:
        result = personalize(tailored, people, split)
        files["handouts-personalized.pdf"] = result.merged
        files.update(result.singles)
    return files
