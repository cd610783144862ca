"""Renderers turn a tailored session into files; each is imported only when its output is asked for."""

from __future__ import annotations

import importlib
from typing import Callable

from workshop.tailor import Tailored

Renderer = Callable[[Tailored], dict[str, bytes]]

# output name -> "module:function"; the function returns {file name: bytes}.
RENDERERS: dict[str, str] = {
    "agenda": "workshop.render.documents:agenda",
    "deck": "workshop.render.deck:render",
    "guide": "workshop.render.documents:guide",
    "handouts": "workshop.render.documents:handouts",
    "intake": "workshop.render.documents:intake",
    "evaluation": "workshop.render.documents:evaluation",
}


def renderer(output: str) -> Renderer:
    module, function = RENDERERS[output].split(":")  # the session model allows only these
    return getattr(importlib.import_module(module), function)
