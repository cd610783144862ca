"""`workshop serve`: design, plan, build and download a session in the browser.

Server-rendered pages (Jinja2) with htmx, vendored in static/ (no CDN, no build step). Every
rule lives in the same load -> plan -> build pipeline as the command line: the form becomes a
session file in the browser's own workspace and `workshop.project.load` checks it.

Safety: every request is untrusted. The server binds to 127.0.0.1 unless told otherwise; any
other host needs an access token on every request. Pages set a Content-Security-Policy with
no inline script; every state-changing request carries the workspace's CSRF token. Files come
only as uploads, are stored under fixed names, checked, and limited in size; nothing the
browser sends is used as a path. Values are escaped everywhere they are shown.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import hmac
import io
import json
import multiprocessing
import os
import re
import secrets
import shutil
import zipfile
from collections.abc import AsyncIterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from workshop import __version__
from workshop.content.checks import logo_kind, pptx_problem
from workshop.content.library import load_library
from workshop.errors import ValidationFailed, WorkshopError
from workshop.render.deck.theme import LOGICAL
from workshop.web import answers, forms
from workshop.web.workspace import Workspace, Workspaces

if TYPE_CHECKING:
    from workshop.project import LoadedSession

HERE = Path(__file__).resolve().parent
WORKSPACE_COOKIE, TOKEN_COOKIE = "workshop_ws", "workshop_token"
LIMITS = {"template": 25 * 2**20, "logo": 5 * 2**20, "session": 2**20,
          "roster": 20 * 2**20, "program": 60 * 2**20, "intake": 20 * 2**20,
          "evaluations": 20 * 2**20, "timings": 5 * 2**20}  # bytes per upload
PROGRAM_FILES, PROGRAM_BYTES = 500, 200 * 2**20  # what an unpacked program folder may hold
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
OUTPUT_NAMES = {"deck": "Slide deck", "agenda": "Agenda", "guide": "Facilitator guide",
                "handouts": "Handouts", "intake": "Intake form", "evaluation": "Evaluation form"}


class Settings:
    """How the server was started: its access token (None on a local bind)."""

    def __init__(self, token: str | None = None, workspaces: Workspaces | None = None) -> None:
        self.token = token
        self.workspaces = workspaces or Workspaces()
        self._builders: ProcessPoolExecutor | None = None

    def builders(self) -> ProcessPoolExecutor:
        """The processes builds run in, started fresh ("spawn") on first use."""
        if self._builders is None:
            workers = max(1, (os.cpu_count() or 2) // 2)
            self._builders = ProcessPoolExecutor(
                max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=_yield_to_pages)
        return self._builders

    def close(self) -> None:
        """Stop the build processes and remove every workspace; safe to call twice."""
        if self._builders is not None:
            self._builders.shutdown(cancel_futures=True)
            self._builders = None
        self.workspaces.close()


def _yield_to_pages() -> None:
    """Builds are batch work: their processes (and the LibreOffice they start) run at a lower
    priority, so that the pages people are typing into stay quick while builds run."""
    if hasattr(os, "nice"):  # POSIX; on Windows builds keep the normal priority
        os.nice(10)


def _templates() -> Environment:
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")),
                      autoescape=select_autoescape(default=True), trim_blocks=True,
                      lstrip_blocks=True)
    env.globals["version"] = __version__
    env.globals["output_names"] = OUTPUT_NAMES
    return env


class Guard(BaseHTTPMiddleware):
    """The access token (non-local binds), the workspace cookie, CSRF on every change, and
    security headers on every response."""

    def __init__(self, app: Any, settings: Settings) -> None:
        super().__init__(app)
        self.settings = settings

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        token = self.settings.token
        fresh_token = False
        if token is not None:
            given = request.query_params.get("token") or request.cookies.get(TOKEN_COOKIE, "")
            if not hmac.compare_digest(given.encode(), token.encode()):
                return _secure(PlainTextResponse(
                    "This server needs its access token: open the address `workshop serve` "
                    "printed, which ends in ?token=…", status_code=403))
            fresh_token = "token" in request.query_params
        if request.url.path.startswith("/static/"):
            return _secure(await call_next(request))
        workspaces = self.settings.workspaces
        if request.url.path.startswith("/answer/"):
            # A participant: the link's key finds the trainer's workspace; no cookie is set
            # and the trainer's own CSRF token never reaches their page.
            parts = request.url.path.split("/")
            found = workspaces.by_answer_key(parts[2]) if len(parts) > 2 and parts[2] else None
            if found is None:
                return _secure(PlainTextResponse(
                    "This form is no longer open: ask the facilitator for a new link.",
                    status_code=404))
            if request.method not in ("GET", "HEAD"):
                sent = request.headers.get("x-csrf-token", "")
                if not hmac.compare_digest(sent.encode(), found.answer_csrf.encode()):
                    return _secure(PlainTextResponse(
                        "This page has expired: reload it and try again.", status_code=403))
            request.state.workspace = found
            response = await call_next(request)
            if fresh_token and token is not None:
                response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
            return _secure(response)
        workspace = workspaces.get(request.cookies.get(WORKSPACE_COOKIE))
        created = workspace is None
        if request.method not in ("GET", "HEAD"):
            sent = request.headers.get("x-csrf-token", "")
            if workspace is None or not hmac.compare_digest(sent.encode(),
                                                            workspace.csrf.encode()):
                return _secure(PlainTextResponse(
                    "This page has expired or did not come from this server: reload it and "
                    "try again.", status_code=403))
        if workspace is None:
            workspace = workspaces.create()
        request.state.workspace = workspace
        response = await call_next(request)
        if created:
            response.set_cookie(WORKSPACE_COOKIE, workspace.id, httponly=True,
                                samesite="strict")
        if fresh_token and token is not None:
            response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
        return _secure(response)


def _secure(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------- the session in a workspace


def _uploads(workspace: Workspace) -> dict[str, str]:
    """The template, logo and roster this workspace holds, as the session file names them."""
    found = {}
    for name in ("template", "logo", "roster", "intake", "timings"):
        file = next((p for p in sorted(workspace.uploads.glob(f"{name}.*"))), None)
        if file is not None:
            found[name] = f"uploads/{file.name}"
    return found


def _lists(form: FormData) -> dict[str, list[str]]:
    return {name: [str(v) for v in form.getlist(name)] for name in forms.LIST_FIELDS}


def _write_session(workspace: Workspace, form: FormData) -> dict[str, Any]:
    data = forms.session_data(form, _lists(form), _uploads(workspace))
    workspace.session_file.write_text(json.dumps(data, ensure_ascii=False, indent=2),
                                      encoding="utf-8")
    return data


def _problems(exc: ValidationFailed | WorkshopError) -> tuple[dict[str, list[str]], list[str]]:
    """Messages by form field, and those about other files (a library, a template)."""
    if not isinstance(exc, ValidationFailed):
        return {}, [exc.format_message()]
    own = [p for p in exc.problems if p.file.endswith("session.yaml")]
    other = [str(p) for p in exc.problems if p not in own]
    fields = forms.by_field(own)
    other += fields.pop("", [])
    return fields, other


def _plan(workspace: Workspace) -> dict[str, Any]:
    """The agenda the workspace's session makes, or the problems that stop it."""
    from workshop.content.text import plain
    from workshop.plan import clock
    from workshop.project import load_session
    from workshop.tailor import module_titles, tailoring_variables

    try:
        loaded = load_session(workspace.session_file)
    except (ValidationFailed, WorkshopError) as exc:
        fields, other = _problems(exc)
        return {"errors": fields, "general": other}
    # Only the titles are needed here, not the whole tailored session (that is for builds).
    titles = {k: plain(v) for k, v in
              module_titles(loaded.session, loaded.library, loaded.agenda).items()}
    agenda = loaded.agenda
    return {
        "errors": {}, "general": [],
        "blocks": [{"time": f"{clock(b.start)}–{clock(b.end)}", "minutes": b.minutes,
                    "kind": b.kind, "id": b.id or "",
                    "title": titles.get(b.id or "", b.title)} for b in agenda.blocks],
        "total": agenda.total_minutes,
        "dropped": [(d.id, d.reason) for d in agenda.dropped],
        "explanation": list(agenda.explanation),
        "variables": sorted(tailoring_variables(agenda, loaded.session)),
    }


