"""The data every print template receives: one model for the session's documents, one for a
program overview, one for the catalogue. `workshop schema documents` exports it.

Templates get it as JSON (`data` in Typst, `data` in Jinja2). Text that may carry the content's
inline markup is `Rich`: a list of runs, each shown as written (never read as markup or code).
Lengths are in millimetres, times are "HH:MM" on the session's clock.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Data(BaseModel):
    """Every part of the documents' data: frozen, and no field beyond those listed."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Run(Data):
    """A stretch of text in one style; `href` makes it a link."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


Rich = tuple[Run, ...]


# ---------------------------------------------------------------- shared by every document


class Margins(Data):
    """The page margins in mm; the running header and footer sit inside the top and bottom ones."""

    top: float
    bottom: float
    left: float
    right: float


class Page(Data):
    """Paper and margins, in mm: the one page geometry of every print document."""

    paper: Literal["a4", "letter"]
    typst_paper: str = Field(description="The paper's name in Typst: 'a4' or 'us-letter'.")
    width: float
    height: float
    margin: Margins
    furniture_size: float = Field(description="Point size of the running header and footer.")
    furniture_gap: float = Field(description="mm between the header or footer and the page.")


class Brand(Data):
    """The session's brand: its colour, the ink that reads on it, and its logo."""

    accent: str = Field(description="The brand colour, '#RRGGBB'.")
    accent_ink: str = Field(description="Black or white: whichever reads on the accent.")
    logo: str | None = Field(None, description="The logo's path for templates "
                                               "('/assets/logo.png'), or null.")


class Header(Data):
    """What the running header and footer show on every page."""

    organization: str
    title: str
    footer: str = Field(description="The footer line: organization · title · date.")


# ---------------------------------------------------------------- the session


class SessionInfo(Data):
    """Who the session is for, when, and how long: the facts every document opens with."""

    title: str
    organization: str
    format: Literal["group", "one-on-one"]
    format_name: str = Field(description="'Group session' or 'One-on-one session'.")
    departments: tuple[str, ...] = Field(description="Display names, in the session's order.")
    department_ids: tuple[str, ...]
    departments_text: str = Field(description="'Legal and HR'.")
    audience: str
    facilitator: str
    participants: int | None
    level: str
    date: str = Field(description="'14 January 2027', or '' when the session has no date.")
    date_iso: str
    start: str
    end: str
    minutes: int
    lead: str = Field(description="'Group session for Legal and HR: General Counsel and team'.")


class AgendaBlock(Data):
    """One block of the agenda (a module, a break, lunch, open discussion), with its clock times."""

    kind: Literal["opening", "module", "closing", "discussion", "break", "lunch"]
    number: int | None = Field(description="Blocks that are not breaks, numbered from 1.")
    start: str
    end: str
    minutes: int
    title: Rich
    outcome: Rich = ()
    exercise: bool = Field(False, description="The block has a hands-on exercise.")


class Segment(Data):
    """A stretch of the timeline bar, in percent of the session's length."""

    kind: str = Field(description="module, opening, closing, discussion, break, lunch or "
                                  "exercise.")
    left: float
    width: float
    label: str
    number: int | None = None
    start: str
    end: str


class Tick(Data):
    """An hour mark under the timeline, in percent of the session's length."""

    left: float
    label: str


class Agenda(Data):
    """The agenda: its blocks, and the timeline that draws the day to scale."""

    blocks: tuple[AgendaBlock, ...]
    bars: tuple[Segment, ...]
    exercises: tuple[Segment, ...] = Field(description="Exercise stretches inside blocks.")
    ticks: tuple[Tick, ...] = Field(description="The hours on the timeline's axis.")


class MaterialGroup(Data):
    """Materials to prepare, grouped by the block that needs them ("The room" first)."""

    heading: str
    items: tuple[Rich, ...]


class Demo(Data):
    """A live demo of the session, with its searches filled in for the organization."""

    start: str
    title: Rich
    platforms: tuple[str, ...]
    searches: tuple[str, ...]


class TodoLine(Data):
    """One labelled line of what the facilitator does on a slide ("Ask:", "Show:", …)."""

    label: str
    text: Rich = ()
    items: tuple[Rich, ...] = Field((), description="Numbered items after the text.")
    queries: tuple[str, ...] = Field((), description="Searches, shown as typed.")


class Step(Data):
    """A step of an exercise as the facilitator runs it in this format."""

    when: str = Field(description="Minutes into the exercise: '0–3'.")
    minutes: int
    text: Rich


