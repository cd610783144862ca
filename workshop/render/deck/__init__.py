"""The slide deck: title, agenda, a divider and the slides of each module, breaks, closing, sources.

Only this package imports python-pptx. Every slide carries speaker notes with a timing cue.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from pptx.dml.color import RGBColor
from pptx.util import Emu

from workshop.content.checks import logo_kind
from workshop.content.text import plain
from workshop.plan import Block, clock
from workshop.render.deck.fit import Box, Para
from workshop.render.deck.kinds import bullet_groups, content_slide
from workshop.render.deck.notes import Notes, timing_cue
from workshop.render.deck.package import deterministic_bytes
from workshop.render.deck.shapes import (
    image_size,
    picture,
    remove_empty_placeholders,
    text_box,
    write_paragraphs,
)
from workshop.render.deck.theme import Theme, load_theme
from workshop.render.deck.writer import (
    BODY_FLOOR,
    INK,
    LIGHT,
    MUTED,
    DeckWriter,
    Where,
    plain_para,
    text_para,
)
from workshop.render.documents import Context, Rendered
from workshop.session import output_time
from workshop.tailor import Tailored, TailoredModule

EMU_IN = 914400


def render(tailored: Tailored, context: Context) -> Rendered:
    """deck.pptx for the session, and what the user should know about it; the same inputs
    always give the same bytes. Handout page numbers come from the build's handouts."""
    session = tailored.session
    branding = session.branding
    warnings: list[str] = []
    template = Path(branding.template) if branding.template else None
    accent = branding.primary_color.lstrip("#") \
        if ("primary_color" in branding.model_fields_set or template is None) else None
    theme = load_theme(template, branding.layouts, accent)
    logo = Path(branding.logo) if branding.logo else None
    if logo is not None and logo_kind(logo) == "SVG":
        warnings.append("deck: the logo is an SVG image, which the deck cannot place "
                                "yet: the printed pages show it, the slides do not; give "
                                "branding.logo as PNG or JPEG to have it on the slides too")
        logo = None
    if logo is not None:
        image_size(logo, "branding.logo")
    footer = f"{session.organization} · {session.title}"
    writer = DeckWriter(theme, footer, logo, session.format)
    pages = context.handout_pages if "handouts" in session.outputs else {}

    _title_slide(writer, tailored, theme)
    _agenda(writer, tailored)
    modules = [m for m in tailored.modules]
    for block in tailored.agenda.blocks:
        tm = tailored.module_for(block)
        if tm is not None:
            _module(writer, tailored, tm, modules.index(tm) + 1, len(modules), pages)
        elif block.is_break:
            _break(writer, block)
        else:
            _open_discussion(writer, block, session.format)
    _next_steps(writer, tailored)
    _sources(writer, tailored)
    writer.finish_notes()
    warnings += [f"deck: {warning}" for warning in theme.warnings]
    _properties(theme, tailored)
    return Rendered({"deck.pptx": deterministic_bytes(theme.prs, output_time(session.date))},
                    tuple(warnings))


# ---------------------------------------------------------------- generated slides


def _title_slide(writer: DeckWriter, tailored: Tailored, theme: Theme) -> None:
    session, values = tailored.session, tailored.values
    layout = theme.layout("title")
    first, last = tailored.agenda.blocks[0], tailored.agenda.blocks[-1]
    when = " · ".join(part for part in (values["date"], f"{clock(first.start)}–{clock(last.end)}")
                      if part)
    notes = Notes(say=[
        f"Welcome. Introduce yourself and the session: {session.title}, for "
        f"{values['departments']} at {session.organization}, {clock(first.start)} to "
        f"{clock(last.end)}.",
        "Before people arrive: run the live-demo searches once on the room's network, have "
        "the handouts and the parking-lot sheet ready, and check the clicker and the screen."
        if session.format == "group" else
        "Before the executive arrives: run the live-demo searches once on the connection you "
        "will use, have their handout ready, and check the screen you will share.",
    ])
    slide = writer.new_slide("title", session.title, notes, Where("the title slide"),
                             title_markup=False, footer=False)
    lines = [plain_para(session.organization, 26, bold=True, color=theme.accent, floor=18)]
    if session.audience:
        lines.append(plain_para(session.audience, 20, color=INK, space_before=6.0, floor=16))
    lines.append(plain_para(when, 20, color=MUTED, space_before=6.0, floor=16))
    if session.facilitator:
        lines.append(plain_para(f"Facilitator: {session.facilitator}", 18, color=MUTED,
                                space_before=4.0, floor=14))
    box, lines = writer.first_fit([lines, lines[:1]], layout, Where("the title slide"),
                                  "the subtitle")
    writer.body(slide, layout, 0, lines, box)
    if writer.logo:
        margin = theme.margin
        logo_box = Box(theme.width - margin - int(2.4 * EMU_IN), int(0.45 * EMU_IN),
                       int(2.4 * EMU_IN), int(1.0 * EMU_IN))
        picture(slide, writer.logo, logo_box, "branding.logo", align="right")
    remove_empty_placeholders(slide)


