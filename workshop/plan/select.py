"""Choose and order a session's modules by their value to the people in the room.

Each department's own track comes first, taking turns between departments, then modules from
other tracks that serve them, then the core track; a module's `requires` come with it. Modules
are taken at their standard length while they fit, then at their essential length where that
still leaves every chosen module its own; depth.fit then sizes them all to fill the time.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence

from workshop.content.fields import LEVELS, PRIORITIES, Format
from workshop.content.library import Library
from workshop.content.models import Module
from workshop.errors import FieldProblems
from workshop.plan.agenda import Agenda, Dropped
from workshop.plan.depth import fit, shortest, target, tiers
from workshop.plan.schedule import minutes_needed, schedule
from workshop.results.intake import Intake
from workshop.session import Session

# ---------------------------------------------------------------- order in the session


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


# ---------------------------------------------------------------- relevance


def _level_rank(level: str) -> int:
    return LEVELS.index(level)


def _eligible(module: Module, session: Session) -> str | None:
    """Why `module` cannot be in this session, or None if it can."""
    if session.format not in module.formats:
        return f"no {session.format} version"
    if not any(module.serves(d) for d in session.departments):
        return f"serves {', '.join(module.departments)}, not this session's departments"
    if module.sectors and not set(module.sectors) & set(session.sector):
        return f"for {', '.join(module.sectors)} sessions only (`sector:`)"
    if _level_rank(module.level) > _level_rank(session.level) + 1:
        return f"level {module.level} is too far above the session's {session.level} level"
    return None


def _home(module: Module, session: Session) -> tuple[int, int]:
    """(0, d) for department d's own track, (1, d) for another track serving d, (2, 0) core."""
    if module.track in session.departments:
        return 0, session.departments.index(module.track)
    served = [i for i, d in enumerate(session.departments) if module.serves(d)]
    if "all" not in module.departments and served:
        return 1, served[0]
    return 2, 0


def _for_sector(module: Module, session: Session) -> bool:
    """A module written for the session's own sector (`sector:`): its rules come first."""
    return bool(module.sectors and set(module.sectors) & set(session.sector))


def relevance(modules: list[Module], session: Session,
              asked: Mapping[str, int] | None = None, urgent: frozenset[str] = frozenset(),
              known: frozenset[str] = frozenset()) -> list[Module]:
    """Most valuable to the room first: each department's own track, taking turns between
    departments; then other tracks' modules that serve them; then the core track. Within
    each, modules at the session's level, then by priority and place in the arc. Modules
    written for the session's sector come before all of them. With intake answers, the
    modules most people asked for (`asked`: id -> people who ticked one of its topics) lead
    each of these groups, and the modules in `urgent` (half the people asked for them) come
    before the groups;
    the ones everyone already knows (`known`) come last."""
    asked = asked or {}

    def inner(m: Module) -> tuple[int, int, int, int, str]:
        above = max(0, _level_rank(m.level) - _level_rank(session.level))
        return (-asked.get(m.id, 0), above, PRIORITIES.index(m.priority), m.order, m.id)


    turn: dict[str, int] = {}
    by_home: dict[tuple[int, int], list[Module]] = {}
    for module in modules:
        by_home.setdefault(_home(module, session), []).append(module)
    for members in by_home.values():
        for i, module in enumerate(sorted(members, key=inner)):
            turn[module.id] = i
    return sorted(modules, key=lambda m: (not _for_sector(m, session), m.id in known,
                                          m.id not in urgent, _home(m, session)[0],
                                          turn[m.id], _home(m, session)[1], inner(m)))


# ---------------------------------------------------------------- choosing


def exercises_in(module: Module, fmt: Format) -> list[str]:
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


def _repeated_exercise(module: Module, chosen: dict[str, Module], fmt: Format,
                       known: dict[str, list[str]]) -> tuple[str, str] | None:
    """An exercise `module` would run that a chosen module already runs, and that module;
    `known` keeps each module's exercises once found (a plan asks for them many times)."""
    def runs(m: Module) -> list[str]:
        if m.id not in known:
            known[m.id] = exercises_in(m, fmt)
        return known[m.id]

    for exercise in runs(module):
        for other in chosen.values():
            if exercise in runs(other):
                return exercise, other.id
    return None


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


