"""Print document times: each document, the five of a full day together, and a whole build.

Targets (issue 16): the five print documents of examples/all-departments-day.yaml in at most
0.5 s of layout; a whole `workshop build` of that session in at most 2 s wall.
Run: python benchmarks/bench_documents.py [--library DIR] [--runs N] [SESSION.yaml]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

PRINT_DOCUMENTS = ("agenda", "guide", "handouts", "intake", "evaluation")


def seconds(samples: list[float]) -> str:
    return f"{statistics.median(samples):6.3f} s (min {min(samples):.3f}, max {max(samples):.3f})"


def one_cold_run(file: Path, libraries: tuple[Path, ...]) -> dict[str, float]:
    """The five documents laid out once in this (fresh) process, as `workshop build` does."""
    from workshop.build import prepare
    from workshop.project import Overrides
    from workshop.render.documents import context, engine, stage_for
    from workshop.session import output_time

    tailored = prepare(file, Overrides(libraries=libraries))
    times = {}
    begin = time.perf_counter()
    stage = stage_for(tailored.session)
    engine._fonts(False)
    times["fonts and templates"] = time.perf_counter() - begin
    begin = time.perf_counter()
    data = context(tailored, ()).data  # what the build context works out once
    times["document data"] = time.perf_counter() - begin
    when = output_time(tailored.session.date)
    for name in PRINT_DOCUMENTS:  # then each PDF, as context(tailored, PRINT_DOCUMENTS) does
        started = time.perf_counter()
        engine.compile_pdf(stage, name, data, when, query_exercises=name == "handouts")
        times[name] = time.perf_counter() - started
    times["all five, with the data"] = time.perf_counter() - begin
    return times


def time_session(file: Path, libraries: tuple[Path, ...], runs: int) -> None:
    from workshop.build import prepare
    from workshop.project import Overrides

    tailored = prepare(file, Overrides(libraries=libraries))
    print(f"\n{file.name}: {tailored.agenda.total_minutes} min, "
          f"{len(tailored.agenda.blocks)} blocks, {len(tailored.modules)} modules, "
          f"{sum(len(m.slides) for m in tailored.modules)} slides, "
          f"{len(tailored.exercises)} exercises")
    # Each run in a new process: Typst remembers what it laid out, so a second layout of the
    # same document in one process would time the memory, not the layout.
    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        out = subprocess.run([sys.executable, __file__, "--cold", str(file),
                              *[f"--library={lib}" for lib in libraries]],
                             check=True, capture_output=True, text=True, cwd=REPO).stdout
        for name, value in json.loads(out).items():
            samples.setdefault(name, []).append(value)
    for name, values in samples.items():
        target = "   (target: at most 0.5 s)" if name.startswith("all five") else ""
        print(f"  {name:<24}{seconds(values)}{target}")


def time_build(file: Path, runs: int) -> None:
    """`workshop build` as a user runs it: a new process, every output."""
    samples = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            begin = time.perf_counter()
            subprocess.run([sys.executable, "-m", "workshop", "build", str(file), "-o", tmp],
                           check=True, capture_output=True, cwd=REPO)
            samples.append(time.perf_counter() - begin)
    print(f"  workshop build, wall    {seconds(samples)}   (target: at most 2 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sessions", nargs="*", type=Path)
    parser.add_argument("--library", action="append", type=Path, default=[])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cold:
        print(json.dumps(one_cold_run(args.sessions[0], tuple(args.library))))
        return
    print(f"python {platform.python_version()} ({sys.executable})")
    begin = time.perf_counter()
    import typst  # noqa: F401 - timed once here; `workshop build` pays it once per run
    print(f"import typst              {time.perf_counter() - begin:6.3f} s")
    for file in args.sessions or [REPO / "examples" / "all-departments-day.yaml"]:
        time_session(file, tuple(args.library), args.runs)
        time_build(file, args.runs)
    print("The build's wall time includes starting Python, loading the curriculum, the deck\n"
          "and writing every file; the first build on a machine also fills the caches.")


if __name__ == "__main__":
    main()
