"""Renderers turn a tailored session into files; each is imported only when its output is
asked for."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from workshop.tailor import Tailored

if TYPE_CHECKING:
    from workshop.render.documents import Context, Rendered

Renderer = Callable[[Tailored, "Context"], "Rendered"]

# output name -> "module:function"; the function returns the files it made and its warnings.
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
