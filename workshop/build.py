"""Build a session: load, plan, tailor, render every output, then write them atomically."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from workshop import __version__
from workshop.content.text import plain
from workshop.errors import WorkshopError, display_path
from workshop.project import LoadedSession, Overrides, load_session
from workshop.roster import Person
from workshop.tailor import Tailored, for_department, tailor

if TYPE_CHECKING:
    from workshop.render.documents import Rendered


@dataclass
class BuildResult:
    out_dir: Path
    written: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    modules: list[tuple[str, str]] = field(default_factory=list)  # id, title as shown


def default_out_dir(session_file: Path) -> Path:
    return Path("build") / session_file.stem


NO_OVERRIDES = Overrides()


def prepare(session_file: Path, overrides: Overrides = NO_OVERRIDES) -> Tailored:
    """The tailored session of a session file, or ValidationFailed with every problem."""
    loaded = load_session(session_file, overrides)
    return tailor(loaded.session, loaded.library, loaded.agenda)


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file."""
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        # mkstemp makes the file private (0600); a document is for sharing: keep the mode of
        # the file it replaces, else the usual 0644.
        os.chmod(temp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def prepare_out_dir(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise WorkshopError(f"output folder {display_path(out_dir)} is a file: choose another "
                            "folder with -o")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkshopError(f"cannot create output folder {display_path(out_dir)}: "
                            f"{exc.strerror}") from None
    if not os.access(out_dir, os.W_OK):
        raise WorkshopError(f"output folder {display_path(out_dir)} is not writable: choose "
                            "another folder with -o")


def render_session(tailored: Tailored, outputs: tuple[str, ...]) -> Rendered:
    """Every output in `outputs` as bytes, with the warnings met on the way. What several
    outputs share (the documents' data, the handouts whose page numbers the deck cites) is
    worked out once here and handed down; renderers never call back up the pipeline."""
    from workshop.render import renderer
    from workshop.render.documents import PRINTED, Rendered, context

    printed = [PRINTED[o] for o in outputs if o in PRINTED]
    if "deck" in outputs and "handouts" in outputs:
        printed.append("handouts")
    shared = context(tailored, tuple(printed))
    files: dict[str, bytes] = {}
    warnings = list(shared.warnings)
    for output in outputs:
        made = renderer(output)(tailored, shared)
        files.update(made.files)
        warnings += made.warnings
    return Rendered(files, tuple(dict.fromkeys(warnings)))


def roster_files(tailored: Tailored, people: tuple[Person, ...], split: bool) -> Rendered:
    """What a roster adds: for 1:1, each executive's own deck and guide; personalized
    handouts, each person's worksheets in their department's variant."""
    from workshop.render.documents import Rendered, context
    from workshop.render.personal import personalize

    files: dict[str, bytes] = {}
    warnings: list[str] = []
    session = tailored.session
    own = tuple(o for o in ("deck", "guide") if o in session.outputs)
    if session.format == "one-on-one" and own:
        for person in people:
            audience = f"{person.name}, {person.role}" if person.role else person.name
            personal = session.model_copy(update={
                "audience": audience,
                "variables": {**session.variables, "participant": person.name}})
            made = render_session(tailor(personal, tailored.library, tailored.agenda), own)
            folder = f"people/{person.slug}"
            if "deck.pptx" in made.files:
                files[f"{folder}/deck.pptx"] = made.files["deck.pptx"]
            if "facilitator-guide.pdf" in made.files:
                files[f"{folder}/facilitator-guide.pdf"] = made.files["facilitator-guide.pdf"]
            warnings += made.warnings
    if "handouts" in session.outputs:
        variants = {d: for_department(tailored, d)
                    for d in dict.fromkeys(p.department for p in people)}
        result = personalize(tailored, context(tailored, ()), variants, list(people), split)
        files["handouts-personalized.pdf"] = result.merged
        files.update(result.singles)
        warnings += result.warnings
    return Rendered(files, tuple(dict.fromkeys(warnings)))


def manifest(tailored: Tailored, source: Path, files: dict[str, bytes]) -> bytes:
    titles = {m.module.id: m.module.title for m in tailored.modules}
    data = {
        "generator": f"workshop-toolkit {__version__}",
        "session": display_path(source),
        "outputs": [{"file": name, "bytes": len(data),
                     "sha256": hashlib.sha256(data).hexdigest()}
                    for name, data in sorted(files.items())],
        "plan": tailored.agenda.to_json(titles),
    }
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def build(session_file: Path, out_dir: Path | None = None,
          overrides: Overrides = NO_OVERRIDES, split: bool = False) -> BuildResult:
    """Load a session file whole, then build every output into `out_dir`."""
    loaded = load_session(session_file, overrides)
    return build_loaded(loaded, out_dir or default_out_dir(session_file), split)


def build_loaded(loaded: LoadedSession, out_dir: Path, split: bool = False) -> BuildResult:
    """Render everything in memory, then write each file atomically, the manifest last."""
    tailored = tailor(loaded.session, loaded.library, loaded.agenda)
    made = render_session(tailored, loaded.session.outputs)
    files, warnings = dict(made.files), list(made.warnings)
    if loaded.people:
        extra = roster_files(tailored, loaded.people, split)
        files.update(extra.files)
        warnings += extra.warnings
    files["manifest.json"] = manifest(tailored, loaded.source, files)
    prepare_out_dir(out_dir)
    publish(files, out_dir)
    return BuildResult(out_dir, sorted(files, key=lambda n: (n == "manifest.json", n)),
                       list(dict.fromkeys(warnings)),
                       [(m.module.id, plain(m.module.title)) for m in tailored.modules])


STAGING = ".workshop-staging"


def publish(files: dict[str, bytes], out_dir: Path) -> None:
    """Write every file beside its place first, then move them all in.

    A write that fails (a full disk, a permission) fails before any earlier output was
    touched, and leaves nothing behind; the final renames are within one folder.
    """
    staging = Path(tempfile.mkdtemp(prefix=STAGING, dir=out_dir))
    try:
        for name, data in files.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for name in sorted(files, key=lambda n: n == "manifest.json"):  # the manifest last
            (out_dir / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, out_dir / name)
    except OSError as exc:
        raise WorkshopError(f"writing {display_path(out_dir)} failed: {exc.strerror or exc}; "
                            "the previous output is unchanged: free some space or choose "
                            "another folder with -o") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
