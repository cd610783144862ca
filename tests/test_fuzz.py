"""Property-based fuzzing of session and module files through the command line: whatever the
input, no traceback, an exit status of 0, 1 or 2, and no partial output after a failure."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop.cli import main

SESSION = {"title": "Fuzzed", "organization": "Acme", "format": "group",
           "departments": ["legal", "hr"], "duration": "2h", "start": "09:00",
           "outputs": ["agenda"]}
MODULE = {"title": "A point", "summary": "S.", "outcome": "O.", "departments": ["legal"],
          "formats": ["group", "one-on-one"], "minutes": {"group": 30, "one-on-one": 15},
          "priority": "core", "level": "beginner", "objectives": ["Do a thing."],
          "slides": [{"kind": "bullets", "title": "T", "bullets": ["One", "Two"],
                      "notes": "Say it."},
                     {"kind": "statistic", "title": "T", "value": "92%", "caption": "C",
                      "source": "s", "notes": "N"}],
          "sources": [{"id": "s", "title": "Source"}]}

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False),
    st.text(max_size=40), st.sampled_from(["group", "one-on-one", "legal", "all", "auto",
                                           "{{ organization }}", "{{ x.y }}", "{% raw %}",
                                           "9:30", "25:99", "90m", "1h30m", "0", "-5", "a3",
                                           "<script>alert(1)</script>", "**bold", "[x](y)",
                                           "core/opening", "core/nope"]),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=10)


@st.composite
def mutated(draw, base: dict) -> str:
    """The base file with fields dropped, replaced, added, or its text damaged."""
    data = dict(base)
    for key in draw(st.lists(st.sampled_from(sorted(base)), max_size=3, unique=True)):
        if draw(st.booleans()):
            data.pop(key)
        else:
            data[key] = draw(values)
    for key in draw(st.lists(st.text(min_size=1, max_size=10), max_size=2)):
        data[key] = draw(values)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    damage = draw(st.sampled_from(["none", "none", "cut", "insert", "bytes"]))
    if damage == "cut":
        text = text[: draw(st.integers(0, len(text)))]
    elif damage == "insert":
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(["\t", ": ", "- ", "&a ", "*a", "[", "{{",
                                                 "\x00", "'", "%", "!!python/object "])) \
            + text[at:]
    elif damage == "bytes":
        return text.encode("utf-8")[:-1].decode("utf-8", "ignore") + "\udcff" \
            if draw(st.booleans()) else text + "\u2028"
    return text


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8", "surrogateescape"))


def outputs(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def check(result, out: Path, before: dict[str, bytes]) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"unhandled {result.exception!r}\n{result.output}"
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code != 0:
        assert outputs(out) == before, "a failed build changed the output folder"
    assert not list(out.glob(".workshop-staging*"))


FUZZ = settings(max_examples=int(os.environ.get("WORKSHOP_FUZZ_EXAMPLES", "120")),
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def session_workspace(factory, text: str) -> tuple[Path, Path, dict[str, bytes]]:
    """A folder with the fuzzed session file and an output folder holding a previous build."""
    folder = factory.mktemp("fuzz")
    write(folder / "s.yaml", text)
    out = folder / "out"
    out.mkdir()
    (out / "agenda.pdf").write_bytes(b"previous")
    return folder, out, outputs(out)


@FUZZ
@given(text=mutated(SESSION))
def test_fuzzed_session_files_never_crash(tmp_path_factory, runner, text):
    folder, out, before = session_workspace(tmp_path_factory, text)
    check(runner.invoke(main, ["plan", str(folder / "s.yaml")]), out, before)
    check(runner.invoke(main, ["validate", str(folder / "s.yaml")]), out, before)


@settings(max_examples=int(os.environ.get("WORKSHOP_FUZZ_BUILDS", "20")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=mutated(SESSION))
def test_fuzzed_session_builds_write_all_or_nothing(tmp_path_factory, runner, text):
    folder, out, before = session_workspace(tmp_path_factory, text)
    result = runner.invoke(main, ["build", str(folder / "s.yaml"), "-o", str(out)])
    check(result, out, before)
    if result.exit_code == 0:
        assert (out / "manifest.json").is_file()


@FUZZ
@given(text=mutated(MODULE))
def test_fuzzed_module_files_never_crash(tmp_path_factory, runner, text):
    folder = tmp_path_factory.mktemp("fuzz")
    write(folder / "lib" / "decks" / "legal" / "fuzzed.yaml", text)
    write(folder / "s.yaml", yaml.safe_dump({**SESSION, "library": ["lib"],
                                             "modules": ["legal/fuzzed"]}))
    out = folder / "out"
    out.mkdir()
    before = outputs(out)
    check(runner.invoke(main, ["validate", str(folder / "lib")]), out, before)
    check(runner.invoke(main, ["plan", str(folder / "s.yaml")]), out, before)
