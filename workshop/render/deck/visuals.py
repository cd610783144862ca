"""Slides people look at rather than read: native charts, processes, timelines, 2x2 matrices
and mock-ups of social posts. Every shape is measured like any text box, drawn in the theme's
fonts and accent colour, and grouped so that it moves as one in PowerPoint."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.util import Emu, Pt

from workshop.content.models import (
    ChartSlide,
    MatrixSlide,
    PostSlide,
    ProcessSlide,
    Quadrant,
    TimelineSlide,
)
from workshop.render.colour import white_reads_better
from workshop.render.deck.fit import Box, Para
from workshop.render.deck.notes import Notes
from workshop.render.deck.shapes import remove_empty_placeholders, text_box, write_paragraphs
from workshop.render.deck.writer import INK, LIGHT, MUTED, DeckWriter, Where, plain_para, text_para
from workshop.tailor import TailoredModule

EMU_IN = 914400
GAP = int(0.2 * EMU_IN)
POINT = 0.3  # how far a chevron's point reaches, as a share of its height
CHARTS = {"bar": XL_CHART_TYPE.BAR_CLUSTERED, "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
          "stacked-bar": XL_CHART_TYPE.BAR_STACKED,
          "stacked-column": XL_CHART_TYPE.COLUMN_STACKED, "pie": XL_CHART_TYPE.PIE,
          "doughnut": XL_CHART_TYPE.DOUGHNUT, "line": XL_CHART_TYPE.LINE_MARKERS}
PLATFORMS = {"linkedin": "LinkedIn", "x": "X", "threads": "Threads", "bluesky": "Bluesky",
             "generic": "Social post"}
BORDER = "D1D5DB"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def _ink_on(color: str) -> str:
    return "FFFFFF" if white_reads_better(color) else INK


def _rgb(hex_color: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_color)


def _shape(shapes: Any, kind: Any, box: Box, fill: str | None, line: str | None = None) -> Any:
    """An autoshape with a solid fill (or none) and an outline (or none), no shadow."""
    shape = shapes.add_shape(kind, Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h))
    if fill:
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(fill)
    else:
        shape.fill.background()
    if line:
        shape.line.color.rgb = _rgb(line)
        shape.line.width = Pt(1)
    else:
        shape.line.fill.background()
    shape.shadow.inherit = False
    return shape


def _in_shape(writer: DeckWriter, shape: Any, box: Box, paras: list[Para], where: Where,
              what: str, anchor: str = "middle") -> None:
    """Measured text inside an autoshape."""
    write_paragraphs(shape.text_frame, writer.fit(paras, box, where, what), box, writer.fonts,
                     anchor, writer.theme.accent)


def source_line(tm: TailoredModule, source_id: str | None) -> str | None:
    """'Source: author, title (year)' for a slide's source, or None without one."""
    source = next((s for s in tm.module.sources if s.id == source_id), None)
    if source is None:
        return None
    who = source.author or source.publisher or ""
    year = f" ({source.year})" if source.year else ""
    return f"Source: {who + ', ' if who else ''}{source.title}{year}"


def _footnote(writer: DeckWriter, slide: Any, region: Box, lines: list[Para], where: Where,
              what: str) -> Box:
    """Caption and source lines at the bottom of `region`; returns the region above them."""
    if not lines:
        return region
    fitted = writer.fit(lines, region, where, what)
    height = writer.height_emu(fitted, region)
    box = replace(region, y=region.y + region.h - height, h=height)
    text_box(slide, box, fitted, writer.fonts, "bottom", name="Caption")
    return replace(region, h=max(region.h - height - GAP, 0))


# ---------------------------------------------------------------- chart


def _number_format(values: list[float], unit: str | None) -> str:
    digits = "#,##0" if all(float(v).is_integer() for v in values) else "#,##0.0"
    return digits + (f'"{unit.replace(chr(34), "")}"' if unit else "")


def _positive_axis_ids(graph: Any) -> None:
    """python-pptx's chart templates number their axes with negative ids, which the Open XML
    schema (an unsigned int) does not allow; renumber them, pairs kept, so that the deck
    validates. Reached through _element, python-pptx's way to XML it does not wrap."""
    ids: dict[str, str] = {}
    for node in graph._element.iter(f"{C}axId", f"{C}crossAx"):
        value = node.get("val")
        if value is not None and value.startswith("-"):
            node.set("val", ids.setdefault(value, str(500_000 + len(ids))))


