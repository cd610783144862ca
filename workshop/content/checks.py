"""Checks that need the whole library: ids that must exist, formats and minutes that must agree."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workshop.content.fields import FORMATS, Format, did_you_mean
from workshop.content.models import Exercise, ExerciseSlide, ImageSlide, Module, SlideModel
from workshop.content.yamlfile import FieldPath

if TYPE_CHECKING:
    from workshop.content.library import Library

Found = list[tuple[FieldPath, str]]
IMAGE_MAGIC = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}


def _known(kind: str, value: str, known: list[str]) -> str:
    hint = did_you_mean(value, known)
    listing = f"; known: {', '.join(sorted(known))}" if not hint and len(known) <= 30 else ""
    return f"unknown {kind} '{value}'{hint}{listing}"


def minutes_and_formats(formats: tuple[str, ...], minutes: Mapping[Any, int]) -> Found:
    found: Found = []
    for fmt in formats:
        if fmt not in minutes:
            found.append((("minutes",), f"format '{fmt}' has no minutes: add `{fmt}: N` under "
                                        "minutes"))
    for fmt in minutes:
        if fmt not in formats:
            found.append((("minutes", fmt), f"minutes given for '{fmt}', which is not in "
                                            "`formats`: add it there or remove these minutes"))
    return found


def variant_keys(keys: list[str], base: FieldPath, departments: list[str],
                 sectors: tuple[str, ...] | list[str] = ()) -> Found:
    allowed = departments + list(FORMATS) + list(sectors)
    return [(base + ("variants", key), _known("variant key", key, allowed)
             + " (a variant is keyed by a department id, a format or a sector id)")
            for key in keys if key not in allowed]


def _slides(module: Module
            ) -> Iterator[tuple[FieldPath, SlideModel, tuple[str, ...], SlideModel | None]]:
    """Each slide and variant with its path, the formats it shows in, and its base slide."""
    for i, slide in enumerate(module.slides):
        formats = slide.formats or module.formats
        yield ("slides", i), slide, formats, None
        for key, variant in slide.variants.items():
            shown = (key,) if key in FORMATS else (variant.formats or module.formats)
            yield ("slides", i, "variants", key), variant, shown, slide


def _own(slide: SlideModel, base: SlideModel | None, name: str) -> bool:
    """Whether a variant sets `name` itself; what it inherits is checked on its base."""
    return base is None or type(base) is not type(slide) or \
        getattr(slide, name, None) != getattr(base, name, None)


def check_module(module: Module, library: Library, file: str | Path) -> Found:
    departments = sorted(library.departments)
    found = minutes_and_formats(module.formats, module.minutes)
    if module.track != "core" and module.track not in library.departments:
        found.append(((), f"decks/{module.track}/ is not a track: module folders are 'core' or "
                          f"a department id ({', '.join(departments)}); add '{module.track}' "
                          "to departments.yaml or move the file"))
    for i, dept in enumerate(module.departments):
        if dept != "all" and dept not in library.departments:
            found.append((("departments", i), _known("department", dept, departments)))
    allowed = departments + list(FORMATS) + sorted(library.sectors)
    found += [(("wording", key), _known("wording key", key, allowed) + " (a format, a "
               "department id or a sector id)") for key in module.wording if key not in allowed]
    if module.required_when is not None:
        for i, dept in enumerate(module.required_when.departments):
            if dept not in library.departments:
                found.append((("required_when", "departments", i),
                              _known("department", dept, departments)))
    sectors = sorted(library.sectors)
    for i, sector in enumerate(module.sectors):
        if sector not in library.sectors:
            found.append((("sectors", i), _known("sector", sector, sectors)))
    for i, required in enumerate(module.requires):
        if required == module.id:
            found.append((("requires", i), "a module cannot require itself"))
        elif required not in library.modules:
            found.append((("requires", i), _known("module", required, list(library.modules))))

    source_ids = [s.id for s in module.sources]
    for path, slide, shown, base in _slides(module):
        is_variant = base is not None
        if not is_variant:
            found += variant_keys(list(slide.variants), path, departments, sectors)
            for i, sector in enumerate(slide.sectors or ()):
                if sector not in library.sectors:
                    found.append((path + ("sectors", i), _known("sector", sector, sectors)))
        for key in slide.examples if _own(slide, base, "examples") else ():
            if key not in library.departments:
                found.append((path + ("examples", key), _known("department", key, departments)))
        own_departments = slide.departments if _own(slide, base, "departments") else None
        for j, dept in enumerate(own_departments or ()):
            if dept not in library.departments:
                found.append((path + ("departments", j), _known("department", dept, departments)))
        own_formats = slide.formats if _own(slide, base, "formats") else None
        for j, fmt in enumerate(own_formats or ()):
            if fmt not in module.formats:
                found.append((path + ("formats", j), f"'{fmt}' is not one of the module's "
                                                     f"formats ({', '.join(module.formats)})"))
        source = getattr(slide, "source", None)
        if source and source not in source_ids and _own(slide, base, "source"):
            found.append((path + ("source",), f"'{source}' is not in this module's sources "
                          f"(known: {', '.join(source_ids) or 'none'}): add it under sources:"))
        if isinstance(slide, ExerciseSlide):
            exercise = library.exercises.get(slide.exercise)
            if exercise is None and _own(slide, base, "exercise"):
                found.append((path + ("exercise",),
                               _known("exercise", slide.exercise, list(library.exercises))))
            elif exercise is not None:
                for shown_fmt in shown:
                    if shown_fmt not in exercise.formats:
                        found.append((path + ("exercise",), (
                            f"exercise '{exercise.id}' has no {shown_fmt} version: add "
                            f"{shown_fmt} to its formats, or limit this slide with formats: "
                            f"[{', '.join(exercise.formats)}]")))
        if isinstance(slide, ImageSlide) and _own(slide, base, "image"):
            problem = check_image(Path(file), slide.image)
            if problem:
                found.append((path + ("image",), problem))
    found += _elastic(module, library)
    return found


def _runs_in(module: Module, fmt: Format, library: Library
             ) -> list[tuple[int, str, int | None]]:
    """Per slide shown in `fmt`: its index, its depth and its exercise's minutes (if any)."""
    out: list[tuple[int, str, int | None]] = []
    for i, slide in enumerate(module.slides):
        if slide.formats and fmt not in slide.formats:
            continue
        chosen = slide.variants.get(fmt, slide)
        exercise = library.exercises.get(getattr(chosen, "exercise", "") or "")
        minutes = exercise.minutes.get(fmt) if exercise is not None else None
        out.append((i, chosen.depth, minutes))
    return out