# ---------------------------------------------------------------- pages


def _render(request: Request, name: str, **context: Any) -> HTMLResponse:
    env: Environment = request.app.state.templates
    workspace: Workspace = request.state.workspace
    html = env.get_template(name).render(csrf=workspace.csrf, **context)
    return HTMLResponse(html)


async def design(request: Request) -> HTMLResponse:
    workspace: Workspace = request.state.workspace
    try:
        library = load_library()
    except ValidationFailed as exc:  # a broken library: say what is wrong, as validate does
        return _render(request, "problems.html.j2", problems=[str(p) for p in exc.problems])
    values: dict[str, Any] = {"format": "group", "level": "beginner", "paper": "a4",
                              "start": "09:00", "duration": "3h",
                              "outputs": list(OUTPUT_NAMES)}
    if workspace.session_file.is_file():
        with contextlib.suppress(yaml.YAMLError, ValueError):
            values = forms.form_values(json.loads(workspace.session_file.read_text(
                encoding="utf-8")) or {})
    modules = sorted(library.modules.values(), key=lambda m: (m.track != "core", m.track,
                                                             m.order, m.id))
    organization = str(values.get("organization") or "your organization")
    layout_names = _layout_names(workspace)
    titles = {m.id: _shown_title(m.title, m.variables, organization) for m in modules}
    settings: Settings = request.app.state.settings
    token = f"?token={settings.token}" if settings.token else ""
    links = {form: f"{request.base_url}answer/{workspace.answer_key}/{form}{token}"
             for form in answers.FORMS}
    counts = {form: answers.count(workspace.folder, form) for form in answers.FORMS}
    counts["timings"] = max(0, len((workspace.uploads / "timings.csv").read_text(
        "utf-8").splitlines()) - 1) if (workspace.uploads / "timings.csv").is_file() else 0
    return _render(request, "design.html.j2", values=values, library=library,
                   modules=modules, titles=titles, uploads=_uploads(workspace),
                   built=workspace.built(), layout_names=layout_names, logical=LOGICAL,
                   links=links, counts=counts, local=settings.token is None)


def _layout_names(workspace: Workspace) -> list[str]:
    """The uploaded template's layout names, to map the deck's logical layouts onto."""
    from pptx import Presentation

    file = workspace.uploads / "template.pptx"
    if not file.is_file():
        return []
    return [layout.name for layout in Presentation(str(file)).slide_layouts]


READER_VALUES = {"title": "this session", "date": "the session's date",
                 "facilitator": "the facilitator", "audience": "the participants",
                 "participants": "the participants", "format": "session",
                 "departments": "your departments", "sector": "your sector"}


