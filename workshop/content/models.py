"""The curriculum as typed, frozen objects: departments, modules, slides, exercises."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal, Self

from pydantic import (
    Field,
    PrivateAttr,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from workshop.content.fields import (
    FORMATS,
    Depth,
    Format,
    Level,
    Model,
    ModuleId,
    Name,
    Priority,
    Text,
    Unique,
    VariableName,
)
from workshop.content.questions import Topic

# ---------------------------------------------------------------- departments and sources


class Department(Model):
    """A department a session can be for; libraries can add their own."""

    id: Name = Field(description="Short id used in session files and module `departments:`.")
    name: Text = Field(description="Display name, e.g. 'Legal and compliance'.")
    summary: Text | None = Field(None, description="One line on what this audience cares about.")
    aliases: tuple[Annotated[str, Field(min_length=1, max_length=80)], ...] = Field(
        (), description="Other names people write for this department, e.g. 'Human "
                        "Resources' for hr; matched in any case in sessions and rosters.")
    related: tuple[Annotated[str, Field(min_length=1, max_length=80)], ...] = Field(
        (), description="Departments without a track of their own that this one serves "
                        "best, e.g. 'finance' for leadership; suggested, never chosen silently.")


class Sector(Department):
    """An industry whose rules change what executives may say, e.g. financial services;
    modules and slides can be for a sector only, and sessions name theirs in `sector:`."""

    id: Name = Field(description="Short id used in session files and module `sectors:`.")


class DepartmentsFile(Model):
    departments: Annotated[tuple[Department, ...], Field(min_length=1)]
    sectors: tuple[Sector, ...] = Field(
        (), description="Industries a session can name in `sector:` (optional).")


class Source(Model):
    """Where a fact or figure comes from; cited on the sources slide."""

    id: Name = Field(description="Id referred to by statistic and quote slides.")
    title: Text
    author: str | None = None
    publisher: str | None = None
    year: Annotated[int, Field(ge=1900, le=2100)] | None = None
    url: str | None = Field(None, pattern=r"^https?://\S+$")
    note: Text | None = Field(None, description="What the source supports, e.g. '92% use "
                                                "LinkedIn'.")


# ---------------------------------------------------------------- slides

_VARIANT_KEY_HELP = "department id or format (group, one-on-one)"


def _merge_variants(data: Any) -> Any:
    """Each variant is the base slide with the variant's fields laid over it."""
    if not isinstance(data, dict) or not isinstance(data.get("variants"), dict):
        return data
    base = {k: v for k, v in data.items() if k != "variants"}
    merged: dict[Any, Any] = {}
    for key, variant in data["variants"].items():
        if isinstance(variant, dict):
            if "variants" in variant:
                raise PydanticCustomError("nested_variants",
                                          "a variant cannot have variants of its own")
            same_kind = variant.get("kind", base.get("kind")) == base.get("kind")
            merged[key] = {**base, **variant} if same_kind else variant
        else:
            merged[key] = variant
    return {**data, "variants": merged}


def _bullet_input(value: Any) -> Any:
    if isinstance(value, str):
        return {"text": value}
    if isinstance(value, dict) and len(value) == 1:
        (key, sub), = value.items()
        if key not in ("text", "sub"):
            if not isinstance(sub, list):
                raise PydanticCustomError(
                    "unquoted_colon", "this bullet reads as 'text: sub-bullets' because of the "
                    "': ' in it; put the whole bullet in quotes, e.g. - \"{key}: …\"",
                    {"key": key})
            return {"text": key, "sub": sub}
    return value


class Bullet(Model):
    """A bullet, optionally with sub-bullets. YAML: `- text` or `- text: [sub, sub]`."""

    text: Text
    sub: Annotated[tuple[Text, ...], Field(max_length=5)] = ()

    @model_validator(mode="before")
    @classmethod
    def _from_yaml(cls, value: Any) -> Any:
        return _bullet_input(value)


BulletItem = Annotated[Bullet, WithJsonSchema({
    "anyOf": [
        {"type": "string", "description": "A bullet."},
        {"type": "object", "minProperties": 1, "maxProperties": 1,
         "additionalProperties": {"type": "array", "items": {"type": "string"}},
         "description": "A bullet with sub-bullets: `Main point: [sub, sub]`."},
    ]})]
Bullets = Annotated[tuple[BulletItem, ...], Field(min_length=1, max_length=6)]


