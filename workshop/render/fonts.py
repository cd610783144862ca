"""Font files and their metrics, so the deck's text can be measured the way a slide renderer
draws it.

Which file measures a family, in this order:
1. the shipped font that has the same advance widths (Carlito for Calibri, Liberation Sans for
   Arial and Helvetica): the same answer on every machine, with no lookup;
2. the family itself, installed on this machine (fontconfig's `fc-match`, else the usual font
   folders); a substitute fontconfig offers under another family name is not taken;
3. its installed metric twin (Caladea for Cambria, Liberation Serif for Times New Roman);
4. the shipped Liberation Sans with every width 10% wider, and a warning naming the font:
   text still fits, with room to spare. A missing font never stops a build.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError

from workshop import fonts as shipped

# fontTools complains about odd header dates in common fonts; nothing a user can act on.
logging.getLogger("fontTools").setLevel(logging.ERROR)

FALLBACK_WIDEN = 1.10  # unknown fonts: measured with the fallback, 10% wider
SYSTEM_TWINS = {
    "cambria": "caladea", "times new roman": "liberation serif", "times": "liberation serif",
    "georgia": "gelasio",
}


@dataclass(frozen=True)
class FontMetrics:
    """Advance widths and line height of one font file, as `family` is measured."""

    family: str
    file: Path
    units_per_em: int
    advances: dict[int, int] = field(repr=False)
    fallback_advance: int
    line_height_em: float = 1.22
    widen: float = 1.0  # > 1 when the file only stands in for a font that is not installed
    _ems: dict[str, float] = field(default_factory=dict, repr=False, compare=False)

    @property
    def substituted(self) -> bool:
        return self.widen != 1.0

    def width(self, text: str, size: float) -> float:
        """Width of `text` in points at `size` points (no kerning: slightly generous)."""
        em = self._ems.get(text)
        if em is None:
            get, default = self.advances.get, self.fallback_advance
            em = sum(get(ord(ch), default) for ch in text) / self.units_per_em * self.widen
            self._ems[text] = em
        return em * size

    def line_height(self, size: float) -> float:
        return self.line_height_em * size


def _fc_match(family: str, bold: bool, italic: bool) -> Path | None:
    """The installed file of `family` itself; None when fontconfig would substitute another."""
    if not shutil.which("fc-match"):
        return None
    style = (":bold" if bold else "") + (":italic" if italic else "")
    try:
        out = subprocess.run(["fc-match", "-f", "%{family}\n%{file}", f"{family}{style}"],
                             capture_output=True, text=True, timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    names, _, file = out.partition("\n")
    wanted = family.strip().lower()
    if wanted not in (name.strip().lower() for name in names.split(",")):
        return None  # fontconfig always answers; a different family is not this font
    path = Path(file.strip())
    return path if file.strip() and path.is_file() else None


def _search(family: str, bold: bool, italic: bool) -> Path | None:
    key = family.lower().replace(" ", "")
    style = ("bold" if bold else "") + ("italic" if italic else "")
    candidates: list[Path] = []
    for folder in shipped.system_dirs():
        candidates += [p for p in folder.rglob("*") if p.suffix.lower() in (".ttf", ".otf")]
    for path in sorted(candidates):
        name = path.stem.lower().replace(" ", "").replace("-", "").replace("_", "")
        if name.startswith(key) and name[len(key):] in (style or "regular", style):
            return path
    return None


def _installed(family: str, bold: bool, italic: bool) -> Path | None:
    return _fc_match(family, bold, italic) or _search(family, bold, italic)


def font_file(family: str, bold: bool = False, italic: bool = False) -> tuple[Path, bool]:
    """The file that measures `family`, and whether it only stands in for it (step 4)."""
    found = shipped.shipped_file(family, bold, italic) or _installed(family, bold, italic)
    twin = SYSTEM_TWINS.get(family.strip().lower())
    if found is None and twin:
        found = _installed(twin, bold, italic)
    if found is not None:
        return found, False
    return shipped.shipped_file(shipped.FALLBACK, bold, italic), True  # type: ignore[return-value]


@lru_cache(maxsize=64)
def font_metrics(family: str, bold: bool = False, italic: bool = False) -> FontMetrics:
    path, stand_in = font_file(family, bold, italic)
    metrics = _read(family, path, FALLBACK_WIDEN if stand_in else 1.0)
    if metrics is None:  # an installed file that cannot be read: measure as for a missing font
        metrics = _read(family, shipped.shipped_file(shipped.FALLBACK, bold, italic),  # type: ignore[arg-type]
                        FALLBACK_WIDEN)
    assert metrics is not None  # the shipped fonts are part of the package
    return metrics


def _read(family: str, path: Path, widen: float) -> FontMetrics | None:
    try:
        font = TTFont(path, lazy=True, fontNumber=0)
        upm = font["head"].unitsPerEm
        cmap = font.getBestCmap() or {}
        hmtx = font["hmtx"].metrics
        advances = {code: hmtx[glyph][0] for code, glyph in cmap.items() if glyph in hmtx}
        os2 = font.get("OS/2")
        hhea = font["hhea"]
        win = (os2.usWinAscent + os2.usWinDescent) / upm if os2 else 0
        typo = (hhea.ascent - hhea.descent + hhea.lineGap) / upm
        average = sorted(advances.values())[len(advances) // 2] if advances else upm // 2
    except (TTLibError, KeyError, OSError, AttributeError):
        return None
    return FontMetrics(family, path, upm, advances, average, max(1.2, win, typo), widen)


def stand_in_warnings(families: list[str]) -> list[str]:
    """A warning for each family that is neither installed nor shipped (measured wider)."""
    return [f"font '{family}' is not installed and has no metric twin shipped with the "
            f"toolkit: its text was measured with {shipped.FALLBACK}, 10% wider, so it fits "
            f"with room to spare; install '{family}' for exact fitting"
            for family in dict.fromkeys(families) if font_metrics(family).substituted]