def _shown_title(title: str, defaults: Mapping[str, str], organization: str) -> str:
    """Module text as a reader of the library sees it: placeholders filled with the module's
    defaults (and words for the session's own values), markup removed."""
    from workshop.content.text import UnknownVariable, plain, substitute

    try:
        return plain(substitute(title, {**READER_VALUES, **defaults,
                                        "organization": organization}))
    except UnknownVariable:
        return plain(title)


async def plan(request: Request) -> HTMLResponse:
    workspace: Workspace = request.state.workspace
    form = await request.form()

    def work() -> dict[str, Any]:
        with workspace.lock:
            _write_session(workspace, form)
            return _plan(workspace)

    # In a worker thread: the server keeps answering other browsers meanwhile.
    return _render(request, "_plan.html.j2", **(await run_in_threadpool(work)))


def build_job(folder: str) -> dict[str, Any]:
    """Build the session in workspace `folder` (run in a separate process, so that builds use
    the other cores and never hold up anyone's agenda previews)."""
    from workshop.build import build_loaded
    from workshop.project import load_session

    workspace = Workspace("", Path(folder), "")
    try:
        loaded = load_session(workspace.session_file)
        result = build_loaded(loaded, workspace.out)
        previews = _previews(workspace, loaded)
    except (ValidationFailed, WorkshopError) as exc:
        fields, other = _problems(exc)
        return {"files": [], "warnings": [], "previews": {},
                "errors": [m for ms in fields.values() for m in ms] + other}
    return {"files": workspace.built(), "warnings": result.warnings, "previews": previews,
            "errors": []}


async def build(request: Request) -> HTMLResponse:
    workspace: Workspace = request.state.workspace
    settings: Settings = request.app.state.settings
    form = await request.form()
    with workspace.lock:
        _write_session(workspace, form)
    loop = asyncio.get_running_loop()
    result = await loop.run_in_executor(settings.builders(), build_job, str(workspace.folder))
    return _render(request, "_built.html.j2", **result)


PREVIEWED = {"agenda": "agenda.pdf", "guide": "facilitator-guide.pdf",
             "handouts": "handouts.pdf", "intake": "intake.pdf",
             "evaluation": "evaluation.pdf"}


def _previews(workspace: Workspace, loaded: Any) -> dict[str, list[str]]:
    """The first pages of each printed document as images, made by Typst from the same data
    as the PDFs (the deck has no preview: that would need PowerPoint or LibreOffice)."""
    from workshop.render.documents import context, engine
    from workshop.tailor import tailor

    folder = workspace.folder / "previews"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    shared = context(tailor(loaded.session, loaded.library, loaded.agenda), ())
    found: dict[str, list[str]] = {}
    for output in loaded.session.outputs:
        if output not in PREVIEWED:
            continue
        names = []
        for number, image in enumerate(engine.page_images(shared.stage, output, shared.data),
                                       start=1):
            name = f"{output}-{number}.png"
            (folder / name).write_bytes(image)
            names.append(name)
        found[PREVIEWED[output]] = names
    if "deck" in loaded.session.outputs:
        slides = _slide_images(workspace.out / "deck.pptx", folder)
        if slides:
            found["deck.pptx"] = slides
    return found


SLIDE_PREVIEWS = 6  # the first slides shown after a build


def _slide_images(deck: Path, folder: Path) -> list[str]:
    """The deck's first slides as pictures, when this machine has LibreOffice and poppler to
    draw them (a laptop may not: then there are simply none). Never fails a build."""
    import subprocess
    import tempfile

    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if not (soffice and pdftoppm and deck.is_file()):
        return []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        try:
            subprocess.run([soffice, f"-env:UserInstallation=file://{work / 'profile'}",
                            "--headless", "--convert-to", "pdf", "--outdir", str(work),
                            str(deck)], capture_output=True, timeout=180, check=True)
            subprocess.run([pdftoppm, "-png", "-r", "30", "-l", str(SLIDE_PREVIEWS),
                            str(work / "deck.pdf"), str(work / "slide")],
                           capture_output=True, timeout=60, check=True)
        except (subprocess.SubprocessError, OSError):
            return []
        names = []
        for number, image in enumerate(sorted(work.glob("slide-*.png")), start=1):
            name = f"deck-{number}.png"
            (folder / name).write_bytes(image.read_bytes())
            names.append(name)
        return names


async def preview(request: Request) -> Response:
    workspace: Workspace = request.state.workspace
    name = request.path_params["name"]
    folder = workspace.folder / "previews"
    allowed = {p.name for p in folder.glob("*.png")} if folder.is_dir() else set()
    if name not in allowed:  # by exact name only
        return PlainTextResponse("No such preview.", status_code=404)
    return Response((folder / name).read_bytes(), media_type="image/png")


async def download(request: Request) -> Response:
    workspace: Workspace = request.state.workspace
    name = request.path_params["name"]
    if name not in workspace.built():  # only the files of the last build, by exact name
        return PlainTextResponse("No such file in your last build.", status_code=404)
    media = {"pdf": "application/pdf", "html": "text/html; charset=utf-8",
             "md": "text/markdown; charset=utf-8", "ics": "text/calendar",
             "json": "application/json",
             "pptx": "application/vnd.openxmlformats-officedocument.presentationml"
                     ".presentation"}.get(name.rsplit(".", 1)[-1], "application/octet-stream")
    data = (workspace.out / name).read_bytes()
    inline = name.endswith(".pdf")
    disposition = "inline" if inline else "attachment"
    return Response(data, media_type=media, headers={
        "Content-Disposition": f'{disposition}; filename="{Path(name).name}"'})


