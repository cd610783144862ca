"""Elastic modules: how long a module may run, and which of its slides run at a given length.

A module runs anywhere from its essential minutes (only the slides marked `depth: essential`)
through its standard `minutes` (the essential and standard slides) to its extended minutes
(extended slides too). Between two of those lengths, the next tier's slides come in, in the
order they are written, as far as the time they would take at full length allows; the rest of
the time goes to the slides that run, by weight, with each exercise at its own fixed minutes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from workshop.content.fields import Format
from workshop.content.models import Module
from workshop.session import Session


@dataclass(frozen=True)
class Tiers:
    """A module's essential, standard and extended minutes in one format."""

    essential: int
    standard: int
    extended: int

    def describe(self, minutes: int) -> str:
        """'essential', 'standard', 'extended', or 'between essential and standard'…"""
        for name, length in (("essential", self.essential), ("standard", self.standard),
                             ("extended", self.extended)):
            if minutes == length:
                return name
        return "shortened" if minutes < self.standard else "lengthened"


def tiers(module: Module, fmt: Format) -> Tiers:
    standard = module.minutes[fmt]
    essential = (module.essential or {}).get(fmt, standard)
    extended = (module.extended or {}).get(fmt, standard)
    return Tiers(min(essential, standard), standard, max(extended, standard))


@dataclass(frozen=True)
class Part:
    """A slide as far as timing goes: its depth, its share of free time, its fixed minutes."""

    depth: str
    weight: int
    fixed: int | None = None  # an exercise's own minutes


def timings(weights: list[int], fixed: list[int | None], total: int) -> list[int]:
    """Whole minutes per slide: fixed ones as given, the rest shared by weight."""
    free = max(total - sum(f for f in fixed if f is not None), 0)
    shares = [0.0 if f is not None else w for f, w in zip(fixed, weights, strict=True)]
    weight_sum = sum(shares) or 1.0
    raw = [free * s / weight_sum for s in shares]
    minutes = [int(r) for r in raw]
    leftovers = sorted(range(len(raw)), key=lambda i: (-(raw[i] - minutes[i]), i))
    for i in leftovers[: free - sum(minutes)]:
        minutes[i] += 1
    return [f if f is not None else m for f, m in zip(fixed, minutes, strict=True)]


def _costs(parts: list[Part], indices: list[int], total: int) -> dict[int, int]:
    """What each of `indices` takes when exactly those run in `total` minutes."""
    minutes = timings([parts[i].weight for i in indices], [parts[i].fixed for i in indices],
                      total)
    return dict(zip(indices, minutes, strict=True))


def _fits(parts: list[Part], shown: list[int], minutes: int) -> bool:
    """Whether `shown` can run in `minutes`: the exercises, and a minute for every other."""
    fixed = sum(parts[i].fixed or 0 for i in shown)
    flexible = sum(1 for i in shown if parts[i].fixed is None)
    return fixed + flexible <= minutes


def run(parts: list[Part], tier: Tiers, minutes: int) -> list[int | None]:
    """Each part's minutes in a run of `minutes`, or None where the part does not run."""
    essential = [i for i, p in enumerate(parts) if p.depth == "essential"]
    standard = [i for i, p in enumerate(parts) if p.depth == "standard"]
    extended = [i for i, p in enumerate(parts) if p.depth == "extended"]
    if tier.essential >= tier.standard:  # not elastic below its minutes: every slide runs
        essential, standard = sorted(essential + standard), []
    shown = list(essential)
    for group, low, high, everything in (
            (standard, tier.essential, tier.standard, essential + standard),
            (extended, tier.standard, tier.extended, essential + standard + extended)):
        if not group or minutes <= low:
            continue
        if minutes >= high:
            shown += group
            continue
        cost = _costs(parts, sorted(everything), high)
        budget = (minutes - low) / (high - low) * sum(cost[i] for i in group)
        for i in group:
            if cost[i] <= budget and _fits(parts, shown + [i], minutes):
                shown.append(i)
                budget -= cost[i]
    shown.sort()
    if not shown:
        return [None] * len(parts)
    given = dict(zip(shown, timings([parts[i].weight for i in shown],
                                    [parts[i].fixed for i in shown], minutes), strict=True))
    return [given.get(i) for i in range(len(parts))]


# ---------------------------------------------------------------- sizing a session's modules