class Column(Model):
    heading: Text
    bullets: Bullets


class SlideBase(Model):
    """Fields every slide kind shares."""

    notes: Text = Field(description="Speaker notes: what to say, a question to ask, what to "
                                    "listen for, the bridge to the next slide.")
    examples: dict[Name, Text] = Field(
        default_factory=dict,
        description="Department id -> an example the trainer gives when that department is in "
                    "the room; added to the speaker notes.")
    formats: Annotated[tuple[Format, ...], Unique, Field(min_length=1)] | None = Field(
        None, description="Show this slide only in these formats (default: all).")
    departments: Annotated[tuple[Name, ...], Unique, Field(min_length=1)] | None = Field(
        None, description="Show this slide only when one of these departments attends.")
    sectors: Annotated[tuple[Name, ...], Unique, Field(min_length=1)] | None = Field(
        None, description="Show this slide only in sessions for one of these sectors "
                          "(`sector:` in the session).")
    depth: Depth = Field(
        "standard", description="When the slide runs: essential (always, even in the module's "
                                "shortest run), standard (from the module's `minutes` up, and "
                                "in shorter runs as time allows), extended (only in runs longer "
                                "than `minutes`, up to `extended`).")
    variants: dict[str, Slide] = Field(
        default_factory=dict,
        description=f"Key: {_VARIANT_KEY_HELP}. Fields given replace the slide's own for "
                    "sessions of that department or format.")

    @model_validator(mode="before")
    @classmethod
    def _variants(cls, data: Any) -> Any:
        return _merge_variants(data)


class BulletsSlide(SlideBase):
    kind: Literal["bullets"]
    title: Text
    bullets: Bullets


class RecapSlide(SlideBase):
    """What the session covered, written by the toolkit from the modules that ran before this
    slide: their outcomes, one bullet each. Closings use it, so they never recap a module
    that did not run."""

    kind: Literal["recap"]
    title: Text
    last: Text | None = Field(None, description="A last bullet after the outcomes, e.g. the "
                                                "parking lot's open questions.")


class IntakeSlide(SlideBase):
    """What the participants said in the intake questionnaire, written by the toolkit from
    the session's `intake:` answers: the goals and concerns most of them ticked, with counts,
    and a few of their own words, without names. Left out when there are no answers, or
    fewer than three in a group session (too few to stay anonymous)."""

    kind: Literal["intake"]
    title: Text


class TwoColumnSlide(SlideBase):
    """Two lists side by side: before/after, myth/fact, allowed/not allowed."""

    kind: Literal["two-column"]
    title: Text
    left: Column
    right: Column


class QuoteSlide(SlideBase):
    kind: Literal["quote"]
    title: Text | None = None
    quote: Text
    attribution: Text
    source: Name | None = Field(None, description="Id of an entry in the module's `sources`.")


class StatisticSlide(SlideBase):
    kind: Literal["statistic"]
    title: Text
    value: Annotated[str, Field(min_length=1, max_length=12)] = Field(
        description="The big number, e.g. '92%'.")
    caption: Text
    source: Name = Field(description="Id of an entry in the module's `sources`.")


class DiscussionSlide(SlideBase):
    kind: Literal["discussion"]
    title: Text
    prompt: Text
    questions: Annotated[tuple[Text, ...], Field(max_length=5)] = ()


class DemoSlide(SlideBase):
    """A live demonstration: what to show, and what to search for."""

    kind: Literal["demo"]
    title: Text
    goal: Text = Field(description="What the demo proves to the room.")
    show: Annotated[tuple[Text, ...], Field(min_length=1, max_length=6)] = Field(
        description="The steps of the demo, in order.")
    searches: Annotated[tuple[Text, ...], Field(max_length=6)] = Field(
        (), description="Queries to type, e.g. '\"{{ organization }}\" complaint'.")
    platforms: Annotated[tuple[Text, ...], Field(max_length=6)] = ()
    fallback: Text | None = Field(None, description="What to do when the network fails.")


class ExerciseSlide(SlideBase):
    kind: Literal["exercise"]
    title: Text | None = Field(None, description="Defaults to the exercise's title.")
    exercise: Name = Field(description="Id of a file in exercises/.")


class ImageSlide(SlideBase):
    kind: Literal["image"]
    title: Text
    image: str = Field(description="Path relative to the module file, inside the library.")
    alt: Text = Field(description="What the image shows, for the notes and screen readers.")
    caption: Text | None = None


