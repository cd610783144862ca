"""Each browser's own folder on the server: its session file, uploads and built outputs.

A workspace is found by an unguessable id in a cookie, never by a path from the browser; it
lives in a temporary folder removed after an idle period. Two browsers never share one, and
a build that fails in one leaves the others untouched.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

IDLE_SECONDS = 2 * 60 * 60  # a workspace nobody has used for two hours is removed


@dataclass
class Workspace:
    id: str
    folder: Path
    csrf: str  # sent with every form and htmx request from this workspace's pages
    used: float = field(default_factory=time.monotonic)
    lock: threading.Lock = field(default_factory=threading.Lock)
    jobs: list = field(default_factory=list)  # program builds running for this workspace
    # The participants' forms: their link carries `answer_key` (another unguessable id, so the
    # trainer's own workspace id never leaves their browser); their pages carry `answer_csrf`.
    answer_key: str = field(default_factory=lambda: secrets.token_urlsafe(18))
    answer_csrf: str = field(default_factory=lambda: secrets.token_urlsafe(18))

    @property
    def session_file(self) -> Path:
        return self.folder / "session.yaml"

    @property
    def uploads(self) -> Path:
        return self.folder / "uploads"

    @property
    def out(self) -> Path:
        return self.folder / "out"

    def built(self) -> list[str]:
        """The files of the last build, by name relative to the output folder."""
        if not self.out.is_dir():
            return []
        return sorted(p.relative_to(self.out).as_posix() for p in self.out.rglob("*")
                      if p.is_file() and not p.name.startswith("."))


class Workspaces:
    """Every live workspace, created on first visit and removed when idle."""

    def __init__(self, root: Path | None = None, idle: float = IDLE_SECONDS) -> None:
        self.root = root or Path(tempfile.mkdtemp(prefix="workshop-serve-"))
        self.idle = idle
        self._items: dict[str, Workspace] = {}
        self._lock = threading.Lock()

    def get(self, workspace_id: str | None) -> Workspace | None:
        with self._lock:
            self._sweep()
            item = self._items.get(workspace_id or "")
            if item is not None:
                item.used = time.monotonic()
            return item

    def by_answer_key(self, key: str) -> Workspace | None:
        """The workspace whose participants' forms this key opens (answering keeps it alive)."""
        with self._lock:
            self._sweep()
            item = next((w for w in self._items.values()
                         if secrets.compare_digest(w.answer_key.encode(), key.encode())), None)
            if item is not None:
                item.used = time.monotonic()
            return item

    def create(self) -> Workspace:
        with self._lock:
            self._sweep()
            workspace_id = secrets.token_urlsafe(24)
            folder = self.root / workspace_id
            (folder / "uploads").mkdir(parents=True)
            item = Workspace(workspace_id, folder, secrets.token_urlsafe(24))
            self._items[workspace_id] = item
            return item

    def _sweep(self) -> None:
        now = time.monotonic()
        for key, item in list(self._items.items()):
            if now - item.used > self.idle and not item.lock.locked():
                shutil.rmtree(item.folder, ignore_errors=True)
                del self._items[key]

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
