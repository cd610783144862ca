"""Build a session: load, plan, tailor, render every output, then write them atomically."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from workshop import __version__
from workshop.errors import WorkshopError, display_path
from workshop.inputs import load
from workshop.content.checks import pptx_problem
from workshop.content.library import Library
from workshop.plan import plan
from workshop.roster import Person, read_roster
from workshop.session import Session
from workshop.tailor import Tailored, tailor


@dataclass
class BuildResult:
    out_dir: Path
    written: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def default_out_dir(session_file: Path) -> Path:
    return Path("build") / session_file.stem


def prepare(session_file: Path, libraries: tuple[Path, ...] = (),
            template: Path | None = None, templates: Path | None = None) -> Tailored:
    """The tailored session, or ValidationFailed with every problem in every input."""
    session, library = load(session_file, libraries)
    return prepare_loaded(session, library, template, templates)


def prepare_loaded(session: Session, library: Library, template: Path | None = None,
                   templates: Path | None = None) -> Tailored:
    """Plan and tailor a loaded session, with the command line's template choices applied."""
    if template is not None:
        if not template.is_file():
            raise WorkshopError(f"--template {display_path(template)}: file not found")
        problem = pptx_problem(template)
        if problem:
            raise WorkshopError(f"--template {display_path(template)} {problem}")
        branding = session.branding.model_copy(update={"template": str(template.resolve())})
        session = session.model_copy(update={"branding": branding})
    if templates is not None:
        if not templates.is_dir():
            raise WorkshopError(f"--templates {display_path(templates)}: folder not found")
        branding = session.branding.model_copy(update={"templates": str(templates.resolve())})
        session = session.model_copy(update={"branding": branding})
    agenda = plan(session, library)
    return tailor(session, library, agenda)


def roster_people(tailored: Tailored) -> list[Person] | None:
    """The people in the session's roster, or None when it has none."""
    if not tailored.session.roster:
        return None
    names = {d: dept.name for d, dept in tailored.library.departments.items()}
    return read_roster(tailored.session.resolve(tailored.session.roster), names)


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file."""
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
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


def render_all(tailored: Tailored) -> dict[str, bytes]:
    """Every requested output as bytes; a mistake in the input stops the build
    (WorkshopError) before anything is written."""
    from workshop.render import renderer

    files: dict[str, bytes] = {}
    for output in tailored.session.outputs:
        files.update(renderer(output)(tailored))
    return files


def manifest(tailored: Tailored, files: dict[str, bytes]) -> bytes:
    titles = {m.module.id: m.module.title for m in tailored.modules}
    data = {
        "generator": f"workshop-toolkit {__version__}",
        "session": display_path(tailored.session.file),
        "outputs": [{"file": name, "bytes": len(data),
                     "sha256": hashlib.sha256(data).hexdigest()}
                    for name, data in sorted(files.items())],
        "plan": tailored.agenda.to_json(titles),
    }
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def build(session_file: Path, out_dir: Path | None = None, libraries: tuple[Path, ...] = (),
          template: Path | None = None, templates: Path | None = None,
          split: bool = False) -> BuildResult:
    tailored = prepare(session_file, libraries, template, templates)
    people = roster_people(tailored)
    return write_outputs(tailored, out_dir or default_out_dir(session_file), people, split)


def write_outputs(tailored: Tailored, out_dir: Path, people: list[Person] | None = None,
                  split: bool = False) -> BuildResult:
    """Render everything in memory, then write each file atomically, the manifest last."""
    files = render_all(tailored)
    if people:
        from workshop.render.personal import roster_outputs

        files.update(roster_outputs(tailored, people, split))
    files["manifest.json"] = manifest(tailored, files)
    prepare_out_dir(out_dir)
    publish(files, out_dir)
    return BuildResult(out_dir, sorted(files, key=lambda n: (n == "manifest.json", n)),
                       list(tailored.notices))


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
