"""What a one-on-one session shows, module by module, and the group mechanics it must not
mention: a coaching session has one executive and a coach, not tables, pairs or a room."""

from __future__ import annotations

import re
from collections.abc import Iterator

from workshop.content.library import Library
from workshop.plan import plan
from workshop.plan.depth import tiers
from workshop.render.documents.data import session_documents
from workshop.session import Session
from workshop.tailor import tailor

GROUP_ONLY = re.compile("|".join([
    r"\btables\b", r"\b(each|your|every|per|at the|one) table\b(?! (below|above|of contents))",
    r"\bthe room\b", r"\bin the room\b", r"\bvolunteers? (to )?(read|share|go first)",
    r"\bask for volunteers\b", r"\b(two|three|a few) (or (three|four|five) )?volunteers\b",
    r"\byour partner\b", r"\bpartner's\b", r"\bwith a partner\b", r"\bpartners? (swap|read|"
    r"check|asks?)\b", r"\bpairs?\b(?! of)", r"\bflip ?charts?\b", r"\bhands? up\b",
    r"\bwalk (round|around)\b", r"\beach group\b", r"\bsmall groups?\b", r"\bgroups of\b",
    r"\bround the room\b", r"\bgo round\b", r"\bwho here\b", r"\bask who\b",
    r"\beveryone (in|here)\b", r"\bthe group\b", r"\bcolleagues in\b",
]), re.I)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def one_on_one_texts(library: Library) -> Iterator[tuple[str, str]]:
    """(module id, text) for every text a one-on-one session of each module shows: its slides,
    notes and examples, and its exercises as the guide and the handouts show them."""
    for module in library.modules.values():
        if "one-on-one" not in module.formats:
            continue
        department = next(d for d in sorted(library.departments) if module.serves(d))
        listed = list(dict.fromkeys([*module.requires, module.id]))
        minutes = sum(tiers(library.modules[m], "one-on-one").extended for m in listed)
        session = Session.model_validate({
            "title": "T", "organization": "Acme", "format": "one-on-one",
            "departments": [department], "duration": minutes, "modules": listed})
        tailored = tailor(session, library, plan(session, library))
        data = session_documents(tailored, None).model_dump(mode="json")
        shown = {"guide": data["guide"]["runsheet"], "handouts": data["handouts"]}
        for text in _strings(shown):
            yield module.id, text


def group_mechanics(text: str) -> list[str]:
    return [m.group(0) for m in GROUP_ONLY.finditer(text)]
