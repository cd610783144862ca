"""Screen pages (HTML) and Markdown from the documents' data, with Jinja2: the user's templates
first, then the built-in ones."""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import jinja2
from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.bccache import Bucket
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from workshop.content import layer_cache
from workshop.errors import WorkshopError, display_path
from workshop.render.documents.model import Data

BUILTIN = Path(__file__).resolve().parent.parent / "templates"
# Overrides reach the template they replace under this prefix:
# {% extends "builtin/agenda.html.j2" %}
BUILTIN_PREFIX = "builtin"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")


def md_escape(value: object) -> str:
    """A plain value (a session title, an organization) shown literally in Markdown."""
    return _MD_SPECIAL.sub(r"\\\1", str(value))


def _styled(runs: list[dict], text: Callable[[str], str], link: Callable[[str, str], str],
            italic: Callable[[str], str], bold: Callable[[str], str]) -> str:
    """Rich text (runs), each run's text made safe by `text`, then styled."""
    parts = []
    for run in runs:
        piece = text(run["text"])
        if run.get("href"):
            piece = link(piece, run["href"])
        if run.get("italic"):
            piece = italic(piece)
        if run.get("bold"):
            piece = bold(piece)
        parts.append(piece)
    return "".join(parts)


def md_rich(runs: list[dict]) -> str:
    """Rich text as Markdown: **bold**, *italic*, [links]; everything else escaped."""
    return _styled(runs, md_escape, lambda text, href: f"[{text}]({href})", "*{}*".format,
                   "**{}**".format)


def html_rich(runs: list[dict]) -> Markup:
    """Rich text as HTML: <strong>, <em> and <a>; every text escaped."""
    return Markup(_styled(runs, lambda text: str(escape(text)),
                          lambda text, href: f'<a href="{escape(href)}">{text}</a>',
                          "<em>{}</em>".format, "<strong>{}</strong>".format))


def plain_rich(runs: list[dict]) -> str:
    return "".join(run["text"] for run in runs)


def _autoescape(name: str | None) -> bool:
    # Select by the name before `.j2`: every HTML template escapes, Markdown and CSS do not.
    return name is not None and name.removesuffix(".j2").endswith((".html", ".htm", ".xml"))


class _CompiledTemplates(FileSystemBytecodeCache):
    """Templates compiled once and kept on disk, for the next run and the next session.

    Filling the five print templates took 0.15 to 0.28 s of a new process, mostly compiling
    them; loaded compiled, 0.05 s. Jinja keeps each compiled template with a checksum of its
    source and compiles again when the source changed (a user's override edited). A cache that
    cannot be read or written is only a slower run."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged file: compile again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _compiled_templates() -> _CompiledTemplates | None:
    base = layer_cache.folder()
    if base is None:
        return None
    # How a template compiles depends on this file (the environment's options, escaping) and
    # on Jinja, not only on the template's source: either changed, a fresh folder.
    digest = hashlib.sha256(Path(__file__).read_bytes() + jinja2.__version__.encode())
    return _CompiledTemplates(str(base / f"templates-{digest.hexdigest()[:16]}"))


@functools.lru_cache(maxsize=8)
def environment(user_folder: Path | None = None) -> Environment:
    """Templates are looked up in `user_folder` first, then built in (also as builtin/NAME).

    One environment per folder and process: a batch of sessions loads each template once
    (Jinja still notices a template changed on disk and reloads it)."""
    builtin = FileSystemLoader(str(BUILTIN))
    loaders: list[BaseLoader] = [FileSystemLoader(str(user_folder))] if user_folder else []
    loaders += [builtin, PrefixLoader({BUILTIN_PREFIX: builtin})]
    # Sandboxed: a template folder shared by a colleague can format data, not run code.
    env = SandboxedEnvironment(loader=ChoiceLoader(loaders), undefined=StrictUndefined,
                      autoescape=_autoescape, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True, bytecode_cache=_compiled_templates())
    env.filters.update(md=md_escape, md_rich=md_rich, rich=html_rich, plain=plain_rich)
    return env


def render(folder: Path | None, name: str, data: Data, **extra: object) -> bytes:
    """One screen template filled with the documents' `data` (as JSON-like values), as UTF-8."""
    env = environment(folder)  # one per folder and process
    try:
        text = env.get_template(name).render(data=data.model_dump(mode="json"), **extra)
    except TemplateSyntaxError as exc:
        where = display_path(exc.filename) if exc.filename else exc.name or name
        raise WorkshopError(f"{where}:{exc.lineno}: template syntax error: {exc.message}") \
            from None
    except TemplateNotFound as exc:
        raise WorkshopError(f"template '{exc.name}' not found in {_searched(folder)}") from None
    except TemplateError as exc:
        hint = f" (check your templates in {display_path(folder)})" if folder else ""
        raise WorkshopError(f"template {name}: {exc.message}{hint}") from None
    return text.encode("utf-8")


def _searched(folder: Path | None) -> str:
    builtin = f"the built-in templates (also reachable as {BUILTIN_PREFIX}/NAME)"
    return f"{display_path(folder)} or {builtin}" if folder else builtin