async def download_zip(request: Request) -> Response:
    workspace: Workspace = request.state.workspace
    files = workspace.built()
    if not files:
        return PlainTextResponse("Build the session first.", status_code=404)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in files:
            archive.write(workspace.out / name, name)
    return Response(out.getvalue(), media_type="application/zip", headers={
        "Content-Disposition": 'attachment; filename="session.zip"'})


async def session_yaml(request: Request) -> Response:
    """The session as a file the command line builds (`workshop build session.yaml`)."""
    workspace: Workspace = request.state.workspace
    if not workspace.session_file.is_file():
        return PlainTextResponse("Design a session first.", status_code=404)
    data = json.loads(workspace.session_file.read_text(encoding="utf-8"))
    branding = data.get("branding", {})
    for name in ("template", "logo"):
        if name in branding:  # the file is yours: save it beside the session file
            branding[name] = Path(branding[name]).name
    for name in ("roster", "intake", "timings"):  # the same (answers: "Download answers")
        if name in data:
            data[name] = Path(data[name]).name
    for name in ("start", "duration", "date"):  # "09:00" unquoted would read as a number
        if name in data:
            data[name] = _Quoted(str(data[name]))
    text = ("# Made with `workshop serve`. Build it with: workshop build session.yaml\n"
            + yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True))
    return Response(text, media_type="text/yaml; charset=utf-8", headers={
        "Content-Disposition": 'attachment; filename="session.yaml"'})


class _Quoted(str):
    """Text written in quotes in the YAML we hand out."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Quoted, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:str", str(value), style='"'))


async def _read_upload(upload: UploadFile, limit: int) -> bytes | None:
    data = await upload.read(limit + 1)
    return None if len(data) > limit else data


async def upload(request: Request) -> HTMLResponse:
    """A template (.pptx), a logo (PNG, JPEG or SVG) or a saved session file."""
    workspace: Workspace = request.state.workspace
    kind = request.path_params["kind"]
    if kind not in LIMITS:
        return HTMLResponse("Unknown upload.", status_code=404)
    length = int(request.headers.get("content-length") or 0)
    if length > LIMITS[kind] + 64 * 1024:
        return _render(request, "_upload.html.j2", kind=kind, ok=False,
                       message=f"The file is larger than {LIMITS[kind] // 2**20} MB.")
    form = await request.form(max_files=1, max_fields=10)
    file = form.get("file")
    if not isinstance(file, UploadFile):
        return _render(request, "_upload.html.j2", kind=kind, ok=False,
                       message="Choose a file first.")
    data = await _read_upload(file, LIMITS[kind])
    if data is None:
        return _render(request, "_upload.html.j2", kind=kind, ok=False,
                       message=f"The file is larger than {LIMITS[kind] // 2**20} MB.")
    with workspace.lock:
        message = _store(workspace, kind, data)
    ok = message is None
    return _render(request, "_upload.html.j2", kind=kind, ok=ok,
                   message=message or (_roster_summary(workspace) if kind == "roster" else {
                       "program": "Program opened and checked: see it under Programs.",
                       "intake": "Intake answers added: the agenda follows them.",
                       "evaluations": "Evaluations added: make the results report.",
                       "timings": "Timings added (they replace any recorded here): the agenda's "
                                  "reasons flag modules that "
                                  "keep running long or short.",
                       "template": "Template added: the deck uses its layouts.",
                       "logo": "Logo added to the deck and the documents.",
                       "session": "Session opened: reload the page to see it."}[kind]),
                   reload=ok and kind == "session",
                   details=_template_report(workspace) if ok and kind == "template" else "")


# ---------------------------------------------------------------- participants' answers


def _session_of(workspace: Workspace) -> LoadedSession | None:
    """The workspace's session, loaded and planned, or None while it has problems."""
    from workshop.project import load_session

    try:
        return load_session(workspace.session_file)
    except (ValidationFailed, WorkshopError):
        return None


def _answers_problem(loaded: LoadedSession | None, kind: str, path: Path) -> str | None:
    """Why a file of answers cannot be used for the session, in the words a spreadsheet user
    knows (row, column), or None."""
    from workshop.results.evaluation import read_evaluations
    from workshop.results.intake import read_intake
    from workshop.results.report import titles_of

    if loaded is None:
        return "Finish the session first (the agenda shows what is missing), then add answers."
    try:
        if kind == "intake":
            session = loaded.session
            read_intake(path, session.format == "one-on-one", session.organization)
        else:
            read_evaluations(path, titles_of(loaded))
    except ValidationFailed as exc:
        return "These answers cannot be used: " + "; ".join(
            (f"row {p.line}: " if p.line else "") + (f"{p.path}: " if p.path else "")
            + p.message for p in exc.problems[:8])
    return None


def _answer_page(loaded: LoadedSession | None, form: str) -> answers.Page | None:
    """The form as the session asks it, or None while the session has problems."""
    from workshop.results.report import titles_of

    if loaded is None:
        return None
    session = loaded.session
    return answers.Page(form, session.format == "one-on-one", session.organization,
                        session.title, tuple(titles_of(loaded).values()) if
                        form == "evaluation" else ())


def _answer_render(request: Request, **context: Any) -> HTMLResponse:
    env: Environment = request.app.state.templates
    workspace: Workspace = request.state.workspace
    return HTMLResponse(env.get_template("answer.html.j2").render(
        csrf=workspace.answer_csrf, participant=True, **context))


async def answer_page(request: Request) -> HTMLResponse:
    """The intake or evaluation form, as a participant opens it from the trainer's link."""
    workspace: Workspace = request.state.workspace
    form = request.path_params["form"]
    if form not in answers.FORMS:
        return HTMLResponse("No such form.", status_code=404)
    page = _answer_page(await run_in_threadpool(_session_of, workspace), form)
    if page is None:
        return _answer_render(request, closed=True, form=form)
    return _answer_render(request, key=workspace.answer_key, **page.context())


