"""`workshop template inspect`: what a .pptx template offers and how the deck will use it."""

from __future__ import annotations

from pathlib import Path

from workshop.errors import display_path
from workshop.render.deck.theme import (
    LOGICAL,
    all_layouts,
    check_overrides,
    open_template,
    resolve_layout,
    theme_accent,
    theme_fonts,
)
from workshop.render.fonts import font_metrics

EMU_IN = 914400


def _inches(value: int | None) -> str:
    return f"{(value or 0) / EMU_IN:.2f}"


def describe_template(path: Path, overrides: dict[str, str]) -> str:
    prs = open_template(path, "template")
    check_overrides(prs, overrides)
    width, height = prs.slide_width, prs.slide_height
    ratio = "16:9" if abs(width / height - 16 / 9) < 0.02 else \
        "4:3" if abs(width / height - 4 / 3) < 0.02 else f"{width / height:.2f}:1"
    layouts = all_layouts(prs)
    lines = [f"{display_path(path)}: {_inches(width)} x {_inches(height)} in ({ratio}), "
             f"{len(layouts)} layouts, {len(prs.slides)} slides"
             + (" (removed when a deck is built)" if len(prs.slides) else "")]
    lines.append("")
    lines.append("Layouts and their placeholders (idx, type, position and size in inches):")
    for number, layout in enumerate(layouts, 1):
        lines.append(f"  {number}. {layout.name}")
        for ph in layout.placeholders:
            kind = str(ph.placeholder_format.type).split(" ")[0].lower()
            lines.append(f"       idx {ph.placeholder_format.idx:<3} {kind:<14} at "
                         f"({_inches(ph.left)}, {_inches(ph.top)}) "
                         f"size {_inches(ph.width)} x {_inches(ph.height)}")
        if not layout.placeholders:
            lines.append("       (no placeholders)")
    lines.append("")
    lines.append("How the deck maps its logical layouts (set branding.layouts to change one):")
    for logical in LOGICAL:
        layout, warning = resolve_layout(prs, logical, overrides)
        how = "set in branding.layouts" if logical in overrides else (
            f"fallback: {layout.note}" if warning else "by its standard name")
        lines.append(f"  {logical:<12} -> {layout.name}  ({how})")
    heading, body = theme_fonts(prs)
    lines.append("")
    for role, family in (("Headings", heading), ("Body", body)):
        metrics = font_metrics(family)
        lines.append(f"{role}: {family}; measured with {metrics.file}"
                     + (" (not installed: a stand-in, 10% wider)" if metrics.substituted
                        else ""))
    accent = theme_accent(prs)
    lines.append(f"Accent colour (theme accent1): #{accent}" if accent else
                 "Accent colour: none in the theme; branding.primary_color is used")
    return "\n".join(lines)