def _agenda(writer: DeckWriter, tailored: Tailored) -> None:
    """The day as one native table (time, block, minutes), which a trainer can edit in
    PowerPoint as a table; it continues on "(cont.)" slides when the day is long."""
    blocks = tailored.agenda.blocks
    where = Where("the agenda slide")
    region = writer.region_for("title-only", "Agenda", where)
    time_w, minutes_w = int(2.2 * EMU_IN), int(1.3 * EMU_IN)
    title_w = region.w - time_w - minutes_w
    pad_y = int(0.06 * EMU_IN)
    rows: list[tuple[Block, list[Para], list[Para], list[Para], int]] = []
    for block in blocks:
        tm = tailored.module_for(block)
        title = tm.module.title if tm else block.title
        muted = block.is_break or block.kind == "discussion"
        cell = Box(0, 0, title_w, region.h, inset_y=pad_y)
        what = writer.fit([text_para(title, 20, color=MUTED if muted else INK, italic=muted,
                                     floor=BODY_FLOOR)], cell, where, "a block's title")
        when = [plain_para(f"{clock(block.start)}–{clock(block.end)}", 20, bold=not muted,
                           color=MUTED if muted else writer.theme.accent, floor=16)]
        length = [plain_para(f"{block.minutes}\u00a0min", 16, color=MUTED, align="r",
                             floor=14)]
        rows.append((block, when, what, length, writer.height_emu(what, cell)))
    pages: list[list[tuple[Block, list[Para], list[Para], list[Para], int]]] = [[]]
    used = 0
    for row in rows:
        if used + row[4] > region.h and pages[-1]:
            pages.append([])
            used = 0
        pages[-1].append(row)
        used += row[4]
    for number, page in enumerate(pages):
        notes = Notes(say=[
            "Walk through the day in under a minute: when the breaks are, when people will "
            "work hands-on, and when we finish. Ask whether anyone has to leave early, and "
            "move a block if that person needs it."] if number == 0 else [
            f"The rest of the day, from {clock(page[0][0].start)} to "
            f"{clock(page[-1][0].end)}. Keep it brief: point out the breaks and the finish time."])
        title = "Agenda" if number == 0 else "Agenda (cont.)"
        slide = writer.new_slide("title-only", title, notes, where)
        height = sum(row[4] for row in page)
        frame = slide.shapes.add_table(len(page), 3, Emu(region.x), Emu(region.y),
                                       Emu(region.w), Emu(height))
        frame.name = "Agenda"
        table = frame.table
        table.first_row = False
        table.horz_banding = False
        for column, width in enumerate((time_w, title_w, minutes_w)):
            table.columns[column].width = Emu(width)
        for r, (block, when, what, length, row_h) in enumerate(page):
            table.rows[r].height = Emu(row_h)
            shaded = block.is_break
            for column, (paras, width) in enumerate(((when, time_w), (what, title_w),
                                                      (length, minutes_w))):
                cell = table.cell(r, column)
                cell.margin_top = cell.margin_bottom = Emu(pad_y)
                cell.margin_left = cell.margin_right = Emu(int(0.1 * EMU_IN))
                if shaded:
                    cell.fill.solid()
                    cell.fill.fore_color.rgb = RGBColor.from_string(LIGHT)
                else:
                    cell.fill.background()
                write_paragraphs(cell.text_frame, paras, Box(0, 0, width, row_h,
                                                             inset_y=pad_y),
                                 writer.fonts, "top")
        remove_empty_placeholders(slide)


