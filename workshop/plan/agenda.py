"""The plan of a session: contiguous blocks with clock times, and what was left out and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workshop.content.models import Module
    from workshop.results.intake import Intake
    from workshop.session import Session

BLOCK_KINDS = ("opening", "module", "closing", "break", "lunch", "discussion")


def clock(minutes: int) -> str:
    """Minutes after midnight as HH:MM (a session may run past midnight)."""
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class Block:
    """One stretch of the session: a module, a break, lunch, or open discussion."""

    kind: str
    start: int  # minutes after midnight
    minutes: int
    title: str
    module: Module | None = None

    @property
    def end(self) -> int:
        return self.start + self.minutes

    @property
    def id(self) -> str | None:
        return self.module.id if self.module else None

    @property
    def is_break(self) -> bool:
        return self.kind in ("break", "lunch")


@dataclass(frozen=True)
class Dropped:
    id: str
    reason: str


@dataclass(frozen=True)
class Agenda:
    session: Session
    blocks: tuple[Block, ...]
    dropped: tuple[Dropped, ...] = ()
    explanation: tuple[str, ...] = field(default=(), compare=False)
    intake: Intake | None = field(default=None, compare=False)  # the answers it was planned by

    @property
    def total_minutes(self) -> int:
        return sum(block.minutes for block in self.blocks)

    @property
    def modules(self) -> tuple[Module, ...]:
        return tuple(block.module for block in self.blocks if block.module is not None)

    def shares(self) -> dict[str, float]:
        """Where the minutes go, in percent of the session: each department's own track
        ('own:legal'), modules from any of the session's departments' tracks ('own'), the
        opening and closing ('edges'), open discussion ('filler'), breaks and lunch."""
        total = self.total_minutes or 1
        # Minutes are counted whole and divided once: half of 480 is 50%, not 49.999...%.
        minutes: dict[str, int] = {"own": 0, "edges": 0, "filler": 0, "breaks": 0}
        for dept in self.session.departments:
            minutes[f"own:{dept}"] = 0
        for block in self.blocks:
            if block.kind in ("opening", "closing"):
                minutes["edges"] += block.minutes
            elif block.kind == "discussion":
                minutes["filler"] += block.minutes
            elif block.is_break:
                minutes["breaks"] += block.minutes
            elif block.module is not None and block.module.track in self.session.departments:
                minutes["own"] += block.minutes
                minutes[f"own:{block.module.track}"] += block.minutes
        return {key: value * 100 / total for key, value in minutes.items()}

    def to_json(self, titles: dict[str, str] | None = None) -> dict[str, Any]:
        """The `workshop plan --json` shape; `titles` maps module ids to substituted titles."""
        titles = titles or {}
        return {
            "blocks": [{"kind": b.kind, "id": b.id,
                        "title": titles.get(b.id, b.title) if b.id else b.title,
                        "start": clock(b.start), "end": clock(b.end), "minutes": b.minutes}
                       for b in self.blocks],
            "total_minutes": self.total_minutes,
            "dropped": [{"id": d.id, "reason": d.reason} for d in self.dropped],
        }
