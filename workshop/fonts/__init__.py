"""The fonts shipped inside the package, so that every output can be made on a machine with none.

Carlito is metric-compatible with Calibri (the built-in theme's font and the print documents'
body font), Liberation Sans with Arial and Helvetica, Liberation Mono with Courier New (the
live-demo searches in the guide). All are under the SIL Open Font License 1.1; the licence
files sit beside the fonts.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

FOLDER = Path(__file__).resolve().parent

# family -> (bold, italic) -> file name
SHIPPED: dict[str, dict[tuple[bool, bool], str]] = {
    "Carlito": {(False, False): "Carlito-Regular.ttf", (True, False): "Carlito-Bold.ttf",
                (False, True): "Carlito-Italic.ttf", (True, True): "Carlito-BoldItalic.ttf"},
    "Liberation Sans": {(False, False): "LiberationSans-Regular.ttf",
                        (True, False): "LiberationSans-Bold.ttf",
                        (False, True): "LiberationSans-Italic.ttf",
                        (True, True): "LiberationSans-BoldItalic.ttf"},
    "Liberation Mono": {(False, False): "LiberationMono-Regular.ttf"},
}
# A family a template may name -> the shipped family with the same advance widths.
METRIC_TWINS = {
    "calibri": "Carlito", "carlito": "Carlito",
    "arial": "Liberation Sans", "helvetica": "Liberation Sans", "arimo": "Liberation Sans",
    "liberation sans": "Liberation Sans",
    "courier new": "Liberation Mono", "cousine": "Liberation Mono",
    "liberation mono": "Liberation Mono",
}
# Where Linux, macOS and Windows keep installed fonts (a user's own first).
SYSTEM_DIRS = [Path.home() / ".local/share/fonts", Path.home() / ".fonts",
               Path.home() / "Library/Fonts", Path("/usr/local/share/fonts"),
               Path("/usr/share/fonts"), Path("/Library/Fonts"), Path("/System/Library/Fonts"),
               Path(os.environ.get("LOCALAPPDATA", "~")).expanduser() / "Microsoft/Windows/Fonts",
               Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts"]
# What text is measured with when a template's font is neither installed nor shipped.
FALLBACK = "Liberation Sans"


# Characters every shipped font has (Latin-1, Latin Extended-A, the common punctuation):
# text made only of these needs no look into the fonts (tests check the fonts agree).
SURELY_COVERED = frozenset(range(0x20, 0x7F)) | frozenset(range(0xA1, 0x180)) - {0xAD} | frozenset(
    (0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2026, 0x20AC, 0x2122))


def shipped_file(family: str, bold: bool = False, italic: bool = False) -> Path | None:
    """The shipped file for `family` or its metric twin, in the closest style; None if neither
    is shipped."""
    twin = METRIC_TWINS.get(family.strip().lower())
    styles = SHIPPED.get(twin or "")
    if not styles:
        return None
    name = styles.get((bold, italic)) or styles.get((bold, False)) or styles[(False, False)]
    return FOLDER / name


@lru_cache(maxsize=1)
def covered() -> frozenset[int]:
    """Every character some shipped font has a glyph for (read from the fonts once)."""
    from fontTools.ttLib import TTFont

    codes: set[int] = set()
    for styles in SHIPPED.values():
        for name in styles.values():
            font = TTFont(FOLDER / name, lazy=True)
            codes.update((font.getBestCmap() or {}).keys())
            font.close()
    return frozenset(codes)


def system_dirs() -> list[Path]:
    """The font folders this machine has."""
    return [folder for folder in SYSTEM_DIRS if folder.is_dir()]