def _elastic(module: Module, library: Library) -> Found:
    """The essential, standard and extended minutes against each other and the slides."""
    found: Found = []
    for name in ("essential", "extended"):
        for fmt in getattr(module, name) or {}:
            if fmt not in module.formats:
                found.append(((name, fmt), f"{name} minutes given for '{fmt}', which is not in "
                                           "`formats`: add it there or remove these minutes"))
    for fmt in module.formats:
        if fmt not in module.minutes:
            continue
        standard = module.minutes[fmt]
        essential = (module.essential or {}).get(fmt, standard)
        extended = (module.extended or {}).get(fmt, standard)
        if essential > standard:
            found.append((("essential", fmt), f"{essential} minutes is longer than minutes.{fmt} "
                                              f"({standard}): the essential run is the "
                                              "shortest; lower it"))
        if extended < standard:
            found.append((("extended", fmt), f"{extended} minutes is shorter than minutes.{fmt} "
                                             f"({standard}): the extended run is the longest; "
                                             "raise it"))
        runs = _runs_in(module, fmt, library)
        if essential < standard and not any(depth == "essential" for _, depth, _ in runs):
            found.append((("essential", fmt), f"no slide shown in {fmt} has depth: essential, "
                                              "so a short run would show nothing: mark the "
                                              "slides the module cannot lose"))
        for i, depth, _ in runs:
            if depth == "extended" and extended <= standard:
                found.append((("slides", i, "depth"), f"an extended slide needs longer runs: "
                                                      f"set extended.{fmt} above "
                                                      f"minutes.{fmt} ({standard})"))
        tiers: tuple[tuple[str, int, set[str]], ...] = (
                 ("essential", essential, {"essential"}),
                 ("minutes", standard, {"essential", "standard"}),
                 ("extended", extended, {"essential", "standard", "extended"}))
        if essential >= standard:  # not elastic: every essential and standard slide runs
            tiers = tiers[1:]
        for field, length, depths in tiers:
            taking = [(m, i) for i, depth, m in runs if depth in depths]
            used = sum(m or 0 for m, _ in taking) + sum(1 for m, _ in taking if m is None)
            exercises = sum(m or 0 for m, _ in taking)
            if exercises and used > length:
                found.append(((field, fmt) if field != "minutes" or module.essential
                              or module.extended else ("minutes", fmt),
                              f"its {'essential ' if field == 'essential' else ''}exercises "
                              f"take {exercises} minutes in {fmt} and its other slides at "
                              f"least a minute each ({used} in all), but "
                              f"{field}.{fmt} is {length}: raise it to {used}"))
    return found


