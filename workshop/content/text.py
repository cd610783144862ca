"""Content text: inline markup (**bold**, *italic*, [links](https://…)) and {{ variable }}
placeholders."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from jinja2 import StrictUndefined
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

_TEMPLATE_MARKERS = ("{{", "{%", "{#")
PLACEHOLDER = re.compile(r"{{\s*([A-Za-z_][A-Za-z0-9_]*)\s*}}")


@dataclass(frozen=True)
class Run:
    """A stretch of text with one style; `href` makes it a hyperlink."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


_INLINE = re.compile(
    r"\*\*(?P<bold>.+?)\*\*"
    r"|(?<![\w*])\*(?P<italic>[^*\s](?:[^*]*[^*\s])?)\*(?![\w*])"
    r"|\[(?P<label>[^\]]+)\]\((?P<href>[^)\s]+)\)"
)

ALLOWED_SCHEMES = ("https://", "http://", "mailto:")


def runs(text: str) -> list[Run]:
    """Split inline markup into styled runs; unmatched markers stay as literal text."""
    out: list[Run] = []
    pos = 0
    for match in _INLINE.finditer(text):
        if match.start() > pos:
            out.append(Run(text[pos:match.start()]))
        if match.group("bold") is not None:
            for inner in runs(match.group("bold")):
                out.append(Run(inner.text, True, inner.italic, inner.href))
        elif match.group("italic") is not None:
            for inner in runs(match.group("italic")):
                out.append(Run(inner.text, inner.bold, True, inner.href))
        else:
            out.append(Run(match.group("label"), href=match.group("href")))
        pos = match.end()
    if pos < len(text):
        out.append(Run(text[pos:]))
    return out


def plain(text: str) -> str:
    """The text a reader sees, with markup removed."""
    return "".join(run.text for run in runs(text))


_JOIN = "\u2060"  # WORD JOINER: invisible, and breaks a two-character marker apart


def literal(text: str) -> str:
    """Someone's own words (an intake answer) as content text that shows exactly what they
    typed: asterisks, [links](…) and {{ }} or {% %} become plain characters, never markup
    or placeholders."""
    text = text.replace("*", "\u2217").replace("](", "]" + _JOIN + "(")
    return re.sub(r"([{}])(?=[{}%#])", "\\1" + _JOIN, text)


_TAG = re.compile(r"{%|{#")
_OPEN_OR_CLOSE = re.compile(r"{{|}}")


def check_markup(text: str) -> str | None:
    """Why `text` is not acceptable content, or None. Checked once, when content loads.

    Placeholders must be plain `{{ name }}`: no tags, expressions, filters or attributes, so
    content can never run code even before it reaches Jinja2's sandbox.
    """
    if "](" in text:
        for run in runs(text):
            if run.href is not None and not run.href.startswith(ALLOWED_SCHEMES):
                return f"link target '{run.href}' must start with https://, http:// or mailto:"
    if "{" not in text and "}" not in text:
        return None
    if _TAG.search(text):
        return ("template tags such as {% … %} are not allowed in content; "
                "only {{ name }} placeholders")
    rest = PLACEHOLDER.sub("", text)
    if _OPEN_OR_CLOSE.search(rest):
        inner = re.search(r"{{(.*?)}}", rest)
        if inner is None:
            return "broken placeholder: write placeholders as {{ name }}"
        return ("only plain {{ name }} placeholders are allowed in content, "
                "not expressions, filters or attribute access")
    return None


def placeholders(text: str) -> list[str]:
    return PLACEHOLDER.findall(text)


@lru_cache(maxsize=1)
def _env() -> SandboxedEnvironment:
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=False,
                                keep_trailing_newline=True)


@lru_cache(maxsize=4096)
def _template(text: str):  # jinja2.Template
    return _env().from_string(text)


class UnknownVariable(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def substitute(text: str, values: Mapping[str, str]) -> str:
    """Fill {{ name }} placeholders from `values` in Jinja2's sandbox; values are never
    templates."""
    if not any(marker in text for marker in _TEMPLATE_MARKERS):
        return text
    try:
        return _template(text).render(values)
    except UndefinedError as exc:
        missing = next((n for n in placeholders(text) if n not in values), str(exc))
        raise UnknownVariable(missing) from None
    except SecurityError as exc:  # unreachable for checked content; kept as a hard stop
        raise UnknownVariable(str(exc)) from None
