"""Batch speed: personalized handouts for a 1,000-person roster, and a 20-session program.

Targets (issue 6): 1,000 personalized handouts in at most 60 s and 1 GB on a 2-core machine;
the program at -j 1 and -j 2 shows what parallel builds buy.
Run: python benchmarks/bench_batch.py
"""

from __future__ import annotations

import csv
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEPARTMENTS = ["legal", "hr", "sales", "leadership"]


def roster(path: Path, people: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["name", "email", "department", "role"])
        for i in range(people):
            out.writerow([f"Participant Number {i:04d}", f"p{i:04d}@example.com",
                          DEPARTMENTS[i % 4], "Manager"])


def personalized(folder: Path, people: int) -> None:
    roster(folder / "people.csv", people)
    session = folder / "company.yaml"
    session.write_text(
        "title: Social media for everyone\norganization: Contoso Group\nformat: group\n"
        "departments: [legal, hr, sales, leadership]\nduration: 8h\ndate: 2027-05-03\n"
        "outputs: [handouts]\nroster: people.csv\n")
    command = [sys.executable, "-m", "workshop", "build", str(session), "-o",
               str(folder / "out"), "--split"]
    begin = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=REPO)
    elapsed = time.perf_counter() - begin
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    merged = folder / "out" / "handouts-personalized.pdf"
    pages = subprocess.run(["pdfinfo", str(merged)], capture_output=True, text=True).stdout
    count = next((line.split()[-1] for line in pages.splitlines()
                  if line.startswith("Pages")), "?")
    singles = len(list((folder / "out" / "handouts").glob("*.pdf")))
    print(f"{people:,} people, merged PDF of {count} pages plus {singles:,} single PDFs:")
    print(f"  total {elapsed:6.1f} s   ({elapsed / people * 1000:.1f} ms per person)   "
          f"peak memory {peak:,.0f} MB   (target: 60 s, 1 GB)")


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
    begin = time.perf_counter()
    subprocess.run([sys.executable, "-m", "workshop", "build", str(file), "-o", str(out),
                    "-j", str(jobs)], check=True, capture_output=True, cwd=REPO)
    return time.perf_counter() - begin


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        personalized(Path(tmp), 1000)
    with tempfile.TemporaryDirectory() as tmp:
        one = program(Path(tmp), 20, 1)
        two = program(Path(tmp), 20, 2)
    print(f"20-session program (all outputs): -j 1 {one:6.1f} s, -j 2 {two:6.1f} s "
          f"({one / two:.2f}x faster)")


if __name__ == "__main__":
    main()
