"""PDFs with Typst: the folder templates are read from, the fonts they use, errors a person
can act on.

Typst reads files only inside one folder, its root. Each build gets its own: the built-in
templates (at the top, and again under builtin/ for overrides that extend them), the user's
templates copied over them, and the session's logo under assets/. So a template can read
nothing else on the machine, and a user's lib.typ replaces the built-in one for every document.

Text is set in the shipped fonts, which makes the same inputs give the same bytes everywhere.
Only when the data holds characters those fonts lack (a Japanese or Arabic organization name)
are the machine's fonts added after them, and a warning names characters no font has.
"""

from __future__ import annotations

import atexit
import datetime as dt
import re
import shutil
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import typst

from workshop import fonts
from workshop.errors import WorkshopError, display_path
from workshop.render.documents import sandbox
from workshop.render.documents.model import Data

BUILTIN = Path(__file__).resolve().parent.parent / "templates"
BUILTIN_PREFIX = "builtin"
MAX_TEMPLATE_BYTES = 50 * 1024 * 1024
_LOCATION = re.compile(r"┌─ (?P<file>.+?):(?P<line>\d+):(?P<col>\d+)")


@dataclass(frozen=True)
class Stage:
    """The folder Typst may read for one build, and where its files came from."""

    root: Path
    user_folder: Path | None
    user_files: frozenset[str]  # paths (relative to the root) copied from the user's folder

    def shown(self, name: str) -> str:
        """How a file Typst names is shown to the user."""
        path = (Path.cwd() / name).resolve()  # Typst names files relative to the working folder
        if path.is_relative_to(self.root.resolve()):
            name = path.relative_to(self.root.resolve()).as_posix()
        name = name.lstrip("/")
        if self.user_folder is not None and name in self.user_files:
            return display_path(self.user_folder / name)
        if name.startswith(BUILTIN_PREFIX + "/"):
            name = name[len(BUILTIN_PREFIX) + 1:]
        return display_path(BUILTIN / name)

    def folder_shown(self) -> str:
        return display_path(self.user_folder if self.user_folder is not None else BUILTIN)


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not any(
        part.startswith(".") for part in p.relative_to(folder).parts))


def _fingerprint(folder: Path | None, assets: dict[str, Path]) -> tuple:
    listed = [(str(p), p.stat().st_size, p.stat().st_mtime_ns)
              for p in (_files(folder) if folder else [])]
    return (str(folder), tuple(listed),
            tuple((name, str(p), p.stat().st_size, p.stat().st_mtime_ns)
                  for name, p in sorted(assets.items())))


_stages: dict[tuple, tuple[Stage, tempfile.TemporaryDirectory]] = {}


def stage(user_folder: Path | None, assets: dict[str, Path]) -> Stage:
    """The root for these templates and assets (`assets`: name under assets/ -> file); made
    once per process and kept while nothing in them changes."""
    key = _fingerprint(user_folder, assets)
    if key in _stages:
        return _stages[key][0]
    if len(_stages) >= 8:  # a batch of sessions with many template folders: keep the latest
        _stages.pop(next(iter(_stages)))[1].cleanup()
    holder = tempfile.TemporaryDirectory(prefix="workshop-print-")
    root = Path(holder.name)
    for source in _files(BUILTIN):
        if source.suffix == ".typ":
            for target in (root / source.name, root / BUILTIN_PREFIX / source.name):
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
    copied: set[str] = set()
    if user_folder is not None:
        copied = _copy_user_templates(user_folder, root)
    for name, source in assets.items():
        (root / "assets").mkdir(exist_ok=True)
        shutil.copyfile(source, root / "assets" / name)
    made = Stage(root, user_folder, frozenset(copied))
    _stages[key] = (made, holder)
    return made


def _copy_user_templates(folder: Path, root: Path) -> set[str]:
    files = _files(folder)
    if sum(p.stat().st_size for p in files) > MAX_TEMPLATE_BYTES:
        raise WorkshopError(f"templates folder {display_path(folder)} holds more than "
                            f"{MAX_TEMPLATE_BYTES // 2**20} MB: keep only templates and the "
                            "images they use in it")
    problems = []
    for file in files:
        if file.suffix == ".typ":
            source = file.read_text(encoding="utf-8", errors="replace")
            for found in sandbox.forbidden(source):
                line, col = sandbox.line_col(source, found.offset)
                problems.append(f"{display_path(file)}:{line}:{col}: {found.message}")
    if problems:
        raise WorkshopError("\n".join(problems))
    copied = set()
    for file in files:
        relative = file.relative_to(folder).as_posix()
        if relative.split("/")[0] in (BUILTIN_PREFIX, "assets"):
            raise WorkshopError(f"{display_path(file)}: the names '{BUILTIN_PREFIX}/' and "
                                "'assets/' are the toolkit's own in a templates folder: "
                                "rename this folder")
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, root / relative)
        copied.add(relative)
    return copied


@atexit.register
def _clean_up() -> None:
    for _, holder in _stages.values():
        holder.cleanup()
    _stages.clear()


# ---------------------------------------------------------------- fonts


@lru_cache(maxsize=2)
def _fonts(with_system: bool) -> typst.Fonts:
    """The shipped fonts, then (only when asked) the machine's, in that order of preference."""
    folders = [str(fonts.FOLDER)] + ([str(f) for f in fonts.system_dirs()] if with_system else [])
    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                       font_paths=folders)


