"""Plan a session: choose modules, order them, fit them into the time, place the breaks."""

from __future__ import annotations

import heapq

from workshop.content.fields import LEVELS, PRIORITIES
from workshop.content.library import Library
from workshop.content.models import Module
from workshop.errors import ValidationFailed
from workshop.plan.agenda import Agenda, Block, Dropped, clock
from workshop.plan.schedule import minutes_needed, schedule
from workshop.session import Session

__all__ = ["Agenda", "Block", "Dropped", "clock", "plan"]


def plan(session: Session, library: Library) -> Agenda:
    """The agenda for `session`; ValidationFailed (located in the session file) if impossible."""
    if session.modules is not None:
        return _explicit(session, library)
    return _auto(session, library)


# ---------------------------------------------------------------- ordering


def _group(module: Module) -> int:
    if module.position == "opening":
        return 0
    if module.position == "closing":
        return 3
    return 1 if module.track == "core" else 2


def _order_key(module: Module, session: Session) -> tuple[int, int, int, str]:
    served = [i for i, d in enumerate(session.departments) if module.serves(d)]
    dept_rank = 0 if "all" in module.departments else (served[0] if served else 99)
    return (_group(module), dept_rank, module.order, module.id)


def order(modules: list[Module], session: Session) -> list[Module]:
    """Opening first, closing last, core before departments; `requires` always wins."""
    by_id = {m.id: m for m in modules}
    needs = {m.id: {r for r in m.requires if r in by_id} for m in modules}
    waiting = {m.id: len(needs[m.id]) for m in modules}
    unlocks: dict[str, list[str]] = {m.id: [] for m in modules}
    for module_id, required in needs.items():
        for r in required:
            unlocks[r].append(module_id)
    ready = [(_order_key(m, session), m.id) for m in modules if waiting[m.id] == 0]
    heapq.heapify(ready)
    out: list[Module] = []
    while ready:
        _, module_id = heapq.heappop(ready)
        out.append(by_id[module_id])
        for nxt in unlocks[module_id]:
            waiting[nxt] -= 1
            if waiting[nxt] == 0:
                heapq.heappush(ready, (_order_key(by_id[nxt], session), nxt))
    return out


# ---------------------------------------------------------------- explicit list


def _explicit(session: Session, library: Library) -> Agenda:
    assert session.modules is not None
    modules = [library.modules[m] for m in session.modules]
    problems = []
    position = {m.id: i for i, m in enumerate(modules)}
    for i, module in enumerate(modules):
        for required in module.requires:
            if position.get(required, len(modules)) > i:
                where = "is later in the list" if required in position else "is not in the list"
                problems.append(session.problem(
                    ("modules", i), f"'{module.id}' requires '{required}', which {where}: "
                                    f"add '{required}' before it"))
    if problems:
        raise ValidationFailed(problems)
    needed = minutes_needed(modules, session)
    if needed > session.duration:
        cut = _cuttable(modules, session)
        raise ValidationFailed([session.problem(("duration",), _needs_message(
            needed, session.duration, cut, "remove {} from modules"))])
    explanation = tuple(f"{m.id}: listed in `modules:` (position {i + 1})"
                        for i, m in enumerate(modules))
    return Agenda(session, tuple(schedule(modules, session)), (), explanation)


# ---------------------------------------------------------------- automatic selection


def _level_rank(level: str) -> int:
    return LEVELS.index(level)


def _eligible(module: Module, session: Session) -> str | None:
    """Why `module` cannot be in this session, or None if it can."""
    if session.format not in module.formats:
        return f"no {session.format} version"
    if not any(module.serves(d) for d in session.departments):
        return f"serves {', '.join(module.departments)}, not this session's departments"
    if _level_rank(module.level) > _level_rank(session.level) + 1:
        return f"level {module.level} is too far above the session's {session.level} level"
    return None


def _preference(modules: list[Module], session: Session) -> list[Module]:
    """Optional modules, most wanted first: at-level, by priority, taking turns by department."""
    groups: dict[str, list[Module]] = {}
    for module in modules:
        key = "core" if "all" in module.departments else next(
            d for d in session.departments if module.serves(d))
        groups.setdefault(key, []).append(module)
    turn: dict[str, int] = {}
    # The session's own departments take their turn before the core track: a session is
    # booked for them, and the opening and closing already speak to everyone.
    group_rank = {key: i for i, key in enumerate([*session.departments, "core"])}
    for key, members in groups.items():
        # A department's own track comes before modules from other tracks that also serve it.
        members.sort(key=lambda m: (m.track != key, PRIORITIES.index(m.priority), m.order,
                                    m.id))
        for i, module in enumerate(members):
            turn[module.id] = i

    def key(module: Module) -> tuple[int, int, int, int, str]:
        above = max(0, _level_rank(module.level) - _level_rank(session.level))
        group = "core" if "all" in module.departments else next(
            d for d in session.departments if module.serves(d))
        return (above, PRIORITIES.index(module.priority), turn[module.id], group_rank[group],
                module.id)

    return sorted(modules, key=key)


def _closure(module: Module, library: Library) -> list[str]:
    """`module` and every module it requires, directly or not."""
    seen: list[str] = []
    stack = [module.id]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.append(current)
        stack.extend(library.modules[current].requires)
    return seen


