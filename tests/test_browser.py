"""report.html opened in real headless Chromium: layout, filters, context panel, hostile text.

Uses Debian's /usr/bin/chromium (installed by .ci/browser-deps.sh) through the playwright
package; no browser is ever downloaded. Skipped, with the reason, when Chromium is absent.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from claims import report
from test_report import build_result

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT = {"width": 1280, "height": 800}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent; run .ci/browser-deps.sh"),
]

TINY_CORPUS = {
    "river-herald.txt": (
        "Flood barrier failed after storm, engineers say\n\n"
        "The flood barrier on the Elm River failed on Saturday night, flooding 40 homes. "
        "City engineer Maria Lopez said the barrier failed because a pump lost power during the storm. "
        "\"The backup generator never started,\" Lopez said.\n"),
    "valley-news.txt": (
        "Residents blame neglect for river flooding\n\n"
        "The Elm River barrier failed because it had not been maintained for years, "
        "residents' association chair Tom Becker told Valley News. Becker said 120 homes were flooded. "
        "He said the city had ignored repeated warnings.\n"),
    "county-post.txt": (
        "Council defends flood response\n\n"
        "A council spokesperson said the barrier was inspected in March and passed. "
        "The spokesperson said that about 40 homes were flooded on Saturday. "
        "<script>window.__pwned=1;alert(1)</script> <img src=x onerror=\"window.__pwned=2\"> "
        "<a href=\"javascript:window.__pwned=3\">more</a>\n"),
}


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def _open(browser, path: Path):
    """A page on ``path`` that records dialogs, page errors and every network request."""
    page = browser.new_page(viewport=VIEWPORT)
    events = {"dialogs": [], "errors": [], "requests": []}
    page.on("dialog", lambda d: (events["dialogs"].append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: events["errors"].append(str(e)))
    page.on("request", lambda r: events["requests"].append(r.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, events


@pytest.fixture()
def opened(browser, tmp_path):
    path = report.write_reports(build_result(), tmp_path, formats=("html",), generated="test")[0]
    page, events = _open(browser, path)
    yield page, events, tmp_path
    page.close()


def _visible_findings(page) -> list[str]:
    return page.eval_on_selector_all(".finding", "els => els.filter(e => !e.hidden).map(e => e.id)")


def test_side_by_side_blocks_and_top_conflict_on_first_screen(opened):
    page, events, tmp_path = opened
    assert page.locator(".finding.conflict").count() == 5
    assert page.locator(".finding.conflict .side").count() == 10
    first = page.locator(".finding.conflict").first
    assert first.get_attribute("id") == "f1"
    a, b = (first.locator(".side").nth(i).bounding_box() for i in (0, 1))
    assert a["x"] + a["width"] <= b["x"] + 1 and abs(a["y"] - b["y"]) < 2
    assert first.locator("mark").first.bounding_box()["y"] < VIEWPORT["height"]
    assert first.locator(".explanation").is_visible()
    page.screenshot(path=str(tmp_path / "first_screen.png"))
    assert (tmp_path / "first_screen.png").stat().st_size > 10_000
    assert events["errors"] == [] and events["dialogs"] == []


@pytest.mark.parametrize("name, value, expected", [
    ("kind", "numeric_mismatch", ["f2"]),
    ("kind", "corroboration", ["c1"]),
    ("outlet", "Evening Post", ["f3", "f4", "c1"]),
    ("source", "sam-reyes", ["f2", "f3"]),
    ("topic", "2", ["f1", "c1"]),
])
def test_filters_change_what_is_visible(opened, name, value, expected):
    from playwright.sync_api import expect

    page, events, tmp_path = opened
    assert len(_visible_findings(page)) == 6
    page.select_option(f"select[name={name}]", value)
    assert _visible_findings(page) == expected
    assert page.locator("#shown").inner_text() == f"{len(expected)} of 6 shown"
    page.screenshot(path=str(tmp_path / f"filter_{name}.png"), full_page=True)
    page.click("button.reset")
    expect(page.locator(".finding[hidden]")).to_have_count(0)
    assert len(_visible_findings(page)) == 6


def test_topic_filter_hides_other_topics(opened):
    page, _, _ = opened
    page.select_option("select[name=topic]", "3")
    visible = page.eval_on_selector_all("details.topic", "els => els.filter(e => !e.hidden).map(e => e.id)")
    assert visible == ["topic-3"]


def test_hostile_document_executes_nothing(opened):
    page, events, tmp_path = opened
    page.click('.finding.conflict#f5 .side:nth-child(2) .quote')
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert events["dialogs"] == []
    assert page.locator("img, iframe, object, embed").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    quote = page.locator(".finding#f5 .side").nth(1).locator(".quote")
    assert "<script>window.__pwned=1;alert(1)</script>" in quote.inner_text()
    assert 'onerror="window.__pwned=2;alert(2)"' in quote.inner_text()
    assert "<script>window.__pwned=6</script>" in page.locator(".finding#f5 .side").nth(1).inner_text()
    assert "<script>window.__pwned=1" in page.locator("#context-text").inner_text()
    assert all(url.startswith("file://") for url in events["requests"])
    page.screenshot(path=str(tmp_path / "hostile.png"), full_page=True)


def test_clicking_a_claim_shows_it_in_its_document(opened):
    page, events, tmp_path = opened
    assert page.locator("#context").is_hidden()
    page.locator(".finding#f1 .quote").first.click()
    panel = page.locator("#context")
    assert panel.is_visible()
    assert panel.locator("mark").inner_text() == "We found no sign of accelerant"
    assert "Fire chief Dana Okafor said" in page.locator("#context-text").inner_text()
    assert "gazette.txt" in page.locator("#context-where").inner_text()
    page.screenshot(path=str(tmp_path / "context.png"))
    page.keyboard.press("Escape")
    assert panel.is_hidden()
    page.locator(".account").first.focus()
    page.keyboard.press("Enter")
    assert panel.is_visible()


@pytest.mark.slow
def test_report_from_a_tiny_corpus_through_the_pipeline(browser, tmp_path, nlp, embedder):
    """Three short flood articles analysed end to end, then opened: it renders and stays inert."""
    pipeline = pytest.importorskip("claims.pipeline")
    from claims.models import Models

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in TINY_CORPUS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    result = pipeline.analyze([corpus], models=Models(nlp=nlp, embedder=embedder))
    written = report.write_reports(result, tmp_path / "out")
    page, events = _open(browser, written[0])
    assert page.locator("h1").inner_text() == "corpus"
    assert page.locator(".doc-card").count() == len(result.documents) == 3
    assert page.locator(".finding.conflict").count() == sum(f.relation != "corroboration" for f in result.findings)
    assert page.locator(".finding.conflict .side").count() == 2 * page.locator(".finding.conflict").count()
    if page.locator(".quote, .account").count():
        page.locator(".quote, .account").first.click()
        assert page.locator("#context mark").inner_text().strip()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert events["dialogs"] == [] and events["errors"] == []
    page.screenshot(path=str(tmp_path / "pipeline.png"), full_page=True)
    assert "<script>window" not in (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    page.close()
