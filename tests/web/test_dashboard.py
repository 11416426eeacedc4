"""The dashboard at ``/``: served offline with a strict CSP, and driven in headless Chromium.

The first tests read the served files in-process. The browser tests start the app with
uvicorn on a free port over the web tests' store (the example corpus plus an article
full of markup) and drive it with selenium; they skip when selenium, chromium or
chromedriver is missing (``.ci/run`` installs the two Debian packages when it can). A
screenshot of the home page is written to ``test-output/dashboard.png`` (gitignored).
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pytest

from eventwire.store import DuckDBStore

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "src" / "eventwire" / "web" / "static"
SCREENSHOTS = ROOT / "test-output"
# The only absolute URL the dashboard's files may hold: SVG's namespace (a name, never fetched).
ALLOWED_URLS = {"http://www.w3.org/2000/svg"}
WAIT = 10.0  # seconds a browser test waits for a view to draw (it takes well under 1 s)


# -- served offline, with a CSP that runs only the dashboard's own script ----------------
def test_dashboard_page_is_served_with_a_strict_csp(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert '<script src="/static/app.js"' in page.text
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page.text), "no inline script"


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/static/app.js", "javascript"),
        ("/static/style.css", "text/css"),
        ("/static/basemap.json", "application/json"),
    ],
)
def test_dashboard_assets_are_served_from_the_package(
    client: TestClient, path: str, kind: str
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert kind in response.headers["content-type"]
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_dashboard_files_load_nothing_from_elsewhere() -> None:
    for path in sorted(STATIC.iterdir()):
        if path.suffix in {".html", ".js", ".css"}:
            text = path.read_text(encoding="utf-8")
            urls = set(re.findall(r"https?://[^\s\"'`)]+", text))
            assert urls <= ALLOWED_URLS, f"{path.name} refers to {urls - ALLOWED_URLS}"
            assert not re.search(r"(?:src|href|url)\(?=?[\"']?//", text), "protocol-relative URL"


def test_dashboard_never_inserts_markup() -> None:
    lines = (STATIC / "app.js").read_text(encoding="utf-8").splitlines()
    script = "\n".join(line for line in lines if not line.lstrip().startswith("//"))
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script, f"app.js uses {sink}: API text must go in as text nodes"


def test_basemap_is_one_projected_path_per_country() -> None:
    data = json.loads((STATIC / "basemap.json").read_text(encoding="utf-8"))
    assert data["viewBox"] == [0, 0, 360, 180]
    names = {c["name"] for c in data["countries"]}
    assert len(data["countries"]) > 150 and {"Syria", "Russia", "Brazil"} <= names
    assert all(re.fullmatch(r"(M[-\d. ]+L[-\d. ]+Z)+", c["d"]) for c in data["countries"])
    assert (STATIC / "basemap.json").stat().st_size < 250_000


# -- in the browser -----------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def _served(db: Path) -> Iterator[str]:
    """The app over ``db`` served by uvicorn on 127.0.0.1 in a background thread."""
    import uvicorn

    from eventwire.web import create_app

    port = _free_port()
    config = uvicorn.Config(
        create_app(str(db), refresh_interval=0),
        host="127.0.0.1",
        port=port,
        log_level="warning",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def live_url(web_db: Path) -> Iterator[str]:
    with _served(web_db) as url:
        yield url


@pytest.fixture(scope="module")
def browser(live_url: str) -> Iterator[Any]:
    """Headless Chromium; alert() only counts (window.__alerts), so injected script shows."""
    pytest.importorskip("selenium", reason="pip install selenium (see requirements/lock.txt)")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = shutil.which("chromedriver")
    if chromium is None or chromedriver is None:
        pytest.skip("needs chromium and chromedriver: apt-get install chromium chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-dev-shm-usage",
        "--window-size=1400,1100",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    driver.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument",
        {"source": "window.__alerts = 0; window.alert = () => { window.__alerts += 1; };"},
    )
    try:
        yield driver
    finally:
        driver.quit()


def _open(browser: Any, url: str, ready: str) -> None:
    """Load ``url`` and wait until the CSS selector ``ready`` matches."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(url)
    WebDriverWait(browser, WAIT).until(ec.presence_of_element_located((By.CSS_SELECTOR, ready)))


def _count(browser: Any, selector: str) -> int:
    return int(browser.execute_script(f"return document.querySelectorAll({selector!r}).length"))


def _rows(browser: Any) -> list[str]:
    return [str(r) for r in browser.execute_script(
        "return [...document.querySelectorAll('#events tbody tr')].map(r => r.dataset.id)"
    )]  # fmt: skip


