"""A cache of validated library layers, so an unchanged curriculum is not parsed on every run.

Keyed by every content file's path, size and modification time and by the toolkit's version;
only layers that loaded without a problem are stored. Set WORKSHOP_CACHE=0 to switch it off;
WORKSHOP_CACHE_DIR moves it (default: $XDG_CACHE_HOME/workshop-toolkit or ~/.cache/...).
A cache that cannot be read or written is ignored.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

from workshop import __version__

SUFFIXES = (".yaml", ".yml")


def folder() -> Path | None:
    """Where the toolkit keeps its caches (libraries here, compiled templates below); None: off."""
    if os.environ.get("WORKSHOP_CACHE", "1") in ("0", "off", "no", "false"):
        return None
    explicit = os.environ.get("WORKSHOP_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError):  # no HOME and no account entry (some containers)
            return None
    return Path(base) / "workshop-toolkit"


def key(root: Path) -> str | None:
    """A digest of every content file under `root`, or None when caching is off."""
    if folder() is None or not root.is_dir():
        return None
    digest = hashlib.sha256(f"{__version__} {sys.version}".encode())
    # The models' own code is part of the key: a changed model must not meet old pickles.
    for source in sorted(Path(__file__).parent.glob("*.py")):
        stat = source.stat()
        digest.update(f"{source.name} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    for sub in ("decks", "exercises"):
        for relative, stat in _content_files(root, sub):
            digest.update(f"{relative} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _content_files(root: Path, sub: str) -> list[tuple[str, os.stat_result]]:
    """Every content file under root/sub, as ('decks/core/why-now.yaml', stat), sorted. Walked
    with os.scandir: the server checks this on every plan preview, and pathlib's walk cost
    more than the check itself."""
    found: list[tuple[str, os.stat_result]] = []
    stack = [(os.path.join(str(root), sub), sub)]
    while stack:
        folder, relative = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            name = f"{relative}/{entry.name}"
            if entry.is_dir():
                stack.append((entry.path, name))
            elif entry.name.endswith(SUFFIXES) and entry.is_file():
                found.append((name, entry.stat()))
    return sorted(found, key=lambda item: item[0].split("/"))


def _path(root: Path) -> Path | None:
    base = folder()
    if base is None:
        return None
    name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:20]
    return base / f"layer-{name}.pickle"


# The last layer read from each folder, kept in memory: a command that loads the library
# twice (validate, then each session) unpickles it once.
_read_before: dict[Path, tuple[str, Any]] = {}


def read(root: Path, wanted: str | None) -> Any | None:
    path = _path(root)
    if wanted is None or path is None:
        return None
    kept = _read_before.get(path)
    if kept is not None and kept[0] == wanted:
        return kept[1]
    if not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            stored_key, data = pickle.load(handle)
    except Exception:  # a broken cache is only a slower run
        return None
    if stored_key != wanted:
        return None
    _read_before[path] = (stored_key, data)
    return data


def write(root: Path, stored_key: str, data: Any) -> None:
    path = _path(root)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump((stored_key, data), out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
    except Exception:  # a cache that cannot be written is only a slower run
        Path(temp).unlink(missing_ok=True)
