"""`workshop serve`: the same pipeline in the browser, and a server that trusts no request."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from pptx import Presentation
from starlette.testclient import TestClient

from workshop.cli import main
from workshop.content.questions import CONCERNS, GOALS
from workshop.web.app import LIMITS, Settings, create_app
from workshop.web.workspace import Workspaces

FORM = {"title": "Social media for Legal and HR", "organization": "Acme Corp",
        "format": "group", "departments": ["legal", "hr"], "duration": "90",
        "start": "09:00", "level": "beginner", "paper": "a4",
        "outputs": ["deck", "agenda", "handouts"]}
HOSTILE = "{{ organization }} <script>alert(1)</script> & {% raw %}"


@pytest.fixture
def workspaces(tmp_path) -> Workspaces:
    return Workspaces(tmp_path / "spaces")


def browser(workspaces: Workspaces, token: str | None = None) -> tuple[TestClient, str]:
    """A client that opened the design page, and the CSRF token the page carries."""
    client = TestClient(create_app(Settings(token, workspaces)))
    page = client.get("/" + (f"?token={token}" if token else ""))
    assert page.status_code == 200, page.text
    return client, re.search(r'"X-CSRF-Token": "([^"]+)"', page.text).group(1)


def post(client: TestClient, csrf: str, url: str, **kwargs):
    return client.post(url, headers={"X-CSRF-Token": csrf}, **kwargs)


def test_a_new_user_designs_sees_the_agenda_and_builds(workspaces):
    client, csrf = browser(workspaces)
    plan = post(client, csrf, "/plan", data=FORM)
    rows = re.findall(r'<td class="time">([^<]+)</td>', plan.text)
    assert rows[0] == "09:00–09:06" and rows[-1].endswith("–10:30")  # 90 minutes, clock times
    assert "Why these modules" in plan.text
    longer = post(client, csrf, "/plan", data={**FORM, "duration": "3h"})
    assert re.findall(r'<td class="time">([^<]+)</td>', longer.text)[-1].endswith("–12:00")
    built = post(client, csrf, "/build", data=FORM)
    assert "Built " in built.text and "deck.pptx" in built.text
    archive = zipfile.ZipFile(io.BytesIO(client.get("/session.zip").content))
    names = set(archive.namelist())
    assert {"deck.pptx", "agenda.pdf", "handouts.pdf", "manifest.json"} <= names
    deck = Presentation(io.BytesIO(archive.read("deck.pptx")))
    assert deck.slides[0].shapes.title.text == "Social media for Legal and HR"
    assert archive.read("agenda.pdf").startswith(b"%PDF")


def test_the_cli_messages_appear_at_their_fields(workspaces):
    client, csrf = browser(workspaces)
    plan = post(client, csrf, "/plan", data={**FORM, "duration": "two hours",
                                              "timezone": "Europe/Londn"})
    duration = re.search(r'data-field="duration"[^>]*>(.*?)</div>', plan.text).group(1)
    assert "&#39;two hours&#39; is not a duration" in duration
    zone = re.search(r'data-field="timezone"[^>]*>(.*?)</div>', plan.text).group(1)
    assert "did you mean &#39;Europe/London&#39;?" in zone
    assert "<table" not in plan.text  # no agenda from an invalid session
    built = post(client, csrf, "/build", data={**FORM, "duration": "two hours"})
    assert "Nothing was built." in built.text


def test_values_are_shown_and_built_literally(workspaces):
    client, csrf = browser(workspaces)
    form = {**FORM, "title": HOSTILE, "organization": "R&D <i>Labs</i>"}
    plan = post(client, csrf, "/plan", data=form)
    assert "<script>" not in plan.text and "<i>Labs" not in plan.text
    post(client, csrf, "/build", data=form)
    deck = Presentation(io.BytesIO(client.get("/files/deck.pptx").content))
    assert deck.slides[0].shapes.title.text == HOSTILE  # shown as written, never run
    page = client.get("/")
    assert "<script>alert" not in page.text and "&lt;script&gt;alert(1)" in page.text


def test_the_session_file_round_trips_with_the_command_line(workspaces, tmp_path, runner):
    client, csrf = browser(workspaces)
    post(client, csrf, "/plan", data={**FORM, "variables": "competitor: Globex\nbad line"})
    text = client.get("/session.yaml").text
    assert 'start: "09:00"' in text and "competitor: Globex" in text
    file = tmp_path / "session.yaml"
    file.write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["build", str(file), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    other, other_csrf = browser(workspaces)
    opened = post(other, other_csrf, "/upload/session",
                  files={"file": ("mine.yaml", text.encode(), "text/yaml")})
    assert "Session opened" in opened.text
    assert 'value="Social media for Legal and HR"' in other.get("/").text


def test_uploads_are_checked(workspaces):
    client, csrf = browser(workspaces)
    fake = post(client, csrf, "/upload/template",
                files={"file": ("brand.pptx", b"this is not a presentation", "text/plain")})
    assert "This is not a PowerPoint template we can use" in fake.text
    logo = post(client, csrf, "/upload/logo", files={"file": ("logo.png", b"GIF89a", "x")})
    assert "must be a PNG, JPEG or SVG image" in logo.text
    big = post(client, csrf, "/upload/logo",
               files={"file": ("logo.png", b"0" * (LIMITS["logo"] + 1), "image/png")})
    assert "larger than 5 MB" in big.text
    image = io.BytesIO()
    Image.new("RGB", (300, 100), "#123456").save(image, "PNG")
    good = post(client, csrf, "/upload/logo",
                files={"file": ("../../evil name.png", image.getvalue(), "image/png")})
    assert "Logo added" in good.text
    space = next(iter(workspaces._items.values()))
    assert [p.name for p in space.uploads.iterdir()] == ["logo.png"]  # its own name, not ours
    built = post(client, csrf, "/build", data=FORM)
    assert "Built " in built.text


def test_no_request_is_trusted(workspaces, tmp_path):
    client, csrf = browser(workspaces)
    assert client.post("/plan", data=FORM).status_code == 403  # no CSRF token
    assert post(client, "forged", "/plan", data=FORM).status_code == 403
    stranger = TestClient(create_app(Settings(None, workspaces)))
    assert stranger.post("/build", data=FORM, headers={"X-CSRF-Token": csrf}).status_code == 403
    post(client, csrf, "/build", data=FORM)
    secret = tmp_path / "secret.txt"
    secret.write_text("not yours")
    for name in ("../../secret.txt", "%2e%2e/%2e%2e/secret.txt", str(secret),
                 "..\\..\\secret.txt", "deck.pptx%00.txt"):
        assert client.get(f"/files/{name}").status_code == 404, name
    assert stranger.get("/files/deck.pptx").status_code == 404  # another browser's build
    page = client.get("/")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "<script>" not in page.text.replace('<script src="/static/htmx.min.js" defer>', "")


def test_a_non_local_bind_needs_its_token(workspaces):
    app = TestClient(create_app(Settings("s3cret-token", workspaces)))
    refused = app.get("/")
    assert refused.status_code == 403 and "access token" in refused.text
    assert app.get("/?token=wrong").status_code == 403
    assert app.get("/static/htmx.min.js").status_code == 403
    client, csrf = browser(workspaces, "s3cret-token")
    assert client.get("/").status_code == 200  # the cookie carries it from then on
    assert post(client, csrf, "/plan", data=FORM).status_code == 200


def test_stopping_the_server_stops_its_builds_and_removes_workspaces(workspaces):
    import multiprocessing

    before = set(multiprocessing.active_children())  # other tests' servers
    with TestClient(create_app(Settings(None, workspaces))) as client:
        page = client.get("/")
        csrf = re.search(r'"X-CSRF-Token": "([^"]+)"', page.text).group(1)
        assert "Built " in post(client, csrf, "/build", data=FORM).text
        assert set(multiprocessing.active_children()) - before  # the build process
        assert workspaces.root.exists()
    # However the server stops (Ctrl+C, SIGTERM), its shutdown leaves nothing running.
    assert not set(multiprocessing.active_children()) - before
    assert not workspaces.root.exists()


def test_serve_refuses_a_token_on_a_local_bind(runner):
    result = runner.invoke(main, ["serve", "--token", "x", "--no-browser"])
    assert result.exit_code == 2 and "only needed when --host is not this machine" in \
        result.output


def test_idle_workspaces_are_removed(tmp_path):
    spaces = Workspaces(tmp_path / "spaces", idle=0)
    first = spaces.create()
    assert first.folder.is_dir()
    spaces.create()  # any later visit sweeps the idle ones
    assert not first.folder.exists() and spaces.get(first.id) is None


def test_htmx_is_vendored(workspaces):
    client, _ = browser(workspaces)
    script = client.get("/static/htmx.min.js")
    assert script.status_code == 200 and b"htmx" in script.content[:200]
    assert (Path(__file__).resolve().parent.parent / "workshop/web/static/LICENSE-htmx.txt"
            ).is_file()


def test_the_library_and_its_modules_can_be_read(workspaces):
    client, _ = browser(workspaces)
    page = client.get("/library?department=Legal&format=one-on-one")
    assert page.status_code == 200
    assert "/library/legal/liability-and-disclosure" in page.text
    assert "/library/sales/social-selling" not in page.text  # not for legal
    module = client.get("/library/core/impersonation-and-deepfakes")
    assert "Slides and speaker notes" in module.text and "Speaker notes" in module.text
    assert "{{" not in module.text  # placeholders read as the reader would see them
    assert client.get("/library/core/nope").status_code == 404
    catalogue = client.get("/catalog.pdf?department=hr")
    assert catalogue.content.startswith(b"%PDF")


def test_run_mode_shows_the_block_on_at_a_given_time(workspaces):
    client, csrf = browser(workspaces)
    assert "Design a session first" in client.get("/run").text
    post(client, csrf, "/plan", data={**FORM, "title": "</script><script>alert(1)</script>"})
    plan = post(client, csrf, "/plan", data=FORM).text
    times = re.findall(r'<td class="time">([^<]+)</td>', plan)
    second = times[1].split("–")[0]  # the first module's start
    hour, minute = map(int, second.split(":"))
    page = client.get(f"/run?at={hour:02d}:{minute + 5:02d}").text
    now = re.search(r'id="now">([^<]+)<', page).group(1)
    assert now != "Starting soon" and now != "Finished"
    assert re.search(r'id="left">(\d+) min left<', page)
    assert "Next: " in page
    assert "Starting soon" in client.get("/run?at=08:00").text
    assert "Finished" in client.get("/run?at=23:00").text


def test_run_mode_data_cannot_break_out_of_its_block(workspaces):
    client, csrf = browser(workspaces)
    post(client, csrf, "/plan", data={**FORM, "title": "A </script><script>alert(1)</script>"})
    page = client.get("/run").text
    data = re.search(r'<script type="application/json" id="blocks">(.*?)</script>', page,
                     re.S).group(1)
    assert "<" not in data and json.loads(data)[0]["title"]
    assert "alert(1)</script>" not in page.split('id="blocks">')[1].split("</section>")[0] \
        .replace("\\u003c", "")


def test_a_build_shows_the_documents_first_pages(workspaces):
    client, csrf = browser(workspaces)
    built = post(client, csrf, "/build", data=FORM).text
    names = re.findall(r'src="/preview/([^"]+)"', built)
    assert "agenda-1.png" in names and any(n.startswith("handouts-") for n in names)
    image = client.get("/preview/agenda-1.png")
    assert image.headers["content-type"] == "image/png" and image.content[:4] == b"\x89PNG"
    assert client.get("/preview/%2e%2e%2fsession.yaml").status_code == 404


FIELDS = ("title", "organization", "audience", "location", "facilitator", "variables")


@pytest.mark.parametrize("field", FIELDS)
def test_html_and_template_syntax_in_any_field_is_shown_never_run(workspaces, field):
    client, csrf = browser(workspaces)
    value = HOSTILE if field != "variables" else f"competitor: {HOSTILE}"
    plan = post(client, csrf, "/plan", data={**FORM, field: value})
    assert plan.status_code == 200 and "<script>" not in plan.text
    built = post(client, csrf, "/build", data={**FORM, field: value})
    assert "Built " in built.text, built.text
    page = client.get("/")
    assert "<script>alert" not in page.text
    assert "<script>alert" not in client.get("/run").text


def test_a_roster_is_checked_row_by_row_and_personalizes_the_handouts(workspaces):
    client, csrf = browser(workspaces)
    bad = post(client, csrf, "/upload/roster", files={"file": (
        "people.csv", b"name,department\nAna,Legal\nBen,Finanse\n", "text/csv")})
    assert "row 3: department: unknown department &#39;Finanse&#39;" in bad.text
    assert "/tmp" not in bad.text and "trial" not in bad.text  # no server path shown
    good = post(client, csrf, "/upload/roster", files={"file": (
        "people.csv", b"name,email,department\nAna Silva,a@x,Legal\nBen Okafor,b@x,Human "
                      b"Resources\n", "text/csv")})
    assert "Roster added: 2 people (1 legal, 1 hr)" in good.text
    built = post(client, csrf, "/build", data=FORM).text
    assert "handouts-personalized.pdf" in built


def test_a_template_upload_says_how_the_deck_will_use_it(workspaces, tmp_path):
    import templates

    client, csrf = browser(workspaces)
    brand = templates.reordered_and_renamed(tmp_path / "brand.pptx")
    reply = post(client, csrf, "/upload/template", files={
        "file": ("brand.pptx", brand.read_bytes(), "application/octet-stream")})
    assert "Template added" in reply.text and "layouts" in reply.text
    assert "11 layouts" in reply.text and "two-content  -&gt; Comparison" in reply.text
    assert "Built " in post(client, csrf, "/build", data=FORM).text


def test_the_template_layouts_can_be_chosen_in_the_page(workspaces, tmp_path):
    import templates

    client, csrf = browser(workspaces)
    brand = templates.reordered_and_renamed(tmp_path / "brand.pptx")
    post(client, csrf, "/upload/template",
         files={"file": ("brand.pptx", brand.read_bytes(), "application/octet-stream")})
    page = client.get("/").text
    assert 'name="layout_content"' in page and '<option value="Text Page"' in page
    wrong = post(client, csrf, "/build", data={**FORM, "layout_content": "No Such Layout"})
    assert "Nothing was built." in wrong.text and "No Such Layout" in wrong.text
    right = post(client, csrf, "/build", data={**FORM, "layout_content": "Text Page"})
    assert "Built " in right.text
    assert "layouts:" in client.get("/session.yaml").text


def zipped(folder: Path, extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                archive.write(file, file.relative_to(folder).as_posix())
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_program_folder_opens_is_checked_and_builds_with_progress(workspaces):
    import time

    from conftest import EXAMPLES

    client, csrf = browser(workspaces)
    opened = post(client, csrf, "/upload/program", files={
        "file": ("bootcamp.zip", zipped(EXAMPLES / "bootcamp"), "application/zip")})
    assert "Program opened and checked" in opened.text, opened.text
    page = client.get("/program").text
    assert "Social media boot camp" in page and "No double bookings" in page
    assert "7.5 h: Eleanor Price, David Cohen, Ngozi Eze" in page
    post(client, csrf, "/program/build")
    for _ in range(600):
        progress = client.get("/program/progress").text
        if "Download everything" in progress:
            break
        time.sleep(0.5)
    assert "6 of 6 sessions built" in progress, progress
    archive = zipfile.ZipFile(io.BytesIO(client.get("/program.zip").content))
    names = archive.namelist()
    assert "program.pdf" in names and "index.html" in names and "program.ics" in names
    assert any(n.endswith("/deck.pptx") for n in names)


def test_a_program_zip_cannot_write_outside_its_folder(workspaces, tmp_path):
    from conftest import EXAMPLES

    client, csrf = browser(workspaces)
    evil = zipped(EXAMPLES / "bootcamp", {"../../evil.txt": b"x"})
    refused = post(client, csrf, "/upload/program",
                   files={"file": ("p.zip", evil, "application/zip")})
    assert "points outside its folder" in refused.text
    assert not list(workspaces.root.parent.rglob("evil.txt"))
    broken = post(client, csrf, "/upload/program", files={"file": (
        "p.yaml", b"title: P\norganization: A\nsessions:\n  - {title: S, departments: "
                  b"[finanse], duration: 60}\n", "text/yaml")})
    assert "The program has problems" in broken.text and "finanse" in broken.text
    assert str(workspaces.root) not in broken.text  # no server path


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftoppm")),
                    reason="slide previews need LibreOffice and poppler-utils on the server")
def test_a_build_shows_the_first_slides_when_libreoffice_is_there(workspaces):
    client, csrf = browser(workspaces)
    built = post(client, csrf, "/build", data=FORM).text
    assert "deck-1.png" in built
    assert client.get("/preview/deck-1.png").content[:4] == b"\x89PNG"


# ---------------------------------------------------------------- participants' answers


def _answer_link(client: TestClient, form: str) -> tuple[str, str]:
    """The participant's link the design page shows, and the CSRF token their page carries."""
    page = client.get("/").text
    link = re.search(rf'value="(http://testserver/answer/[^"]+/{form})"', page).group(1)
    path = link.removeprefix("http://testserver")
    participant = TestClient(client.app)  # another browser: no cookie of the trainer's
    opened = participant.get(path)
    assert opened.status_code == 200 and "workshop_ws" not in participant.cookies
    token = re.search(r'"X-CSRF-Token": "([^"]+)"', opened.text).group(1)
    assert token not in page  # the trainer's own token never reaches a participant
    return path, token


