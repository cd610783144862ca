"""`workshop serve` in a real browser: Playwright for Python driving Debian's Chromium."""

from __future__ import annotations

import io
import re
import shutil
import socket
import threading
import time
import zipfile

import pytest
from pptx import Presentation

from workshop.web.app import Settings, create_app
from workshop.web.workspace import Workspaces

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api", reason="needs playwright "
                                 "(pip install -e '.[test]')")
expect = playwright.expect
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (apt-get install "
                                                         "chromium; .ci/run installs it)")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(Settings(None, Workspaces(tmp_path_factory.mktemp("spaces"))))
    instance = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                             log_level="warning"))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    for _ in range(100):
        if instance.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/"
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(server):
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(accept_downloads=True)
        page = context.new_page()
        page.goto(server)
        yield page
        browser.close()


def test_a_new_user_designs_builds_and_downloads(page):
    page.fill("input[name=title]", "Social media for Legal and HR")
    page.fill("input[name=organization]", "Contoso Group")
    page.check("input[name=departments][value=legal]")
    page.check("input[name=departments][value=hr]")
    page.fill("input[name=duration]", "90")
    # (The page's Content-Security-Policy forbids evaluating strings, so waits use locators.)
    last = page.locator("table.agenda td.time").last
    expect(last).to_have_text(re.compile("–10:30$"))
    assert page.locator("table.agenda td.time").first.inner_text() == "09:00–09:06"
    page.fill("input[name=duration]", "3h")  # the agenda follows the form
    expect(last).to_have_text(re.compile("–12:00$"))
    page.click("button.primary")
    page.wait_for_selector("text=Download everything", timeout=120_000)
    with page.expect_download() as download:
        page.click("text=Download everything")
    archive = zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes()))

    deck = Presentation(io.BytesIO(archive.read("deck.pptx")))
    assert deck.slides[0].shapes.title.text == "Social media for Legal and HR"
    assert archive.read("facilitator-guide.pdf").startswith(b"%PDF")


def test_an_invalid_duration_is_explained_at_the_field(page):
    page.fill("input[name=title]", "T")
    page.fill("input[name=organization]", "A")
    page.check("input[name=departments][value=sales]")
    page.fill("input[name=duration]", "two hours")
    message = page.wait_for_selector("[data-field=duration] p")
    assert "'two hours' is not a duration" in message.inner_text()


def test_a_file_that_is_not_a_template_is_refused(page, tmp_path):
    fake = tmp_path / "brand.pptx"
    fake.write_bytes(b"not a presentation")
    page.set_input_files("form[hx-post='/upload/template'] input[type=file]", str(fake))
    page.click("form[hx-post='/upload/template'] button")
    message = page.wait_for_selector("#upload-template p")
    assert "This is not a PowerPoint template we can use" in message.inner_text()


def test_run_mode_follows_the_plan_on_a_given_clock(page, server):
    page.fill("input[name=title]", "Run test")
    page.fill("input[name=organization]", "Contoso Group")
    page.check("input[name=departments][value=legal]")
    page.fill("input[name=duration]", "90")
    expect(page.locator("table.agenda td.time").last).to_have_text(re.compile("–10:30$"))
    page.goto(server + "run?at=10:29")
    expect(page.locator("#now")).to_have_text(re.compile("next step"))
    expect(page.locator("#left")).to_have_text("1 min left")
    expect(page.locator("#pace")).to_have_text("On the plan")
    page.goto(server + "run?at=08:30")
    expect(page.locator("#now")).to_have_text("Starting soon")


def test_a_participant_answers_the_intake_on_their_own_browser(page):
    page.fill("input[name=title]", "Social media for Legal and HR")
    page.fill("input[name=organization]", "Contoso Group")
    page.check("input[name=departments][value=legal]")
    expect(page.locator("table.agenda td.time").first).to_have_text(re.compile("^09:00"))
    page.reload()  # the links appear once the session is valid
    link = page.input_value("input[aria-label='Intake form link']")
    participant = page.context.browser.new_context().new_page()  # no cookie of the trainer's
    participant.goto(link)
    expect(participant.locator("h1")).to_have_text("Social media for Legal and HR")
    participant.click("label.pick:has(input[name=comfort-0][value='2'])")
    participant.check("input[name=concerns][value='2']")  # privacy and security
    participant.fill("textarea[name=goal]", "Lock down my accounts")
    participant.click("text=Send my answers")
    expect(participant.locator("#answered")).to_contain_text("your answers are in")
    page.reload()
    expect(page.locator("text=1 answer").first).to_be_visible()


def test_run_mode_records_how_long_a_block_ran(page, server):
    import datetime as dt

    started = dt.datetime.now() - dt.timedelta(minutes=3)  # the browser's clock is this one
    page.fill("input[name=title]", "Timing test")
    page.fill("input[name=organization]", "Contoso Group")
    page.check("input[name=departments][value=legal]")
    page.fill("input[name=duration]", "90")
    page.fill("input[name=start]", started.strftime("%H:%M"))
    expect(page.locator("table.agenda td.time").first).to_have_text(
        re.compile("^" + started.strftime("%H:%M")))
    page.goto(server + "run")
    expect(page.locator("#now")).not_to_have_text("…")
    page.click("#shift")  # the opening ends now, about 3 minutes in
    expect(page.locator("#pace")).to_have_text(re.compile("early"))
    for _ in range(50):
        response = page.request.get(server + "answers/timings.csv")
        if response.ok:
            break
        page.wait_for_timeout(100)
    rows = response.text().splitlines()
    assert rows[0] == "date,module,format,planned,actual"
    assert rows[1].split(",")[1] == "core/opening" and rows[1].split(",")[4] in ("3", "4")
