"""One function per kind of content slide: bullets, two columns, quote, statistic and so on."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from workshop.content.models import (
    BulletsSlide,
    ChartSlide,
    DemoSlide,
    DiscussionSlide,
    ExerciseSlide,
    ImageSlide,
    MatrixSlide,
    PostSlide,
    ProcessSlide,
    QuoteSlide,
    StatisticSlide,
    TimelineSlide,
    TwoColumnSlide,
)
from workshop.render.colour import white_reads_better
from workshop.render.deck import visuals
from workshop.render.deck.fit import Box, Para, paginate, shrink_to_fit
from workshop.render.deck.notes import Notes, continued
from workshop.render.deck.shapes import picture, rectangle, remove_empty_placeholders, text_box
from workshop.render.deck.writer import (
    BODY_FLOOR,
    BODY_SIZE,
    INK,
    LIGHT,
    MUTED,
    SUB_SIZE,
    DeckWriter,
    Where,
    _height_emu,
    plain_para,
    text_para,
)
from workshop.tailor import TailoredModule, TailoredSlide

EMU_IN = 914400
ROW_H = int(0.75 * EMU_IN)  # the chip row at the top of demo and exercise slides


def bullet_groups(items, size: float = BODY_SIZE) -> list[list[Para]]:
    """Each bullet with its sub-bullets, kept together when a list continues on a new slide."""
    groups = []
    for item in items:
        group = [text_para(item.text, size, bullet="•", space_before=14.0, floor=BODY_FLOOR)]
        group += [text_para(sub, size - 4, bullet="–", level=1, space_before=6.0,
                            floor=BODY_FLOOR) for sub in item.sub]
        groups.append(group)
    return groups


def numbered(items: list[str], size: float, space: float = 10.0) -> list[list[Para]]:
    return [[text_para(text, size, bullet="1.", space_before=space, floor=BODY_FLOOR)]
            for text in items]


def _chip(writer: DeckWriter, slide, box: Box, text: str) -> int:
    """A small accent chip ('Discussion', 'Live demo') at the top left; returns its width."""
    para = plain_para(text.upper(), 14, bold=True, color=_on(writer.theme.accent), floor=14)
    text_width = writer.fonts.metrics(para, para.runs[0]).width(para.text, para.size)
    chip = Box(box.x + box.inset_x, box.y, int(text_width * 12700 * 1.05 + 0.36 * EMU_IN),
               int(0.4 * EMU_IN), inset_x=int(0.16 * EMU_IN), inset_y=0)
    rectangle(slide, chip, writer.theme.accent, rounded=True)
    text_box(slide, chip, [para], writer.fonts, "middle", name="Label")
    return chip.w


def _label(writer: DeckWriter, slide, box: Box, text: str) -> int:
    """A chip above the slide's text; returns the height it takes."""
    _chip(writer, slide, box, text)
    return int(0.62 * EMU_IN)


def _on(background: str) -> str:
    """White or ink, whichever reads better on `background`."""
    return "FFFFFF" if white_reads_better(background) else INK


def content_slide(writer: DeckWriter, tm: TailoredModule, ts: TailoredSlide, notes: Notes,
                  where: Where, handout_page: int | None, library_file: Path) -> None:
    slide_model = ts.slide
    if isinstance(slide_model, BulletsSlide):
        writer.paged_body("content", slide_model.title, bullet_groups(slide_model.bullets),
                          notes, where)
    elif isinstance(slide_model, TwoColumnSlide):
        _two_column(writer, slide_model, notes, where)
    elif isinstance(slide_model, QuoteSlide):
        _quote(writer, slide_model, tm, notes, where)
    elif isinstance(slide_model, StatisticSlide):
        _statistic(writer, slide_model, tm, notes, where)
    elif isinstance(slide_model, DiscussionSlide):
        _discussion(writer, slide_model, notes, where)
    elif isinstance(slide_model, DemoSlide):
        _demo(writer, slide_model, notes, where)
    elif isinstance(slide_model, ExerciseSlide):
        _exercise(writer, ts, notes, where, handout_page)
    elif isinstance(slide_model, ImageSlide):
        _image(writer, slide_model, notes, where, library_file)
    elif isinstance(slide_model, ChartSlide):
        visuals.chart(writer, slide_model, tm, notes, where)
    elif isinstance(slide_model, ProcessSlide):
        visuals.process(writer, slide_model, notes, where)
    elif isinstance(slide_model, TimelineSlide):
        visuals.timeline(writer, slide_model, tm, notes, where)
    elif isinstance(slide_model, MatrixSlide):
        visuals.matrix(writer, slide_model, notes, where)
    elif isinstance(slide_model, PostSlide):
        visuals.post(writer, slide_model, notes, where)


