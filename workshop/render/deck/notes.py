"""Speaker notes: what to say, when, the department examples, and the way into the next slide."""

from __future__ import annotations

from dataclasses import dataclass, field

from workshop.content.text import plain
from workshop.plan import clock


@dataclass
class Notes:
    """The notes of one slide, assembled in the order a trainer reads them."""

    timing: str = ""
    say: list[str] = field(default_factory=list)
    examples: list[tuple[str, str]] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    next_title: str = ""

    def text(self) -> str:
        parts: list[str] = []
        if self.timing:
            parts.append(self.timing)
        parts += [plain(s) for s in self.say if s]
        for department, example in self.examples:
            parts.append(f"For {department}: {plain(example)}")
        if self.steps:
            parts.append("\n".join(self.steps))
        if self.next_title:
            parts.append(f"Next: {plain(self.next_title)}")
        return "\n\n".join(parts)


def continued(notes: Notes, paras: list, what: str = "the previous slide") -> Notes:
    """Notes for a '(cont.)' slide: the same timing, and what this slide adds."""
    points = [plain(p.text) for p in paras if p.bullet or not paras[0].bullet][:6]
    listing = "; ".join(points)
    return Notes(timing=notes.timing, say=[
        f"Continued from {what}, within the same time. "
        f"This slide adds: {listing}." if listing else f"Continued from {what}."])


def timing_cue(start: int, minutes: int, block_minutes: int, block_start: int) -> str:
    """'Minutes 12–20 of 30 (09:32–09:40)': where this slide sits in its block."""
    begin, end = start, start + minutes
    span = f"Minute {begin} of {block_minutes}" if minutes == 0 else \
        f"Minutes {begin}–{end} of {block_minutes}"
    return f"{span} ({clock(block_start + begin)}–{clock(block_start + end)})"
