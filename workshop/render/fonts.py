"""Font files and their metrics, so text can be measured the way a slide renderer draws it.

A font named by the template (e.g. Calibri) is found with fontconfig (`fc-match`), which also
knows the metric-compatible free fonts (Carlito for Calibri, Liberation Sans for Arial, ...)
that LibreOffice substitutes. Without fontconfig, common font folders are searched for the font
or its metric twin. When no file is found at all, widths are estimated generously (0.6 em per
character) and the build warns once, so text still fits, with more room to spare.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError

# fontTools complains about odd header dates in common fonts; nothing a user can act on.
logging.getLogger("fontTools").setLevel(logging.ERROR)

ESTIMATED_EM = 0.6
METRIC_TWINS = {
    "calibri": "carlito", "cambria": "caladea", "arial": "liberation sans",
    "helvetica": "liberation sans", "times new roman": "liberation serif",
    "courier new": "liberation mono",
}
FONT_DIRS = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
             Path.home() / ".fonts", Path.home() / ".local/share/fonts",
             Path("/Library/Fonts"), Path("/System/Library/Fonts"),
             Path.home() / "Library/Fonts", Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts"]


@dataclass(frozen=True)
class FontMetrics:
    """Advance widths and line height of one font file (or an estimate when there is none)."""

    family: str
    file: Path | None
    units_per_em: int = 1000
    advances: dict[int, int] = field(default_factory=dict, repr=False)
    fallback_advance: int = int(ESTIMATED_EM * 1000)
    line_height_em: float = 1.22
    _ems: dict[str, float] = field(default_factory=dict, repr=False, compare=False)

    def width(self, text: str, size: float) -> float:
        """Width of `text` in points at `size` points (no kerning: slightly generous)."""
        em = self._ems.get(text)
        if em is None:
            if self.advances:
                get, default = self.advances.get, self.fallback_advance
                em = sum(get(ord(ch), default) for ch in text) / self.units_per_em
            else:
                em = len(text) * ESTIMATED_EM
            self._ems[text] = em
        return em * size

    def line_height(self, size: float) -> float:
        return self.line_height_em * size


def _fc_match(family: str, bold: bool, italic: bool) -> Path | None:
    if not shutil.which("fc-match"):
        return None
    style = (":bold" if bold else "") + (":italic" if italic else "")
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}", f"{family}{style}"],
                             capture_output=True, text=True, timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    path = Path(out.strip())
    return path if out.strip() and path.is_file() else None


def _search(family: str, bold: bool, italic: bool) -> Path | None:
    wanted = [family.lower(), METRIC_TWINS.get(family.lower(), "")]
    keys = [w.replace(" ", "") for w in wanted if w]
    style = ("bold" if bold else "") + ("italic" if italic else "")
    candidates: list[Path] = []
    for folder in FONT_DIRS:
        if folder.is_dir():
            candidates += [p for p in folder.rglob("*") if p.suffix.lower() in (".ttf", ".otf")]
    for key in keys:
        for path in sorted(candidates):
            name = path.stem.lower().replace(" ", "").replace("-", "").replace("_", "")
            if name.startswith(key) and name[len(key):] in (style or "regular", style):
                return path
    return None


def font_file(family: str, bold: bool = False, italic: bool = False) -> Path | None:
    """The font file fontconfig picks for the family (maybe a substitute), or one found by name
    in the usual font folders."""
    return _fc_match(family, bold, italic) or _search(family, bold, italic)


@lru_cache(maxsize=64)
def font_metrics(family: str, bold: bool = False, italic: bool = False) -> FontMetrics:
    path = font_file(family, bold, italic)
    if path is None:
        return FontMetrics(family, None)
    try:
        font = TTFont(path, lazy=True, fontNumber=0)
        upm = font["head"].unitsPerEm
        cmap = font.getBestCmap() or {}
        hmtx = font["hmtx"].metrics
        advances = {code: hmtx[glyph][0] for code, glyph in cmap.items() if glyph in hmtx}
        os2 = font["OS/2"] if "OS/2" in font else None
        hhea = font["hhea"]
        win = (os2.usWinAscent + os2.usWinDescent) / upm if os2 else 0
        typo = (hhea.ascent - hhea.descent + hhea.lineGap) / upm
        average = sorted(advances.values())[len(advances) // 2] if advances else upm // 2
    except (TTLibError, KeyError, OSError, AttributeError):
        return FontMetrics(family, None)
    return FontMetrics(family, path, upm, advances, average, max(1.2, win, typo))


def missing_fonts(families: list[str]) -> list[str]:
    """The families for which no file was found (their widths are estimated)."""
    return [f for f in families if font_metrics(f).file is None]