def chart(writer: DeckWriter, s: ChartSlide, tm: TailoredModule, notes: Notes,
          where: Where) -> None:
    slide = writer.new_slide("title-only", s.title, notes, where)
    region = writer.region()
    lines = ([text_para(s.caption, 18, color=INK, floor=14)] if s.caption else [])
    source = source_line(tm, s.source)
    if source:
        lines.append(text_para(source, 12, color=MUTED, space_before=4.0, floor=10))
    area = _footnote(writer, slide, region, lines, where, "the chart's caption")
    values = [v for series in s.series for v in series.values]
    number_format = _number_format(values, s.unit)
    data = CategoryChartData(number_format=number_format)
    data.categories = list(s.categories)
    for series in s.series:
        data.add_series(series.name, list(series.values))
    frame = slide.shapes.add_chart(CHARTS[s.chart], Emu(area.x), Emu(area.y), Emu(area.w),
                                   Emu(area.h), data)
    frame.name = "Chart"
    graph = frame.chart
    _positive_axis_ids(graph)
    graph.has_title = False  # the slide's title says what the chart shows
    graph.font.size = Pt(16)
    graph.font.name = writer.fonts.body
    graph.font.color.rgb = _rgb(INK)
    round_chart = s.chart in ("pie", "doughnut")
    graph.has_legend = round_chart or len(s.series) > 1
    if graph.has_legend:
        graph.legend.position = XL_LEGEND_POSITION.RIGHT if round_chart else \
            XL_LEGEND_POSITION.BOTTOM
        graph.legend.include_in_layout = False
        graph.legend.font.size = Pt(16)
    plot = graph.plots[0]
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = number_format
    labels.number_format_is_linked = False
    labels.font.size = Pt(16 if len(s.categories) <= 6 else 13)
    if s.chart in ("stacked-bar", "stacked-column", "pie", "doughnut"):
        labels.font.color.rgb = _rgb(_ink_on(writer.theme.accent))
    if round_chart:
        plot.vary_by_categories = True
        return remove_empty_placeholders(slide)
    if s.chart != "line":
        plot.gap_width = 60
        plot.overlap = 100 if s.chart.startswith("stacked") else -10
        if len(s.series) == 1:
            plot.vary_by_categories = False
    value_axis, category_axis = graph.value_axis, graph.category_axis
    value_axis.has_major_gridlines = False
    value_axis.visible = False  # every value is labelled; an axis would repeat them
    category_axis.tick_labels.font.size = Pt(16 if len(s.categories) <= 6 else 13)
    category_axis.format.line.color.rgb = _rgb(BORDER)
    if s.chart in ("bar", "stacked-bar"):
        category_axis.reverse_order = True  # the first category on top, as it was written
    remove_empty_placeholders(slide)


# ---------------------------------------------------------------- process and timeline


