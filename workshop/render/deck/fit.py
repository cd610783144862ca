"""Text that always fits: wrap with real font metrics, then split onto more slides or shrink.

PowerPoint only shrinks "autofit" text when someone edits it, so we do the fitting ourselves:
each paragraph is wrapped at the box width minus insets and indents, line heights come from
the font, and a few percent of slack absorbs differences between renderers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from workshop.content.text import Run
from workshop.render.fonts import font_metrics

EMU_PER_PT = 12700
SLACK = 0.96  # use 96% of the height: renderers differ a little in line spacing
WIDTH_SLACK = 0.985  # and in where they break lines; our widths ignore kerning, which only narrows


@dataclass(frozen=True)
class Para:
    """One paragraph to place: styled runs, a size in points, and its list level."""

    runs: tuple[Run, ...]
    size: float
    level: int = 0
    bullet: str | None = None  # "•", "–", "1." ...; None for plain text
    bold: bool = False
    italic: bool = False
    color: str | None = None  # "RRGGBB"; None: the text colour of the theme
    space_before: float = 0.0  # points
    align: str = "l"
    heading: bool = False  # set in the theme's heading font
    floor: float = 18.0  # smallest size this paragraph may shrink to
    line_spacing: float = 1.0
    single_line: bool = False  # a big number must not wrap: it shrinks instead
    whole_words: bool = False  # a short label shrinks rather than break inside a word

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    def indent(self) -> float:
        """Left margin in points for wrapped lines (bullets hang in front of it)."""
        if self.bullet is None:
            return 0.0
        return 24.0 + 30.0 * self.level

    def scaled(self, factor: float) -> Para:
        size = max(self.floor, round(self.size * factor * 2) / 2) if factor < 1 else self.size
        size = min(size, self.size)
        return replace(self, size=size, space_before=self.space_before * size / self.size)


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide in EMU, with text insets in EMU."""

    x: int
    y: int
    w: int
    h: int
    inset_x: int = 91440  # 0.1 in, PowerPoint's default
    inset_y: int = 45720  # 0.05 in

    @property
    def text_width(self) -> float:
        return (self.w - 2 * self.inset_x) / EMU_PER_PT

    @property
    def text_height(self) -> float:
        return (self.h - 2 * self.inset_y) / EMU_PER_PT

    def below(self, height: int, gap: int = 0) -> Box:
        """The part of this box under its top `height` EMU (plus a gap)."""
        return replace(self, y=self.y + height + gap, h=max(self.h - height - gap, 0))

    def top(self, height: int) -> Box:
        return replace(self, h=min(height, self.h))

    def split(self, parts: int, gap: int) -> list[Box]:
        width = (self.w - gap * (parts - 1)) // parts
        return [replace(self, x=self.x + i * (width + gap), w=width) for i in range(parts)]


@dataclass(frozen=True)
class Fonts:
    heading: str
    body: str

    def metrics(self, para: Para, run: Run):  # FontMetrics
        family = self.heading if para.heading else self.body
        return font_metrics(family, para.bold or run.bold, para.italic or run.italic)

    def stand_ins(self) -> list[str]:
        """The families measured with a stand-in, because they are neither installed nor
        shipped."""
        return [f for f in dict.fromkeys((self.heading, self.body)) if font_metrics(f).substituted]


def _words(para: Para) -> list[tuple[str, Run]]:
    words: list[tuple[str, Run]] = []
    for run in para.runs:
        for i, piece in enumerate(run.text.split(" ")):
            if i > 0:
                words.append((" ", run))
            if piece:
                words.append((piece, run))
    return words


@lru_cache(maxsize=20000)
def line_count(para: Para, width: float, fonts: Fonts) -> int:
    """Lines `para` wraps to in a text area `width` points wide (remembered: pagination asks
    about the same paragraph many times)."""
    available = (width - para.indent()) * WIDTH_SLACK
    if available <= 0:
        return 10_000
    lines, used, pending_space = 1, 0.0, 0.0
    for word, run in _words(para):
        metrics = fonts.metrics(para, run)
        if word == " ":
            pending_space += metrics.width(" ", para.size)
            continue
        width_of = metrics.width(word, para.size)
        if used and used + pending_space + width_of > available:
            lines += 1
            used = 0.0
        elif used:
            used += pending_space
        pending_space = 0.0
        if width_of > available and para.whole_words:
            return 10_000  # does not fit: the caller shrinks it
        while width_of > available:  # a word longer than the line breaks inside itself
            lines += 1
            width_of -= available
        used += width_of
    return lines


def height(paras: list[Para], width: float, fonts: Fonts) -> float:
    """Height in points of `paras` wrapped at `width` points."""
    total = 0.0
    for i, para in enumerate(paras):
        metrics = fonts.metrics(para, para.runs[0] if para.runs else Run(""))
        lines = line_count(para, width, fonts)
        total += lines * metrics.line_height(para.size) * para.line_spacing
        if i:
            total += para.space_before
    return total


def fits(paras: list[Para], box: Box, fonts: Fonts) -> bool:
    if any(p.single_line and line_count(p, box.text_width, fonts) > 1 for p in paras):
        return False
    return height(paras, box.text_width, fonts) <= box.text_height * SLACK


def shrink_to_fit(paras: list[Para], box: Box, fonts: Fonts) -> list[Para] | None:
    """`paras` at the largest common scale (down to each one's floor) that fits, or None."""
    if fits(paras, box, fonts):
        return paras
    factor = 0.95
    while factor > 0.3:
        trial = [p.scaled(factor) for p in paras]
        if fits(trial, box, fonts):
            return trial
        if all(p.size <= p.floor for p in trial):
            return None
        factor -= 0.05
    return None


def _pack(groups: list[list[Para]], box: Box, fonts: Fonts) -> list[list[Para]] | None:
    pages: list[list[Para]] = []
    current: list[Para] = []
    for group in groups:
        if fits(current + group, box, fonts):
            current = current + group
            continue
        if current:
            pages.append(current)
        current = group
        if not fits(current, box, fonts):
            shrunk = shrink_to_fit(current, box, fonts)
            if shrunk is None:
                return None
            pages.append(shrunk)
            current = []
    if current:
        pages.append(current)
    return pages


def paginate(groups: list[list[Para]], box: Box, fonts: Fonts) -> list[list[Para]] | None:
    """Groups (a bullet with its sub-bullets) packed onto as many boxes as needed.

    Each page holds whole groups at full size, and pages are balanced (seven bullets go 4 + 3,
    not 6 + 1); a group too tall even alone is shrunk toward its floor. None when some group
    cannot fit at all.
    """
    pages = _pack(groups, box, fonts)
    if pages is None:
        return None
    if len(pages) > 1:
        for percent in range(50, 100, 5):
            trial = _pack(groups, replace(box, h=box.h * percent // 100), fonts)
            if trial is not None and len(trial) <= len(pages) and all(
                    fits(page, box, fonts) for page in trial):
                pages = trial
                break
    return continue_numbering([_drop_leading_space(page) for page in pages]) or [[]]


def continue_numbering(pages: list[list[Para]]) -> list[list[Para]]:
    """Numbered lists carry on across continuation slides: 1-4 here, 5-7 on the next."""
    out, count = [], 0
    for page in pages:
        start = count + 1
        fixed = []
        for para in page:
            if para.bullet and para.bullet.endswith(".") and para.level == 0:
                count += 1
                para = replace(para, bullet=f"{start}.")
            fixed.append(para)
        out.append(fixed)
    return out


def _drop_leading_space(page: list[Para]) -> list[Para]:
    return [replace(page[0], space_before=0.0), *page[1:]] if page else page
