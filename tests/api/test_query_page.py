"""The query page in a real browser (Debian's chromium through chromedriver): YASGUI loads from this
service (no CDN), an example question runs against /sparql and its Thai answer shows."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from province40.catalog import stored_queries
from province40.loading import BuildReport
from tests.servers import province40_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


def test_page_is_bilingual_and_lists_the_stored_questions(client: TestClient) -> None:
    thai = client.get("/query")
    assert thai.status_code == 200 and '<html lang="th">' in thai.text
    english = client.get("/query", params={"lang": "en"})
    assert '<html lang="en">' in english.text
    for query in stored_queries():
        assert query.title_th in thai.text and query.title_en in english.text
    assert "cdn" not in thai.text.lower() and "unpkg" not in thai.text.lower()
    assert client.get("/static/vendor/yasgui/yasgui.min.js").status_code == 200
    assert client.get("/query", params={"lang": "fr"}).status_code == 400
    for code in ("TH-11", "TH-30", "TH-33", "TH-72", "TH-84"):  # a report link per plan in the store
        assert f'href="/validation/{code}?format=html&amp;lang=th"' in thai.text
        assert f'href="/validation/{code}?format=html&amp;lang=en"' in english.text


@pytest.fixture(scope="module")
def server(built: BuildReport, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    copy = tmp_path_factory.mktemp("page") / "store"
    shutil.copytree(built.store_dir, copy)
    with province40_server(copy) as base:
        yield base


@pytest.fixture()
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.fail("Debian's chromium and chromium-driver are not installed: run `make browser`")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000",
        f"--user-data-dir={tmp_path / 'profile'}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.mark.browser
@pytest.mark.server
def test_an_example_question_runs_in_yasgui(server: str, browser: webdriver.Chrome, tmp_path: Path) -> None:
    browser.get(f"{server}/query")
    wait = WebDriverWait(browser, 30)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".yasgui .CodeMirror")))
    button = browser.find_element(By.CSS_SELECTOR, 'button.example[data-slug="list-provinces"]')
    button.click()
    wait.until(lambda d: "ศรีสะเกษ" in d.find_element(By.CSS_SELECTOR, ".yasr").text)
    results = browser.find_element(By.CSS_SELECTOR, ".yasr").text
    assert "TH-33" in results and "Si Sa Ket" in results
    browser.save_screenshot(str(tmp_path / "query-page.png"))
    assert (tmp_path / "query-page.png").stat().st_size > 10_000
    loaded = browser.execute_script(
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; });"
    )
    assert loaded and all(url.startswith(server) for url in loaded), loaded
    severe = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert severe == []


@pytest.mark.browser
@pytest.mark.server
def test_english_page_runs_a_query_too(server: str, browser: webdriver.Chrome) -> None:
    browser.get(f"{server}/query?lang=en")
    wait = WebDriverWait(browser, 30)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".yasgui .CodeMirror")))
    assert "Common questions" in browser.find_element(By.ID, "examples").text
    browser.find_element(By.CSS_SELECTOR, 'button.example[data-slug="list-plans"]').click()
    wait.until(lambda d: "TH-72" in d.find_element(By.CSS_SELECTOR, ".yasr").text)


@pytest.mark.browser
@pytest.mark.server
def test_a_plan_gap_report_opens_from_the_page_in_thai(server: str, browser: webdriver.Chrome, tmp_path: Path) -> None:
    browser.get(f"{server}/query")
    wait = WebDriverWait(browser, 30)
    reports = wait.until(ec.presence_of_element_located((By.ID, "reports")))
    assert [a.text for a in reports.find_elements(By.TAG_NAME, "a")][:5] == ["TH-11", "TH-30", "TH-33", "TH-72", "TH-84"]
    reports.find_element(By.LINK_TEXT, "TH-33").click()
    wait.until(lambda d: "/validation/TH-33" in d.current_url)
    heading = wait.until(ec.presence_of_element_located((By.TAG_NAME, "h2"))).text
    assert "ศรีสะเกษ" in heading
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "th"
    heatmap = browser.find_element(By.CSS_SELECTOR, "svg")
    assert heatmap.size["width"] > 100 and heatmap.size["height"] > 50  # the coverage heatmap is drawn
    browser.save_screenshot(str(tmp_path / "report-th.png"))


def test_a_stored_question_opens_in_the_query_page_with_its_parameters(client: TestClient) -> None:
    page = client.get("/query", params={"question": "show-province-plan", "province": "TH-84"})
    assert page.status_code == 200
    # the value is written in where the variable was, as the service binds it (not a trailing VALUES block)
    assert "BIND (<https://w3id.org/province40/id/province/TH-84> AS ?province)" in page.text
    assert "p40:planOf <https://w3id.org/province40/id/province/TH-84>" in page.text
    assert client.get("/query", params={"question": "show-province-plan", "province": "TH-8"}).status_code == 422
    assert client.get("/query", params={"question": "no-such-question"}).status_code == 404
    assert 'href="/query?question=show-province-plan&amp;province=TH-84&amp;lang=en"' in page.text


def test_api_docs_use_the_vendored_swagger_ui(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text and "cdn" not in docs.text.lower()
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200


@pytest.mark.browser
@pytest.mark.server
def test_api_docs_render_offline_in_the_browser(server: str, browser: webdriver.Chrome) -> None:
    browser.get(f"{server}/docs")
    wait = WebDriverWait(browser, 30)
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".opblock")) >= 5)
    paths = {e.text for e in browser.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")}
    assert {"/sparql", "/validation", "/validation/{code}"} <= {p.replace("\u200b", "") for p in paths}