def _module(writer: DeckWriter, tailored: Tailored, tm: TailoredModule, number: int,
            count: int, pages: dict[str, int]) -> None:
    module, block = tm.module, tm.block
    fmt = tailored.session.format
    where = Where(f"module {module.id}")
    span = f"{clock(block.start)}–{clock(block.end)} · {block.minutes} min"
    notes = Notes(
        timing=f"Module {number} of {count}: {span}",
        say=[f"Outcome: {module.outcome}",
             "Objectives: " + " ".join(f"({i}) {o}" for i, o in
                                       enumerate(module.objectives, 1))]
        + ([f"Materials: {'; '.join(module.materials)}"] if module.materials else []))
    _divider(writer, module.title, span, f"Module {number} of {count}",
             [*module.objectives], notes, where)
    for ts in tm.slides:
        slide_where = Where(f"module {module.id}, slides[{ts.index}]")
        slide_notes = Notes(timing=timing_cue(ts.start, ts.minutes, block.minutes, block.start),
                            say=[ts.slide.notes], examples=list(ts.examples))
        if ts.exercise is not None:
            exercise = ts.exercise
            steps = [f"Run the exercise ({exercise.minutes[fmt]} min, "
                     f"{exercise.group_size.get(fmt, '')}):"]
            clock_at = 0
            for step in exercise.steps:
                if step.formats and fmt not in step.formats:
                    continue
                length = step.minutes.get(fmt, 0)
                steps.append(f"{clock_at}–{clock_at + length} min: {plain(step.do)}")
                clock_at += length
            steps.append("Debrief: " + " ".join(plain(q) for q in exercise.debrief))
            slide_notes.steps = steps
        content_slide(writer, tm, ts, slide_notes, slide_where,
                      pages.get(ts.exercise.id) if ts.exercise else None, Path(module.file))


def _divider(writer: DeckWriter, title: str, span: str, kicker: str, objectives: list[str],
             notes: Notes, where: Where) -> None:
    theme = writer.theme
    layout = theme.layout("section")
    slide = writer.new_slide("section", title, notes, where, footer_text=False)
    kicker_para = plain_para(f"{kicker} · {span}", 18, bold=True, color=theme.accent, floor=14)
    paras = [kicker_para]
    if objectives:
        paras.append(plain_para("By the end you can", 18, bold=True, color=MUTED,
                                space_before=18.0, floor=14))
        for group in bullet_groups([_Item(o) for o in objectives], 20):
            paras += [replace(p, color=INK, space_before=8.0) for p in group]
    # Objectives are in the notes too: a template with little room shows only the kicker.
    box, paras = writer.first_fit([paras, [kicker_para]], layout, where, "the module line")
    writer.body(slide, layout, 0, paras, box)
    remove_empty_placeholders(slide)


class _Item:
    """A plain string shaped like a bullet with no sub-bullets."""

    def __init__(self, text: str) -> None:
        self.text, self.sub = text, ()


def _break(writer: DeckWriter, block: Block) -> None:
    word = "Lunch" if block.kind == "lunch" else "Break"
    notes = Notes(timing=f"{clock(block.start)}–{clock(block.end)} · {block.minutes} min",
                  say=[f"Announce the {word.lower()} and the exact time to be back: "
                       f"{clock(block.end)}. Leave this slide up. Check the parking lot and "
                       "the timing of the next block while people are out."])
    slide = writer.new_slide("title-only", word, notes, Where(f"the {word.lower()} slide"))
    region = writer.theme.layout("title-only").body_boxes[0]
    paras = [plain_para(f"Back at {clock(block.end)}", 54, bold=True, heading=True,
                        color=writer.theme.accent, floor=28),
             plain_para(f"{block.minutes} minutes", 24, color=MUTED, space_before=8.0,
                        floor=18)]
    text_box(slide, region, writer.fit_or_fail(paras, region, Where("the break slide"),
                                               "the return time"), writer.fonts, "middle")
    remove_empty_placeholders(slide)


