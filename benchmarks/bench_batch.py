"""Batch speed and memory: personalized handouts for big rosters, and a 20-session program.

Targets (issue 16): personalized handouts for 1,000 people in at most 3 s; for 20,000 people in
at most 40 s with at most 1 GB of memory. Memory is the most the whole process tree held at
once (the build and its worker processes), sampled every 20 ms from /proc (Linux).
Run: python benchmarks/bench_batch.py [--people 1000,20000] [--split]
"""

from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEPARTMENTS = ["legal", "hr", "sales", "leadership"]


def roster(path: Path, people: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["name", "email", "department", "role"])
        for i in range(people):
            out.writerow([f"Participant Number {i:05d}", f"p{i:05d}@example.com",
                          DEPARTMENTS[i % 4], "Manager"])


def _tree_rss(root: int) -> int:
    """Resident memory of `root` and all its descendants, in bytes."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines()
                          if ":" in line)
        except OSError:
            continue
        pid = int(status.parent.name)
        children.setdefault(int(fields.get("PPid", "0")), []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) * 1024
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


def run_measured(command: list[str]) -> tuple[float, float]:
    """Wall seconds and the most memory (MB) the command's process tree held at once."""
    begin = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.02)
    watcher = threading.Thread(target=sample)
    watcher.start()
    _, errors = process.communicate()
    done.set()
    watcher.join()
    if process.returncode:
        raise SystemExit(errors.decode())
    return time.perf_counter() - begin, peak / 2**20


def personalized(folder: Path, people: int, split: bool) -> None:
    roster(folder / "people.csv", people)
    session = folder / "company.yaml"
    session.write_text(
        "title: Social media for everyone\norganization: Contoso Group\nformat: group\n"
        "departments: [legal, hr, sales, leadership]\nduration: 8h\ndate: 2027-05-03\n"
        "outputs: [handouts]\nroster: people.csv\n")
    out = folder / "out"
    command = [sys.executable, "-m", "workshop", "build", str(session), "-o", str(out)]
    elapsed, peak = run_measured(command + (["--split"] if split else []))
    import pikepdf

    with pikepdf.open(out / "handouts-personalized.pdf") as merged:
        pages = len(merged.pages)
    size = (out / "handouts-personalized.pdf").stat().st_size / 2**20
    singles = len(list((out / "handouts").glob("*.pdf"))) if split else 0
    print(f"{people:>6,} people: merged PDF of {pages:,} pages ({size:.1f} MB)"
          + (f" plus {singles:,} single PDFs" if split else ""))
    print(f"        {elapsed:6.1f} s wall ({elapsed / people * 1000:.2f} ms per person), "
          f"at most {peak:,.0f} MB at once")


def program(folder: Path, sessions: int, jobs: int) -> float:
    entries = []
    for i in range(sessions):
        dept = DEPARTMENTS[i % 4]
        fmt = "one-on-one" if i % 5 == 4 else "group"
        minutes = 90 if fmt == "one-on-one" else 240
        entries.append(f"  - title: Session {i + 1} for {dept}\n    departments: [{dept}]\n"
                       f"    format: {fmt}\n    duration: {minutes}\n"
                       f"    date: 2027-06-{(i % 28) + 1:02d}\n")
    file = folder / "program.yaml"
    file.write_text("title: Twenty sessions\norganization: Contoso Group\nsessions:\n"
                    + "".join(entries))
    out = folder / f"out-j{jobs}"
    shutil.rmtree(out, ignore_errors=True)
    elapsed, _ = run_measured([sys.executable, "-m", "workshop", "build", str(file), "-o",
                               str(out), "-j", str(jobs)])
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", default="1000,20000",
                        help="Roster sizes, comma-separated (default: 1000,20000).")
    parser.add_argument("--split", action="store_true",
                        help="Also time the 1,000-person roster with --split.")
    args = parser.parse_args()
    for people in (int(n) for n in args.people.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            personalized(Path(tmp), people, False)
    if args.split:
        with tempfile.TemporaryDirectory() as tmp:
            personalized(Path(tmp), 1000, True)
    with tempfile.TemporaryDirectory() as tmp:
        one = program(Path(tmp), 20, 1)
        two = program(Path(tmp), 20, 2)
    print(f"20-session program (all outputs): -j 1 {one:6.1f} s, -j 2 {two:6.1f} s "
          f"({one / two:.2f}x faster)")


if __name__ == "__main__":
    main()