OPENING_SHARE = 0.07  # an opening or closing aims at 7% of the session, within its tiers
STEP = 5  # minutes a module grows at a time when the session has time to give


def target(module: Module, fmt: Format, duration: int) -> int:
    """Where a module starts before the session is fitted: openings and closings scale with
    the session; every other module starts at its standard length."""
    tier = tiers(module, fmt)
    if module.position in ("opening", "closing"):
        return max(tier.essential, min(tier.standard, round(duration * OPENING_SHARE)))
    return tier.standard


def shortest(modules: list[Module], fmt: Format) -> dict[str, int]:
    return {m.id: tiers(m, fmt).essential for m in modules}


OWN_SHARE = 0.5  # the departments' own tracks get at least half the session where they can


def fit(modules: list[Module], session: Session, rank: dict[str, int],
        needed: Callable[[dict[str, int]], int], short: frozenset[str] = frozenset()
        ) -> dict[str, int]:
    """Each module's minutes, so that the session is as full as its modules can make it.

    Too long: the least relevant body modules give way first, down to their essential run,
    then the opening and closing. Too short: the most relevant module grows first, back to
    its standard length and then to its extended one, then the next; the opening and closing
    grow beyond their share of the session only when no other module can. `needed` is the
    session's minutes at given lengths, breaks included. Last, where the session's own
    departments' tracks have less than half of it, minutes move to them from the other
    modules, the least relevant giving first. Modules in `short` (everyone already knows
    them, says the intake) run at their essential length and never grow.
    """
    fmt = session.format
    lengths = {m.id: tiers(m, fmt).essential if m.id in short else
               target(m, fmt, session.duration) for m in modules}
    body = sorted((m for m in modules if m.position == "body"), key=lambda m: rank[m.id])
    edges = [m for m in modules if m.position != "body"]
    over = needed(lengths) - session.duration
    for module in list(reversed(body)) + edges:  # shorten, least relevant first
        if over <= 0:
            break
        cut = min(over, lengths[module.id] - tiers(module, fmt).essential)
        if cut > 0:
            lengths[module.id] -= cut
            over = needed(lengths) - session.duration
    growing = [m for m in body if m.id not in short]
    steps = [(m, "standard") for m in growing] + [(m, "extended") for m in growing] + \
        [(m, "standard") for m in edges]
    _grow(steps, session, lengths, needed)
    if _give_to_own(growing, session, lengths, needed):
        _grow(steps, session, lengths, needed)  # a break that moved may have freed time
    return lengths


def _grow(steps: list[tuple[Module, str]], session: Session, lengths: dict[str, int],
          needed: Callable[[dict[str, int]], int]) -> None:
    """Lengthen modules in the order of `steps` (module, up to which tier) while time is left."""
    over = needed(lengths) - session.duration
    for module, ceiling in steps:
        limit = getattr(tiers(module, session.format), ceiling)
        while over < 0 and lengths[module.id] < limit:
            before = lengths[module.id]
            lengths[module.id] = before + min(-over, limit - before, STEP)
            now = needed(lengths) - session.duration
            if now > 0:  # the longer module brought a break with it: step back
                lengths[module.id] = before
                break
            over = now


def _give_to_own(body: list[Module], session: Session, lengths: dict[str, int],
                 needed: Callable[[dict[str, int]], int]) -> bool:
    """Move minutes from other modules (least relevant first) to the departments' own
    tracks (most relevant first) until those have OWN_SHARE of the session, or none can
    move; whether any moved."""
    fmt = session.format
    own = [m for m in body if m.track in session.departments]
    others = [m for m in reversed(body) if m.track not in session.departments]
    goal = OWN_SHARE * session.duration
    moved = False
    for giver in others:
        for taker in own:
            while sum(lengths[m.id] for m in own) < goal:
                room = min(lengths[giver.id] - tiers(giver, fmt).essential,
                           tiers(taker, fmt).extended - lengths[taker.id], STEP,
                           round(goal - sum(lengths[m.id] for m in own) + 0.5))
                if room <= 0:
                    break
                lengths[giver.id] -= room
                lengths[taker.id] += room
                if needed(lengths) > session.duration:  # the move brought a break: undo it
                    lengths[giver.id] += room
                    lengths[taker.id] -= room
                    break
                moved = True
    return moved
