"""The command line end to end: scaffold, plan, build, listings, schema."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

from workshop import __version__
from workshop.cli import main

from conftest import REPO, write


def test_version_and_module_entry_point():
    result = subprocess.run([sys.executable, "-m", "workshop", "--version"],
                            capture_output=True, text=True, check=True)
    assert result.stdout.strip() == f"workshop, version {__version__}"


def test_new_then_plan_then_build(runner, tmp_path):
    session = tmp_path / "acme.yaml"
    result = runner.invoke(main, ["new", str(session), "--department", "legal",
                                  "--department", "hr", "--format", "group",
                                  "--duration", "3h", "--org", "Acme"])
    assert result.exit_code == 0, result.output
    text = session.read_text()
    assert 'title: "Social media for Legal and HR"' in text
    assert "departments: [legal, hr]" in text

    planned = runner.invoke(main, ["plan", str(session), "--json"])
    assert planned.exit_code == 0, planned.output
    agenda = json.loads(planned.stdout)
    assert agenda["total_minutes"] == 180
    assert agenda["blocks"][0]["kind"] == "opening" and agenda["blocks"][0]["start"] == "09:00"
    assert agenda["blocks"][-1]["end"] == "12:00"
    assert set(agenda["blocks"][0]) == {"kind", "id", "title", "start", "end", "minutes"}

    out = tmp_path / "out"
    built = runner.invoke(main, ["build", str(session), "-o", str(out)])
    assert (out / "agenda.md").is_file()
    manifest = json.loads((out / "manifest.json").read_text())
    entry = next(o for o in manifest["outputs"] if o["file"] == "agenda.md")
    assert entry["sha256"] == hashlib.sha256((out / "agenda.md").read_bytes()).hexdigest()
    assert manifest["plan"]["blocks"] == agenda["blocks"]
    assert "Acme" in (out / "agenda.md").read_text()
    assert built.exit_code in (0, 1)


def test_new_refuses_to_overwrite_and_unknown_department_is_usage(runner, tmp_path):
    session = write(tmp_path / "s.yaml", "x: 1\n")
    result = runner.invoke(main, ["new", str(session), "-d", "legal", "--org", "A"])
    assert result.exit_code == 1
    assert "already exists: choose another name or pass --force" in result.stderr
    result = runner.invoke(main, ["new", str(tmp_path / "t.yaml"), "-d", "legl", "--org", "A"])
    assert result.exit_code == 2
    assert "unknown department 'legl'; did you mean 'legal'?" in result.stderr


def test_plan_explain_says_why(runner, tmp_path):
    session = write(tmp_path / "s.yaml", """
    title: T
    organization: Acme
    departments: [legal]
    duration: 90
    """)
    result = runner.invoke(main, ["plan", str(session), "--explain"])
    assert result.exit_code == 0, result.output
    assert "core/opening: chosen, required module" in result.stdout
    assert "core/opening: placed 1 of" in result.stdout


def test_listings_as_json(runner):
    modules = json.loads(runner.invoke(main, ["modules", "--json"]).stdout)
    opening = next(m for m in modules if m["id"] == "core/opening")
    assert opening["library"] == "built-in"
    assert {"id", "title", "departments", "formats", "minutes", "priority", "requires",
            "library"} <= set(opening)
    legal_only = json.loads(runner.invoke(main, ["modules", "--json", "-d", "legal", "-f",
                                                 "one-on-one"]).stdout)
    assert all("one-on-one" in m["formats"] for m in legal_only)
    assert all(m["departments"] in (["all"],) or "legal" in m["departments"]
               for m in legal_only)
    exercises = json.loads(runner.invoke(main, ["exercises", "--json"]).stdout)
    assert any(e["id"] == "search-audit" for e in exercises)


def test_library_layering_replaces_by_id(runner, tmp_path):
    original = (REPO / "decks/core/opening.yaml").read_text()
    write(tmp_path / "ours/decks/core/opening.yaml",
          original.replace("title: What we will settle today", "title: Our own opening", 1))
    result = runner.invoke(main, ["modules", "--json", "--library", str(tmp_path / "ours")])
    opening = next(m for m in json.loads(result.stdout) if m["id"] == "core/opening")
    assert opening["title"] == "Our own opening"
    assert opening["library"].endswith("ours")


def test_schema_exports(runner):
    for kind in ("module", "exercise", "session"):
        result = runner.invoke(main, ["schema", kind])
        assert result.exit_code == 0
        schema = json.loads(result.stdout)
        assert schema["$schema"].startswith("https://json-schema.org/")
        assert "title" in schema["properties"]
    session = json.loads(runner.invoke(main, ["schema", "session"]).stdout)
    assert set(session["required"]) == {"title", "organization", "departments", "duration"}


def test_validate_builtin_is_clean(runner):
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("ok: ")


def test_usage_errors_exit_2(runner, tmp_path):
    assert runner.invoke(main, ["plan"]).exit_code == 2
    assert runner.invoke(main, ["plan", str(tmp_path / "missing.yaml")]).exit_code == 2
    assert runner.invoke(main, ["schema", "slides"]).exit_code == 2
