"""What the print templates show, worked out once: timeline geometry, run-sheet cues, checklists."""

from __future__ import annotations

from dataclasses import dataclass

from workshop.content.models import (
    DemoSlide, Exercise, QuoteSlide, SlideModel, Step,
)
from workshop.content.text import plain
from workshop.plan import Block, clock
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


@dataclass(frozen=True)
class Segment:
    """A stretch of the timeline bar, placed in percent of the session's length."""

    kind: str  # module, opening, closing, discussion, break, lunch, exercise
    left: float
    width: float
    label: str
    start: str
    end: str


@dataclass(frozen=True)
class Tick:
    left: float
    label: str


def timeline(tailored: Tailored) -> tuple[list[Segment], list[Segment], list[Tick]]:
    """Blocks as bars to scale, the exercise stretches inside modules, and the hour marks."""
    blocks = tailored.agenda.blocks
    first, last = blocks[0].start, blocks[-1].end
    length = max(last - first, 1)

    def place(start: int, minutes: int) -> tuple[float, float]:
        return round((start - first) * 100 / length, 3), round(minutes * 100 / length, 3)

    bars, exercises = [], []
    for block in blocks:
        module = tailored.module_for(block)
        title = plain(module.module.title) if module else block.title
        bars.append(Segment(block.kind, *place(block.start, block.minutes), title,
                            clock(block.start), clock(block.end)))
        for slide in module.slides if module else ():
            if slide.exercise is not None:
                at = block.start + slide.start
                exercises.append(Segment("exercise", *place(at, slide.minutes),
                                         plain(slide.exercise.title), clock(at),
                                         clock(at + slide.minutes)))
    ticks = [Tick(place(hour, 0)[0], clock(hour))
             for hour in range((first + 59) // 60 * 60, last + 1, 60)]
    return bars, exercises, ticks


def slide_title(slide: TailoredSlide) -> str:
    """The title a slide shows, for slides whose title is optional."""
    model: SlideModel = slide.slide
    title = getattr(model, "title", None)
    if title:
        return title
    if slide.exercise is not None:
        return slide.exercise.title
    if isinstance(model, QuoteSlide):
        return f"Quote: {model.attribution}"
    return model.kind.capitalize()


def cue(slide: TailoredSlide, module: TailoredModule) -> str:
    """The timing cue for a slide: "minutes 12–20 of 30"."""
    return f"minutes {slide.start}–{slide.start + slide.minutes} of {module.minutes}"


def slide_clock(slide: TailoredSlide, module: TailoredModule) -> str:
    begin = module.block.start + slide.start
    return f"{clock(begin)}–{clock(begin + slide.minutes)}"


def steps(exercise: Exercise, fmt: str) -> list[tuple[str, int, Step]]:
    """This format's facilitator steps with their clock-free cues: ("0–3", 3, step)."""
    out, at = [], 0
    for step in exercise.steps:
        if step.formats and fmt not in step.formats:
            continue
        minutes = step.minutes.get(fmt, 0)
        out.append((f"{at}–{at + minutes}", minutes, step))
        at += minutes
    return out


def exercise_blocks(tailored: Tailored) -> dict[str, tuple[Block, TailoredSlide]]:
    """Where each exercise first runs: its block and its slide."""
    found: dict[str, tuple[Block, TailoredSlide]] = {}
    for module in tailored.modules:
        for slide in module.slides:
            if slide.exercise is not None:
                found.setdefault(slide.exercise.id, (module.block, slide))
    return found


def materials(tailored: Tailored) -> list[tuple[str, list[str]]]:
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

    groups = [("The room", fresh(list(ROOM_BASICS[tailored.session.format])))]
    for module in tailored.modules:
        items = list(module.module.materials)
        for exercise in module.exercises:
            items += exercise.materials
        if found := fresh(items):
            groups.append((f"{clock(module.block.start)} {plain(module.module.title)}", found))
    return groups


def demo_searches(tailored: Tailored) -> list[tuple[TailoredModule, DemoSlide]]:
    """Every live demo in the session, with its searches already filled for the organization."""
    return [(module, slide.slide) for module in tailored.modules for slide in module.slides
            if isinstance(slide.slide, DemoSlide)]


def handout_copies(tailored: Tailored) -> str:
    participants = tailored.session.participants
    if tailored.session.format == "one-on-one":
        return "2 copies (the executive's and yours)"
    return f"{participants + 2} copies ({participants} participants and 2 spare)" \
        if participants else "one copy per participant, and 2 spare"


def document_context(tailored: Tailored) -> dict[str, object]:
    """Helpers every print template may call."""
    return {
        "timeline": timeline, "slide_title": slide_title, "cue": cue,
        "slide_clock": slide_clock, "steps": steps, "exercise_blocks": exercise_blocks,
        "materials": materials, "demo_searches": demo_searches,
        "handout_copies": handout_copies, "fmt": tailored.session.format,
        "end_clock": clock(tailored.agenda.blocks[-1].end),
        "start_clock": clock(tailored.agenda.blocks[0].start),
    }
