"""Personalized handouts from a roster, fast enough for a whole company.

What is shared is laid out once: one handouts PDF per department in the roster (each with that
department's worksheet variants), with room in the running header for a name. The names are
laid out once too, one page each, by the same template code that draws the header (stamps.typ),
so a name always falls where the header leaves room for it. Each person's copy is then their
department's pages with their name page drawn over each: pikepdf (qpdf) puts every page in the
file once, as a form, and each person's page only points at two forms. The merged file keeps
roster order and starts every person on an odd page, so a duplex printer never puts two people
on one sheet.

Typst keeps what it laid out for the life of the process, so a big roster's names are laid out
in worker processes, a few thousand at a time, started fresh ("spawn") and ended after each
batch: memory stays flat however long the roster, and the machine's cores share the work.
"""

from __future__ import annotations

import datetime as dt
import io
import multiprocessing
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

import pikepdf

from workshop.render.documents import Context, engine
from workshop.render.documents.data import handouts as handouts_data
from workshop.render.documents.engine import Stage
from workshop.render.documents.model import SessionDocuments
from workshop.roster import Person
from workshop.session import output_time
from workshop.tailor import Tailored

STAMPS_PER_LAYOUT = 2000  # names laid out at a time: bounds the memory a big roster needs


@dataclass(frozen=True)
class Personalized:
    merged: bytes
    singles: dict[str, bytes]  # person's file name -> PDF
    pages: int
    warnings: tuple[str, ...] = ()


def base_handouts(context: Context, variants: Mapping[str, Tailored],
                  warnings: list[str]) -> dict[str, bytes]:
    """Department id -> its handouts PDF (that department's worksheet variants), with room in
    the header for a name."""
    bases = {}
    for dept, variant in variants.items():
        data = context.data.model_copy(update={
            "handouts": handouts_data(variant, personal=True)})
        compiled = engine.compile_pdf(context.stage, "handouts", data,
                                      output_time(variant.session.date))
        warnings.extend(compiled.warnings)
        bases[dept] = compiled.pdf
    return bases


def stamp_texts(people: list[Person], labels: dict[str, str]) -> list[str]:
    return [f"{p.name} · {labels.get(p.department, p.department)}" for p in people]


def _stamp_batch(where: Stage, data: SessionDocuments, when: dt.datetime,
                 texts: list[str]) -> tuple[bytes, tuple[str, ...]]:
    """One batch of name pages (run in a worker process for big rosters)."""
    compiled = engine.compile_pdf(where, "stamps", data.model_copy(update={
        "stamps": tuple(texts)}), when)
    return compiled.pdf, compiled.warnings


def stamps(context: Context, when: dt.datetime, texts: list[str],
           warnings: list[str]) -> Iterator[bytes]:
    """The name pages, in PDFs of at most STAMPS_PER_LAYOUT pages each, in roster order."""
    data = context.data.model_copy(update={"handouts": context.data.handouts.model_copy(
        update={"personal": True})})
    batch = partial(_stamp_batch, context.stage, data, when)
    batches = [texts[i:i + STAMPS_PER_LAYOUT] for i in range(0, len(texts), STAMPS_PER_LAYOUT)]
    if len(batches) == 1:
        made = iter([batch(batches[0])])
    else:
        workers = min(len(batches), os.cpu_count() or 1)
        pool = multiprocessing.get_context("spawn").Pool(workers, maxtasksperchild=1)
        made = pool.imap(batch, batches)
    try:
        for pdf, found in made:
            warnings.extend(found)
            yield pdf
    finally:
        if len(batches) > 1:
            pool.terminate()
            pool.join()