async def answer_send(request: Request) -> HTMLResponse:
    """One participant's answers, kept as a row of the workspace's answers CSV."""
    workspace: Workspace = request.state.workspace
    form_name = request.path_params["form"]
    if form_name not in answers.FORMS:
        return HTMLResponse("No such form.", status_code=404)
    form = await request.form(max_files=0, max_fields=200)
    lists = {name: [str(v) for v in form.getlist(name)] for name in ("goals", "concerns")}
    loaded = await run_in_threadpool(_session_of, workspace)
    page = _answer_page(loaded, form_name)
    if page is None:
        return HTMLResponse('<p class="error">The facilitator is still changing this session: '
                            "try again in a minute.</p>")
    header, row = answers.row(page, form, lists)
    path = answers.file_for(workspace.folder, form_name)
    kind = "intake" if form_name == "intake" else "evaluations"

    def keep() -> str | None:
        with workspace.lock:
            return answers.append(path, header, row,
                                  lambda trial: _answers_problem(loaded, kind, trial))
    problem = await run_in_threadpool(keep)
    env: Environment = request.app.state.templates
    return HTMLResponse(env.get_template("_answered.html.j2").render(problem=problem))


async def answers_csv(request: Request) -> Response:
    """The answers (or run mode's timings) collected so far, as the CSV the command line
    reads."""
    workspace: Workspace = request.state.workspace
    form = request.path_params["form"]
    files = {**{f: answers.file_for(workspace.folder, f) for f in answers.FORMS},
             "timings": workspace.uploads / "timings.csv"}
    if form not in files or not files[form].is_file():
        return PlainTextResponse("Nothing kept yet.", status_code=404)
    return Response(files[form].read_bytes(), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{form}.csv"'})


async def results(request: Request) -> HTMLResponse:
    """The results report from the evaluations collected (or uploaded) so far."""
    workspace: Workspace = request.state.workspace

    def report() -> str | None:
        from workshop.build import write_atomic
        from workshop.project import load_session
        from workshop.results.evaluation import read_evaluations
        from workshop.results.report import render_report, titles_of

        path = answers.file_for(workspace.folder, "evaluation")
        if not path.is_file():
            return "No evaluations yet: share the evaluation link, or add an export."
        with workspace.lock:
            try:
                loaded = load_session(workspace.session_file)
                files = render_report(loaded, read_evaluations(path, titles_of(loaded)))
            except ValidationFailed as exc:
                return "; ".join((f"row {p.line}: " if p.line else "") + p.message
                                 for p in exc.problems[:8])
            except WorkshopError as exc:
                return exc.format_message()
            workspace.out.mkdir(exist_ok=True)
            for name, data in files.items():
                write_atomic(workspace.out / name, data)
        return None
    problem = await run_in_threadpool(report)
    return _render(request, "_results.html.j2", problem=problem,
                   files=[n for n in ("results.pdf", "results.html", "results.csv")
                          if n in workspace.built()])


def _roster_summary(workspace: Workspace) -> str:
    from workshop.roster import read_roster

    people = read_roster(workspace.uploads / "roster.csv", load_library())
    counts: dict[str, int] = {}
    for person in people:
        counts[person.department] = counts.get(person.department, 0) + 1
    return (f"Roster added: {len(people)} people (" + ", ".join(
        f"{n} {dept}" for dept, n in counts.items()) + "). The build adds personalized "
        "handouts, and one deck and guide per executive for a one-on-one session.")


def _template_report(workspace: Workspace) -> str:
    """What `workshop template inspect` says of the uploaded template."""
    from workshop.render.deck.inspect import describe_template

    try:
        return describe_template(workspace.uploads / "template.pptx", {})
    except WorkshopError as exc:
        return exc.format_message()


def _store(workspace: Workspace, kind: str, data: bytes) -> str | None:
    """Check an upload and keep it under a fixed name; the problem, or None when stored."""
    trial = workspace.uploads / f".trial-{secrets.token_hex(4)}"
    trial.write_bytes(data)
    try:
        if kind == "program":
            problem = _unpack(data, workspace.folder / "program")
            if problem:
                return problem
            _, problems = _program_problems(workspace.folder / "program")
            if problems:
                return "The program has problems: " + "; ".join(problems[:10])
        elif kind == "template":
            problem = pptx_problem(trial)
            if problem:
                return f"This is not a PowerPoint template we can use: it {problem}."
            for old in workspace.uploads.glob("template.*"):
                old.unlink()
            trial.replace(workspace.uploads / "template.pptx")
        elif kind == "roster":
            from workshop.roster import read_roster

            try:
                read_roster(trial, load_library())
            except ValidationFailed as exc:  # every problem, with its row
                # Row and column as a spreadsheet user knows them; never a server path.
                return "This roster cannot be used: " + "; ".join(
                    (f"row {p.line}: " if p.line else "") + (f"{p.path}: " if p.path else "")
                    + p.message for p in exc.problems[:8])
            for old in workspace.uploads.glob("roster.*"):
                old.unlink()
            trial.replace(workspace.uploads / "roster.csv")
        elif kind == "timings":
            from workshop.results.timings import read_timings

            try:
                read_timings(trial)
            except ValidationFailed as exc:
                return "These timings cannot be used: " + "; ".join(
                    (f"row {p.line}: " if p.line else "") + (f"{p.path}: " if p.path else "")
                    + p.message for p in exc.problems[:8])
            trial.replace(workspace.uploads / "timings.csv")
        elif kind in ("intake", "evaluations"):
            problem = _answers_problem(_session_of(workspace), kind, trial)
            if problem:
                return problem
            trial.replace(answers.file_for(workspace.folder, "intake" if kind == "intake"
                                           else "evaluation"))
        elif kind == "logo":
            found = logo_kind(trial)
            if found is None:
                return "The logo must be a PNG, JPEG or SVG image."
            for old in workspace.uploads.glob("logo.*"):
                old.unlink()
            suffix = {"PNG": "png", "JPEG": "jpg", "SVG": "svg"}[found]
            trial.replace(workspace.uploads / f"logo.{suffix}")
        else:
            try:
                loaded = yaml.safe_load(data.decode("utf-8"))
            except (UnicodeDecodeError, yaml.YAMLError):
                return "This is not a session file (YAML text)."
            if not isinstance(loaded, dict) or "sessions" in loaded:
                return "This is not a session file: programs open with `workshop build`."
            values = forms.form_values(loaded)
            data_out = forms.session_data(values, {k: v for k, v in values.items()
                                                   if isinstance(v, list)}, _uploads(workspace))
            workspace.session_file.write_text(json.dumps(data_out, ensure_ascii=False,
                                                         indent=2), encoding="utf-8")
        return None
    finally:
        trial.unlink(missing_ok=True)


# ---------------------------------------------------------------- programs


def _unpack(data: bytes, folder: Path) -> str | None:
    """A program folder from a .zip (or a single program .yaml), unpacked inside `folder`
    only: no absolute paths, no '..', no links, bounded in count and size. The problem, or
    None."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    if not data.startswith(b"PK"):
        (folder / "program.yaml").write_bytes(data)
        return None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return "This is not a .zip file or a program file."
    entries = [i for i in archive.infolist() if not i.is_dir()]
    if len(entries) > PROGRAM_FILES or sum(i.file_size for i in entries) > PROGRAM_BYTES:
        return (f"The zip holds more than {PROGRAM_FILES} files or "
                f"{PROGRAM_BYTES // 2**20} MB unpacked.")
    for info in entries:
        parts = Path(info.filename.replace("\\", "/")).parts
        link = (info.external_attr >> 16) & 0o170000 == 0o120000
        if not parts or info.filename.startswith("/") or ".." in parts or ":" in parts[0] \
                or link:
            return f"The zip holds a path that points outside its folder: {info.filename}"
    for info in entries:
        target = folder.joinpath(*Path(info.filename.replace("\\", "/")).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(archive.read(info))
    return None


def _program_file(folder: Path) -> Path | None:
    """The program file in an unpacked folder: a .yaml with `sessions:` at the top level."""
    for file in sorted(folder.rglob("*.y*ml"), key=lambda p: (len(p.parts), p.name)):
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and "sessions" in data:
            return file
    return None


def _program_problems(folder: Path) -> tuple[Any, list[str]]:
    """The loaded program, or the problems, named by their place in the uploaded folder."""
    from workshop.project import load

    file = _program_file(folder)
    if file is None:
        return None, ["No program file found: a .yaml with a `sessions:` list."]
    try:
        return load(file), []
    except (ValidationFailed, WorkshopError) as exc:
        text = [str(p) for p in exc.problems] if isinstance(exc, ValidationFailed) else \
            [exc.format_message()]
        return None, [t.replace(str(folder) + "/", "") for t in text]


async def program_page(request: Request) -> HTMLResponse:
    from workshop.project import program_report

    workspace: Workspace = request.state.workspace
    folder = workspace.folder / "program"
    project, problems = _program_problems(folder) if folder.is_dir() else (None, [])
    report = program_report(project) if project is not None else None
    return _render(request, "program.html.j2", project=project, problems=problems,
                   checks=[p.message for p in report.problems] if report else [],
                   hours=report.hours_grouped() if report else (),
                   progress=_progress(workspace))


def program_job(folder: str) -> None:
    """Build the workspace's program (in a build process), writing progress as it goes."""
    from workshop.batch import build_program
    from workshop.project import Overrides, load

    root = Path(folder)
    progress_file = root / "program-progress.json"
    file = _program_file(root / "program")
    assert file is not None
    project = load(file)
    state: dict[str, Any] = {"total": len(project.sessions), "done": 0, "sessions": [],
                             "finished": False}

    def report(item: Any, done: int, total: int) -> None:
        state["done"] = done
        state["sessions"].append({"slug": item.slug, "title": item.title,
                                  "error": item.error, "files": len(item.files)})
        progress_file.write_text(json.dumps(state), encoding="utf-8")

    progress_file.write_text(json.dumps(state), encoding="utf-8")
    shutil.rmtree(root / "program-out", ignore_errors=True)
    build_program(project, root / "program-out", Overrides(), False, 1, report)
    state["finished"] = True
    progress_file.write_text(json.dumps(state), encoding="utf-8")


def _progress(workspace: Workspace) -> dict[str, Any] | None:
    file = workspace.folder / "program-progress.json"
    if not file.is_file():
        return None
    with contextlib.suppress(ValueError):
        state = json.loads(file.read_text(encoding="utf-8"))
        if isinstance(state, dict):
            return state
    return None


async def program_build(request: Request) -> HTMLResponse:
    workspace: Workspace = request.state.workspace
    settings: Settings = request.app.state.settings
    project, problems = _program_problems(workspace.folder / "program")
    if project is None:
        return _render(request, "_program_progress.html.j2", progress=None,
                       problems=problems or ["Open a program first."])
    (workspace.folder / "program-progress.json").write_text(json.dumps(
        {"total": len(project.sessions), "done": 0, "sessions": [], "finished": False}))
    future = settings.builders().submit(program_job, str(workspace.folder))
    workspace.jobs.append(future)
    return _render(request, "_program_progress.html.j2", progress=_progress(workspace),
                   problems=[])


async def program_progress(request: Request) -> HTMLResponse:
    workspace: Workspace = request.state.workspace
    failed = [f for f in workspace.jobs if f.done() and f.exception() is not None]
    problems = [f"The build stopped: {f.exception()}" for f in failed]
    return _render(request, "_program_progress.html.j2", progress=_progress(workspace),
                   problems=problems)


async def program_zip(request: Request) -> Response:
    workspace: Workspace = request.state.workspace
    out = workspace.folder / "program-out"
    state = _progress(workspace)
    if not out.is_dir() or not state or not state.get("finished"):
        return PlainTextResponse("Build the program first.", status_code=404)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(p for p in out.rglob("*") if p.is_file()):
            archive.write(file, file.relative_to(out).as_posix())
    return Response(buffer.getvalue(), media_type="application/zip", headers={
        "Content-Disposition": 'attachment; filename="program.zip"'})


# ---------------------------------------------------------------- run mode


def _minutes_of(text: str) -> int | None:
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text.strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        return None
    return int(match.group(1)) * 60 + int(match.group(2))


def now_in_plan(blocks: list[dict[str, Any]], at: int, shift: int = 0) -> dict[str, Any]:
    """Where the day stands at minute `at` (from midnight) with the rest shifted by `shift`
    minutes: the current block, minutes left in it, the next one; before or after the day."""
    for i, block in enumerate(blocks):
        start, end = block["start"] + shift, block["end"] + shift
        if start <= at < end:
            return {"state": "running", "index": i, "left": end - at,
                    "next": blocks[i + 1] if i + 1 < len(blocks) else None}
    if blocks and at < blocks[0]["start"] + shift:
        return {"state": "before", "index": -1, "left": blocks[0]["start"] + shift - at,
                "next": blocks[0]}
    return {"state": "after", "index": len(blocks), "left": 0, "next": None}


async def run_page(request: Request) -> HTMLResponse:
    """The facilitator's view for the day: what is on now, minutes left, what comes next.
    The page follows the browser's clock (static/run.js); `?at=HH:MM` shows a given moment."""
    from workshop.plan import clock
    from workshop.project import load_session
    from workshop.tailor import tailor

    workspace: Workspace = request.state.workspace
    if not workspace.session_file.is_file():
        return _render(request, "run.html.j2", blocks=[], problems=[
            "Design a session first: run mode follows its agenda."], status=None, data="[]")
    try:
        loaded = load_session(workspace.session_file)
    except (ValidationFailed, WorkshopError) as exc:
        fields, other = _problems(exc)
        return _render(request, "run.html.j2", blocks=[], status=None, data="[]",
                       problems=[m for ms in fields.values() for m in ms] + other)
    tailored = tailor(loaded.session, loaded.library, loaded.agenda)
    titles = {m.module.id: _plain(m.module.title) for m in tailored.modules}
    blocks = [{"start": b.start, "end": b.end, "kind": b.kind, "minutes": b.minutes,
               "title": titles.get(b.id or "", b.title), "time": f"{clock(b.start)}–"
               f"{clock(b.end)}"} for b in tailored.agenda.blocks]
    at = _minutes_of(request.query_params.get("at", ""))
    status = now_in_plan(blocks, at) if at is not None else None
    return _render(request, "run.html.j2", blocks=blocks, problems=[], status=status,
                   at=request.query_params.get("at", ""), title=loaded.session.title,
                   data=_json_for_html(blocks),
                   timings=(workspace.uploads / "timings.csv").is_file())


async def run_timing(request: Request) -> Response:
    """How long the block that just ended really ran (run mode, "next block starts now"),
    kept as a row of the workspace's timings CSV (the file `timings:` and `workshop results
    timings` read)."""
    import datetime as dt

    from workshop.project import load_session
    from workshop.results.timings import COLUMNS

    workspace: Workspace = request.state.workspace
    form = await request.form(max_files=0, max_fields=5)
    index, actual = str(form.get("index", "")), str(form.get("actual", ""))
    if not index.isdigit() or not actual.isdigit() or not 0 < int(actual) <= 24 * 60:
        return PlainTextResponse("Expected the block's index and its minutes.", status_code=400)

    def keep() -> str | None:
        with workspace.lock:
            try:
                loaded = load_session(workspace.session_file)
            except (ValidationFailed, WorkshopError):
                return "The session has problems: fix them on the design page."
            blocks = loaded.agenda.blocks
            if int(index) >= len(blocks) or blocks[int(index)].module is None:
                return "That block is not a module."
            block = blocks[int(index)]
            path = workspace.uploads / "timings.csv"
            new = not path.is_file()
            with path.open("a", encoding="utf-8", newline="") as out:
                writer = csv.writer(out, lineterminator="\r\n")
                if new:
                    writer.writerow(COLUMNS)
                writer.writerow([dt.date.today().isoformat(), block.id,
                                 loaded.session.format, block.minutes, int(actual)])
        return None
    problem = await run_in_threadpool(keep)
    return PlainTextResponse(problem or "Kept.", status_code=409 if problem else 200)


def _json_for_html(value: Any) -> Markup:
    """JSON to sit in a <script type="application/json"> block: nothing in it can close the
    element or start markup, whatever the session's texts say."""
    text = json.dumps(value, ensure_ascii=False)
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, code)
    return Markup(text)


