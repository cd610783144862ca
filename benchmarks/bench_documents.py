"""Print document times: each document, per handout page, and the whole print set of a full day.

Target (issue 4): all print documents of a full-day session in at most 3 s on this machine.
Run: python benchmarks/bench_documents.py [--library DIR] [--runs N] [SESSION.yaml]
Without SESSION, the largest session in examples/ is timed (an all-departments 8h group day
written here when examples/ has none that long).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

ALL_DAY = """\
title: Social media for the whole leadership team
organization: Acme Corp
format: group
departments: [legal, hr, sales, leadership]
duration: 8h
date: 2027-01-14
start: "08:30"
participants: 24
facilitator: Jordan Lee
"""
PRINT_OUTPUTS = ("agenda", "guide", "handouts", "intake", "evaluation")


def cores() -> int:
    from workshop.render.documents.pdf import _processes
    return _processes(len(PRINT_OUTPUTS))


def cpu_seconds() -> tuple[float, float]:
    """CPU time of this process and of its finished children (the layout processes): all of
    it, and the part the kernel spent for them (mapping memory, mostly)."""
    own, children = (resource.getrusage(who) for who in
                     (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    system = own.ru_stime + children.ru_stime
    return own.ru_utime + children.ru_utime + system, system


def machine_check() -> float:
    """CPU seconds of a fixed piece of pure-Python work (median of three): the same from one
    version of the code to the next, so that figures taken on different days can be weighed
    against how fast the machine itself was (its cores are shared, and their speed varies)."""
    def once() -> float:
        begin, total = time.process_time(), 0
        for number in range(5_000_000):
            total += number * number % 7
        return time.process_time() - begin
    return statistics.median(once() for _ in range(3))


def interpreter() -> str:
    """Which Python runs the layout: two builds of 3.11 on one machine differed by a quarter
    (README, on PDF speed)."""
    maps = Path("/proc/self/maps")
    linked = ""
    if maps.exists():
        linked = (", through a shared libpython" if "libpython" in maps.read_text()
                  else ", one binary")
    return f"{platform.python_version()} ({os.path.realpath(sys.executable)}{linked})"


def seconds(samples: list[float]) -> str:
    return f"{statistics.median(samples):6.2f} s (min {min(samples):.2f})"


def time_session(file: Path, libraries: tuple[Path, ...], runs: int) -> None:
    from workshop.build import prepare
    from workshop.render import renderer
    from workshop.render.documents import PDF_TEMPLATES, laid_out
    from workshop.render.documents.pdf import PROCESSES_VARIABLE
    from workshop.render.documents.templating import environment

    tailored = prepare(file, libraries)
    blocks = len(tailored.agenda.blocks)
    slides = sum(len(module.slides) for module in tailored.modules)
    print(f"\n{file.name}: {tailored.agenda.total_minutes} min, {blocks} blocks, "
          f"{len(tailored.modules)} modules, {slides} slides, {len(tailored.exercises)} exercises")

    # The whole set as `workshop build` makes it, on a fresh session each run (nothing cached
    # in memory; templates loaded compiled from the disk cache, as by every build but the first).
    # CPU seconds (this process and its layout processes) are the work done; wall time is that
    # work shared by the cores, and varies with what else the machine is doing.
    totals, work, system = [], [], []
    for _ in range(runs):
        tailored = prepare(file, libraries)
        environment.cache_clear()
        cpu, kernel = cpu_seconds()
        begin = time.perf_counter()
        for output in PRINT_OUTPUTS:
            renderer(output)(tailored)
        totals.append(time.perf_counter() - begin)
        cpu_after, kernel_after = cpu_seconds()
        work.append(cpu_after - cpu)
        system.append(kernel_after - kernel)

    # Each document alone, in this process (a long guide's parts one after the other): a
    # session asking for that output only. Per page, this is the layout work a page costs.
    os.environ[PROCESSES_VARIABLE] = "1"
    for output, template in PDF_TEMPLATES.items():
        samples, pages = [], 0
        for _ in range(runs):
            tailored = prepare(file, libraries)
            alone = tailored.session.model_copy(update={"outputs": (output,)})
            tailored = dataclasses.replace(tailored, session=alone, cache={})
            begin = time.perf_counter()
            rendered = laid_out(tailored, template)
            samples.append(time.perf_counter() - begin)
            pages = rendered.page_count
        per_page = statistics.median(samples) / max(pages, 1)
        print(f"  {output:<11} {pages:3d} pages  {seconds(samples)}  "
              f"{per_page * 1000:5.0f} ms per page")
    del os.environ[PROCESSES_VARIABLE]
    print(f"  all print documents     {seconds(totals)}   (in parallel on {cores()} cores; "
          "target: at most 3 s)")
    print(f"  work for all of them    {seconds(work)}   CPU, summed over the processes")
    print(f"    of which system time  {seconds(system)}   (memory mapping; see pdf.py "
          "_on_a_roomy_stack)")


def largest_session(tmp: Path, libraries: tuple[Path, ...]) -> Path:
    """The example with the most minutes and slides, or a full day written here."""
    from workshop.build import prepare
    from workshop.errors import WorkshopError

    sizes = []
    for file in sorted(REPO.glob("examples/*.yaml")):
        try:
            tailored = prepare(file, libraries)
        except WorkshopError:
            continue  # not a session file (a program), or not valid with these libraries
        slides = sum(len(module.slides) for module in tailored.modules)
        sizes.append((tailored.agenda.total_minutes, slides, file))
    if sizes and max(sizes)[0] >= 8 * 60:
        return max(sizes)[2]
    everyone = tmp / "all-departments-day.yaml"
    everyone.write_text(ALL_DAY)
    return everyone


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sessions", nargs="*", type=Path)
    parser.add_argument("--library", action="append", type=Path, default=[])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    print(f"python                    {interpreter()}")
    print(f"machine check             {machine_check():6.2f} s   (fixed pure-Python work; "
          "lower is a faster machine)")
    begin = time.perf_counter()
    import weasyprint  # noqa: F401 - timed once here; `workshop build` pays it once per run
    print(f"import weasyprint          {time.perf_counter() - begin:6.2f} s")

    with tempfile.TemporaryDirectory() as tmp:
        sessions = list(args.sessions) or [largest_session(Path(tmp), tuple(args.library))]
        for file in sessions:
            time_session(file, tuple(args.library), args.runs)
    print(f"machine check, at the end {machine_check():6.2f} s")


if __name__ == "__main__":
    main()
