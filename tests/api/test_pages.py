"""The bilingual web pages: in-process checks of their content, and a real browser (Debian's
chromium) at phone and desktop width that follows the links a planner would, saves screenshots
under pytest's temporary directory and checks that nothing loads from outside the service."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.api.test_query_page import browser, server  # noqa: F401  (shared fixtures)

PAGES = ("/", "/province/TH-84", "/project/TH-30-01", "/strategy/2", "/master-plan/5", "/coverage", "/programme",
         "/search")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("path", PAGES)
def test_every_page_in_both_languages_links_its_data_and_the_query_page(client: TestClient, path: str) -> None:
    for lang in ("th", "en"):
        params = {"lang": lang, **({"q": "ท่องเที่ยว"} if path == "/search" else {})}
        response = client.get(path, params=params)
        assert response.status_code == 200, response.text[:500]
        assert f'<html lang="{lang}">' in response.text
        assert 'href="/query?lang=' in response.text  # the query page is linked from every page
        assert not re.search(r'(src|href)="(https?:)?//', response.text)  # nothing loaded or linked outside
        if path.startswith("/search"):
            assert "/api/search?q=" in response.text
            continue
        assert re.search(r'href="/api/[a-z-]+\?[^"]*format=csv"', response.text)
        assert re.search(r'href="/api/[a-z-]+\?[^"]*format=json"', response.text)
        assert 'class="open-query" href="/query?question=' in response.text
        assert "<summary>SPARQL</summary>" in response.text


def test_the_language_switch_keeps_the_page(client: TestClient) -> None:
    page = client.get("/search", params={"q": "ท่องเที่ยว"})
    assert 'id="lang-switch" href="/search?q=%E0%B8%97' in page.text and "lang=en" in page.text
    province = client.get("/province/TH-84", params={"lang": "en"})
    assert 'id="lang-switch" href="/province/TH-84?lang=th"' in province.text


def test_names_not_codes(client: TestClient) -> None:
    thai = text_of(client.get("/province/TH-84").text)
    assert "สุราษฎร์ธานี (TH-84)" in thai
    english = text_of(client.get("/", params={"lang": "en"}).text)
    for name in ("Surat Thani (TH-84)", "Nakhon Ratchasima (TH-30)", "Si Sa Ket (TH-33)"):
        assert name in english
    assert "นครราชสีมา (TH-30)" in text_of(client.get("/coverage").text)


def test_the_province_page_tells_stated_and_curated_links_apart_and_shows_gaps(client: TestClient) -> None:
    page = client.get("/province/TH-84", params={"lang": "en"}).text
    assert page.count('href="/project/TH-84-0') >= 3
    assert 'class="badge curated"' in page and "/validation/TH-84?format=html&amp;lang=en" in page
    assert 'id="gaps"' in page


def test_the_project_page_draws_its_chain(client: TestClient) -> None:
    page = client.get("/project/TH-30-01").text
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'class="edge curated"' in svg and 'stroke-dasharray' in svg
    assert 'href="/strategy/' in svg and 'href="/master-plan/' in svg
    assert "ยุทธศาสตร์ชาติ" in svg
    assert "<blockquote" in page  # the source's own words


def test_strategy_and_master_plan_pages_list_the_provinces_serving_them(client: TestClient) -> None:
    tourism = text_of(client.get("/master-plan/5", params={"lang": "en"}).text)
    assert "Surat Thani (TH-84)" in tourism and "Nakhon Ratchasima (TH-30)" in tourism
    strategy = text_of(client.get("/strategy/2").text)
    assert "ยุทธศาสตร์ชาติด้านการสร้างความสามารถในการแข่งขัน" in strategy


def test_long_lists_have_a_summary_and_pages(client: TestClient) -> None:
    """A province page sums up what its projects serve; strategy and master-plan pages sum up the
    projects by province (count-*-projects) and page the list; a page past the end is a 404 page."""
    province = client.get("/province/TH-84", params={"lang": "en"}).text
    assert 'id="summary"' in province and "/api/show-coverage-matrix?province=TH-84" in province
    strategy = client.get("/strategy/2", params={"lang": "en"}).text
    summary = strategy[strategy.index('id="summary"') : strategy.index('id="projects"')]
    assert 'href="/province/TH-84?lang=en"' in summary and "/api/count-strategy-projects?strategy=2" in strategy
    assert "limit=100&amp;offset=0" in strategy  # the page's data links name its page of the answer
    tourism = client.get("/master-plan/5").text
    assert "/api/count-master-plan-projects?master_plan=5" in tourism
    for path in ("/province/TH-84?page=2", "/strategy/2?page=9", "/master-plan/5?page=0", "/province/TH-84?page=x"):
        response = client.get(path)
        assert response.status_code == 404 and "ไม่พบ" in response.text, path
    assert client.get("/province/TH-84", params={"page": "๑"}).status_code == 200


def test_a_page_weighs_the_bytes_it_holds() -> None:
    from province40.site.views import PageModel

    model = PageModel(template="t.html", title="t")
    assert model.weight() == 256
    model.data["title"] = "จังหวัด"  # seven Thai letters: 21 bytes of UTF-8
    assert model.weight() == 256 + 8 + len("title") + 21
    model.data["rows"] = [{"n": 1}] * 10
    assert model.weight() == 256 + 8 + len("title") + 21 + 8 + len("rows") + 10 * (8 + 8 + len("n") + 8)


def test_the_pager_counts_items_and_pages() -> None:
    from province40.site.views import Pager

    pager = Pager(number=2, size=50, total=297)
    assert (pager.pages, pager.first, pager.last, pager.offset) == (6, 51, 100, 50)
    assert (Pager(number=6, size=50, total=297).last, Pager(number=1, size=50, total=0).pages) == (297, 1)


def test_the_coverage_heatmap_has_a_row_per_plan_province(client: TestClient) -> None:
    page = client.get("/coverage").text
    rows = re.findall(r'<tr><th class="sticky"><a href="/province/(TH-\d\d)', page)
    assert {"TH-11", "TH-30", "TH-33", "TH-72", "TH-84"} <= set(rows)
    assert page.count('<td class="cell') == len(rows) * 12


@pytest.mark.parametrize(
    ("path", "lang", "words"),
    [
        ("/province/TH-99", "th", "ไม่พบ"),
        ("/province/Bangkok", "en", "Not found"),
        ("/project/TH-99-99", "en", "Not found"),
        ("/strategy/7", "th", "ไม่พบ"),
        ("/master-plan/24", "en", "Not found"),
    ],
)
def test_an_unknown_code_is_a_404_page_in_the_pages_language(client: TestClient, path: str, lang: str, words: str) -> None:
    response = client.get(path, params={"lang": lang})
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert f'<html lang="{lang}">' in response.text and words in response.text
    assert "Traceback" not in response.text


def test_search_page_highlights_and_suggests(client: TestClient) -> None:
    found = client.get("/search", params={"q": "ท่องเที่ยว"}).text
    assert "<mark>ท่องเที่ยว</mark>" in found and 'href="/project/TH-84-01' in found
    none = client.get("/search", params={"q": "ทองเที่ยว", "lang": "en"}).text
    assert 'id="no-result"' in none and 'id="suggestions"' in none


def _local_only(driver: webdriver.Chrome, base: str) -> None:
    loaded = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name);")
    assert all(url.startswith(base) for url in loaded), loaded
    severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE" and "favicon" not in e["message"]]
    assert severe == []


@pytest.mark.browser
@pytest.mark.server
@pytest.mark.parametrize("width", [390, 1280])
def test_a_planner_walks_the_pages(server: str, browser: webdriver.Chrome, tmp_path: Path, width: int) -> None:  # noqa: F811
    browser.set_window_size(width, 900)
    wait = WebDriverWait(browser, 30)
    shots = tmp_path / f"screens-{width}"
    shots.mkdir()

    def check(name: str) -> None:
        assert browser.execute_script("return document.documentElement.scrollWidth") <= width + 1 or name in (
            "coverage",
        ), f"{name} scrolls sideways at {width}px"
        browser.save_screenshot(str(shots / f"{name}.png"))
        assert (shots / f"{name}.png").stat().st_size > 5_000
        _local_only(browser, server)

    browser.get(f"{server}/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "th"
    assert "สุราษฎร์ธานี (TH-84)" in browser.find_element(By.ID, "plans").text
    check("overview-th")
    browser.find_element(By.CSS_SELECTOR, '#plans a[href^="/province/TH-30"]').click()
    wait.until(lambda d: "/province/TH-30" in d.current_url)
    assert "นครราชสีมา (TH-30)" in browser.find_element(By.TAG_NAME, "h1").text
    check("province-th")
    browser.find_element(By.ID, "lang-switch").click()
    wait.until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
    assert "/province/TH-30" in browser.current_url
    assert "Nakhon Ratchasima (TH-30)" in browser.find_element(By.TAG_NAME, "h1").text
    check("province-en")
    browser.find_element(By.CSS_SELECTOR, '#linkage a[href^="/project/TH-30-01"]').click()
    wait.until(lambda d: "/project/TH-30-01" in d.current_url)
    drawing = browser.find_element(By.CSS_SELECTOR, ".chain-drawing svg")
    assert drawing.size["width"] >= min(width - 40, 700) and drawing.size["height"] > 100
    check("project-en")
    browser.find_element(By.CSS_SELECTOR, '.chain-drawing a[href^="/strategy/"]').click()
    wait.until(lambda d: "/strategy/" in d.current_url)
    assert "National Strategy on" in browser.find_element(By.TAG_NAME, "h1").text
    check("strategy-en")
    browser.get(f"{server}/coverage?lang=en")
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.heatmap tbody tr")) >= 5
    check("coverage")
    browser.find_element(By.CSS_SELECTOR, "header nav a[href^='/search']").click()
    box = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "form.search input[type=search]"))
    box.send_keys("ท่องเที่ยว")
    box.submit()
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "ol.results mark"))
    assert browser.find_element(By.CSS_SELECTOR, "ol.results mark").text == "ท่องเที่ยว"
    check("search-en")
    browser.find_element(By.ID, "query-link").click()
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".yasgui .CodeMirror"))
    assert "/query" in browser.current_url
    _local_only(browser, server)