def _plain(text: str) -> str:
    from workshop.content.text import plain

    return plain(text)


# ---------------------------------------------------------------- the library


def _slide_text(slide: Any) -> list[str]:
    """What a slide shows, as lines of plain text, whatever its kind."""
    from workshop.content.text import plain

    lines: list[str] = []
    for name in ("prompt", "goal", "value", "caption", "quote", "attribution", "text",
                 "author", "role"):
        value = getattr(slide, name, None)
        if isinstance(value, str) and value:
            lines.append(plain(value))
    for bullet in getattr(slide, "bullets", ()) or ():
        lines.append(plain(bullet.text))
    for column in (getattr(slide, "left", None), getattr(slide, "right", None)):
        if column is not None:
            lines.append(plain(column.heading) + ": " + "; ".join(plain(b.text)
                                                                 for b in column.bullets))
    for step in getattr(slide, "steps", ()) or ():
        lines.append(f"→ {plain(step.label)}" + (f": {plain(step.text)}" if step.text else ""))
    for milestone in getattr(slide, "milestones", ()) or ():
        lines.append(f"{milestone.when}: {plain(milestone.label)}")
    for item in getattr(slide, "items", ()) or ():
        lines.append(f"{item.quadrant}: {item.text}")
    if getattr(slide, "categories", None):
        for series in slide.series:
            lines.append(f"{series.name}: " + ", ".join(
                f"{c} {v:g}{slide.unit or ''}" for c, v in zip(slide.categories,
                                                              series.values, strict=True)))
    for question in getattr(slide, "questions", ()) or ():
        lines.append("? " + plain(question))
    for step in getattr(slide, "show", ()) or ():
        lines.append("→ " + plain(step))
    if getattr(slide, "exercise", None):
        lines.append(f"Exercise: {slide.exercise}")
    return lines