def _auto(session: Session, library: Library) -> Agenda:
    explain: list[str] = []
    dropped: list[Dropped] = []
    excluded = set(session.exclude)
    eligible: dict[str, Module] = {}
    for module_id, module in sorted(library.modules.items()):
        if module_id in excluded:
            if _eligible(module, session) is None:
                dropped.append(Dropped(module_id, "excluded in the session file"))
            explain.append(f"{module_id}: left out, listed in `exclude:`")
            continue
        reason = _eligible(module, session)
        if reason is None or module_id in session.include:
            eligible[module_id] = module

    def unavailable(module_id: str) -> str | None:
        """Why a module cannot be pulled in as a prerequisite (department and level aside)."""
        if module_id in excluded:
            return "excluded"
        if session.format not in library.modules[module_id].formats:
            return f"has no {session.format} version"
        return None

    chosen: dict[str, Module] = {}
    for module in eligible.values():
        if module.priority == "required" or module.id in session.include:
            why = "listed in `include:`" if module.id in session.include else "required module"
            for needed in _closure(module, library):
                reason = unavailable(needed)
                if reason == "excluded":
                    raise ValidationFailed([session.problem(("exclude",), (
                        f"'{module.id}' requires '{needed}', which is excluded: remove "
                        f"'{needed}' from exclude"))])
                if reason:
                    raise ValidationFailed([session.problem(("format",), (
                        f"'{module.id}' requires '{needed}', which {reason}: exclude "
                        f"'{module.id}' or change format"))])
                if needed != module.id and needed not in chosen:
                    explain.append(f"{needed}: chosen, required by {module.id}")
                chosen.setdefault(needed, library.modules[needed])
            explain.append(f"{module.id}: chosen, {why}")

    needed = minutes_needed(order(list(chosen.values()), session), session)
    if needed > session.duration:
        cut = _cuttable(order(list(chosen.values()), session), session)
        raise ValidationFailed([session.problem(("duration",), _needs_message(
            needed, session.duration, cut, "exclude {}"))])

    for module in _preference([m for m in eligible.values() if m.id not in chosen], session):
        if module.id in chosen:
            continue
        group = [m for m in _closure(module, library) if m not in chosen]
        blocked = [m for m in group if unavailable(m)]
        repeated = _repeated_exercise(module, chosen, session.format)
        if blocked or repeated:
            reason = (f"requires {blocked[0]}, which {unavailable(blocked[0])}" if blocked else
                      f"repeats exercise '{repeated[0]}', already in {repeated[1]}")
            dropped.append(Dropped(module.id, reason))
            explain.append(f"{module.id}: dropped, {reason}")
            continue
        trial = order(list(chosen.values()) + [library.modules[m] for m in group], session)
        total = minutes_needed(trial, session)
        if total <= session.duration:
            for m in group:
                chosen[m] = library.modules[m]
            served = "everyone" if "all" in module.departments else ", ".join(
                library.department_name(d) for d in module.departments
                if d in session.departments)
            explain.append(f"{module.id}: chosen, {module.priority} module for {served} "
                           f"({module.minutes[session.format]} min)")
        else:
            current = minutes_needed(order(list(chosen.values()), session), session)
            left, cost = session.duration - current, total - current
            own = sum(library.modules[m].minutes[session.format] for m in group)
            extra = f" (with the break it brings, {cost} min)" if cost > own else ""
            reason = (f"does not fit: {module.priority} module of "
                      f"{module.minutes[session.format]} min{extra}, {max(left, 0)} min left")
            dropped.append(Dropped(module.id, reason))
            explain.append(f"{module.id}: dropped, {reason}")

    ordered = order(list(chosen.values()), session)
    for i, module in enumerate(ordered):
        after = ordered[i - 1].id if i else "the start"
        rule = next((f"requires {r}" for r in module.requires if r in chosen), None) or {
            0: "opening module", 1: "core module", 2: "department module",
            3: "closing module"}[_group(module)]
        explain.append(f"{module.id}: placed {i + 1} of {len(ordered)}, after {after} ({rule})")
    return Agenda(session, tuple(schedule(ordered, session)), tuple(dropped), tuple(explain))


def exercises_in(module: Module, fmt: str) -> list[str]:
    """The exercises a module runs in this format."""
    found: list[str] = []
    for slide in module.slides:
        if slide.formats and fmt not in slide.formats:
            continue
        shown = slide.variants.get(fmt, slide)
        exercise = getattr(shown, "exercise", None)
        if isinstance(exercise, str) and exercise not in found:
            found.append(exercise)
    return found


def _repeated_exercise(module: Module, chosen: dict[str, Module], fmt: str
                       ) -> tuple[str, str] | None:
    """An exercise `module` would run that a chosen module already runs, and that module."""
    for exercise in exercises_in(module, fmt):
        for other in chosen.values():
            if exercise in exercises_in(other, fmt):
                return exercise, other.id
    return None


def _cuttable(modules: list[Module], session: Session) -> list[str]:
    """The fewest modules, largest first, whose removal would make the session fit."""
    candidates = sorted((m for m in modules if m.position == "body"),
                        key=lambda m: (-m.minutes[session.format], m.id))
    remaining = list(modules)
    cut: list[str] = []
    for module in candidates:
        if minutes_needed(remaining, session) <= session.duration:
            break
        remaining.remove(module)
        cut.append(module.id)
    return cut if minutes_needed(remaining, session) <= session.duration else []


def _needs_message(needed: int, has: int, cut: list[str], how: str) -> str:
    message = f"needs {needed} minutes, the session has {has}: raise duration to {needed}"
    if cut:
        message += " or " + how.format(", ".join(cut))
    return message
