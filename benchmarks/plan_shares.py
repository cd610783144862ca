"""Where a session's minutes go, for every department, format and common slot length.

Per cell: the department's own track, the opening and closing, open discussion (filler), in
percent of the session, and the modules that run (the department's own in brackets); "needs N"
where the slot is too short. Targets (issue 17): own track at least 50% from 45 minutes; opening
+ closing at most 20% and filler at most 10% from 60 minutes.
Run: python benchmarks/plan_shares.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DURATIONS = {"group": [30, 45, 60, 75, 90, 120, 180, 240, 360, 480],
             "one-on-one": [30, 45, 60, 90, 120]}


def main() -> None:
    from workshop.content.library import load_library
    from workshop.errors import ValidationFailed
    from workshop.plan import plan
    from workshop.session import Session

    library = load_library()
    slowest = 0.0
    for fmt, durations in DURATIONS.items():
        print(f"\n{fmt}: own track % / opening+closing % / filler % (modules, own)")
        print(f"{'':<11}" + "".join(f"{d:>15}" for d in durations))
        for dept in sorted(library.departments):
            cells = []
            for minutes in durations:
                session = Session.model_validate({
                    "title": "T", "organization": "Acme", "format": fmt,
                    "departments": [dept], "duration": minutes, "level": "intermediate"})
                begin = time.perf_counter()
                try:
                    agenda = plan(session, library)
                except ValidationFailed as failed:
                    cells.append(f"needs {failed.problems[0].message.split()[1]}")
                    continue
                slowest = max(slowest, time.perf_counter() - begin)
                shares = agenda.shares()
                modules = [b for b in agenda.blocks if b.kind == "module"]
                own = sum(1 for b in modules if b.module.track == dept)
                cells.append(f"{shares[f'own:{dept}']:.0f}/{shares['edges']:.0f}/"
                             f"{shares['filler']:.0f} ({len(modules)},{own})")
            print(f"{dept:<11}" + "".join(f"{c:>15}" for c in cells))
    print(f"\nslowest plan: {slowest * 1000:.0f} ms (target: at most 100 ms)")


if __name__ == "__main__":
    main()
