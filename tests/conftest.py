"""Shared test helpers: tiny libraries built in memory or on disk, and the CLI runner."""

from __future__ import annotations

import os
import tempfile
import textwrap
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from workshop.content.library import Library, load_library
from workshop.content.models import Department, Identity, Module
from workshop.content.yamlfile import Located

# Tests never read or write the user's own library cache.
os.environ["WORKSHOP_CACHE_DIR"] = tempfile.mkdtemp(prefix="workshop-cache-")

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"

# The smallest valid module file; tests break it in one place at a time.
MODULE = """title: A point
summary: A test.
outcome: Something.
departments: [legal]
formats: [group]
minutes: {group: 30}
priority: core
level: beginner
objectives: [Do a thing.]
slides:
  - kind: bullets
    title: A point
    bullets: [One, Two]
    notes: Say it.
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def module(module_id: str, **fields: Any) -> Module:
    """A valid module with sensible defaults, built without a file."""
    data: dict[str, Any] = {
        "title": f"Module {module_id}", "summary": "A test module.", "outcome": "Something.",
        "departments": "all", "formats": ["group", "one-on-one"],
        "minutes": {"group": 30, "one-on-one": 15}, "priority": "core", "level": "beginner",
        "objectives": ["Do a thing."],
        "slides": [{"kind": "bullets", "title": "A point", "bullets": ["One", "Two"],
                    "notes": "Say it."}],
    }
    data.update(fields)
    return Module.model_validate(data, context=Identity(module_id,
                                                        f"/lib/decks/{module_id}.yaml"))


def library_of(*modules: Module) -> Library:
    lib = Library(layers=["test"])
    for dept in ("legal", "hr", "sales", "leadership"):
        lib.departments[dept] = Department(id=dept, name=dept.upper() if dept == "hr"
                                           else dept.capitalize())
    for m in modules:
        lib.modules[m.id] = m
        lib.places[("Module", m.id)] = (Located(Path(m.file), None, {}), "test")
    return lib


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def builtin() -> Library:
    return load_library()
