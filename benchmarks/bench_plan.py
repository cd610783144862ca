"""Start-up and planning times: `workshop --help`, and load + validate + plan per session.

Targets (issue 2): `--help` under 150 ms; planning any session under 100 ms after start-up.
Run: python benchmarks/bench_plan.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:7.1f} ms (min {min(samples) * 1000:.1f})"


def startup(runs: int = 15) -> None:
    for args in (["--help"], ["--version"]):
        samples = []
        for _ in range(runs):
            begin = time.perf_counter()
            subprocess.run([sys.executable, "-m", "workshop", *args], check=True,
                           capture_output=True)
            samples.append(time.perf_counter() - begin)
        print(f"workshop {' '.join(args):<10} {median_ms(samples)}")
    samples = []
    for _ in range(runs):
        begin = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        samples.append(time.perf_counter() - begin)
    print(f"python -c pass     {median_ms(samples)}   (interpreter alone, for reference)")


def planning(runs: int = 10) -> None:
    sys.path.insert(0, str(REPO))
    begin = time.perf_counter()
    from workshop.content.library import load_library
    from workshop.plan import plan
    from workshop.project import load_session
    from workshop.tailor import tailor
    print(f"import of the pipeline   {(time.perf_counter() - begin) * 1000:7.1f} ms")

    import os

    for label, cache in (("cold, no cache", "0"), ("cached layers", "1")):
        os.environ["WORKSHOP_CACHE"] = cache
        load_library()  # fills the cache when it is on
        samples = []
        for _ in range(runs):
            begin = time.perf_counter()
            library = load_library()
            samples.append(time.perf_counter() - begin)
        print(f"load + validate library, {label:<15} {median_ms(samples)}  "
              f"({len(library.modules)} modules, {len(library.exercises)} exercises)")
    print("sessions below: with the layer cache (the normal case after the first run)")

    with tempfile.TemporaryDirectory() as tmp:
        everyone = Path(tmp) / "all-departments-day.yaml"
        everyone.write_text("title: All departments\norganization: Acme\n"
                            "departments: [legal, hr, sales, leadership]\nduration: 8h\n")
        sessions = sorted(REPO.glob("examples/*.yaml")) + [everyone]
        for file in sessions:
            text = file.read_text()
            if "sessions:" in text and "title:" not in text.split("sessions:")[0]:
                continue  # a program file, not a session
            samples, plan_only = [], []
            for _ in range(runs):
                begin = time.perf_counter()
                loaded = load_session(file)  # reads, validates, checks and plans
                middle = time.perf_counter()
                agenda = plan(loaded.session, loaded.library)
                tailor(loaded.session, loaded.library, agenda)
                end = time.perf_counter()
                samples.append(end - begin)
                plan_only.append(end - middle)
            print(f"{file.name:<34} load+validate+plan+tailor {median_ms(samples)}; "
                  f"plan+tailor alone {median_ms(plan_only)}")


if __name__ == "__main__":
    startup()
    planning()