def _two_column(writer: DeckWriter, s: TwoColumnSlide, notes: Notes, where: Where) -> None:
    """Side by side at one size; where the columns cannot fit, one column per slide."""
    layout = writer.theme.layout("two-content")
    columns = []
    for column in (s.left, s.right):
        groups = [[text_para(column.heading, 22, bold=True, color=writer.theme.accent,
                             floor=BODY_FLOOR)]]
        groups += bullet_groups(column.bullets, SUB_SIZE + 2)
        columns.append(groups)
    boxes = layout.body_boxes[:2]
    fitted = [shrink_to_fit([p for g in groups for p in g], box, writer.fonts)
              for groups, box in zip(columns, boxes, strict=True)]
    ready = [column for column in fitted if column is not None]
    if len(ready) < len(fitted):
        for number, groups in enumerate(columns):
            writer.paged_body("content", s.title + (" (cont.)" if number else ""), groups,
                              notes if number == 0 else continued(
                                  notes, [p for g in groups for p in g],
                                  "the first column"), where)
        return
    # Both columns at the same size reads as one comparison.
    smallest = min(p.size for column in ready for p in column if p.bullet)
    same = [[replace(p, size=min(p.size, smallest + (2 if not p.bullet else 0)))
             for p in column] for column in ready]
    slide = writer.new_slide("two-content", s.title, notes, where)
    for index, (paras, box) in enumerate(zip(same, boxes, strict=True)):
        writer.body(slide, layout, index, paras, box)
    remove_empty_placeholders(slide)


def _region(writer: DeckWriter, logical: str = "title-only") -> Box:
    """The current slide's body area, below its title as set."""
    return writer.region(logical)


def _quote(writer: DeckWriter, s: QuoteSlide, tm: TailoredModule, notes: Notes,
           where: Where) -> None:
    slide = writer.new_slide("quote", s.title, notes, where)
    region = _region(writer, "quote")
    mark_h = int(0.9 * EMU_IN)
    text_box(slide, region.top(mark_h), [plain_para("“", 80, bold=True,
                                                    color=writer.theme.accent, floor=80,
                                                    line_spacing=0.8)],
             writer.fonts, "top", name="Quote mark")
    body = region.below(mark_h)
    paras = [text_para(s.quote, 30, italic=True, color=INK, floor=BODY_FLOOR),
             text_para("— " + s.attribution, 20, color=MUTED, space_before=16.0, floor=16)]
    source = visuals.source_line(tm, s.source)
    if source:
        paras.append(text_para(source, 14, color=MUTED, space_before=6.0, floor=12))
    text_box(slide, body, writer.fit_or_fail(paras, body, where, "the quote"), writer.fonts,
             "top", name="Quote")
    remove_empty_placeholders(slide)


def _statistic(writer: DeckWriter, s: StatisticSlide, tm: TailoredModule, notes: Notes,
               where: Where) -> None:
    slide = writer.new_slide("statistic", s.title, notes, where)
    region = _region(writer, "statistic")
    left, right = region.split(2, int(0.3 * EMU_IN))
    left = replace(left, w=int(region.w * 0.42))
    right = replace(right, x=left.x + left.w + int(0.3 * EMU_IN),
                    w=region.x + region.w - (left.x + left.w + int(0.3 * EMU_IN)))
    number = writer.fit_or_fail([plain_para(s.value, 120, bold=True, color=writer.theme.accent,
                                            floor=40, heading=True, single_line=True)],
                                left, where, "the number")
    text_box(slide, left, number, writer.fonts, "middle", name="Statistic")
    paras = [text_para(s.caption, 28, color=INK, floor=BODY_FLOOR)]
    source = visuals.source_line(tm, s.source)
    if source:
        paras.append(text_para(source, 14, color=MUTED, space_before=18.0, floor=12))
    text_box(slide, right, writer.fit_or_fail(paras, right, where, "the caption"),
             writer.fonts, "middle", name="Caption")
    remove_empty_placeholders(slide)


def _discussion(writer: DeckWriter, s: DiscussionSlide, notes: Notes, where: Where) -> None:
    slide = writer.new_slide("title-only", s.title, notes, where)
    region = _region(writer)
    used = _label(writer, slide, region, "Discussion")
    body = region.below(used)
    paras = [text_para(s.prompt, 28, color=INK, floor=BODY_FLOOR)]
    for question in s.questions:
        paras.append(text_para(question, 22, bullet="•", space_before=14.0, floor=BODY_FLOOR))
    text_box(slide, body, writer.fit_or_fail(paras, body, where, "the discussion prompt"),
             writer.fonts, "top", name="Prompt", accent=writer.theme.accent)
    remove_empty_placeholders(slide)