async def library_page(request: Request) -> HTMLResponse:
    """Every module and exercise, by track, for a department and format if asked."""
    library = load_library()
    department = library.department_id(request.query_params.get("department", "")) or ""
    fmt = request.query_params.get("format", "")
    fmt = fmt if fmt in ("group", "one-on-one") else ""
    modules = [m for m in library.modules.values()
               if (not department or m.serves(department)) and (not fmt or fmt in m.formats)]
    modules.sort(key=lambda m: (m.track != "core", m.track, m.position != "opening",
                                m.position == "closing", m.order, m.id))
    tracks: dict[str, list[Any]] = {}
    for m in modules:
        tracks.setdefault(m.track, []).append(m)
    titles = {m.id: _shown_title(m.title, m.variables, "your organization") for m in modules}
    return _render(request, "library.html.j2", library=library, tracks=tracks, titles=titles,
                   department=department, fmt=fmt)


async def module_page(request: Request) -> HTMLResponse:
    from workshop.plan.depth import tiers

    library = load_library()
    module = library.modules.get(request.path_params["module_id"])
    if module is None:
        return HTMLResponse("No such module.", status_code=404)
    def read(text: str) -> str:
        return _shown_title(text, module.variables, "your organization")

    slides = [{"kind": s.kind, "title": read(getattr(s, "title", None) or ""),
               "depth": s.depth, "formats": s.formats,
               "lines": [read(line) for line in _slide_text(s)],
               "notes": read(s.notes)} for s in module.slides]
    lengths = {fmt: tiers(module, fmt) for fmt in module.formats}
    exercises = [library.exercises[e] for e in module.exercise_ids if e in library.exercises]
    return _render(request, "module.html.j2", module=module, slides=slides, lengths=lengths,
                   exercises=exercises, library=library,
                   title=read(module.title), plain=read)


