"""What a print template may not do, found before Typst runs it: import a package (Typst would
download it) or evaluate code built from text (`eval`, which could do the same).

Typst reads files only inside the folder it is given (see engine.py); this check closes the
one door that leads out of it, the network. It reads a template the way Typst does, telling
markup from code, so that the words "import" or "eval" in a sentence are just words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Modules of Typst's own library a template may import from by name (`#import calc: pow`).
STANDARD_MODULES = frozenset({"calc", "emoji", "sym", "std", "sys", "math", "pdf", "html"})
STATEMENTS = frozenset({"let", "set", "show", "import", "include", "if", "for", "while",
                        "context", "return", "break", "continue"})
PACKAGE_HINT = ("packages cannot be used in print templates (they would be downloaded): copy "
                "the files you need into your templates folder and import them by path")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_STRING = re.compile(r'"((?:\\.|[^"\\])*)"')
_PACKAGE_LIKE = re.compile(r"^@[^\s]*[/:]")
_LINK = re.compile(r"https?://[^\s\[\]()<>\"]*")


@dataclass(frozen=True)
class Forbidden:
    offset: int
    message: str


def line_col(source: str, offset: int) -> tuple[int, int]:
    line = source.count("\n", 0, offset) + 1
    return line, offset - (source.rfind("\n", 0, offset) + 1) + 1


class _Scanner:
    def __init__(self, source: str) -> None:
        self.s, self.i = source, 0
        self.found: list[Forbidden] = []

    # -- shared

    def _skip_comment(self) -> bool:
        s, i = self.s, self.i
        if s.startswith("//", i):
            end = s.find("\n", i)
            self.i = len(s) if end < 0 else end
            return True
        if s.startswith("/*", i):
            depth, i = 1, i + 2
            while i < len(s) and depth:
                if s.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif s.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
            self.i = i
            return True
        return False

    def _skip_raw(self) -> None:
        s, i = self.s, self.i
        ticks = len(s[i:]) - len(s[i:].lstrip("`"))
        if ticks == 2:
            self.i = i + 2
            return
        end = s.find("`" * ticks, i + ticks)
        self.i = len(s) if end < 0 else end + ticks

    def _string(self) -> str:
        s, i = self.s, self.i + 1
        out = []
        while i < len(s) and s[i] != '"':
            if s[i] == "\\" and i + 1 < len(s):
                out.append(s[i:i + 2])
                i += 2
                continue
            out.append(s[i])
            i += 1
        self.i = i + 1
        return "".join(out)

    def _forbid(self, offset: int, message: str) -> None:
        self.found.append(Forbidden(offset, message))

    # -- markup

    def markup(self, close: str | None) -> None:
        s, depth = self.s, 0
        while self.i < len(s):
            c = s[self.i]
            if c == "\\":
                self.i += 2
            elif self._skip_comment():
                pass
            elif c == "`":
                self._skip_raw()
            elif (link := _LINK.match(s, self.i)) is not None:
                self.i = link.end()
            elif c == "[":
                depth, self.i = depth + 1, self.i + 1
            elif c == "]":
                self.i += 1
                if depth == 0 and close == "]":
                    return
                depth -= 1
            elif c == "#" and self.i + 1 < len(s) and (s[self.i + 1] in "({[\"" or
                                                        _IDENT.match(s, self.i + 1)):
                self.i += 1
                self.embedded()
            else:
                self.i += 1

    def embedded(self) -> None:
        """One code expression or statement after '#' in markup."""
        s = self.s
        word = _IDENT.match(s, self.i)
        if word and word.group() in STATEMENTS:
            self.code(None, line=True)
            return
        if word:
            self.i = word.end()
            self._check_word(word.start(), word.group())
        elif s[self.i] == '"':
            self._check_string(self.i, self._string())
        # then what is chained to it without a space: .field, (arguments), [content]
        while self.i < len(s):
            c = s[self.i]
            if c in "({[":
                self._group()
            elif c == "." and (field := _IDENT.match(s, self.i + 1)):
                self._check_word(self.i + 1, field.group())
                self.i = field.end()
            else:
                return

    # -- code

    def _group(self) -> None:
        opener = self.s[self.i]
        self.i += 1
        if opener == "[":
            self.markup("]")
        else:
            self.code(")" if opener == "(" else "}", line=False)

    def code(self, close: str | None, line: bool) -> None:
        s = self.s
        while self.i < len(s):
            c = s[self.i]
            if self._skip_comment():
                continue
            if c == "\n" and line:
                return
            if close is not None and c == close:
                self.i += 1
                return
            if c in ")}]" and close is None and line:
                return  # the end of the markup block this statement sits in
            if c in "({[":
                self._group()
            elif c == '"':
                start = self.i
                self._check_string(start, self._string())
            elif c == "`":
                self._skip_raw()
            elif (word := _IDENT.match(s, self.i)) and (self.i == 0 or not (
                    s[self.i - 1].isalnum() or s[self.i - 1] in "_-")):
                self.i = word.end()
                self._check_word(word.start(), word.group())
            else:
                self.i += 1

    def _check_word(self, offset: int, word: str) -> None:
        if word == "eval":
            self._forbid(offset, "eval is not allowed in print templates: it runs text as "
                                 "code, which could reach outside the templates folder")
        elif word in ("import", "include"):
            rest = self.s[self.i:]
            target = rest.lstrip(" \t")
            at = self.i + len(rest) - len(target)
            if target.startswith('"'):
                literal = _STRING.match(target)
                after = target[literal.end():].lstrip(" \t") if literal else "+"
                if literal and literal.group(1).startswith("@"):
                    self._forbid(at, f"'{literal.group(1)}' names a package: {PACKAGE_HINT}")
                elif after[:1] in ("+", ".", "(", "["):
                    self._forbid(at, f"{word} takes a file name in quotes, written out whole")
                return
            name = _IDENT.match(target)
            if name and name.group() in STANDARD_MODULES:
                return
            self._forbid(at, f"{word} takes a file name in quotes, e.g. {word} "
                             f"\"/builtin/lib.typ\"")

    def _check_string(self, offset: int, value: str) -> None:
        if value == "@" or _PACKAGE_LIKE.match(value):
            self._forbid(offset, f"'{value}' names a package: {PACKAGE_HINT}")


def forbidden(source: str) -> list[Forbidden]:
    """Every package import and eval in a template's source, where it is."""
    scanner = _Scanner(source)
    scanner.markup(None)
    return list({f.offset: f for f in scanner.found}.values())