def _chip_row(writer: DeckWriter, slide, region: Box, label: str, paras: list[Para],
              where: Where) -> None:
    """A chip ('Live demo', 'Exercise') with a line of text beside it, across the region top."""
    chip_w = _chip(writer, slide, region, label)
    box = Box(region.x + chip_w + int(0.2 * EMU_IN), region.y,
              region.w - chip_w - int(0.2 * EMU_IN), ROW_H - int(0.1 * EMU_IN), inset_y=0)
    text_box(slide, box, writer.fit_or_fail(paras, box, where, f"the line beside '{label}'"),
             writer.fonts, "middle", name=label)


def _listed(writer: DeckWriter, title: str, label: str, top: list[Para], items: list[str],
            notes: Notes, where: Where, band: list[Para] | None = None) -> None:
    """Chip row, a numbered list that continues on '(cont.)' slides, and an optional band."""
    region = writer.region_for("title-only", title, where)
    band_box = None
    if band:
        inner = replace(region, inset_x=int(0.25 * EMU_IN), inset_y=int(0.1 * EMU_IN))
        band = writer.fit_or_fail(band, inner, where, "the searches")
        band_h = _height_emu(band, inner, writer.fonts) + int(0.06 * EMU_IN)
        band_box = replace(inner, y=region.y + region.h - band_h, h=band_h)
    bottom = band_box.y - int(0.15 * EMU_IN) if band_box else region.y + region.h
    list_box = Box(region.x, region.y + ROW_H, region.w, bottom - region.y - ROW_H)
    pages = paginate(numbered(items, 20, space=10.0), list_box, writer.fonts)
    if pages is None:
        pages = [writer.unfit(where, "a numbered step", group, list_box)
                 for group in numbered(items, 20, space=10.0)]
    for number, page in enumerate(pages):
        page_notes = notes if number == 0 else continued(notes, page)
        slide = writer.new_slide("title-only", title + (" (cont.)" if number else ""),
                                 page_notes, where)
        _chip_row(writer, slide, region, label, top, where)
        text_box(slide, list_box, page, writer.fonts, "top", name="Steps",
                 accent=writer.theme.accent)
        if band_box is not None and band:
            rectangle(slide, band_box, LIGHT)
            text_box(slide, band_box, band, writer.fonts, "middle", name="Searches")
        remove_empty_placeholders(slide)


def _demo(writer: DeckWriter, s: DemoSlide, notes: Notes, where: Where) -> None:
    """Goal beside a 'Live demo' chip, the steps full width, the searches in a band below."""
    band: list[Para] = []
    if s.searches:
        band.append(text_para("Search for:  " + "   ·   ".join(s.searches), 18, bold=True,
                              floor=BODY_FLOOR))
    if s.platforms:
        band.append(text_para("On " + ", ".join(s.platforms), 16, color=MUTED,
                              space_before=4.0, floor=14))
    goal = [text_para(s.goal, 20, italic=True, color=MUTED, floor=14)]
    _listed(writer, s.title, "Live demo", goal, list(s.show), notes, where, band)


def _exercise(writer: DeckWriter, ts: TailoredSlide, notes: Notes, where: Where,
              handout_page: int | None) -> None:
    exercise = ts.exercise
    assert exercise is not None
    fmt = writer.session_format
    # No-break spaces: "Handout p. 4" never breaks across two lines.
    handout = f"Handout\u00a0p.\u00a0{handout_page}" if handout_page else \
        "See\u00a0your\u00a0handout"
    meta = " · ".join(part for part in (f"{exercise.minutes[fmt]} min",
                                        exercise.group_size.get(fmt, ""), handout) if part)
    top = [text_para(meta, 20, bold=True, color=INK, floor=14)]
    _listed(writer, ts.slide.title or exercise.title, "Exercise", top,
            list(exercise.instructions), notes, where)


def _image(writer: DeckWriter, s: ImageSlide, notes: Notes, where: Where,
           module_file: Path) -> None:
    slide = writer.new_slide("title-only", s.title, notes, where)
    region = _region(writer)
    caption_h = int(0.6 * EMU_IN) if s.caption else 0
    shape = picture(slide, (module_file.parent / s.image).resolve(),
                    replace(region, h=region.h - caption_h), f"{where.label}: image")
    # Alt text for screen readers: python-pptx has no property for it, so it is written on
    # the picture's cNvPr through _element, python-pptx's way to the XML it does not wrap.
    shape._element.nvPicPr.cNvPr.set("descr", s.alt)
    if s.caption:
        box = Box(region.x, region.y + region.h - caption_h, region.w, caption_h)
        text_box(slide, box, writer.fit_or_fail([text_para(s.caption, 16, color=MUTED,
                                                           align="ctr", floor=12)],
                                                box, where, "the caption"),
                 writer.fonts, "top", name="Caption")
    remove_empty_placeholders(slide)
