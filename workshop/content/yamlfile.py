"""Read a YAML file into plain data plus a map from each field path to its line and column."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from workshop.errors import Problem, display_path

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000

FieldPath = tuple[str | int, ...]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_scalars = yaml.SafeLoader("")  # borrowed for its scalar constructors only

_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


def format_path(path: FieldPath) -> str:
    """('slides', 3, 'notes') -> 'slides[3].notes'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass
class Located:
    """Plain data from one YAML file and where each value and key stands in it."""

    file: Path
    data: Any
    marks: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: FieldPath) -> tuple[int, int]:
        """The line and column of the deepest part of `path` present in the file."""
        for end in range(len(path), -1, -1):
            mark = self.marks.get(tuple(path[:end]))
            if mark:
                return mark
        return (0, 0)

    def problem(self, path: FieldPath, message: str) -> Problem:
        line, col = self.where(path)
        return Problem(display_path(self.file), line, col, format_path(path), message)


class YamlError(Exception):
    """The file cannot be read as YAML; carries one located problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _fail(file: Path, message: str, line: int = 0, col: int = 0) -> YamlError:
    return YamlError(Problem(display_path(file), line, col, "", message))


def _decode(file: Path, raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _fail(file, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}): save the file as UTF-8",
                    line, col) from None
    if "\x00" in text:
        raise _fail(file, "looks like a binary file, not YAML text")
    return text.removeprefix("\ufeff")


def read_yaml(file: Path) -> Located:
    """Parse `file`; raise YamlError with the line and a fix for anything unreadable."""
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _fail(file, f"file is {size / 1e6:.1f} MB; content files are limited to "
                              f"{MAX_FILE_BYTES // (1024 * 1024)} MB: split it into smaller files")
        raw = file.read_bytes()
    except FileNotFoundError:
        raise _fail(file, "file not found") from None
    except IsADirectoryError:
        raise _fail(file, "is a folder, expected a YAML file") from None
    except OSError as exc:
        raise _fail(file, f"cannot read file: {exc.strerror}") from None
    return parse_yaml(file, _decode(file, raw))


def _position(mark: Any) -> tuple[int, int]:
    """A YAML mark as a 1-based (line, column); (0, 0) when the parser gave none."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)


def _reject_aliases(file: Path, text: str) -> None:
    """Aliases can expand a small file into billions of values; we refuse them where they stand."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            raise _fail(file, "YAML anchors and aliases (&name, *name) are not supported in "
                              "workshop files: write the value out",
                        *_position(event.start_mark))


def parse_yaml(file: Path, text: str) -> Located:
    try:
        if "&" in text:  # an alias needs an anchor; only then is the second pass worth it
            _reject_aliases(file, text)
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or "invalid YAML"
        hint = ""
        if "mapping values are not allowed" in what:
            hint = " (a value containing ': ' must be quoted)"
        elif "found character '\\t'" in what:
            hint = " (indent with spaces, not tabs)"
        raise _fail(file, f"invalid YAML: {what}{hint}",
                    mark.line + 1 if mark else 0, mark.column + 1 if mark else 0) from None
    except yaml.YAMLError as exc:
        raise _fail(file, f"invalid YAML: {exc}") from None
    if len(nodes) > 1:
        line = nodes[1].start_mark.line + 1
        raise _fail(file, "holds more than one YAML document ('---'); keep one per file", line, 1)
    located = Located(file, None)
    if nodes:
        builder = _Builder(file, located.marks)
        located.data = builder.build(nodes[0], ())
    return located


class _Builder:
    """Turns composed nodes into dicts, lists and scalars, recording every position."""

    def __init__(self, file: Path, marks: dict[FieldPath, tuple[int, int]]) -> None:
        self.file = file
        self.marks = marks
        self.seen: set[int] = set()
        self.count = 0

    def build(self, node: yaml.Node, path: FieldPath) -> Any:
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        if id(node) in self.seen:
            raise _fail(self.file, "YAML anchors and aliases (&name, *name) are not supported "
                                   "in workshop files: write the value out", line, col)
        self.seen.add(id(node))
        self.count += 1
        if self.count > MAX_NODES:
            raise _fail(self.file, f"more than {MAX_NODES:,} values in one file: split it up")
        self.marks.setdefault(path, (line, col))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _fail(self.file, "YAML merge keys (<<) are not supported: write the "
                                       "fields out",
                            key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            key = self.build(key_node, path + ("<key>",))
            if isinstance(key, (dict, list)):
                raise _fail(self.file, "a mapping key must be a plain word",
                            key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            key = str(key) if not isinstance(key, str) else key
            if key in out:
                first = self.marks.get(path + (key,), (0, 0))[0]
                raise _fail(self.file, f"key '{key}' appears twice (first on line {first}): "
                                       "keep one", key_node.start_mark.line + 1,
                            key_node.start_mark.column + 1)
            self.marks[path + (key,)] = (key_node.start_mark.line + 1,
                                         key_node.start_mark.column + 1)
            out[key] = self.build(value_node, path + (key,))
        self.marks.pop(path + ("<key>",), None)
        return out

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag, value = node.tag, node.value
        if node.style in ("'", '"', "|", ">"):
            return value
        if tag == "tag:yaml.org,2002:str":
            return value
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            # YAML 1.1 reads yes/no/on/off as booleans; we keep them as the words they are.
            return True if value in _TRUE else False if value in _FALSE else value
        if tag == "tag:yaml.org,2002:int":
            # YAML 1.1 reads 9:30 as the base-60 number 570; keep it as the time it means.
            return value if ":" in value else _scalars.construct_yaml_int(node)
        if tag == "tag:yaml.org,2002:float":
            return value if ":" in value else _scalars.construct_yaml_float(node)
        if tag == "tag:yaml.org,2002:timestamp":
            try:
                stamp = _scalars.construct_yaml_timestamp(node)
            except ValueError:  # 2027-13-45 looks like a date but is not one: keep the text
                return value
            return stamp if isinstance(stamp, (dt.date, dt.datetime)) else value
        raise _fail(self.file, f"unsupported YAML tag {tag}: remove it",
                    node.start_mark.line + 1, node.start_mark.column + 1)