def test_twelve_participants_answer_the_intake_in_the_browser(workspaces):
    from tests.test_results import FIXTURES

    client, csrf = browser(workspaces)
    form = {**FORM, "duration": "3h30m", "participants": "12",
            "outputs": ["deck", "agenda"]}
    form.pop("level")
    def planned(page: str) -> list[str]:
        return re.findall(r'<span class="muted small">([a-z-]+/[a-z-]+)</span>', page)

    assert "core/account-security" not in planned(post(client, csrf, "/plan", data=form).text)
    path, token = _answer_link(client, "intake")
    people = list(csv.DictReader((FIXTURES / "intake-msforms.csv").open()))
    for person in people:  # the same twelve people as the Forms export in test_results
        row = {"name": person["Name"], "role": person["Role"],
               "department": person["Department"], "goal": person[
                   "The one thing you want to be able to do after the session"],
               "worries": person["Anything else that worries you"]}
        for i, key in enumerate(k for k in person if k.startswith("How comfortable")):
            row[f"comfort-{i}"] = person[key]
        goals = [str(i) for i, g in enumerate(GOALS) if g.shown(False, "Acme Corp") in
                 person["What you want from the session"]]
        concerns = [str(i) for i, c in enumerate(CONCERNS) if c.shown(False, "Acme Corp") in
                    person["What concerns you"]]
        sent = TestClient(client.app).post(f"{path}/send", headers={"X-CSRF-Token": token},
                                           data={**row, "goals": goals, "concerns": concerns})
        assert "your answers are in" in sent.text, sent.text
    assert "12 answers" in client.get("/").text
    after = post(client, csrf, "/plan", data=form).text
    assert "core/account-security" in planned(after)
    assert "moved up by the intake: 7 of 12 ticked" in after
    built = post(client, csrf, "/build", data=form)
    assert "Built " in built.text, built.text
    deck = Presentation(io.BytesIO(client.get("/files/deck.pptx").content))
    texts = ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
             for slide in deck.slides]
    told = next(t for t in texts if t.startswith("What you told us before today"))
    assert "Privacy and security of our accounts (7\u00a0of\u00a012)" in told
    # The answers the browser collected are the CSV the command line reads.
    exported = client.get("/answers/intake.csv")
    assert exported.status_code == 200 and exported.text.count("\n") == 13


