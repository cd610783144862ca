"""Create slides on a theme: titles and bodies that fit, footer, logo, and notes for each."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from types import SimpleNamespace

from pptx.shapes.shapetree import SlideShapes
from pptx.util import Emu

from workshop.content.fields import Format
from workshop.content.text import Run, runs
from workshop.render.deck.fit import Box, Fonts, Para, fits, line_count, paginate, shrink_to_fit
from workshop.render.deck.notes import Notes, continued
from workshop.render.deck.package import write_notes
from workshop.render.deck.shapes import (
    picture,
    placeholder_frame,
    remove_empty_placeholders,
    slide_number_field,
    text_box,
    write_paragraphs,
)
from workshop.render.deck.theme import Layout, Theme, free_region

INK, MUTED, LIGHT = "1F2937", "6B7280", "F3F4F6"
TITLE_SIZE, TITLE_FLOOR = 36.0, 28.0
BODY_SIZE, SUB_SIZE, BODY_FLOOR = 24.0, 20.0, 18.0
CONT = " (cont.)"


def text_para(text: str, size: float, **style: object) -> Para:
    """A paragraph from content text with its inline markup."""
    return Para(tuple(runs(text)), size, **style)  # type: ignore[arg-type]


def plain_para(text: str, size: float, **style: object) -> Para:
    """A paragraph of literal text (session values are shown as written)."""
    return Para((Run(text),), size, **style)  # type: ignore[arg-type]


TITLE_LINES = 3  # a title may take this many lines; the body moves down to make room
LAST_RESORT = 14.0  # below its floor, the smallest size text nobody can shorten is set at


@dataclass
class Where:
    """What a slide is about, for warnings: 'module core/why-now, slide 3'."""

    label: str


@dataclass(frozen=True)
class Title:
    """A title as it will be set: its paragraphs, its box, and how far it pushed the body."""

    paras: list[Para]
    box: Box
    extra: int  # EMU the title grew below its placeholder; the body starts this much lower


class DeckWriter:
    """Adds slides to the theme's presentation; every slide gets notes and a footer."""

    def __init__(self, theme: Theme, footer: str, logo: Path | None, fmt: Format) -> None:
        self.theme = theme
        self.session_format = fmt
        self.prs = theme.prs
        self.fonts = Fonts(theme.heading_font, theme.body_font)
        self.footer = footer
        self.logo = logo
        self.slides: list[tuple[object, Notes, str]] = []  # slide, notes, title
        self._decorated: set[int] = set()
        self._titles: dict[tuple[str, str, bool], Title] = {}
        self.extra = 0  # how far the current slide's title pushed its body down

    # ------------------------------------------------------------ slides and titles

    def new_slide(self, logical: str, title: str | None, notes: Notes, where: Where,
                  *, title_markup: bool = True, footer: bool = True,
                  footer_text: bool = True):
        layout = self.theme.layout(logical)
        if footer:
            self._decorate(layout, footer_text)
        slide = self.prs.slides.add_slide(layout.layout)
        self.extra = 0
        if title:
            placed = self.title(layout, title, title_markup, where)
            self._place_title(slide, layout, placed)
            self.extra = placed.extra
        self.slides.append((slide, notes, title or ""))
        return slide

    def region(self, logical: str = "title-only", index: int = 0) -> Box:
        """Body area `index` of the current slide: the layout's, below the title as set."""
        box = self.theme.layout(logical).body_boxes[index]
        return box.below(self.extra) if self.extra else box

    def region_for(self, logical: str, title: str, where: Where) -> Box:
        """The body area a slide titled `title` will have, before the slide is made."""
        layout = self.theme.layout(logical)
        extra = self.title(layout, title, True, where).extra
        return layout.body_boxes[0].below(extra) if extra else layout.body_boxes[0]

    def title(self, layout: Layout, title: str, markup: bool, where: Where) -> Title:
        """The title at the largest size that fits its placeholder; else wrapped onto up to
        three lines, the box growing down into the body; else smaller than its floor, with a
        warning. Never a failed build: a title made from the user's organization name is
        text nobody can shorten."""
        key = (layout.logical, title, markup)
        if key in self._titles:
            return self._titles[key]
        size = 48.0 if layout.logical == "title" else 40.0 if layout.logical == "section" \
            else TITLE_SIZE
        make = text_para if markup else plain_para
        para = make(title, size, bold=True, heading=True, floor=TITLE_FLOOR,
                    color=None if layout.title_idx is not None else INK)
        box = layout.title_box
        fitted = shrink_to_fit([para], box, self.fonts)
        placed = Title(fitted, box, 0) if fitted is not None else \
            self._grown_title(layout, para, where)
        self._titles[key] = placed
        return placed

    def _grown_title(self, layout: Layout, para: Para, where: Where) -> Title:
        box = layout.title_box
        room = box.h if layout.logical in ("title", "section") else \
            box.h + max(layout.body_boxes[0].h // 2, 0) if layout.body_boxes else box.h
        size = para.size
        while size >= para.floor:
            trial = replace(para, size=size)
            lines = line_count(trial, box.text_width, self.fonts)
            needed = self.height_emu([trial], box)
            if lines <= TITLE_LINES and needed <= room:
                grown = replace(box, h=max(box.h, needed))
                return Title([trial], grown, grown.h - box.h)
            size -= 2.0
        # Last resort: smaller than the floor, in all the room there is.
        grown = replace(box, h=room)
        fitted = shrink_to_fit([replace(para, floor=LAST_RESORT)], grown, self.fonts)
        self.theme.warnings.append(
            f"{where.label}: the title '{para.text[:60]}' is too long for the slide even on "
            f"{TITLE_LINES} lines; it was set smaller than {para.floor:g} pt: shorten it if "
            "you can")
        final = fitted or [replace(para, size=LAST_RESORT)]
        return Title(final, grown, grown.h - box.h)

    def _place_title(self, slide, layout: Layout, placed: Title) -> None:
        if layout.title_idx is not None:
            shape = slide.placeholders[layout.title_idx]
            if placed.extra:
                shape.left, shape.top = Emu(placed.box.x), Emu(placed.box.y)
                shape.width, shape.height = Emu(placed.box.w), Emu(placed.box.h)
            write_paragraphs(shape.text_frame, placed.paras, placed.box, self.fonts, "bottom")
        else:
            text_box(slide, placed.box, placed.paras, self.fonts, "bottom", name="Title")

    def title_paras(self, layout: Layout, title: str, markup: bool, where: Where) -> list[Para]:
        return self.title(layout, title, markup, where).paras

    def body(self, slide, layout: Layout, index: int, paras: list[Para], box: Box | None = None,
             anchor: str = "top") -> None:
        """Fill body placeholder `index` of the layout, or draw a text box where it would be."""
        box = box or layout.body_boxes[index]
        if index < len(layout.body_idx) and box == layout.body_boxes[index]:
            frame = placeholder_frame(slide, layout.body_idx[index])
            write_paragraphs(frame, paras, box, self.fonts, anchor, self.theme.accent)
        elif index < len(layout.body_idx) and box.x == layout.body_boxes[index].x:
            shape = slide.placeholders[layout.body_idx[index]]  # moved below a long title
            # All four: a placeholder that inherits its place has no position of its own,
            # and setting only top and height would leave it at x 0 and width 0.
            shape.left, shape.top = Emu(box.x), Emu(box.y)
            shape.width, shape.height = Emu(box.w), Emu(box.h)
            write_paragraphs(shape.text_frame, paras, box, self.fonts, anchor,
                             self.theme.accent)
        else:
            text_box(slide, box, paras, self.fonts, anchor, accent=self.theme.accent)

    def first_fit(self, choices: list[list[Para]], layout: Layout, where: Where, what: str
                  ) -> tuple[Box, list[Para]]:
        """The first of `choices` (fullest first) that fits the layout's body, or the free
        band beside its title; a client's template may give the body too little room."""
        boxes = [layout.body_boxes[0]] if layout.body_boxes else []
        boxes.append(free_region(layout.title_box, self.theme.width, self.theme.height))
        for paras in choices:
            for box in boxes:
                fitted = shrink_to_fit(paras, box, self.fonts)
                if fitted is not None:
                    return box, fitted
        return boxes[0], self.unfit(where, what, choices[-1], boxes[0])

    def fit(self, paras: list[Para], box: Box, where: Where, what: str) -> list[Para]:
        """`paras` at the largest size that fits `box`, never below their floors; else set
        smaller with a warning naming the slide. Never a failed build."""
        fitted = shrink_to_fit(paras, box, self.fonts)
        if fitted is None:
            return self.unfit(where, what, paras, box)
        return fitted

    fit_or_fail = fit  # the name the older slide kinds use

    def unfit(self, where: Where, what: str, paras: list[Para], box: Box | None = None
              ) -> list[Para]:
        """Text that measures too long even at its smallest size: set smaller still (down to
        LAST_RESORT) so that the deck is built, and say which slide to look at. Measured with
        a stand-in for a font this machine lacks, it may well fit where the deck is shown."""
        stand_ins = self.fonts.stand_ins()
        reason = (f"it was measured with a stand-in for {', '.join(stand_ins)}; check the "
                  "slide in PowerPoint" if stand_ins else "it was set smaller than usual: "
                  "shorten it if you can")
        self.theme.warnings.append(f"{where.label}: {what} does not fit at its usual size; "
                                   f"{reason}")
        floored = [replace(para, floor=min(para.floor, LAST_RESORT)) for para in paras]
        if box is not None:
            fitted = shrink_to_fit(floored, box, self.fonts)
            if fitted is not None:
                return fitted
        return [para.scaled(0.0) for para in floored]

    def height_emu(self, paras: list[Para], box: Box) -> int:
        return _height_emu(paras, box, self.fonts)

    def paged_body(self, logical: str, title: str, groups: list[list[Para]], notes: Notes,
                   where: Where, lead: list[Para] | None = None) -> None:
        """A title and a list that continues on '(cont.)' slides, each with the same notes."""
        layout = self.theme.layout(logical)
        extra = self.title(layout, title, True, where).extra
        box = layout.body_boxes[0].below(extra) if extra else layout.body_boxes[0]
        if lead:
            lead = self.fit_or_fail(lead, box, where, "the text above the list")
            lead_height = _height_emu(lead, box, self.fonts)
            list_box = box.below(lead_height, gap=int(0.15 * 914400))
        else:
            list_box = box
        whole = [p for group in groups for p in group]
        shrunk = shrink_to_fit([replace(p, floor=max(p.floor, p.size * 0.84)) for p in whole],
                               list_box, self.fonts) if whole else None
        if shrunk is not None:  # a little smaller on one slide beats a "(cont.)" slide
            pages: list[list[Para]] | None = [shrunk]
        else:
            pages = paginate(groups, list_box, self.fonts) if groups else [[]]
        if pages is None:
            pages = [self.unfit(where, "a bullet", group, list_box) for group in groups]
        for number, page in enumerate(pages):
            page_title = title if number == 0 else title + CONT
            page_notes = notes if number == 0 else continued(notes, page)
            slide = self.new_slide(logical, page_title, page_notes, where)
            if lead and number == 0:
                self.body(slide, layout, 0, lead + [replace(p, space_before=p.space_before
                                                            if i else 14.0)
                                                    for i, p in enumerate(page)], box)
            else:
                self.body(slide, layout, 0, page, box)
            remove_empty_placeholders(slide)

    # ------------------------------------------------------------ footer, logo, notes

    def _decorate(self, layout: Layout, with_text: bool) -> None:
        """Footer, slide number and logo, drawn once on the layout rather than on every slide.

        Every slide of the layout shows them; the number is a field, so each slide shows its
        own. Only layouts the deck uses get them, and the title slide's layout never does.
        """
        key = id(layout.layout)
        if key in self._decorated:
            return
        self._decorated.add(key)
        canvas = SimpleNamespace(shapes=SlideShapes(layout.layout.shapes._element, layout.layout))
        width, height, margin = self.theme.width, self.theme.height, self.theme.margin
        line_y, line_h = int(height * 0.913), int(height * 0.05)
        number_w = int(width * 0.075)
        logo_w = int(width * 0.1) if self.logo else 0
        if with_text:
            footer_box = Box(margin, line_y, width - 2 * margin - number_w - logo_w
                             - int(0.2 * 914400), line_h, inset_y=0)
            para = plain_para(self.footer, 11, color=MUTED, floor=9)
            fitted = shrink_to_fit([para], footer_box, self.fonts) or [_ellipsize(
                para.scaled(0.8), footer_box, self.fonts)]
            text_box(canvas, footer_box, fitted, self.fonts, "middle", name="Workshop Footer")
        number_box = Box(width - margin - number_w, line_y, number_w, line_h, inset_y=0)
        shape = text_box(canvas, number_box, [], self.fonts, "middle",
                         name="Workshop Slide Number")
        slide_number_field(shape.text_frame, 11, MUTED, self.fonts.body)
        if self.logo:
            logo_box = Box(number_box.x - logo_w - int(0.1 * 914400), line_y, logo_w, line_h)
            picture(canvas, self.logo, logo_box, "branding.logo", align="right")

    def finish_notes(self) -> None:
        """Write every slide's notes, now that each knows the title of the slide after it."""
        for i, (slide, notes, _) in enumerate(self.slides):
            if i + 1 < len(self.slides) and not notes.next_title:
                notes.next_title = self.slides[i + 1][2]
            write_notes(slide, notes.text())


def _height_emu(paras: list[Para], box: Box, fonts: Fonts) -> int:
    from workshop.render.deck.fit import height

    return int(height(paras, box.text_width, fonts) * 12700) + 2 * box.inset_y


def _ellipsize(para: Para, box: Box, fonts: Fonts) -> Para:
    """The longest start of `para` that fits on one line, ending in an ellipsis."""
    text = para.text
    while text and not fits([replace(para, runs=(Run(text + "…"),))], box, fonts):
        text = text[:-1]
    return replace(para, runs=(Run(text.rstrip() + "…"),))
