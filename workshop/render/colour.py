"""One decision for every output: does text on a colour read better in white or in black."""

from __future__ import annotations


def relative_luminance(color: str) -> float:
    """WCAG 2 relative luminance of "#RRGGBB" or "RRGGBB", from 0 (black) to 1 (white)."""
    hex_digits = color.lstrip("#")

    def channel(pair: str) -> float:
        c = int(pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(hex_digits[i:i + 2]) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def white_reads_better(background: str) -> bool:
    """True when white text has more contrast on `background` than black text (the WCAG
    contrast ratios cross at a luminance of about 0.179)."""
    return relative_luminance(background) <= 0.179