Short = Annotated[str, Field(min_length=1, max_length=40)]
CHART_TYPES = ("bar", "column", "stacked-bar", "stacked-column", "pie", "doughnut", "line")


class ChartSeries(Model):
    name: Annotated[str, Field(min_length=1, max_length=60)] = Field(
        description="What the numbers are, e.g. '2024' or 'Share of executives'.")
    values: Annotated[tuple[float, ...], Field(min_length=1, max_length=12)] = Field(
        description="One number per category, in the categories' order.")


class ChartSlide(SlideBase):
    """A native PowerPoint chart, editable in PowerPoint, drawn in the theme's colours."""

    kind: Literal["chart"]
    title: Text
    chart: Literal["bar", "column", "stacked-bar", "stacked-column", "pie", "doughnut",
                   "line"] = Field("column", description="bar (horizontal), column, "
                                                        "stacked-bar, stacked-column, pie, "
                                                        "doughnut or line.")
    categories: Annotated[tuple[Annotated[str, Field(min_length=1, max_length=60)], ...],
                          Field(min_length=1, max_length=12)] = Field(
        description="The labels along the axis (or the slices of a pie).")
    series: Annotated[tuple[ChartSeries, ...], Field(min_length=1, max_length=6)] = Field(
        description="Each with one value per category; pie and doughnut take one series.")
    unit: Annotated[str, Field(max_length=12)] | None = Field(
        None, description="Shown after each value, e.g. '%' or ' m'.")
    caption: Text | None = Field(None, description="One line under the chart: what to see.")
    source: Name = Field(description="Id of an entry in the module's `sources`.")

    @field_validator("series")
    @classmethod
    def _shape(cls, series: tuple[ChartSeries, ...], info: ValidationInfo
               ) -> tuple[ChartSeries, ...]:
        categories, chart = info.data.get("categories"), info.data.get("chart")
        for i, one in enumerate(series):
            if categories is not None and len(one.values) != len(categories):
                raise PydanticCustomError(
                    "chart_shape", "series {i} ('{name}') has {n} value{s} for {c} categories: "
                    "give one value per category", {"i": i + 1, "name": one.name,
                                                    "n": len(one.values),
                                                    "s": "" if len(one.values) == 1 else "s",
                                                    "c": len(categories)})
        if chart in ("pie", "doughnut") and len(series) != 1:
            raise PydanticCustomError("chart_shape", "a {chart} chart shows one series; this "
                                      "has {n}: keep one, or use a column or bar chart",
                                      {"chart": chart, "n": len(series)})
        if chart in ("pie", "doughnut") and any(v < 0 for v in series[0].values):
            raise PydanticCustomError("chart_shape", "a {chart} chart cannot show negative "
                                      "values: use a bar or column chart", {"chart": chart})
        return series


class ProcessStep(Model):
    label: Short = Field(description="A few words in the shape, e.g. 'Spot' or 'First hour'.")
    text: Text | None = Field(None, description="A line under the shape.")


class ProcessSlide(SlideBase):
    """Steps in order, drawn as shapes: an escalation path, a workflow, a 30/60/90 plan."""

    kind: Literal["process"]
    title: Text
    steps: Annotated[tuple[ProcessStep, ...], Field(min_length=2, max_length=6)]
    caption: Text | None = None


class Milestone(Model):
    when: Annotated[str, Field(min_length=1, max_length=24)] = Field(
        description="The date or moment, e.g. '2024', 'Day 30', '0-15 min'.")
    label: Text
    text: Text | None = None


class TimelineSlide(SlideBase):
    """Dated milestones along a line: what happened when, or what happens by when."""

    kind: Literal["timeline"]
    title: Text
    milestones: Annotated[tuple[Milestone, ...], Field(min_length=2, max_length=6)]
    source: Name | None = Field(None, description="Id of an entry in the module's `sources`.")


class Axis(Model):
    label: Short = Field(description="What the axis measures, e.g. 'Likelihood'.")
    low: Short = Field("Low", description="The label at the low end.")
    high: Short = Field("High", description="The label at the high end.")


Quadrant = Literal["top-left", "top-right", "bottom-left", "bottom-right"]


class MatrixItem(Model):
    text: Annotated[str, Field(min_length=1, max_length=80)]
    quadrant: Quadrant = Field(description="top-left, top-right, bottom-left or bottom-right.")