class _Choice:
    """The modules chosen so far, and what they need in minutes at given lengths."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.modules: dict[str, Module] = {}
        self._orders: dict[frozenset[str], list[Module]] = {}  # the same set, the same order

    def needs(self, extra: list[Module], lengths: dict[str, int]) -> int:
        every = list(self.modules.values()) + extra
        ids = frozenset(m.id for m in every)
        if ids not in self._orders:
            self._orders[ids] = order(every, self.session)
        return minutes_needed(self._orders[ids], self.session, lengths)

    def at(self, how: str, extra: Sequence[Module] = ()) -> dict[str, int]:
        """Lengths for the chosen modules and `extra`: their starting lengths ('target') or
        their shortest ('essential')."""
        fmt, duration = self.session.format, self.session.duration
        every = list(self.modules.values()) + list(extra)
        if how == "essential":
            return shortest(every, fmt)
        return {m.id: target(m, fmt, duration) for m in every}


def _intake_choices(session: Session, library: Library, intake: Intake | None
                    ) -> tuple[dict[str, int], frozenset[str], frozenset[str], dict[str, str]]:
    """What the intake asks of the plan: modules to move up (id -> people who ticked one of
    their topics), the most urgent of them (a topic half the people ticked, and the module
    is about nothing else), modules to keep short (everyone is at ease with all their
    topics), and why, for `plan --explain`."""
    if intake is None:
        return {}, frozenset(), frozenset(), {}
    flagged, easy = intake.flagged(), intake.at_ease()
    asked: dict[str, int] = {}
    urgent: set[str] = set()
    known: set[str] = set()
    why: dict[str, str] = {}
    org = session.organization
    for module_id, module in library.modules.items():
        topics = [t for t in module.addresses if t in flagged]
        if topics:
            top = max(topics, key=lambda t: flagged[t])
            asked[module_id] = flagged[top]
            if flagged[top] * 2 >= intake.count and len(module.addresses) == 1:
                urgent.add(module_id)
            why[module_id] = (f"moved up by the intake: {flagged[top]} of {intake.count} "
                              f"ticked '{intake.topic_label(top, org)}'")
        elif module.addresses and module.position == "body" and \
                all(t in easy for t in module.addresses):
            known.add(module_id)
            rated = ", ".join(f"{t} {easy[t]:.1f}" for t in module.addresses)
            why[module_id] = (f"kept short by the intake: everyone rated themselves 4 or 5 of "
                              f"5 on its topics ({rated})")
    return asked, frozenset(urgent), frozenset(known), why


def automatic(session: Session, library: Library, intake: Intake | None = None) -> Agenda:
    """`modules: auto`: the most relevant modules that fit, each sized to fill the time;
    with intake answers, what people asked for first and what they know kept short."""
    fmt = session.format
    asked, urgent, known, by_intake = _intake_choices(session, library, intake)
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
        if _eligible(module, session) is None or module_id in session.include:
            eligible[module_id] = module

    def unavailable(module_id: str) -> str | None:
        """Why a module cannot be pulled in as a prerequisite (department and level aside)."""
        if module_id in excluded:
            return "excluded"
        if fmt not in library.modules[module_id].formats:
            return f"has no {fmt} version"
        return None

    choice = _Choice(session)
    for module in eligible.values():
        if module.required_in(session.departments, session.duration, session.format) or \
                module.id in session.include:
            why = ("listed in `include:`" if module.id in session.include else
                   "required module" if module.priority == "required" else
                   f"required in {', '.join(module.required_when.departments)} sessions of "
                   f"{module.required_when.minutes} minutes or more"
                   if module.required_when else "required module")
            for prerequisite in _closure(module, library):
                reason = unavailable(prerequisite)
                if reason == "excluded":
                    raise FieldProblems([(("exclude",), (
                        f"'{module.id}' requires '{prerequisite}', which is excluded: remove "
                        f"'{prerequisite}' from exclude"))])
                if reason:
                    raise FieldProblems([(("format",), (
                        f"'{module.id}' requires '{prerequisite}', which {reason}: exclude "
                        f"'{module.id}' or change format"))])
                if prerequisite != module.id and prerequisite not in choice.modules:
                    explain.append(f"{prerequisite}: chosen, required by {module.id}")
                choice.modules.setdefault(prerequisite, library.modules[prerequisite])
            explain.append(f"{module.id}: chosen, {why}")

    needed = choice.needs([], choice.at("essential"))
    if needed > session.duration:
        chosen = order(list(choice.modules.values()), session)
        raise FieldProblems([(("duration",), _needs_message(
            needed, session.duration, _cuttable(chosen, session), "exclude {}"))])

    ranked = relevance([m for m in eligible.values() if m.id not in choice.modules], session,
                       asked, urgent, known)
    rank = {m.id: i for i, m in enumerate(ranked)}
    served: set[str] = set()
    exercises: dict[str, list[str]] = {}
    for module in ranked:  # most relevant first; each claims its time before the next
        if module.id in choice.modules:
            continue
        group = [library.modules[m] for m in _closure(module, library)
                 if m not in choice.modules]
        blocked = [m.id for m in group if unavailable(m.id)]
        repeated = _repeated_exercise(module, choice.modules, fmt, exercises)
        if blocked or repeated:
            reason = (f"requires {blocked[0]}, which {unavailable(blocked[0])}" if blocked else
                      f"repeats exercise '{repeated[0]}', already in {repeated[1]}"
                      if repeated else "")
            dropped.append(Dropped(module.id, reason))
            explain.append(f"{module.id}: dropped, {reason}")
            continue
        home, dept = _home(module, session)
        uncovered = home == 0 and session.departments[dept] not in served
        # At its standard length beside the chosen modules at theirs; else at its essential
        # length; else, for a department with no module of its own yet, with every chosen
        # module at its shortest.
        tries = [(choice.at("target", group), ""),
                 ({**choice.at("target"), **shortest(group, fmt)}, ", in the time left")]
        if uncovered:
            tries.append((choice.at("essential", group),
                          f", the first of {session.departments[dept]}'s own track"))
        taken = next((note for lengths, note in tries
                      if choice.needs(group, lengths) <= session.duration), None)
        if taken is not None:
            _take(choice, group, module, library, session, explain, taken)
            if home == 0:
                served.add(session.departments[dept])
            continue
        tier = tiers(module, fmt)
        span = f"{tier.essential}–{tier.standard}" if tier.essential < tier.standard \
            else str(tier.standard)
        left = max(session.duration - choice.needs([], choice.at("target")), 0)
        reason = (f"does not fit: {module.priority} module of {span} min, "
                  + (f"{left} min left" if left else
                     "no time left beside the more relevant modules chosen before it"))
        dropped.append(Dropped(module.id, reason))
        explain.append(f"{module.id}: dropped, {reason}")

    if ranked and not any(m.position == "body" for m in choice.modules.values()):
        # An opening and a closing with nothing between them is not a session.
        first = [library.modules[m] for m in _closure(ranked[0], library)
                 if m not in choice.modules]
        needed = choice.needs(first, choice.at("essential", first))
        raise FieldProblems([(("duration",), _needs_message(
            needed, session.duration, [], ""))])
    ordered = order(list(choice.modules.values()), session)
    lengths = fit(ordered, session, {**rank, **{m.id: -1 for m in ordered if m.id not in rank}},
                  lambda at: minutes_needed(ordered, session, at), known)
    explain.extend(f"{m.id}: {by_intake[m.id]}" for m in ordered if m.id in by_intake)
    _explain_places(ordered, choice.modules, explain)
    _explain_lengths(ordered, lengths, session, explain)
    return Agenda(session, tuple(schedule(ordered, session, lengths)), tuple(dropped),
                  tuple(explain), intake)


def _take(choice: _Choice, group: list[Module], module: Module, library: Library,
          session: Session, explain: list[str], note: str) -> None:
    for m in group:
        choice.modules[m.id] = m
        if m.id != module.id:
            explain.append(f"{m.id}: chosen, required by {module.id}")
    home, dept = _home(module, session)
    whose = {0: f"{library.department_name(session.departments[dept])}'s own track",
             1: f"serves {library.department_name(session.departments[dept])}",
             2: "core track, for everyone"}[home]
    if _for_sector(module, session):
        whose = f"for the session's sector, {whose}"
    explain.append(f"{module.id}: chosen, {module.priority} module ({whose}){note}")


def _explain_places(ordered: list[Module], chosen: dict[str, Module],
                    explain: list[str]) -> None:
    for i, module in enumerate(ordered):
        after = ordered[i - 1].id if i else "the start"
        rule = next((f"requires {r}" for r in module.requires if r in chosen), None) or {
            0: "opening module", 1: "core module", 2: "department module",
            3: "closing module"}[_group(module)]
        explain.append(f"{module.id}: placed {i + 1} of {len(ordered)}, after {after} ({rule})")


def _explain_lengths(ordered: list[Module], lengths: dict[str, int], session: Session,
                     explain: list[str]) -> None:
    for module in ordered:
        tier = tiers(module, session.format)
        minutes = lengths[module.id]
        span = (f"{tier.essential}–{tier.extended}" if tier.essential < tier.extended
                else f"always {tier.standard}")
        explain.append(f"{module.id}: runs {minutes} min, {tier.describe(minutes)} "
                       f"(standard {tier.standard}, range {span})")


# ---------------------------------------------------------------- an explicit list


def explicit(session: Session, library: Library) -> Agenda:
    """`modules: [...]`: the modules listed, in that order, sized to fill the time."""
    assert session.modules is not None
    modules = [library.modules[m] for m in session.modules]
    problems: list[tuple[tuple[str | int, ...], str]] = []
    position = {m.id: i for i, m in enumerate(modules)}
    for i, module in enumerate(modules):
        for required in module.requires:
            if position.get(required, len(modules)) > i:
                where = "is later in the list" if required in position else "is not in the list"
                problems.append((
                    ("modules", i), f"'{module.id}' requires '{required}', which {where}: "
                                    f"add '{required}' before it"))
    if problems:
        raise FieldProblems(problems)
    needed = minutes_needed(modules, session, shortest(modules, session.format))
    if needed > session.duration:
        raise FieldProblems([(("duration",), _needs_message(
            needed, session.duration, _cuttable(modules, session), "remove {} from modules"))])
    rank = {m.id: i for i, m in enumerate(modules)}
    lengths = fit(modules, session, rank, lambda at: minutes_needed(modules, session, at))
    explanation = [f"{m.id}: listed in `modules:` (position {i + 1})"
                   for i, m in enumerate(modules)]
    _explain_lengths(modules, lengths, session, explanation)
    return Agenda(session, tuple(schedule(modules, session, lengths)), (), tuple(explanation))


def _cuttable(modules: list[Module], session: Session) -> list[str]:
    """The fewest body modules, longest first, whose removal lets the rest fit at their
    shortest."""
    fmt = session.format
    candidates = sorted((m for m in modules if m.position == "body"),
                        key=lambda m: (-tiers(m, fmt).essential, m.id))
    remaining = list(modules)
    cut: list[str] = []

    def fits() -> bool:
        return minutes_needed(remaining, session, shortest(remaining, fmt)) <= session.duration
    for module in candidates:
        if fits():
            break
        remaining.remove(module)
        cut.append(module.id)
    return cut if fits() else []


def _needs_message(needed: int, has: int, cut: list[str], how: str) -> str:
    message = (f"needs {needed} minutes even with every module at its shortest, the session "
               f"has {has}: raise duration to {needed}")
    if cut:
        message += " or " + how.format(", ".join(cut))
    return message