def _open_discussion(writer: DeckWriter, block: Block, fmt: str) -> None:
    if fmt == "group":
        say = ["This is open time. Go to the parking lot first and close each item: answer "
               "it, or give it an owner and a date. Then ask what anyone wants to try again "
               "on their own phone while help is in the room.",
               "If the room is quiet, ask: what would stop you doing the first action on your "
               "plan next week?"]
        items = ("Parking lot: each open question gets an answer or an owner and a date",
                 "Anything you want to try again while help is in the room",
                 "What would stop you acting on this next week?")
    else:
        say = ["This is the executive's time. Go back to what they said they wanted at the "
               "start: is it settled? Then offer to redo any step on their own device.",
               "If they have no question, ask: what would stop you taking your first step "
               "next week?"]
        items = ("Your open questions, each answered or given a date",
                 "Anything you want to try again on your own device, now",
                 "What would stop you acting on this next week?")
    notes = Notes(timing=f"{clock(block.start)}–{clock(block.end)} · {block.minutes} min",
                  say=say)
    writer.paged_body("content", block.title, bullet_groups([_Item(t) for t in items]), notes,
                      Where("the discussion slide"))


def _next_steps(writer: DeckWriter, tailored: Tailored) -> None:
    session = tailored.session
    contact = session.facilitator or "your facilitator"
    planned = any(m.exercises for m in tailored.modules if m.module.position == "closing")
    step = "the first action from your plan" if planned else "your first step"
    items = [f"Put {step} in your calendar today",
             "Fill in the evaluation form before you leave: it shapes the follow-up",
             f"In 30 days {contact} checks in with you on how it went"]
    if session.format == "group":
        items.insert(2, "Share one thing you learned with your team this week")
        say = ["Close on commitments, not on a summary. Ask two or three people to say their "
               "first step out loud. Hand out the evaluation form and stay until it is "
               "collected.", "Thank the room, and name the date of the follow-up."]
    else:
        say = ["Close on the executive's first step: ask them to put it in their calendar now, "
               "while you are together. Leave the evaluation form with them.",
               "Thank them, and agree the date and the way of your 30-day check-in."]
    writer.paged_body("content", "Next steps", bullet_groups([_Item(t) for t in items]),
                      Notes(say=say), Where("the next-steps slide"))


def _sources(writer: DeckWriter, tailored: Tailored) -> None:
    sources = tailored.sources
    if not sources:
        return
    groups = []
    for source in sources:
        who = source.author or source.publisher
        publisher = source.publisher if source.author and source.publisher != source.author \
            else None
        parts = [p for p in (who, f"*{source.title}*", publisher,
                             str(source.year) if source.year else None) if p]
        text = ". ".join(parts) + "."
        if source.url:  # the site as the link's text; the link itself is the full address
            site = urlsplit(source.url).netloc.removeprefix("www.") or source.url
            text += f" [{site}]({source.url})"
        groups.append([text_para(text, 14, space_before=6.0, floor=12)])
    notes = Notes(say=["Leave this slide for questions about where the figures come from. "
                       "The facts are cited; the wording in the deck is ours."])
    writer.paged_body("content", "Sources", groups, notes, Where("the sources slide"))


def _properties(theme: Theme, tailored: Tailored) -> None:
    session = tailored.session
    core = theme.prs.core_properties
    core.title = session.title
    core.subject = f"Social media literacy, {tailored.values['format']} for " \
                   f"{tailored.values['departments']}, {session.organization}"
    core.author = session.facilitator or ""
    core.keywords = ", ".join(tailored.department_names)
    core.last_modified_by = "workshop-toolkit"
    core.comments = ""
    core.category = "Training"
    core.revision = 1
    stamp = output_time(session.date)
    core.created = core.modified = stamp.replace(tzinfo=None)
    core.last_printed = stamp.replace(tzinfo=None)