def _assert_no_placeholder_text(browser: Any) -> None:
    """Nothing drawn as "[object ...]", "undefined" or a bare "null" (a value gone astray)."""
    text = browser.find_element("id", "view").text
    assert "[object " not in text and "undefined" not in text
    assert "null" not in text.split("\n")


def _severe_console_errors(browser: Any) -> list[str]:
    return [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def test_dashboard_draws_timeline_map_and_table(
    browser: Any, live_url: str, reference: DuckDBStore
) -> None:
    _open(browser, live_url + "/", "#events tbody tr")
    _open(browser, live_url + "/", "#map circle.place")
    assert _count(browser, "#timeline svg rect.bar") >= 5
    assert _count(browser, "#map path.country") > 150  # the offline basemap
    assert _count(browser, "#map circle.place") >= 5
    assert len(_rows(browser)) == min(50, reference.count_events())
    count = browser.find_element("css selector", "#events .count").text
    assert count == f"50 of {reference.count_events()} event(s)"
    assert _severe_console_errors(browser) == []  # no script error, no CSP violation
    _assert_no_placeholder_text(browser)
    SCREENSHOTS.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(SCREENSHOTS / "dashboard.png"))


def test_dashboard_more_button_follows_the_cursor(browser: Any, live_url: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    _open(browser, live_url + "/#/", "#events tbody tr")
    first = _rows(browser)
    browser.find_element("id", "more").click()
    WebDriverWait(browser, WAIT).until(lambda b: len(_rows(b)) > len(first))
    rows = _rows(browser)
    assert rows[: len(first)] == first and len(set(rows)) == len(rows)


def test_dashboard_filter_by_actor_changes_every_view(browser: Any, live_url: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    _open(browser, live_url + "/#/", "#events tbody tr")
    before = _rows(browser)
    browser.find_element("id", "f-actor").send_keys("RUS")
    browser.find_element("id", "apply").click()
    WebDriverWait(browser, WAIT).until(lambda b: "actor=RUS" in b.current_url)
    WebDriverWait(browser, WAIT).until(lambda b: _rows(b) and _rows(b) != before)
    sources = browser.execute_script(
        "return [...document.querySelectorAll('#events tbody tr td:nth-child(2) a')]"
        ".map(a => a.textContent)"
    )
    assert sources and all(code.startswith("RUS") for code in sources)
    assert browser.find_element("id", "f-actor").get_attribute("value") == "RUS"
    assert _count(browser, "#timeline svg rect.bar") >= 1


def test_event_page_marks_the_evidence_in_the_article(
    browser: Any, live_url: str, reference: DuckDBStore
) -> None:
    event = next(
        e for e in reference.events() if e.evidence and e.evidence[0].trigger_start is not None
    )
    evidence = event.evidence[0]
    article = reference.article(evidence.article_id)
    assert article is not None
    original = article.original if article.original is not None else article.text
    _open(browser, f"{live_url}/#/event/{event.id}", "#evidence .article-text mark.hl-trigger")
    assert evidence.trigger_end is not None
    trigger = browser.find_element("css selector", "#evidence .article-text mark.hl-trigger").text
    assert trigger == original[evidence.trigger_start : evidence.trigger_end]
    sentence = "".join(
        browser.execute_script(
            "return [...document.querySelector('#evidence .article-text')"
            ".querySelectorAll('mark')].map(m => m.textContent)"
        )
    )
    assert sentence == original[evidence.start : evidence.end]
    assert browser.find_element("css selector", "#claims h2").text == "Claims"
    record = dict(
        browser.execute_script(
            "return [...document.querySelectorAll('.record dt')]"
            ".map(dt => [dt.textContent, dt.nextElementSibling.textContent])"
        )
    )
    assert record["Date"].startswith(str(event.date)) and record["Trigger"] == event.trigger
    _assert_no_placeholder_text(browser)


def test_event_page_lists_the_claims(browser: Any, live_url: str, reference: DuckDBStore) -> None:
    event = next(e for e in reference.events() if e.claims)
    _open(browser, f"{live_url}/#/event/{event.id}", "#claims tbody tr")
    assert _count(browser, "#claims tbody tr") == len(event.claims)


def test_story_page_shows_its_articles_and_events_over_time(
    browser: Any, live_url: str, reference: DuckDBStore
) -> None:
    largest = max(reference.stories(limit=100), key=lambda s: s["num_articles"])
    story = reference.story(largest["id"])
    assert story is not None
    _open(browser, f"{live_url}/#/story/{story['id']}", "#story-events tbody tr")
    assert _count(browser, "#story-articles li") == len(story["articles"])
    assert _count(browser, "#story-timeline svg rect.bar") >= 1
    assert browser.find_element("css selector", "h1").text == story["title"]
    _assert_no_placeholder_text(browser)


def test_article_markup_renders_as_inert_text(
    browser: Any, live_url: str, markup_article_id: str
) -> None:
    for url in (f"{live_url}/#/article/{markup_article_id}", f"{live_url}/#/"):
        _open(browser, url, ".article-text" if "article" in url else "#events tbody tr")
        if "article" in url:
            text = browser.find_element("css selector", ".article-text").text
            assert "<script>alert('x')</script>" in text
            assert '<img src=x onerror="alert(1)">' in text
            assert _count(browser, ".article-text mark") >= 1
            _assert_no_placeholder_text(browser)
        assert _count(browser, "#view script, #view img, #view [onerror]") == 0
        assert browser.execute_script("return window.__alerts") == 0
    assert _severe_console_errors(browser) == []


def _dates(browser: Any) -> list[str]:
    return [str(d) for d in browser.execute_script(
        "return [...document.querySelectorAll('#events tbody tr td:first-child')]"
        ".map(td => td.textContent)"
    )]  # fmt: skip


def test_dashboard_lists_the_newest_events_first(
    browser: Any, live_url: str, reference: DuckDBStore
) -> None:
    from eventwire.query import EventQuery

    _open(browser, live_url + "/#/", "#events tbody tr")
    newest = [e.id for e in reference.query_events(EventQuery(sort="-date", limit=50))]
    assert _rows(browser) == newest
    dates = [d for d in _dates(browser) if d != "undated"]
    assert dates == sorted(dates, reverse=True) and dates[0] > dates[-1]
    twin = browser.find_element("css selector", "#events h2 a.json").get_attribute("href")
    assert "sort=-date" in twin


@pytest.fixture(scope="module")
def outlier(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The web store with one event misdated 1200-01-01 (as a bad date resolution leaves it)."""
    db = tmp_path_factory.mktemp("outlier") / "outlier.duckdb"
    db.write_bytes(web_db.read_bytes())
    con = duckdb.connect(str(db))
    try:
        row = con.execute("SELECT id FROM events WHERE date IS NOT NULL ORDER BY id").fetchone()
        assert row is not None
        con.execute(
            "UPDATE events SET date = DATE '1200-01-01', "
            'record = json_merge_patch(record, \'{"date": "1200-01-01"}\') WHERE id = ?',
            [row[0]],
        )
    finally:
        con.close()
    return db, str(row[0])


def _axis_dates(browser: Any) -> list[str]:
    labels = browser.execute_script(
        "return [...document.querySelectorAll('#timeline svg text.tick')].map(t => t.textContent)"
    )
    return [str(label) for label in labels if "-" in str(label)]


def test_timeline_axis_spans_the_dense_dates_and_outliers_are_a_click_away(
    browser: Any, outlier: tuple[Path, str]
) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    db, misdated = outlier
    with _served(db) as url:
        _open(browser, url + "/#/", "#timeline svg rect.bar")
        axis = _axis_dates(browser)
        assert axis and all(label.startswith("2015-") for label in axis), axis
        note = browser.find_element("css selector", "#timeline .note.outside")
        # (the corpus has a sparse early date of its own, drawn outside the axis too)
        found = re.match(
            r"(\d+) event\(s\) outside the range drawn: \1 before (2015-\d\d-\d\d) "
            r"\(1200-01-01 … ",
            note.text,
        )
        assert found and found[2] <= min(axis), note.text
        # the count is a link: it lists the events outside, and draws their dates
        note.find_element("css selector", "a.outside-link").click()
        WebDriverWait(browser, WAIT).until(lambda b: "until=" in b.current_url)
        WebDriverWait(browser, WAIT).until(lambda b: misdated in _rows(b))
        assert len(_rows(browser)) == int(found[1])
        assert all(d < found[2] for d in _dates(browser)) and "1200-01-01" in _dates(browser)
        WebDriverWait(browser, WAIT).until(lambda b: "1200-01-01" in _axis_dates(b))
        # or every date at once, on one axis
        _open(browser, url + "/#/", "#timeline .note.outside button.every-date")
        browser.find_element("css selector", "#timeline button.every-date").click()
        WebDriverWait(browser, WAIT).until(lambda b: "1200-01-01" in _axis_dates(b))
        assert _severe_console_errors(browser) == []