class GuideExercise(Data):
    """An exercise as the facilitator guide shows it: steps, debrief and answer key."""

    id: str
    title: Rich
    minutes: int
    number: int = Field(description="Its number in the handouts.")
    count: int
    group_size: Rich
    steps: tuple[Step, ...]
    materials: tuple[Rich, ...]
    debrief: tuple[Rich, ...]
    answer_key: tuple[Rich, ...]


class RunSlide(Data):
    """A slide on the run sheet: when it is on screen, what it shows, what to say and do."""

    title: Rich
    kind: str
    clock: str = Field(description="'09:12–09:20'.")
    cue: str = Field(description="'minutes 12–20 of 30'.")
    on_screen: Rich = ()
    say: Rich
    examples: tuple[tuple[str, Rich], ...] = Field((), description="(department, example).")
    todo: tuple[TodoLine, ...] = ()
    exercise: GuideExercise | None = None


class RunBlock(Data):
    """A block of the run sheet, with its slides (modules) or what to do (breaks, discussion)."""

    kind: Literal["opening", "module", "closing", "discussion", "break", "lunch"]
    start: str
    end: str
    minutes: int
    title: Rich
    bookmark: str = Field(description="The PDF outline's entry: '09:30 Title'.")
    note: Rich = Field((), description="What to do in a break or discussion block.")
    objectives: tuple[Rich, ...] = ()
    outcome: Rich = ()
    materials: tuple[Rich, ...] = ()
    slides: tuple[RunSlide, ...] = ()


class Guide(Data):
    """The facilitator guide: preparation, materials, live-demo searches, the run sheet."""

    level: str
    preparation: tuple[Rich, ...]
    materials: tuple[MaterialGroup, ...]
    demos: tuple[Demo, ...]
    runsheet: tuple[RunBlock, ...]


class WorksheetItem(Data):
    """One item of a worksheet; `kind` says which fields it uses."""

    kind: Literal["prompt", "checklist", "table", "scenario"]
    title: Rich = Field((), description="The prompt of a prompt item; the title otherwise.")
    lines: int = Field(0, description="Ruled lines to write on (prompt, each scenario "
                                      "question).")
    items: tuple[Rich, ...] = Field((), description="Checklist items.")
    columns: tuple[Rich, ...] = ()
    rows: tuple[Rich, ...] = Field((), description="Table rows' labels (empty for blank rows).")
    text: Rich = Field((), description="A scenario's text.")
    questions: tuple[Rich, ...] = ()


class HandoutExercise(Data):
    """An exercise as participants get it: instructions and a worksheet, never the answers."""

    id: str
    number: int
    count: int
    title: Rich
    summary: Rich
    start: str
    minutes: int
    group_size: Rich
    instructions: tuple[Rich, ...]
    worksheet: tuple[WorksheetItem, ...]


class Handouts(Data):
    """The participants' handouts: every exercise of the session, in agenda order."""

    personal: bool = Field(False, description="A copy for one person of a roster: their name "
                                              "is stamped in the header.")
    exercises: tuple[HandoutExercise, ...]


class ScaleRow(Data):
    """A statement rated on a scale of numbers to circle."""

    text: str
    lead: str = Field("", description="A short label before the text (a start time).")
    low: int = 1
    high: int = 5


class Question(Data):
    """One item of a form. `kind` says how it is drawn:
    fields (labelled write-in lines), grid (a tick per row, in one of the columns), scale
    (numbers to circle per row, once per column), ticks (boxes to tick), text (ruled lines)."""

    id: str = Field(description="Stable id, for reading answers back.")
    kind: Literal["fields", "grid", "scale", "ticks", "text"]
    prompt: str = ""
    hint: str = ""
    row_heading: str = Field("", description="grid and scale: the heading over the rows.")
    labels: tuple[str, ...] = Field((), description="fields: one write-in line each.")
    rows: tuple[str, ...] = Field((), description="grid: one row each.")
    columns: tuple[str, ...] = Field((), description="grid: tick columns; scale: a scale per "
                                                     "column, headed by these labels.")
    scale_rows: tuple[ScaleRow, ...] = ()
    options: tuple[str, ...] = Field((), description="ticks: the boxes.")
    per_row: int = Field(2, description="ticks: boxes side by side.")
    lines: int = 0


class FormSection(Data):
    """A numbered section of a form."""

    title: str
    questions: tuple[Question, ...]


class Form(Data):
    """A form to fill in on paper: the intake questionnaire or the evaluation."""

    heading: str
    note: str
    sections: tuple[FormSection, ...]


class SessionDocuments(Data):
    """What the agenda, guide, handouts, intake and evaluation templates receive."""

    document: Literal["session"] = "session"
    page: Page
    brand: Brand
    header: Header
    session: SessionInfo
    agenda: Agenda
    guide: Guide
    handouts: Handouts
    intake: Form
    evaluation: Form
    stamps: tuple[str, ...] = Field((), description="stamps.typ: one name per page.")