class MatrixSlide(SlideBase):
    """A 2x2: two labelled axes and items in quadrants (risk vs likelihood, effort vs
    impact)."""

    kind: Literal["matrix"]
    title: Text
    x_axis: Axis
    y_axis: Axis
    quadrants: dict[Quadrant, Short] = Field(
        default_factory=dict, description="Optional names, e.g. {top-right: Act now}.")
    items: Annotated[tuple[MatrixItem, ...], Field(min_length=1, max_length=12)]


class PostSlide(SlideBase):
    """A mock-up of a social post for show-and-tell and rewrites, always marked fictional."""

    kind: Literal["post"]
    title: Text
    platform: Literal["linkedin", "x", "threads", "bluesky", "generic"] = "linkedin"
    author: Annotated[str, Field(min_length=1, max_length=60)] = Field(
        description="A fictional name: the slide always says the post is fictional.")
    role: Annotated[str, Field(max_length=80)] = ""
    when: Annotated[str, Field(max_length=20)] = Field("2h", description="e.g. '2h', '3d'.")
    text: Annotated[str, Field(min_length=1, max_length=700)] = Field(
        description="The post as written; shown literally.")
    reactions: Annotated[int, Field(ge=0)] | None = None
    comments: Annotated[int, Field(ge=0)] | None = None
    reposts: Annotated[int, Field(ge=0)] | None = None
    caption: Text | None = Field(None, description="Beside the post: what to notice.")


SlideModel = (BulletsSlide | RecapSlide | IntakeSlide | TwoColumnSlide | QuoteSlide | StatisticSlide
              | DiscussionSlide | DemoSlide | ExerciseSlide | ImageSlide | ChartSlide
              | ProcessSlide | TimelineSlide | MatrixSlide | PostSlide)
Slide = Annotated[SlideModel, Field(discriminator="kind")]
SLIDE_KINDS: tuple[str, ...] = ("bullets", "recap", "intake", "two-column", "quote", "statistic",
                                "discussion", "demo", "exercise", "image", "chart", "process",
                                "timeline", "matrix", "post")
VISUAL_KINDS = ("chart", "process", "timeline", "matrix", "post", "image", "statistic",
                "quote")  # slides that are not a list of bullets


for _cls in (BulletsSlide, RecapSlide, IntakeSlide, TwoColumnSlide, QuoteSlide, StatisticSlide,
             DiscussionSlide, DemoSlide, ExerciseSlide, ImageSlide, ChartSlide, ProcessSlide,
             TimelineSlide, MatrixSlide, PostSlide):
    _cls.model_rebuild()


def slide_tree(slides: tuple[SlideModel, ...]) -> list[tuple[str, SlideModel]]:
    """Every slide and every variant, each with its field path, for checks that see them all."""
    out: list[tuple[str, SlideModel]] = []
    for i, slide in enumerate(slides):
        out.append((f"slides[{i}]", slide))
        for key, variant in slide.variants.items():
            out.append((f"slides[{i}].variants.{key}", variant))
    return out


# ---------------------------------------------------------------- modules


def _all_or_list(value: Any) -> Any:
    return ("all",) if value == "all" else value


Minutes = dict[Format, Annotated[int, Field(ge=1, le=480)]]


@dataclass(frozen=True)
class Identity:
    """Who a library file's model is, given to validation as its context: the model is made
    knowing its id and file, never told them afterwards."""

    id: str
    file: str


class Loaded(Model):
    """A model read from a library file: it knows its id and its file from the moment it is
    made. Where each field stands in the file, and which library layer it came from, the
    library holds beside it (Library.located, Library.layer_of)."""

    _id: str = PrivateAttr("")
    _file: str = PrivateAttr("")

    @model_validator(mode="after")
    def _identity(self, info: ValidationInfo) -> Self:
        if isinstance(info.context, Identity):
            self._id, self._file = info.context.id, info.context.file
        return self

    # Read from __pydantic_private__, BaseModel's documented store of private values: the
    # planner asks for ids tens of thousands of times a plan, and the attribute lookup that
    # `self._id` goes through was a third of a plan preview's time.
    @property
    def id(self) -> str:
        return (self.__pydantic_private__ or {}).get("_id", "")

    @property
    def file(self) -> str:
        return (self.__pydantic_private__ or {}).get("_file", "")


