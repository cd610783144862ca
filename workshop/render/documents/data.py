"""The print documents' data, worked out once from the tailored session: every clock time, cue,
checklist and worksheet the templates show, as the model in model.py."""

from __future__ import annotations

from workshop.content import text as content_text
from workshop.content.fields import Format
from workshop.content.models import (
    BulletsSlide,
    DemoSlide,
    DiscussionSlide,
    Exercise,
    ImageSlide,
    QuoteSlide,
    StatisticSlide,
    TwoColumnSlide,
)
from workshop.content.models import (
    WorksheetItem as ContentItem,
)
from workshop.content.questions import CONCERNS, GOALS
from workshop.content.text import plain
from workshop.plan import Block, clock
from workshop.render.documents import forms, geometry
from workshop.render.documents.model import (
    Agenda,
    AgendaBlock,
    Brand,
    Demo,
    Guide,
    GuideExercise,
    HandoutExercise,
    Handouts,
    Header,
    MaterialGroup,
    Rich,
    Run,
    RunBlock,
    RunSlide,
    Segment,
    SessionDocuments,
    SessionInfo,
    Step,
    Tick,
    TodoLine,
    WorksheetItem,
)
from workshop.tailor import Tailored, TailoredModule, TailoredSlide

# Things every room needs, by format; module and exercise materials are added after these.
ROOM_BASICS = {
    "group": (
        "Projector or screen with HDMI and USB-C adapters, tested with the presenting laptop",
        "A working internet connection for the live demos (and the guest Wi-Fi password on a "
        "card)",
        "Flip chart or whiteboard, markers, and a wall for the parking lot",
        "Name cards, water, and the room set in tables of three to five",
    ),
    "one-on-one": (
        "A quiet room, or the executive's office, with a screen you can both see",
        "A working internet connection and the executive's own phone or laptop, charged",
        "A notepad for the executive's three next steps",
    ),
}
DISCUSSION_NOTE = {
    "group": "Take questions from the room and from the parking lot, oldest first. Give each "
             "open question an owner and a date before moving on.",
    "one-on-one": "Go back to what the executive said they wanted at the start: is it settled? "
                  "Take their open questions; for each one you cannot settle now, agree who "
                  "answers it and by when.",
}
BREAK_NOTE = "Restart on time: agree the time to be back before the break starts."
DISCUSSION_OUTCOME = "Your questions, and the ones on the parking lot."
LOGO_PATH = "/assets/logo"  # + the logo's own suffix, in the templates' folder


def rich(value: str) -> Rich:
    """Content text (inline markup read) as runs."""
    return tuple(Run(text=r.text, bold=r.bold, italic=r.italic, href=r.href)
                 for r in content_text.runs(value))


def literal(value: str) -> Rich:
    """A session value (a title, an organization), shown exactly as written."""
    return (Run(text=value),) if value else ()


def joined(parts: list[Rich], separator: str) -> Rich:
    out: list[Run] = []
    for i, part in enumerate(parts):
        if i:
            out.append(Run(text=separator))
        out.extend(part)
    return tuple(out)


def brand(color: str, logo_suffix: str | None) -> Brand:
    return Brand(accent=color, accent_ink=geometry.ink_on(color),
                 logo=LOGO_PATH + logo_suffix if logo_suffix else None)


# ---------------------------------------------------------------- the session and its agenda


def session_info(tailored: Tailored) -> SessionInfo:
    session, values = tailored.session, tailored.values
    blocks = tailored.agenda.blocks
    format_name = values["format"].capitalize()
    lead = f"{format_name} for {values['departments']}" + \
        (f": {session.audience}" if session.audience else "")
    return SessionInfo(
        title=session.title, organization=session.organization, format=session.format,
        format_name=format_name, departments=tuple(tailored.department_names),
        department_ids=tuple(session.departments), departments_text=values["departments"],
        audience=session.audience or "", facilitator=session.facilitator or "",
        participants=session.participants, level=session.level, date=values["date"],
        date_iso=session.date.isoformat() if session.date else "",
        start=clock(blocks[0].start), end=clock(blocks[-1].end),
        minutes=tailored.agenda.total_minutes, lead=lead)


def header(organization: str, title: str, date: str = "") -> Header:
    return Header(organization=organization, title=title,
                  footer=" · ".join(p for p in (organization, title, date) if p))


def _block_title(tailored: Tailored, block: Block) -> tuple[TailoredModule | None, Rich]:
    module = tailored.module_for(block)
    return module, rich(module.module.title) if module else literal(block.title)