def process(writer: DeckWriter, s: ProcessSlide, notes: Notes, where: Where) -> None:
    """Chevrons left to right, each step's label inside and its line underneath."""
    slide = writer.new_slide("title-only", s.title, notes, where)
    region = writer.region()
    lines = [text_para(s.caption, 18, color=MUTED, floor=14)] if s.caption else []
    area = _footnote(writer, slide, region, lines, where, "the caption")
    group = slide.shapes.add_group_shape()
    group.name = "Process"
    count = len(s.steps)
    overlap = int(0.12 * EMU_IN)
    width = (area.w + overlap * (count - 1)) // count
    chevron_h = min(int(1.15 * EMU_IN), area.h // 3)
    accent = writer.theme.accent
    texts = [[plain_para(f"{i + 1}", 14, bold=True, color=accent, floor=12),
              text_para(step.text, 18, color=INK, space_before=4.0, floor=12)]
             if step.text else [] for i, step in enumerate(s.steps)]
    column = Box(0, 0, width - overlap, area.h - chevron_h - GAP)
    tallest = max((writer.height_emu(writer.fit(t, column, where, "a step's text"), column)
                   for t in texts if t), default=0)
    used = chevron_h + (GAP + tallest if tallest else 0)
    area = replace(area, y=area.y + max((area.h - used) // 3, 0))  # a little above centre
    for i, step in enumerate(s.steps):
        x = area.x + i * (width - overlap)
        box = Box(x, area.y, width, chevron_h)
        kind = MSO_SHAPE.PENTAGON if i == 0 else MSO_SHAPE.CHEVRON
        fill = accent if i == 0 else LIGHT
        shape = _shape(group.shapes, kind, box, fill)
        shape.name = f"Step {i + 1}"
        shape.adjustments[0] = POINT
        # The text sits between the notch and the point: renderers keep it there, so it is
        # measured there (and written with small insets inside that rectangle).
        depth = int(POINT * min(width, chevron_h))
        box = Box(x + depth, area.y, width - 2 * depth, chevron_h,
                  inset_x=int(0.05 * EMU_IN), inset_y=0)
        _in_shape(writer, shape, box, [text_para(step.label, 20, bold=True, align="ctr",
                                                 color=_ink_on(fill), floor=11,
                                                 whole_words=True)],
                  where, f"step {i + 1}'s label")
        if texts[i]:
            below = Box(x + overlap // 2, area.y + chevron_h + GAP, width - overlap,
                        column.h)
            text_box(group, below, writer.fit(texts[i], below, where, f"step {i + 1}'s text"),
                     writer.fonts, "top", name=f"Step {i + 1} text")
    remove_empty_placeholders(slide)


def timeline(writer: DeckWriter, s: TimelineSlide, tm: TailoredModule, notes: Notes,
             where: Where) -> None:
    """A line with a dot per milestone: the date above, what happened below."""
    slide = writer.new_slide("title-only", s.title, notes, where)
    region = writer.region()
    source = source_line(tm, s.source)
    lines = [text_para(source, 12, color=MUTED, floor=10)] if source else []
    area = _footnote(writer, slide, region, lines, where, "the source line")
    group = slide.shapes.add_group_shape()
    group.name = "Timeline"
    count = len(s.milestones)
    column = area.w // count
    when_h = int(0.6 * EMU_IN)
    dot = int(0.3 * EMU_IN)
    texts = []
    for milestone in s.milestones:
        paras = [text_para(milestone.label, 18, bold=True, color=INK, align="ctr", floor=12)]
        if milestone.text:
            paras.append(text_para(milestone.text, 15, color=MUTED, align="ctr",
                                   space_before=6.0, floor=11))
        texts.append(paras)
    below_h = area.h - when_h - int(0.25 * EMU_IN) - dot
    probe = Box(0, 0, column - GAP // 2, below_h)
    tallest = max(writer.height_emu(writer.fit(t, probe, where, "a milestone"), probe)
                  for t in texts)
    used = when_h + int(0.25 * EMU_IN) + dot + tallest
    area = replace(area, y=area.y + max((area.h - used) // 3, 0))
    line_y = area.y + when_h + int(0.25 * EMU_IN)
    accent = writer.theme.accent
    line = group.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Emu(area.x + column // 2),
                                      Emu(line_y), Emu(area.x + area.w - column // 2),
                                      Emu(line_y))
    line.line.color.rgb = _rgb(BORDER)
    line.line.width = Pt(3)
    for i, milestone in enumerate(s.milestones):
        x = area.x + i * column
        centre = x + column // 2
        when = Box(x, area.y, column, when_h)
        text_box(group, when, writer.fit([plain_para(milestone.when, 22, bold=True,
                                                     color=accent, align="ctr", floor=12,
                                                     heading=True, whole_words=True)],
                                         when, where, f"milestone {i + 1}'s date"),
                 writer.fonts, "bottom", name=f"When {i + 1}")
        marker = _shape(group.shapes, MSO_SHAPE.OVAL,
                        Box(centre - dot // 2, line_y - dot // 2, dot, dot), accent, "FFFFFF")
        marker.name = f"Milestone {i + 1}"
        below = Box(x + GAP // 4, line_y + dot, column - GAP // 2, below_h)
        text_box(group, below, writer.fit(texts[i], below, where, f"milestone {i + 1}"),
                 writer.fonts, "top", name=f"Milestone {i + 1} text")
    remove_empty_placeholders(slide)


# ---------------------------------------------------------------- matrix


QUADRANTS: tuple[Quadrant, ...] = ("top-left", "top-right", "bottom-left", "bottom-right")


def matrix(writer: DeckWriter, s: MatrixSlide, notes: Notes, where: Where) -> None:
    """Four quadrants with their items, the y axis on the left, the x axis underneath."""
    slide = writer.new_slide("title-only", s.title, notes, where)
    region = writer.region()
    group = slide.shapes.add_group_shape()
    group.name = "Matrix"
    axis_w, axis_h = int(0.55 * EMU_IN), int(0.5 * EMU_IN)
    grid = Box(region.x + axis_w, region.y, region.w - axis_w, region.h - axis_h)
    cell_w, cell_h = (grid.w - GAP // 2) // 2, (grid.h - GAP // 2) // 2
    accent = writer.theme.accent
    for index, quadrant in enumerate(QUADRANTS):
        column, row = index % 2, index // 2
        box = Box(grid.x + column * (cell_w + GAP // 2), grid.y + row * (cell_h + GAP // 2),
                  cell_w, cell_h, inset_x=int(0.18 * EMU_IN), inset_y=int(0.12 * EMU_IN))
        highlight = quadrant == "top-right"
        fill = LIGHT
        cell = _shape(group.shapes, MSO_SHAPE.RECTANGLE, box, fill,
                      accent if highlight else None)
        cell.name = f"Quadrant {quadrant}"
        paras: list[Para] = []
        name = s.quadrants.get(quadrant)
        if name:
            paras.append(plain_para(name.upper(), 14, bold=True, color=accent, floor=10))
        for item in (i for i in s.items if i.quadrant == quadrant):
            paras.append(plain_para(item.text, 18, bullet="•", color=INK,
                                    space_before=6.0 if paras else 0.0, floor=11))
        if paras:
            _in_shape(writer, cell, box, paras, where, f"the {quadrant} quadrant", "top")
    # The y axis: its label turned on its side, low at the bottom and high at the top.
    y_label = Box(region.x, grid.y, axis_w, grid.h, inset_x=0, inset_y=0)
    label = text_box(group, Box(region.x - (grid.h - axis_w) // 2,
                                grid.y + (grid.h - axis_w) // 2, grid.h, axis_w, inset_y=0),
                     writer.fit([_axis_para(s.y_axis.label, s.y_axis.low, s.y_axis.high)],
                                replace(y_label, w=grid.h, h=axis_w), where, "the y axis"),
                     writer.fonts, "middle", name="Y axis")
    label.rotation = 270
    x_box = Box(grid.x, grid.y + grid.h, grid.w, axis_h, inset_y=0)
    text_box(group, x_box, writer.fit([_axis_para(s.x_axis.label, s.x_axis.low,
                                                  s.x_axis.high)], x_box, where, "the x axis"),
             writer.fonts, "middle", name="X axis")
    remove_empty_placeholders(slide)


def _axis_para(label: str, low: str, high: str) -> Para:
    return plain_para(f"{low}   ←   {label}   →   {high}", 16, bold=True, color=MUTED,
                      align="ctr", floor=10)


# ---------------------------------------------------------------- post


def _initials(name: str) -> str:
    parts = [p for p in name.replace("-", " ").split() if p[:1].isalpha()]
    return "".join(p[0] for p in parts[:2]).upper() or name[:1].upper()


def post(writer: DeckWriter, s: PostSlide, notes: Notes, where: Where) -> None:
    """A post card as the platform would show it, marked fictional, with a note beside it."""
    slide = writer.new_slide("title-only", s.title, notes, where)
    region = writer.region()
    card_w = int(region.w * (0.58 if s.caption else 0.8))
    pad = int(0.25 * EMU_IN)
    avatar = int(0.7 * EMU_IN)
    paras = [plain_para(line, 18, color=INK, space_before=8.0 if i else 0.0, floor=11)
             for i, line in enumerate(p for p in s.text.split("\n") if p.strip())]
    has_counts = any(n is not None for n in (s.reactions, s.comments, s.reposts))
    chrome = 2 * pad + avatar + int(0.15 * EMU_IN) + (int(0.45 * EMU_IN) if has_counts else 0)
    probe = Box(0, 0, card_w - 2 * pad, region.h - chrome)
    text_h = writer.height_emu(writer.fit(paras, probe, where, "the post's text"), probe)
    card_h = min(region.h, chrome + text_h + int(0.2 * EMU_IN))
    card = Box(region.x if s.caption else region.x + (region.w - card_w) // 2,
               region.y + (region.h - card_h) // 3, card_w, card_h)
    group = slide.shapes.add_group_shape()
    group.name = "Post mock-up"
    frame = _shape(group.shapes, MSO_SHAPE.ROUNDED_RECTANGLE, card, "FFFFFF", BORDER)
    frame.name = "Card"
    frame.adjustments[0] = 0.04
    accent = writer.theme.accent
    face = _shape(group.shapes, MSO_SHAPE.OVAL,
                  Box(card.x + pad, card.y + pad, avatar, avatar), accent)
    face.name = "Avatar"
    face_box = Box(card.x + pad, card.y + pad, avatar, avatar, inset_x=0, inset_y=0)
    _in_shape(writer, face, face_box, [plain_para(_initials(s.author), 18, bold=True,
                                                  color=_ink_on(accent), align="ctr",
                                                  floor=10)], where, "the avatar")
    chip_w = int(1.9 * EMU_IN)
    chip = Box(card.x + card.w - pad - chip_w, card.y + pad, chip_w, int(0.36 * EMU_IN),
               inset_x=int(0.05 * EMU_IN), inset_y=0)
    tag = _shape(group.shapes, MSO_SHAPE.ROUNDED_RECTANGLE, chip, LIGHT)
    tag.name = "Fictional"
    _in_shape(writer, tag, chip, [plain_para("FICTIONAL EXAMPLE", 11, bold=True, color=MUTED,
                                             align="ctr", floor=8)], where, "the label")
    who_x = card.x + pad + avatar + int(0.15 * EMU_IN)
    who = Box(who_x, card.y + pad, chip.x - who_x - int(0.1 * EMU_IN), avatar, inset_y=0)
    meta = " · ".join(p for p in (s.role, f"{s.when} · {PLATFORMS[s.platform]}") if p)
    text_box(group, who, writer.fit([plain_para(s.author, 18, bold=True, color=INK, floor=11),
                                     plain_para(meta, 13, color=MUTED, floor=9)],
                                    who, where, "the post's author"),
             writer.fonts, "middle", name="Author")
    counts = [f"{n:,} {label}" for n, label in ((s.reactions, "reactions"),
                                                 (s.comments, "comments"),
                                                 (s.reposts, "reposts")) if n is not None]
    foot_h = int(0.45 * EMU_IN) if counts else 0
    top = card.y + pad + avatar + int(0.15 * EMU_IN)
    body = Box(card.x + pad, top, card.w - 2 * pad, card.y + card.h - pad - foot_h - top)
    text_box(group, body, writer.fit(paras, body, where, "the post's text"), writer.fonts,
             "top", name="Post text")
    if counts:
        foot = Box(card.x + pad, card.y + card.h - pad - foot_h, card.w - 2 * pad, foot_h,
                   inset_y=0)
        text_box(group, foot, writer.fit([plain_para("   ·   ".join(counts), 14, color=MUTED,
                                                     floor=9)], foot, where, "the counts"),
                 writer.fonts, "middle", name="Reactions")
    if s.caption:
        side = Box(card.x + card.w + int(0.35 * EMU_IN), region.y,
                   region.x + region.w - card.x - card.w - int(0.35 * EMU_IN), region.h)
        paras = [text_para(s.caption, 22, color=INK, floor=14),
                 plain_para("A fictional post written for this training.", 13, color=MUTED,
                            space_before=12.0, floor=10)]
        text_box(slide, side, writer.fit(paras, side, where, "the caption"), writer.fonts,
                 "middle", name="Caption", accent=accent)
    remove_empty_placeholders(slide)