class _Book:
    """A PDF of stamped copies of base pages, each base page's content in it once.

    A person's pages share one resource dictionary that names every page of their
    department's copy (/B1, /B2, …) and their name (/S); each page's content is the shared
    "draw /Bn, then /S". The page size is set once, on the page tree, for every page: so a
    page costs one small dictionary, which keeps a 20,000-person book within memory. The page
    tree is balanced (at most FANOUT kids a node), as readers expect of long documents."""

    FANOUT = 128

    def __init__(self, size: list[float]) -> None:
        self.pdf = pikepdf.new()
        self.root = self.pdf.Root.Pages
        self.root.MediaBox = pikepdf.Array(size)
        self.leaves: list[Any] = []
        self.in_leaf = self.FANOUT
        self.count = 0
        self.forms: dict[int, dict[str, Any]] = {}  # base -> {"/B1": form, …}
        self.draws: dict[int, Any] = {}  # page number -> its content stream
        self.blank = pikepdf.Dictionary()

    def _forms(self, base: pikepdf.Pdf) -> dict[str, Any]:
        if id(base) not in self.forms:
            self.forms[id(base)] = {f"/B{n + 1}": self.pdf.copy_foreign(page.as_form_xobject())
                                    for n, page in enumerate(base.pages)}
        return self.forms[id(base)]

    def _draw(self, number: int) -> Any:
        if number not in self.draws:
            self.draws[number] = self.pdf.make_stream(f"q /B{number} Do Q q /S Do Q\n".encode())
        return self.draws[number]

    def _page(self, **fields: Any) -> None:
        if self.in_leaf == self.FANOUT:
            self.leaves.append(self.pdf.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.Pages, Kids=pikepdf.Array(), Count=0)))
            self.in_leaf = 0
        leaf = self.leaves[-1]
        leaf.Kids.append(self.pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Page, Parent=leaf, **fields)))
        self.in_leaf += 1
        self.count += 1

    def add(self, base: pikepdf.Pdf, stamp: pikepdf.Page, pad_to_even: bool) -> None:
        forms = self._forms(base)
        names = pikepdf.Dictionary({**forms, "/S": self.pdf.copy_foreign(
            stamp.as_form_xobject())})
        resources = self.pdf.make_indirect(pikepdf.Dictionary(XObject=names))
        for number in range(1, len(forms) + 1):
            self._page(Contents=self._draw(number), Resources=resources)
        if pad_to_even and len(forms) % 2:
            self._page(Resources=self.blank)

    def save(self) -> bytes:
        nodes = self.leaves
        for leaf in nodes:
            leaf.Count = len(leaf.Kids)
        while len(nodes) > self.FANOUT:  # a level of nodes above, until the root can hold them
            upper = []
            for i in range(0, len(nodes), self.FANOUT):
                group = nodes[i:i + self.FANOUT]
                node = self.pdf.make_indirect(pikepdf.Dictionary(
                    Type=pikepdf.Name.Pages, Kids=pikepdf.Array(group),
                    Count=sum(int(n.Count) for n in group)))
                for child in group:
                    child.Parent = node
                upper.append(node)
            nodes = upper
        for node in nodes:
            node.Parent = self.root
        self.root.Kids = pikepdf.Array(nodes)
        self.root.Count = self.count
        out = io.BytesIO()
        self.pdf.save(out, deterministic_id=True,
                      object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()


def personalize(tailored: Tailored, context: Context, variants: Mapping[str, Tailored],
                people: list[Person], split: bool) -> Personalized:
    """Everyone's handouts in one book (and one file each with `split`); `variants` holds the
    session tailored for each department on the roster."""
    warnings: list[str] = []
    departments = list(dict.fromkeys(p.department for p in people))
    bases = {d: pikepdf.open(io.BytesIO(pdf)) for d, pdf in
             base_handouts(context, {d: variants[d] for d in departments}, warnings).items()}
    labels = {d: tailored.library.department_name(d) for d in departments}
    size = [float(v) for v in next(iter(bases.values())).pages[0].mediabox]
    merged = _Book(size)
    singles: dict[str, bytes] = {}
    texts = stamp_texts(people, labels)
    index = 0
    for chunk in stamps(context, output_time(tailored.session.date), texts, warnings):
        stamp_pdf = pikepdf.open(io.BytesIO(chunk))
        for stamp in stamp_pdf.pages:
            person = people[index]
            index += 1
            merged.add(bases[person.department], stamp, pad_to_even=True)
            if split:
                single = _Book(size)
                single.add(bases[person.department], stamp, pad_to_even=False)
                singles[f"handouts/{person.slug}.pdf"] = single.save()
    return Personalized(merged.save(), singles, merged.count,
                        tuple(dict.fromkeys(warnings)))