def check_image(module_file: Path, reference: str) -> str | None:
    """Why the image a module names cannot be used, or None."""
    root = module_file.resolve().parents[2]
    target = (module_file.parent / reference).resolve()
    if not target.is_relative_to(root):
        return (f"'{reference}' points outside the library folder {root}: keep images inside "
                "the library")
    if not target.is_file():
        return f"image file '{reference}' not found (looked in {target.parent})"
    problem = image_problem(target)
    return f"'{reference}' {problem}" if problem else None


def image_problem(file: Path) -> str | None:
    """Why `file` cannot be used as a picture (not PNG/JPEG, or damaged), or None."""
    kind = image_type(file)
    if kind is None:
        return "is not a PNG or JPEG image"
    try:
        from PIL import Image

        with Image.open(file) as image:
            image.load()
    except Exception:  # any decoder failure means a damaged file
        return f"is a damaged {kind} image: export it again"
    return None


def logo_kind(file: Path) -> str | None:
    """'PNG', 'JPEG' or 'SVG' from the file's first bytes, or None for anything else."""
    try:
        with file.open("rb") as handle:
            head = handle.read(1024)
    except OSError:
        return None
    if raster := next((name for magic, name in IMAGE_MAGIC.items() if head.startswith(magic)),
                      None):
        return raster
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<svg", b"<?xml", b"<!--")) and b"<svg" in head.lower():
        return "SVG"
    return None


def logo_problem(file: Path) -> str | None:
    """Why `file` cannot be the session's logo (not PNG, JPEG or SVG, or damaged), or None."""
    kind = logo_kind(file)
    if kind is None:
        return "is not a PNG, JPEG or SVG image"
    return None if kind == "SVG" else image_problem(file)


def pptx_problem(file: Path) -> str | None:
    """Why `file` cannot be a deck template, or None; checked before any slide is made."""
    import zipfile

    if not zipfile.is_zipfile(file):
        return "is not a .pptx file (not a zip archive): save it from PowerPoint as .pptx"
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return "is a damaged .pptx file: open it in PowerPoint and save it again"
    if "ppt/presentation.xml" not in names:
        return ("is a zip file without a presentation in it (no ppt/presentation.xml): save "
                "the template from PowerPoint as .pptx")
    return None


def image_type(file: Path) -> str | None:
    """'PNG' or 'JPEG' from the file's first bytes, or None for anything else."""
    with file.open("rb") as handle:
        head = handle.read(8)
    return next((name for magic, name in IMAGE_MAGIC.items() if head.startswith(magic)), None)


def check_exercise(exercise: Exercise, library: Library, base: FieldPath = ()) -> Found:
    found = [(base + path, message)
             for path, message in minutes_and_formats(exercise.formats, exercise.minutes)]
    for fmt in exercise.formats:
        if fmt not in exercise.group_size:
            found.append((base + ("group_size",), f"no group size for '{fmt}': add `{fmt}: …`"))
        total = sum(step.minutes.get(fmt, 0) for step in exercise.steps
                    if step.formats is None or fmt in step.formats)
        if fmt in exercise.minutes and total != exercise.minutes[fmt]:
            found.append((base + ("steps",), f"steps add up to {total} minutes for {fmt}, but "
                                             f"minutes.{fmt} is {exercise.minutes[fmt]}: make "
                                             "them agree"))
    if not base:
        found += variant_keys(list(exercise.variants), (), sorted(library.departments),
                              sorted(library.sectors))
        timing = (exercise.formats, exercise.minutes, exercise.steps, exercise.group_size)
        for key, variant in exercise.variants.items():
            # A variant inherits its base's timing; check it only where it changes it.
            if (variant.formats, variant.minutes, variant.steps, variant.group_size) != timing:
                found += check_exercise(variant, library, ("variants", key))
    return found


def find_cycles(modules: dict[str, Module]) -> list[list[str]]:
    """Each `requires` cycle once, as [a, b, ..., a], starting from its smallest id."""
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in modules[node].requires:
            if nxt not in modules:
                continue
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):]
                start = cycle.index(min(cycle))
                cycle = cycle[start:] + cycle[:start]
                if cycle + [cycle[0]] not in cycles:
                    cycles.append(cycle + [cycle[0]])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(modules):
        if node not in state:
            visit(node)
    return cycles