def agenda(tailored: Tailored) -> Agenda:
    blocks = tailored.agenda.blocks
    first, last = blocks[0].start, blocks[-1].end
    length = max(last - first, 1)

    def place(start: int, minutes: int) -> tuple[float, float]:
        return round((start - first) * 100 / length, 3), round(minutes * 100 / length, 3)

    rows, bars, exercises, number = [], [], [], 0
    for block in blocks:
        module, title = _block_title(tailored, block)
        numbered = None if block.is_break else (number := number + 1)
        outcome = rich(module.module.outcome) if module else (
            literal(DISCUSSION_OUTCOME) if block.kind == "discussion" else ())
        rows.append(AgendaBlock(kind=block.kind, number=numbered, start=clock(block.start),
                                end=clock(block.end), minutes=block.minutes, title=title,
                                outcome=outcome, exercise=bool(module and module.exercises)))
        bars.append(Segment(kind=block.kind, left=place(block.start, 0)[0],
                            width=place(block.start, block.minutes)[1],
                            label=plain(module.module.title) if module else block.title,
                            number=numbered, start=clock(block.start), end=clock(block.end)))
        for slide in module.slides if module else ():
            if slide.exercise is not None:
                at = block.start + slide.start
                left, width = place(at, slide.minutes)
                exercises.append(Segment(kind="exercise", left=left, width=width,
                                         label=plain(slide.exercise.title), start=clock(at),
                                         end=clock(at + slide.minutes)))
    ticks = tuple(Tick(left=place(hour, 0)[0], label=clock(hour))
                  for hour in range((first + 59) // 60 * 60, last + 1, 60))
    return Agenda(blocks=tuple(rows), bars=tuple(bars), exercises=tuple(exercises), ticks=ticks)


# ---------------------------------------------------------------- the facilitator guide


def _preparation(tailored: Tailored) -> tuple[Rich, ...]:
    session, fmt = tailored.session, tailored.session.format
    returned = f", to be returned to {session.facilitator}" if session.facilitator else ""
    calendar = " and the calendar invitation (agenda.ics)" if session.date else ""
    who = "the executive and their assistant" if fmt == "one-on-one" else "every participant"
    if fmt == "group":
        room = [f"Print the handouts: {handout_copies(tailored)}. Print the evaluation form, "
                "one per person.",
                "Test the equipment in the room: projector, adapters, sound, and the connection "
                "from the presenting laptop."]
    else:
        room = [f"Print the handouts: {handout_copies(tailored)}. Print the evaluation form for "
                "the executive.",
                "Check the screen you will share, the connection, and that the executive can "
                "sign in to their own accounts on the device they will use."]
    intake = tailored.agenda.intake
    if intake is None:
        asked = [f"Send the intake questionnaire (intake.pdf) two weeks ahead{returned}; "
                 "when the answers are back, name their file under intake: in the session and "
                 "rebuild: the plan and the opening then follow them."]
    else:
        asked = [f"Intake: {intake.count} answer{'s' if intake.count != 1 else ''} "
                 f"({intake.file}); the plan and the opening's \"what you told us\" slides "
                 "are built from them" + ("" if intake.shown else
                                          " (fewer than 3 answers: the slides are left out, "
                                          "so no one can be recognised)") + "."]
        if fmt == "one-on-one":
            org = session.organization
            for r in intake.responses:
                ticked = [c.shown(True, org) for c in GOALS if c.topic in r.goals]
                worries = [c.shown(True, org) for c in CONCERNS if c.topic in r.concerns]
                asked.append(
                    f"{r.name or 'The executive'}'s goals: " +
                    (f"“{r.goal}”" if r.goal else "no goal written") +
                    (f"; ticked: {'; '.join(ticked)}" if ticked else "") +
                    (f". Concerns: {'; '.join(worries)}" if worries else "") +
                    (f"; “{r.worries}”" if r.worries else "") + ".")
    items = [
        *asked,
        f"Send the agenda{calendar} to {who}.",
        *room,
        "Run every live-demo search below the day before, and take screenshots as a fallback.",
        f"Ask marketing for the list of official {session.organization} accounts.",
    ]
    return tuple(literal(item) for item in items)


def handout_copies(tailored: Tailored) -> str:
    participants = tailored.session.participants
    if tailored.session.format == "one-on-one":
        return "2 copies (the executive's and yours)"
    return f"{participants + 2} copies ({participants} participants and 2 spare)" \
        if participants else "one copy per participant, and 2 spare"


def _materials(tailored: Tailored) -> tuple[MaterialGroup, ...]:
    """The materials and room checklist, grouped by when they are needed; each item once."""
    seen: set[str] = set()

    def fresh(items: list[str]) -> list[str]:
        out = []
        for item in items:
            key = plain(item).strip().rstrip(".").lower()
            if key and key not in seen:
                seen.add(key)
                out.append(item)
        return out

    heading = "The room" if tailored.session.format == "group" else "Where you meet"
    groups = [MaterialGroup(heading=heading, items=tuple(
        literal(i) for i in fresh(list(ROOM_BASICS[tailored.session.format]))))]
    for module in tailored.modules:
        items = list(module.module.materials)
        for exercise in module.exercises:
            items += exercise.materials
        if found := fresh(items):
            groups.append(MaterialGroup(
                heading=f"{clock(module.block.start)} {plain(module.module.title)}",
                items=tuple(rich(i) for i in found)))
    return tuple(groups)


def _demos(tailored: Tailored) -> tuple[Demo, ...]:
    return tuple(Demo(start=clock(module.block.start), title=rich(slide.slide.title),
                      platforms=tuple(plain(p) for p in slide.slide.platforms),
                      searches=tuple(plain(q) for q in slide.slide.searches))
                 for module in tailored.modules for slide in module.slides
                 if isinstance(slide.slide, DemoSlide))


def slide_title(slide: TailoredSlide) -> str:
    """The title a slide shows, for slides whose title is optional."""
    title = getattr(slide.slide, "title", None)
    if title:
        return title
    if slide.exercise is not None:
        return slide.exercise.title
    if isinstance(slide.slide, QuoteSlide):
        return f"Quote: {slide.slide.attribution}"
    return slide.slide.kind.capitalize()


def _on_screen(model: object) -> Rich:
    if isinstance(model, BulletsSlide):
        return joined([rich(b.text) for b in model.bullets], " · ")
    if isinstance(model, TwoColumnSlide):
        return joined([rich(model.left.heading), rich(model.right.heading)], " / ")
    if isinstance(model, StatisticSlide):
        return joined([literal(model.value), rich(model.caption)], ", ")
    if isinstance(model, QuoteSlide):
        return joined([literal("“"), rich(model.quote), literal("” ("),
                       rich(model.attribution), literal(")")], "")
    if isinstance(model, ImageSlide):
        return rich(model.alt)
    return ()


def _todo(slide: TailoredSlide, fmt: Format) -> tuple[TodoLine, ...]:
    model = slide.slide
    if isinstance(model, DiscussionSlide):
        return (TodoLine(label="Ask", text=rich(model.prompt),
                         items=tuple(rich(q) for q in model.questions)),)
    if isinstance(model, DemoSlide):
        lines = [TodoLine(label="Goal", text=rich(model.goal)),
                 TodoLine(label="Show", items=tuple(rich(s) for s in model.show))]
        if model.searches:
            lines.append(TodoLine(label="Search",
                                  queries=tuple(plain(q) for q in model.searches)))
        if model.fallback:
            lines.append(TodoLine(label="If the network fails", text=rich(model.fallback)))
        return tuple(lines)
    if slide.exercise is not None:
        return (TodoLine(label="Do", text=literal(
            f"run the exercise below ({plain(slide.exercise.group_size.get(fmt, ''))}).")),)
    return ()


def steps(exercise: Exercise, fmt: Format) -> tuple[Step, ...]:
    """This format's facilitator steps with their cues in minutes: '0–3'."""
    out, at = [], 0
    for step in exercise.steps:
        if step.formats and fmt not in step.formats:
            continue
        minutes = step.minutes.get(fmt, 0)
        out.append(Step(when=f"{at}–{at + minutes}", minutes=minutes, text=rich(step.do)))
        at += minutes
    return tuple(out)


def _guide_exercise(tailored: Tailored, slide: TailoredSlide) -> GuideExercise:
    exercise, fmt = slide.exercise, tailored.session.format
    assert exercise is not None
    order = [e.id for e in tailored.exercises]
    return GuideExercise(
        id=exercise.id, title=rich(exercise.title), minutes=slide.minutes,
        number=order.index(exercise.id) + 1, count=len(order),
        group_size=rich(exercise.group_size.get(fmt, "")), steps=steps(exercise, fmt),
        materials=tuple(rich(m) for m in exercise.materials),
        debrief=tuple(rich(q) for q in exercise.debrief),
        answer_key=tuple(rich(a) for a in exercise.answer_key))


def _run_slide(tailored: Tailored, module: TailoredModule, slide: TailoredSlide) -> RunSlide:
    begin = module.block.start + slide.start
    return RunSlide(
        title=rich(slide_title(slide)), kind=slide.slide.kind,
        clock=f"{clock(begin)}–{clock(begin + slide.minutes)}",
        cue=f"minutes {slide.start}–{slide.start + slide.minutes} of {module.minutes}",
        on_screen=_on_screen(slide.slide), say=rich(slide.slide.notes),
        examples=tuple((name, rich(example)) for name, example in slide.examples),
        todo=_todo(slide, tailored.session.format),
        exercise=_guide_exercise(tailored, slide) if slide.exercise is not None else None)


def _runsheet(tailored: Tailored) -> tuple[RunBlock, ...]:
    out = []
    for block in tailored.agenda.blocks:
        module, title = _block_title(tailored, block)
        common = dict(kind=block.kind, start=clock(block.start), end=clock(block.end),
                      minutes=block.minutes, title=title,
                      bookmark=f"{clock(block.start)} "
                               f"{plain(module.module.title) if module else block.title}")
        if module is None:
            note = BREAK_NOTE if block.is_break else DISCUSSION_NOTE[tailored.session.format]
            out.append(RunBlock(**common, note=literal(note)))
            continue
        out.append(RunBlock(
            **common, objectives=tuple(rich(o) for o in module.module.objectives),
            outcome=rich(module.module.outcome),
            materials=tuple(rich(m) for m in module.module.materials),
            slides=tuple(_run_slide(tailored, module, s) for s in module.slides)))
    return tuple(out)


def guide(tailored: Tailored) -> Guide:
    return Guide(level=tailored.session.level.capitalize(), preparation=_preparation(tailored),
                 materials=_materials(tailored), demos=_demos(tailored),
                 runsheet=_runsheet(tailored))


# ---------------------------------------------------------------- handouts


def worksheet_item(item: ContentItem) -> WorksheetItem:
    if item.kind == "prompt":
        return WorksheetItem(kind="prompt", title=rich(item.prompt), lines=item.lines)
    if item.kind == "checklist":
        return WorksheetItem(kind="checklist", title=rich(item.title),
                             items=tuple(rich(i) for i in item.items))
    if item.kind == "table":
        return WorksheetItem(kind="table", title=rich(item.title),
                             columns=tuple(rich(c) for c in item.columns),
                             rows=tuple(rich(r) for r in item.rows))
    return WorksheetItem(kind="scenario", title=rich(item.title), text=rich(item.text),
                         questions=tuple(rich(q) for q in item.questions), lines=item.lines)


def handouts(tailored: Tailored, personal: bool = False) -> Handouts:
    where: dict[str, tuple[Block, TailoredSlide]] = {}
    for module in tailored.modules:
        for slide in module.slides:
            if slide.exercise is not None:
                where.setdefault(slide.exercise.id, (module.block, slide))
    exercises = tailored.exercises
    fmt = tailored.session.format
    return Handouts(personal=personal, exercises=tuple(
        HandoutExercise(
            id=ex.id, number=i + 1, count=len(exercises), title=rich(ex.title),
            summary=rich(ex.summary), start=clock(where[ex.id][0].start + where[ex.id][1].start),
            minutes=where[ex.id][1].minutes, group_size=rich(ex.group_size.get(fmt, "")),
            instructions=tuple(rich(s) for s in ex.instructions),
            worksheet=tuple(worksheet_item(item) for item in ex.worksheet))
        for i, ex in enumerate(exercises)))


# ---------------------------------------------------------------- everything


def session_documents(tailored: Tailored, logo_suffix: str | None,
                      personal: bool = False) -> SessionDocuments:
    """The data of all five print documents of the session."""
    session = tailored.session
    info = session_info(tailored)
    solo = session.format == "one-on-one"
    departments = [(d, tailored.library.department_name(d)) for d in session.departments]
    return SessionDocuments(
        page=geometry.page(session.paper),
        brand=brand(session.branding.primary_color, logo_suffix),
        header=header(session.organization, session.title, info.date),
        session=info, agenda=agenda(tailored), guide=guide(tailored),
        handouts=handouts(tailored, personal),
        intake=forms.intake(solo, session.organization, info.facilitator, departments),
        evaluation=forms.evaluation(solo, info.facilitator, [
            (clock(m.block.start), plain(m.module.title)) for m in tailored.modules]))