class ModuleWording(Model):
    """What a module says of itself, for one format, department or sector: fields given
    replace the module's own there (a General Counsel's objectives need not tell them to ask
    counsel)."""

    title: Text | None = None
    summary: Text | None = None
    outcome: Text | None = None
    objectives: Annotated[tuple[Text, ...], Field(min_length=1, max_length=5)] | None = None


class RequiredWhen(Model):
    """When a module that is not always required becomes so."""

    departments: Annotated[tuple[Name, ...], Unique, Field(min_length=1)] = Field(
        description="Department ids: a session for any of them.")
    minutes: Annotated[int, Field(ge=1, le=960)] = Field(
        description="Sessions at least this long.")
    formats: Annotated[tuple[Format, ...], Unique, Field(min_length=1)] | None = Field(
        None, description="Only in these formats (default: every format the module has).")


class Module(Loaded):
    """A reusable block of a session: decks/<track>/<name>.yaml, id <track>/<name>."""

    title: Text = Field(description="States the point, e.g. 'Your customers are already talking'.")
    summary: Text = Field(description="Two sentences for the catalogue.")
    outcome: Text = Field(description="One line for the agenda: what participants leave with.")
    departments: Annotated[tuple[Name, ...], Unique, Field(min_length=1),
                           WithJsonSchema({"anyOf": [
                               {"const": "all"},
                               {"type": "array", "items": {"type": "string"}, "minItems": 1}]})
                           ] = Field(description="'all', or the department ids this serves.")
    sectors: Annotated[tuple[Name, ...], Unique] = Field(
        (), description="Sector ids this module is for only (e.g. [financial-services]): it "
                        "runs only in sessions for one of them, and comes first there.")
    formats: Annotated[tuple[Format, ...], Unique, Field(min_length=1)]
    minutes: Minutes = Field(description="Minutes per format, exercises included: the standard "
                                         "run, with every essential and standard slide.")
    essential: Minutes | None = Field(
        None, description="The shortest run per format: the essential slides only. Default: "
                          "the module always runs at `minutes`.")
    extended: Minutes | None = Field(
        None, description="The longest run per format: extended slides too, and more time on "
                          "each. Default: `minutes`.")
    priority: Priority = Field(description="required: always kept; core: kept before electives; "
                                           "elective: dropped first when time is short.")
    required_when: RequiredWhen | None = Field(
        None, description="Also required, whatever its priority, in sessions for one of these "
                          "departments that run at least this long, e.g. {departments: "
                          "[leadership], minutes: 90}.")
    addresses: Annotated[tuple[Topic, ...], Unique] = Field(
        (), description="Intake topics this module answers (profile, rules, routine, "
                        "prospects, criticism, measurement, legal, time, security, content, "
                        "authority, sources, listening): with intake answers, the planner "
                        "moves it up when enough people ticked a goal or concern with one of "
                        "them, and shortens it when everyone is at ease with all of them.")
    position: Literal["opening", "body", "closing"] = Field(
        "body", description="opening modules run first, closing modules last.")
    order: Annotated[int, Field(ge=0, le=100)] = Field(
        50, description="Place in the session's arc among modules of its group (0-100).")
    level: Level
    requires: Annotated[tuple[ModuleId, ...], Unique] = Field(
        (), description="Module ids that must come earlier in the session.")
    objectives: Annotated[tuple[Text, ...], Field(min_length=1, max_length=5)]
    materials: tuple[Text, ...] = ()
    materials_one_on_one: tuple[Text, ...] | None = Field(
        None, description="What a one-on-one session needs instead of `materials` (no flip "
                          "charts or printed sets for tables); default: `materials`.")
    sources: tuple[Source, ...] = ()
    variables: dict[VariableName, Text] = Field(
        default_factory=dict,
        description="Defaults for {{ placeholders }} this module uses; a session's "
                    "`variables:` override them.")
    slides: Annotated[tuple[Slide, ...], Field(min_length=1, max_length=60)]
    wording: dict[str, ModuleWording] = Field(
        default_factory=dict,
        description="Key: a format, department id or sector id. The module's title, "
                    "summary, outcome or objectives as those sessions read them; the format's "
                    "first, then the first attending department's, then the sector's.")

    @field_validator("departments", mode="before")
    @classmethod
    def _departments(cls, value: Any) -> Any:
        return _all_or_list(value)

    def required_in(self, departments: tuple[str, ...], minutes: int, fmt: str) -> bool:
        """Whether this module must run in such a session: always when its priority is
        required; else when `required_when` names one of the departments, the session is
        long enough and (if it says) of the right format."""
        if self.priority == "required":
            return True
        rule = self.required_when
        return rule is not None and bool(set(rule.departments) & set(departments)) \
            and minutes >= rule.minutes and (rule.formats is None or fmt in rule.formats)

    @property
    def track(self) -> str:
        return self.id.split("/", 1)[0]

    def serves(self, department: str) -> bool:
        return "all" in self.departments or department in self.departments

    @property
    def exercise_ids(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for _, slide in slide_tree(self.slides):
            if isinstance(slide, ExerciseSlide):
                seen[slide.exercise] = None
        return tuple(seen)


# ---------------------------------------------------------------- exercises


def _per_format(value: Any) -> Any:
    return {fmt: value for fmt in FORMATS} if isinstance(value, int) else value


class Step(Model):
    """One facilitator step with its timing."""

    do: Text = Field(description="What the facilitator does and says.")
    minutes: Annotated[Minutes, WithJsonSchema({"anyOf": [
        {"type": "integer", "minimum": 1},
        {"type": "object", "additionalProperties": {"type": "integer", "minimum": 1}}]})]
    formats: Annotated[tuple[Format, ...], Unique, Field(min_length=1)] | None = None

    @field_validator("minutes", mode="before")
    @classmethod
    def _minutes(cls, value: Any) -> Any:
        return _per_format(value)


class PromptItem(Model):
    kind: Literal["prompt"]
    prompt: Text
    lines: Annotated[int, Field(ge=1, le=30)] = Field(4, description="Ruled lines to write on.")


class ChecklistItem(Model):
    kind: Literal["checklist"]
    title: Text
    items: Annotated[tuple[Text, ...], Field(min_length=1, max_length=20)]


class TableItem(Model):
    kind: Literal["table"]
    title: Text
    columns: Annotated[tuple[Text, ...], Field(min_length=1, max_length=6)]
    rows: Annotated[tuple[str, ...], Field(min_length=1, max_length=20),
                    WithJsonSchema({"anyOf": [
                        {"type": "integer", "minimum": 1, "maximum": 20},
                        {"type": "array", "items": {"type": "string"}}]})] = Field(
        description="A number of empty rows, or row labels for the first column.")

    @field_validator("rows", mode="before")
    @classmethod
    def _rows(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 20:
            return ("",) * value
        return value


class ScenarioItem(Model):
    kind: Literal["scenario"]
    title: Text
    text: Text
    questions: Annotated[tuple[Text, ...], Field(min_length=1, max_length=6)]
    lines: Annotated[int, Field(ge=1, le=20)] = 3


WorksheetItem = Annotated[PromptItem | ChecklistItem | TableItem | ScenarioItem,
                          Field(discriminator="kind")]
WORKSHEET_KINDS: tuple[str, ...] = ("prompt", "checklist", "table", "scenario")


class Exercise(Loaded):
    """A hands-on activity with a participant worksheet: exercises/<name>.yaml."""

    title: Text
    summary: Text
    formats: Annotated[tuple[Format, ...], Unique, Field(min_length=1)]
    minutes: Minutes
    group_size: dict[Format, Text] = Field(description="e.g. {group: 'pairs', one-on-one: "
                                                       "'the executive with the coach'}")
    materials: tuple[Text, ...] = ()
    objectives: Annotated[tuple[Text, ...], Field(min_length=1, max_length=5)]
    steps: Annotated[tuple[Step, ...], Field(min_length=1, max_length=15)]
    instructions: Annotated[tuple[Text, ...], Field(min_length=1, max_length=10)] = Field(
        description="What participants read on the handout, step by step.")
    worksheet: Annotated[tuple[WorksheetItem, ...], Field(min_length=1, max_length=12)]
    debrief: Annotated[tuple[Text, ...], Field(min_length=1, max_length=8)]
    answer_key: Annotated[tuple[Text, ...], Field(min_length=1, max_length=12)] = Field(
        description="What good answers look like; in the facilitator guide only.")
    variants: dict[str, Exercise] = Field(
        default_factory=dict, description=f"Key: {_VARIANT_KEY_HELP}. Fields given replace "
                                          "the exercise's own, e.g. a legal worksheet.")

    @model_validator(mode="before")
    @classmethod
    def _variants(cls, data: Any) -> Any:
        return _merge_variants(data)


Exercise.model_rebuild()