def test_participants_cannot_do_more_than_answer(workspaces):
    client, csrf = browser(workspaces)
    post(client, csrf, "/plan", data=FORM)
    path, token = _answer_link(client, "intake")
    stranger = TestClient(client.app)
    assert stranger.post(f"{path}/send", data={"goal": "x"}).status_code == 403  # no token
    assert stranger.post(f"{path}/send", headers={"X-CSRF-Token": csrf},
                         data={"goal": "x"}).status_code == 403  # the trainer's token
    assert stranger.get("/answer/not-a-key/intake").status_code == 404
    bad = stranger.post(f"{path}/send", headers={"X-CSRF-Token": token},
                        data={"comfort-0": "9", "goal": HOSTILE})
    assert "cannot be used" in bad.text and "not a rating from 1 to 5" in bad.text
    ok = stranger.post(f"{path}/send", headers={"X-CSRF-Token": token},
                       data={"goal": HOSTILE, "concerns": ["4"]})
    assert "your answers are in" in ok.text
    assert stranger.get("/answers/intake.csv").status_code == 404  # not theirs to read
    assert HOSTILE in client.get("/answers/intake.csv").text  # kept as typed


def test_evaluations_in_the_browser_make_the_results_report(workspaces):
    client, csrf = browser(workspaces)
    post(client, csrf, "/plan", data={**FORM, "participants": "4"})
    path, token = _answer_link(client, "evaluation")
    for score in (10, 9, 7, 3):  # 2 promoters, 1 passive, 1 detractor: NPS +25
        sent = TestClient(client.app).post(f"{path}/send", headers={"X-CSRF-Token": token},
                                           data={"recommend": str(score), "part-0": "4",
                                                 "takeaway": "<i>Passkeys</i>"})
        assert "your answers are in" in sent.text, sent.text
    made = post(client, csrf, "/results")
    assert "Results report made" in made.text, made.text
    table = client.get("/files/results.csv").content.decode("utf-8-sig")
    assert "net promoter score,4,+25" in table
    html = client.get("/files/results.html").text
    assert "&lt;i&gt;Passkeys&lt;/i&gt;" in html and "<i>Passkeys" not in html


