"""Time an ordered list of modules into contiguous blocks: breaks, lunch and visible spare time."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from workshop.content.models import Module
from workshop.plan.agenda import Block
from workshop.session import Breaks, Session

SPARE_TITLE = "Questions and open discussion"


@dataclass(frozen=True)
class _Item:
    kind: str
    minutes: int
    module: Module | None = None


Lengths = dict[str, int]  # module id -> the minutes it runs in this session


def _items(modules: list[Module], lengths: Lengths, spare: int = 0) -> list[_Item]:
    items = [_Item(_kind(m), lengths[m.id], m) for m in modules]
    if spare > 0:
        items.insert(_spare_index(items), _Item("discussion", spare))
    return items


def _spare_index(items: list[_Item]) -> int:
    """Spare time goes just before the closing module, or at the very end."""
    return len(items) - 1 if items and items[-1].kind == "closing" else len(items)


def _kind(module: Module) -> str:
    return {"opening": "opening", "closing": "closing"}.get(module.position, "module")


BREAK_SLACK = 15  # minutes past `breaks.every` a stretch may run to reach a module boundary


def _break_positions(items: list[_Item], breaks: Breaks) -> list[int]:
    """Indices i with a break after items[i]: at the boundary nearest each interval, and never
    so late that a stretch runs more than BREAK_SLACK minutes past the interval."""
    if breaks.every <= 0 or (breaks.length <= 0 and not breaks.lunch):
        return []
    tail_floor = max(20, breaks.every // 3)  # no break just before the last few minutes
    longest = breaks.every + BREAK_SLACK
    positions: list[int] = []
    elapsed = 0
    remaining = sum(item.minutes for item in items)
    for i, item in enumerate(items[:-1]):
        elapsed += item.minutes
        remaining -= item.minutes
        if remaining < tail_floor and elapsed + remaining <= longest:
            break
        after_next = elapsed + items[i + 1].minutes
        overdue = elapsed >= breaks.every
        nearest = after_next > breaks.every and breaks.every - elapsed <= after_next - breaks.every
        if overdue or nearest or after_next > longest:
            positions.append(i)
            elapsed = 0
    return positions


def _pauses(items: list[_Item], positions: list[int], breaks: Breaks, start: int,
             duration: int) -> dict[int, tuple[str, int]]:
    """The kind and length of each break; the one nearest mid-session becomes lunch."""
    out = {i: ("break", breaks.length) for i in positions}
    if breaks.lunch and positions:
        middle = start + duration / 2
        clock, best, best_gap = start, positions[0], float("inf")
        for i, item in enumerate(items):
            clock += item.minutes
            if i in out:
                if abs(clock - middle) < best_gap:
                    best, best_gap = i, abs(clock - middle)
                clock += out[i][1]
        out[best] = ("lunch", breaks.lunch)
    return {i: v for i, v in out.items() if v[1] > 0}


def _layout(modules: list[Module], session: Session, lengths: Lengths, spare: int
            ) -> tuple[list[_Item], dict[int, tuple[str, int]]]:
    breaks = session.effective_breaks
    items = _items(modules, lengths, spare)
    return items, _pauses(items, _break_positions(items, breaks), breaks,
                           session.start_minutes, session.duration)


def _used(items: list[_Item], pauses: dict[int, tuple[str, int]]) -> int:
    return sum(item.minutes for item in items if item.kind != "discussion") + \
        sum(length for _, length in pauses.values())


def _balanced(pauses: dict[int, tuple[str, int]], items: list[_Item], before: set[int]
              ) -> dict[int, tuple[str, int]]:
    """The breaks with the one the spare time brought (not in `before`) moved to the module
    boundary that leaves the shortest stretch without a break."""
    added = [i for i in pauses if i not in before]
    if len(added) != 1:
        return pauses
    moving = pauses.pop(added[0])

    def longest(at: int) -> int:
        stretch, worst = 0, 0
        for i, item in enumerate(items):
            stretch += item.minutes
            worst = max(worst, stretch)
            if i in pauses or i == at:
                stretch = 0
        return worst
    free = [i for i in range(len(items) - 1) if i not in pauses and i - 1 not in pauses
            and i + 1 not in pauses]
    best = min(free, key=lambda i: (longest(i), abs(i - added[0])), default=added[0])
    return {**pauses, best: moving}


def minutes_needed(modules: list[Module], session: Session, lengths: Lengths) -> int:
    """Content at these lengths plus the breaks it would get, without spare time."""
    return _used(*_layout(modules, session, lengths, 0))


def schedule(modules: list[Module], session: Session, lengths: Lengths) -> list[Block]:
    """Blocks for `modules` (already ordered, known to fit) ending exactly at start + duration.

    Spare time becomes an open-discussion block before the closing. Breaks are placed again
    with that block in, which can change how many there are, so the spare is recomputed until
    both agree; if they never do, the breaks stay where the content alone put them.
    """
    items, pauses = _layout(modules, session, lengths, 0)
    spare = session.duration - _used(items, pauses)
    settled = spare == 0
    for _ in range(6):
        if settled:
            break
        trial_items, trial_pauses = _layout(modules, session, lengths, spare)
        trial_spare = session.duration - _used(trial_items, trial_pauses)
        if trial_spare <= 0:
            break
        if trial_spare == spare:
            items, pauses, settled = trial_items, trial_pauses, True
        spare = trial_spare
    if not settled:
        items, pauses = _layout(modules, session, lengths, 0)
        spare = session.duration - _used(items, pauses)
        # Spare time long enough to need a break of its own: keep the break it brings and
        # give the discussion only what is left beside it (nothing, when the break takes all).
        trial_items, trial_pauses = _layout(modules, session, lengths, spare)
        left = session.duration - _used(trial_items, trial_pauses)
        at = _spare_index(items)
        if 0 <= left < spare and at not in trial_pauses:
            items = trial_items
            pauses = trial_pauses
            if left:
                items[at] = _Item("discussion", left)
            else:
                del items[at]
                pauses = _balanced({(i - 1 if i > at else i): v for i, v in pauses.items()},
                                   items, set(_layout(modules, session, lengths, 0)[1]))
        else:
            items.insert(at, _Item("discussion", spare))
            pauses = {(i + 1 if i >= at else i): v for i, v in pauses.items()}

    blocks: list[Block] = []
    clock = session.start_minutes
    for i, item in enumerate(items):
        title = item.module.title if item.module else SPARE_TITLE
        blocks.append(Block(item.kind, clock, item.minutes, title, item.module))
        clock += item.minutes
        if i in pauses and i < len(items) - 1:
            kind, length = pauses[i]
            blocks.append(Block(kind, clock, length, "Lunch" if kind == "lunch" else "Break"))
            clock += length
    return _no_adjacent_breaks(blocks)


def _no_adjacent_breaks(blocks: list[Block]) -> list[Block]:
    for a, b in itertools.pairwise(blocks):
        if a.is_break and b.is_break:
            raise AssertionError("planner produced two adjacent breaks")
    return blocks
