"""The shipped fonts: in the package with their licences, and what measures a deck's text."""

from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont

from workshop import fonts as shipped
from workshop.build import build
from workshop.render import fonts

from conftest import EXAMPLES


def test_every_shipped_font_is_there_with_its_licence():
    for family, styles in shipped.SHIPPED.items():
        for name in styles.values():
            font = TTFont(shipped.FOLDER / name, lazy=True)
            assert font["name"].getBestFamilyName() == family, name
    licences = {p.name: p.read_text() for p in shipped.FOLDER.glob("LICENSE-*.txt")}
    assert set(licences) == {"LICENSE-Carlito.txt", "LICENSE-Liberation.txt"}
    for text in licences.values():
        assert "SIL OPEN FONT LICENSE Version 1.1" in text and "Copyright" in text


def test_the_characters_taken_as_covered_are_in_every_shipped_font():
    for styles in shipped.SHIPPED.values():
        for name in styles.values():
            cmap = TTFont(shipped.FOLDER / name, lazy=True).getBestCmap()
            assert set(cmap) >= shipped.SURELY_COVERED, name


@pytest.mark.parametrize("family, twin", [("Calibri", "Carlito-"), ("Arial", "LiberationSans-"),
                                          ("Helvetica", "LiberationSans-")])
def test_calibri_and_arial_are_measured_with_their_shipped_twins(family, twin):
    path, stand_in = fonts.font_file(family, bold=True)
    assert path.parent == shipped.FOLDER and path.name.startswith(twin) and not stand_in


def test_a_font_nobody_has_is_measured_wider_with_a_warning(monkeypatch):
    monkeypatch.setattr(fonts, "_installed", lambda family, bold, italic: None)
    fonts.font_metrics.cache_clear()
    try:
        metrics = fonts.font_metrics("Corporate Sans Display")
        reference = fonts.font_metrics("Arial")
        assert metrics.substituted and metrics.file.parent == shipped.FOLDER
        assert metrics.width("Acme Corp", 20) == pytest.approx(
            reference.width("Acme Corp", 20) * fonts.FALLBACK_WIDEN)
        (warning,) = fonts.stand_in_warnings(["Corporate Sans Display", "Calibri"])
        assert "'Corporate Sans Display' is not installed" in warning
    finally:
        fonts.font_metrics.cache_clear()


def test_fontconfigs_substitute_for_another_family_is_not_taken(monkeypatch, tmp_path):
    # fc-match always answers, with DejaVu Sans for a font it does not know: measuring a
    # template's font with that (much wider) face was why decks failed to build.
    script = tmp_path / "fc-match"
    script.write_text("#!/bin/sh\nprintf 'DejaVu Sans\\n/usr/share/fonts/DejaVuSans.ttf'\n")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:/usr/bin:/bin")
    assert fonts._fc_match("Segoe UI", False, False) is None


def test_a_deck_in_an_unknown_font_still_builds_and_says_so(tmp_path, monkeypatch):
    from pptx import Presentation

    import workshop.render.deck.theme as theme

    monkeypatch.setattr(fonts, "_installed", lambda family, bold, italic: None)
    monkeypatch.setattr(theme, "theme_fonts", lambda prs: ("Corporate Serif", "Corporate Sans"))
    fonts.font_metrics.cache_clear()
    try:
        session = tmp_path / "s.yaml"
        session.write_text((EXAMPLES / "legal-hr-group.yaml").read_text()
                           + "\noutputs: [deck]\n")
        result = build(session, tmp_path / "out")
    finally:
        fonts.font_metrics.cache_clear()
    assert (tmp_path / "out" / "deck.pptx").is_file()
    assert any("'Corporate Sans' is not installed" in w for w in result.warnings)
    assert any("'Corporate Serif' is not installed" in w for w in result.warnings)
    assert len(Presentation(str(tmp_path / "out" / "deck.pptx")).slides) > 10