def test_a_forms_export_can_be_added_instead(workspaces):
    from tests.test_results import FIXTURES

    client, csrf = browser(workspaces)
    form = {**FORM, "duration": "3h30m", "participants": "12"}
    form.pop("level")
    post(client, csrf, "/plan", data=form)
    bad = post(client, csrf, "/upload/intake", files={"file": (
        "answers.csv", b"Timestamp,Favourite colour\n1,blue\n", "text/csv")})
    assert "cannot be used" in bad.text and "no column matches a question" in bad.text
    added = post(client, csrf, "/upload/intake", files={"file": (
        "answers.csv", (FIXTURES / "intake-google.csv").read_bytes(), "text/csv")})
    assert "Intake answers added" in added.text
    assert "moved up by the intake: 7 of 12" in post(client, csrf, "/plan", data=form).text
    assert "No evaluations yet" in post(client, csrf, "/results").text
    # Saved for the command line: the answers file beside the session file, as downloaded.
    saved = client.get("/session.yaml").text
    assert "intake: intake.csv" in saved
    folder = workspaces.root.parent / "saved"
    folder.mkdir()
    (folder / "session.yaml").write_text(saved, encoding="utf-8")
    (folder / "intake.csv").write_bytes(client.get("/answers/intake.csv").content)
    explained = CliRunner().invoke(main, ["plan", "--explain", str(folder / "session.yaml")])
    assert "moved up by the intake: 7 of 12" in explained.output, explained.output


def test_run_mode_keeps_how_long_each_block_ran(workspaces):
    client, csrf = browser(workspaces)
    post(client, csrf, "/plan", data=FORM)
    assert client.post("/run/timing", data={"index": "1", "actual": "20"}).status_code == 403
    kept = post(client, csrf, "/run/timing", data={"index": "1", "actual": "52"})
    assert kept.status_code == 200, kept.text
    assert post(client, csrf, "/run/timing", data={"index": "x", "actual": "5"}
                ).status_code == 400
    rows = list(csv.reader(io.StringIO(client.get("/answers/timings.csv").text)))
    assert rows[0] == ["date", "module", "format", "planned", "actual"]
    assert rows[1][1].count("/") == 1 and rows[1][2:] == ["group", rows[1][3], "52"]
    assert "1 block recorded" in client.get("/").text
    assert "download the timings" in client.get("/run").text
