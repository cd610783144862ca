"""Create slides on a theme: titles and bodies that fit, footer, logo, and notes for each."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from types import SimpleNamespace

from pptx.shapes.shapetree import SlideShapes

from workshop.content.fields import Format
from workshop.content.text import Run, runs
from workshop.errors import WorkshopError
from workshop.render.deck.fit import Box, Fonts, Para, fits, paginate, shrink_to_fit
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


@dataclass
class Where:
    """What a slide is about, for error messages: 'module core/why-now, slide 3'."""

    label: str

    def fail(self, what: str) -> WorkshopError:
        return WorkshopError(f"{self.label}: {what} does not fit on the slide even at the "
                             "smallest allowed size; shorten the text")


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

    # ------------------------------------------------------------ slides and titles

    def new_slide(self, logical: str, title: str | None, notes: Notes, where: Where,
                  *, title_markup: bool = True, footer: bool = True,
                  footer_text: bool = True):
        layout = self.theme.layout(logical)
        if footer:
            self._decorate(layout, footer_text)
        slide = self.prs.slides.add_slide(layout.layout)
        if title:
            self._title(slide, layout, title, where, title_markup)
        self.slides.append((slide, notes, title or ""))
        return slide

    def title_paras(self, layout: Layout, title: str, markup: bool, where: Where) -> list[Para]:
        size = 48.0 if layout.logical == "title" else 40.0 if layout.logical == "section" \
            else TITLE_SIZE
        make = text_para if markup else plain_para
        para = make(title, size, bold=True, heading=True, floor=TITLE_FLOOR,
                    color=None if layout.title_idx is not None else INK)
        fitted = shrink_to_fit([para], layout.title_box, self.fonts)
        if fitted is None:
            return self.unfit(where, f"the title '{title[:60]}'", [para])
        return fitted

    def _title(self, slide, layout: Layout, title: str, where: Where, markup: bool) -> None:
        paras = self.title_paras(layout, title, markup, where)
        anchor = "bottom" if layout.logical not in ("section", "title") else "bottom"
        if layout.title_idx is not None:
            frame = placeholder_frame(slide, layout.title_idx)
            write_paragraphs(frame, paras, layout.title_box, self.fonts, anchor)
        else:
            text_box(slide, layout.title_box, paras, self.fonts, anchor, name="Title")

    def body(self, slide, layout: Layout, index: int, paras: list[Para], box: Box | None = None,
             anchor: str = "top") -> None:
        """Fill body placeholder `index` of the layout, or draw a text box where it would be."""
        box = box or layout.body_boxes[index]
        if index < len(layout.body_idx) and box == layout.body_boxes[index]:
            frame = placeholder_frame(slide, layout.body_idx[index])
            write_paragraphs(frame, paras, box, self.fonts, anchor, self.theme.accent)
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
        return boxes[0], self.unfit(where, what, choices[-1])

    def fit_or_fail(self, paras: list[Para], box: Box, where: Where, what: str) -> list[Para]:
        fitted = shrink_to_fit(paras, box, self.fonts)
        if fitted is None:
            return self.unfit(where, what, paras)
        return fitted

    def unfit(self, where: Where, what: str, paras: list[Para]) -> list[Para]:
        """Text that measures too long even at its smallest size. Measured in the template's
        own fonts, that is a mistake in the text (an error naming it); measured with a
        stand-in for a font this machine lacks, it may well fit where the deck is shown, so
        it is set at its smallest size with a warning, never a failed build."""
        stand_ins = self.fonts.stand_ins()
        if not stand_ins:
            raise where.fail(what)
        self.theme.warnings.append(
            f"{where.label}: {what} may not fit: it was measured with a stand-in for "
            f"{', '.join(stand_ins)}; check the slide in PowerPoint")
        return [para.scaled(0.0) for para in paras]

    def paged_body(self, logical: str, title: str, groups: list[list[Para]], notes: Notes,
                   where: Where, lead: list[Para] | None = None) -> None:
        """A title and a list that continues on '(cont.)' slides, each with the same notes."""
        layout = self.theme.layout(logical)
        box = layout.body_boxes[0]
        if lead:
            lead = self.fit_or_fail(lead, box, where, "the text above the list")
            lead_height = _height_emu(lead, box, self.fonts)
            list_box = box.below(lead_height, gap=int(0.15 * 914400))
        else:
            list_box = box
        pages = paginate(groups, list_box, self.fonts) if groups else [[]]
        if pages is None:
            pages = [self.unfit(where, "a bullet", group) for group in groups]
        for number, page in enumerate(pages):
            page_title = title if number == 0 else title + CONT
            page_notes = notes if number == 0 else continued(notes, page)
            slide = self.new_slide(logical, page_title, page_notes, where)
            if lead and number == 0:
                self.body(slide, layout, 0, lead + [replace(p, space_before=p.space_before
                                                            if i else 14.0)
                                                    for i, p in enumerate(page)])
            else:
                self.body(slide, layout, 0, page)
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
