"""Agenda and print documents from Jinja2 templates (Markdown for now)."""

from __future__ import annotations

import re

from jinja2 import Environment, PackageLoader, StrictUndefined

from workshop.plan import clock
from workshop.tailor import Tailored

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")


def md_escape(value: object) -> str:
    """A plain value (a session title, an organization) shown literally in Markdown."""
    return _MD_SPECIAL.sub(r"\\\1", str(value))


def md_content(value: str) -> str:
    """Content text keeps its **bold**, *italic* and [links]; raw HTML is shown, not run."""
    return value.replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("workshop.render", "templates"),
                      undefined=StrictUndefined, autoescape=False, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(md=md_escape, content=md_content, clock=clock)
    return env


def agenda(tailored: Tailored) -> dict[str, bytes]:
    template = _environment().get_template("agenda.md.j2")
    text = template.render(t=tailored, session=tailored.session, values=tailored.values)
    return {"agenda.md": text.encode("utf-8")}
