"""The report's sources table: best grade first, sortable, with the claims that moved each grade."""
from __future__ import annotations

import dataclasses
import re

from claims import report
from claims.reliability import assess
from test_report import build_result


def graded_result():
    result = build_result()
    claims = result.claims.drop(columns=["source_grade", "claim_grade", "grade_factors"])
    rel = assess(claims, result.findings, result.documents)
    return dataclasses.replace(result, sources=rel.sources, claims=rel.claims)


def test_html_sources_table_is_sortable_and_starts_best_graded():
    result = graded_result()
    html = report.render_html(result, generated="x")
    section = html[html.index('id="sources"'):html.index('id="timeline"')]
    assert 'class="sources sortable"' in section and 'data-sort="rank"' in section
    rows = re.findall(r'<tr data-source="[^"]*"[^>]*data-rank="(\d+)"><td>.*?<span class="grade">(\w)</span>', section)
    assert [int(r) for r, _ in rows] == list(range(len(result.sources)))
    assert [g for _, g in rows] == list(result.sources["grade"])
    order = "ABCDEF"
    assert [order.index(g) for _, g in rows] == sorted(order.index(g) for _, g in rows)
    script = html[html.index("<script"):]
    assert "button.sort" in script


def test_claims_that_moved_a_grade_are_shown():
    result = graded_result()
    moved = result.sources[result.sources["key_claims"].str.len() > 0]
    assert len(moved), result.sources[["source", "factors"]]
    html = report.render_html(result, generated="x")
    markdown = report.render_markdown(result, generated="x")
    assert "Claims that moved the grade" in html and "Claims that moved the grade" in markdown
    first = moved.iloc[0]["key_claims"].split(" | ")[0]
    assert first[:40] in markdown
    assert '<ul class="moved"><li>' in html