# ---------------------------------------------------------------- a program, the catalogue


class ProgramSession(Data):
    """A session of a program, as its overview lists it."""

    number: int
    title: str
    date: str
    start: str
    end: str
    summary: str = Field(description="'Group · Legal, HR · 6 h', or why it was not built.")
    who: str
    built: bool


class Coverage(Data):
    """The modules a department (or everyone) covers across the program."""

    heading: str
    modules: tuple[tuple[str, str], ...] = Field(description="(module title, 'Sessions 1, 3').")


class ProgramDocuments(Data):
    """What program.typ receives: the overview of a program's sessions."""

    document: Literal["program"] = "program"
    page: Page
    brand: Brand
    header: Header
    title: str
    organization: str
    span: str
    hours: str
    department_count: int
    sessions: tuple[ProgramSession, ...]
    coverage: tuple[Coverage, ...]
    checks: tuple[str, ...] = Field(
        (), description="What the program checks found: people or facilitators booked twice "
                        "at once, modules the same people would sit through twice.")
    hours_per_person: tuple[tuple[str, str], ...] = Field(
        (), description="(hours, who): each person's hours in the program, grouped, most "
                        "first; people without a roster are counted by department.")


class CatalogModule(Data):
    """A module as the catalogue describes it to a client."""

    id: str
    title: str
    summary: str
    objectives: tuple[str, ...]
    level: str
    minutes: str
    departments: str
    exercises: tuple[str, ...]
    also: bool = Field(description="Listed again under another department it serves.")


class CatalogSection(Data):
    """The modules for one department (or for everyone)."""

    name: str
    summary: str
    modules: tuple[CatalogModule, ...]


class CatalogExercise(Data):
    """An exercise as the catalogue lists it."""

    title: str
    summary: str
    minutes: str
    group: str


class CatalogDocuments(Data):
    """What catalog.typ receives: every module and exercise, by department."""

    document: Literal["catalog"] = "catalog"
    page: Page
    brand: Brand
    header: Header
    title: str
    module_count: int
    sections: tuple[CatalogSection, ...]
    exercises: tuple[CatalogExercise, ...]


# ---------------------------------------------------------------- evaluation results


class ResultsRating(Data):
    """One rated item: a module's usefulness, or a confidence statement before and after."""

    label: str
    answers: int = Field(description="How many people rated it.")
    mean: float | None = Field(description="The mean rating; None when nobody rated it.")
    before: float | None = Field(None, description="Confidence: the mean before the session.")
    low: int
    high: int
    shown: str = Field(description="The figure as printed: '4.3', or '2.1 → 4.0 (+1.9)'.")
    comments: tuple[str, ...] = Field((), description="Comments on this module, as written.")


class ResultsComments(Data):
    heading: str
    quotes: tuple[str, ...]


class ResultsDocuments(Data):
    """What results.typ and results.html.j2 receive: one session's evaluation, summed up."""

    document: Literal["results"] = "results"
    page: Page
    brand: Brand
    header: Header
    title: str
    lead: str
    responses: str = Field(description="'10 of 12 (83%)', or '10' without a head count.")
    nps: str = Field(description="Net promoter score, '+40', or '–' without answers.")
    nps_split: str = Field(description="'6 promoters (9-10), 2 passives (7-8), 2 detractors "
                                       "(0-6)'.")
    nps_counts: tuple[int, int, int] = Field(description="(promoters, passives, detractors).")
    clarity: str
    length: str
    modules: tuple[ResultsRating, ...]
    confidence: tuple[ResultsRating, ...]
    comments: tuple[ResultsComments, ...]


class ResultsTrendRow(Data):
    """One session of a program, as the program's results compare it with the others."""

    number: int
    title: str
    date: str
    responses: str
    nps: int | None
    usefulness: float | None = Field(description="The mean of every part's ratings, 1-5.")
    confidence: float | None = Field(description="The mean change in confidence, -4 to +4.")
    shown: tuple[str, str, str] = Field(description="NPS, usefulness, confidence as printed.")


class ProgramResultsDocuments(Data):
    """What program-results.typ receives: each session's figures side by side, in order."""

    document: Literal["program-results"] = "program-results"
    page: Page
    brand: Brand
    header: Header
    title: str
    lead: str
    sessions: tuple[ResultsTrendRow, ...]
    missing: tuple[str, ...] = Field((), description="Sessions without evaluations yet.")


DOCUMENT_MODELS = (SessionDocuments, ProgramDocuments, CatalogDocuments, ResultsDocuments,
                   ProgramResultsDocuments)