async def catalog_pdf(request: Request) -> Response:
    from workshop.catalog import render_catalog

    library = load_library()
    department = library.department_id(request.query_params.get("department", ""))
    paper = "letter" if request.query_params.get("paper") == "letter" else "a4"
    data = render_catalog(library, department, Path("catalog.pdf"), None, paper)
    return Response(data, media_type="application/pdf", headers={
        "Content-Disposition": 'attachment; filename="catalog.pdf"'})


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # The server's shutdown, whatever stopped it (Ctrl+C, SIGTERM, a closed terminal):
        # the build processes must not outlive it.
        try:
            yield
        finally:
            settings.close()

    app = Starlette(lifespan=lifespan, routes=[
        Route("/", design),
        Route("/plan", plan, methods=["POST"]),
        Route("/build", build, methods=["POST"]),
        Route("/files/{name:path}", download),
        Route("/session.zip", download_zip),
        Route("/preview/{name}", preview),
        Route("/session.yaml", session_yaml),
        Route("/upload/{kind}", upload, methods=["POST"]),
        Route("/run", run_page),
        Route("/run/timing", run_timing, methods=["POST"]),
        Route("/answers/{form}.csv", answers_csv),
        Route("/results", results, methods=["POST"]),
        Route("/answer/{key}/{form}", answer_page),
        Route("/answer/{key}/{form}/send", answer_send, methods=["POST"]),
        Route("/program", program_page),
        Route("/program/build", program_build, methods=["POST"]),
        Route("/program/progress", program_progress),
        Route("/program.zip", program_zip),
        Route("/library", library_page),
        Route("/library/{module_id:path}", module_page),
        Route("/catalog.pdf", catalog_pdf),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ], middleware=[Middleware(Guard, settings=settings)])
    app.state.templates = _templates()
    app.state.settings = settings
    return app