def uncovered(text: str) -> set[str]:
    """Characters in `text` that no shipped font has (spaces and controls aside)."""
    chars = {c for c in set(text) if ord(c) not in fonts.SURELY_COVERED and c.isprintable()
             and not c.isspace()}
    if not chars:
        return set()
    have = fonts.covered()
    return {c for c in chars if ord(c) not in have}


@lru_cache(maxsize=64)
def _without_font(chars: frozenset[str]) -> frozenset[str]:
    """Of `chars`, those no font on this machine has either."""
    from fontTools.ttLib import TTCollection, TTFont, TTLibError

    missing = set(chars)
    for folder in fonts.system_dirs():
        for path in sorted(folder.rglob("*")):
            if not missing:
                return frozenset()
            suffix = path.suffix.lower()
            try:
                if suffix in (".ttf", ".otf"):
                    faces = [TTFont(path, lazy=True)]
                elif suffix in (".ttc", ".otc"):
                    faces = list(TTCollection(path, lazy=True).fonts)
                else:
                    continue
                for face in faces:
                    cmap = face.getBestCmap() or {}
                    missing = {c for c in missing if ord(c) not in cmap}
            except (TTLibError, OSError, KeyError, AttributeError, AssertionError):
                continue
    return frozenset(missing)


# ---------------------------------------------------------------- compiling


@dataclass(frozen=True)
class Compiled:
    pdf: bytes
    exercise_pages: dict[str, int]  # exercise id -> page on which its worksheet starts
    warnings: tuple[str, ...]


def compile_pdf(where: Stage, template: str, data: Data, when: dt.datetime,
                query_exercises: bool = False) -> Compiled:
    """`template`.typ (the user's, else the built-in one) filled with `data`, as PDF bytes."""
    text = data.model_dump_json()
    missing = uncovered(text)
    main = where.root / f"{template}.typ"
    if not main.is_file():
        raise WorkshopError(f"print template '{template}.typ' not found in "
                            + (display_path(where.user_folder) if where.user_folder
                               else "the built-in templates"))
    compiler = typst.Compiler(input=str(main), root=str(where.root),
                              font_paths=_fonts(bool(missing)),
                              sys_inputs={"data": text})
    try:
        pdf, warned = compiler.compile_with_warnings(format="pdf", timestamp=when)
        pages = _exercise_pages(compiler) if query_exercises else {}
    except typst.TypstError as exc:
        raise WorkshopError(_located(where, exc.diagnostic or str(exc), template)) from None
    warnings = [_located(where, w.diagnostic or w.message, template, "warning")
                for w in warned]
    if missing and (no_font := _without_font(frozenset(missing))):
        shown = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in sorted(no_font)[:8])
        warnings.append(f"{template}.pdf: no font on this machine has {shown}; they print as "
                        "empty boxes: install a font for that script (e.g. Noto Sans CJK for "
                        "Chinese, Japanese and Korean) and build again")
    assert isinstance(pdf, bytes)
    return Compiled(pdf, pages, tuple(warnings))


def page_images(where: Stage, template: str, data: Data, ppi: float = 40.0,
                pages: int = 3) -> list[bytes]:
    """The first `pages` pages of `template` as PNG images, laid out as the PDF is (for
    previews; Typst renders them itself, so no PDF rasterizer is needed)."""
    compiler = typst.Compiler(input=str(where.root / f"{template}.typ"), root=str(where.root),
                              font_paths=_fonts(bool(uncovered(data.model_dump_json()))),
                              sys_inputs={"data": data.model_dump_json()})
    try:
        images = compiler.compile(format="png", ppi=ppi)
    except typst.TypstError as exc:
        raise WorkshopError(_located(where, exc.diagnostic or str(exc), template)) from None
    found = images if isinstance(images, list) else [images]
    return [image for image in found[:pages] if isinstance(image, bytes)]


def _exercise_pages(compiler: typst.Compiler) -> dict[str, int]:
    import json

    found = json.loads(compiler.query("<workshop-exercise>", field="value"))
    pages: dict[str, int] = {}
    for item in found:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            pages.setdefault(item["id"], int(item.get("page", 0)))
    return pages


def _located(where: Stage, diagnostic: str, template: str, kind: str = "error") -> str:
    """Typst's diagnostic as `file:line:col: message`, files named as the user knows them."""
    lines = [line for line in diagnostic.splitlines()]
    message = next((line.split(":", 1)[1].strip() for line in lines
                    if line.startswith(f"{kind}:")), diagnostic.strip())
    places = [p for p in (_LOCATION.search(line) for line in lines) if p is not None]
    if not places:
        return f"{where.shown(template + '.typ')}: {message}"
    first = places[0]
    for root in {str(where.root), str(where.root.resolve())}:  # paths inside the message
        message = message.replace(root + "/", where.folder_shown() + "/")

    message = message.replace("would escape the project root",
                              "is outside the templates folder: a template can only read "
                              "files in its own folder (and the session's logo, as "
                              "/assets/logo.png)")

    def place(found: re.Match) -> str:  # Typst counts columns from 0, people from 1
        return f"{where.shown(found['file'])}:{found['line']}:{int(found['col']) + 1}"
    text = f"{place(first)}: {message}"
    callers = [place(p) for p in places[1:]]
    if callers:
        text += f" (called from {', '.join(callers)})"
    hints = [line.split(":", 1)[1].strip() for line in lines if line.startswith("hint:")]
    return text + "".join(f"; {hint}" for hint in hints)
