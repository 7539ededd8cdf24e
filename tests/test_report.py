"""Tests for claims.report: content, order, escaping and Markdown of the discrepancy reports.

The corpus is hand-built (a warehouse fire told by three outlets, plus a hostile reader post)
so the report can be checked field by field without running the models; the browser tests in
test_browser.py reuse :func:`build_result`.
"""
from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from claims import report
from claims.records import Claim, Document, Finding, Problem, Region, Removal, column_names

try:
    from claims.pipeline import AnalysisResult
except ImportError:  # the pipeline is written in parallel; the contract is the same
    from dataclasses import dataclass, field

    @dataclass
    class AnalysisResult:
        root: str
        documents: list
        problems: list
        claims: pd.DataFrame
        findings: list
        sources: pd.DataFrame = field(default_factory=pd.DataFrame)
        groups: pd.DataFrame = field(default_factory=pd.DataFrame)
        stats: dict = field(default_factory=dict)


HOSTILE = ('Forum post. <script>window.__pwned=1;alert(1)</script> '
           '<img src=x onerror="window.__pwned=2;alert(2)"> '
           '<a href="javascript:window.__pwned=3">see photos</a> '
           'A resident claimed the fire started at 8 p.m. </script><script>window.__pwned=4</script>')

ARTICLES = {
    "gazette.txt": ("Harbour Gazette", "2025-03-14", "Fire guts quay warehouse",
                    "A fire destroyed the Kestrel Logistics warehouse on the east quay on Thursday night. "
                    "Fire chief Dana Okafor said the blaze started in an electrical panel shortly after 11 p.m. "
                    "\"We found no sign of accelerant,\" Okafor told the Gazette. "
                    "Two workers were treated for smoke inhalation, according to the fire service. "
                    "A company spokesperson said the building had passed an inspection in January.\n"
                    "Subscribe to our newsletter for more local news."),
    "quay-times.txt": ("The Quay Times", "2025-03-15", "Police treat warehouse blaze as suspicious",
                       "Police are treating the warehouse fire as suspicious, a police source told The Quay Times. "
                       "The source, who spoke on condition of anonymity, said investigators had found petrol cans "
                       "near the loading bay. Union organiser Sam Reyes said five workers were hurt and that the "
                       "alarms had been disabled for weeks. The fire broke out at around 9 p.m. on Thursday, "
                       "residents said.\nComment by harbourfan: they always cut corners there."),
    "evening-post.txt": ("Evening Post", "2025-03-15", "Company blames faulty panel",
                         "Kestrel Logistics said in a statement carried by Coastal Wire that the fire was caused by a "
                         "faulty electrical panel and that all safety systems were working. The warehouse was last "
                         "inspected in 2019, city records show."),
    "forum.html": ("Port Alder Forum", "2025-03-16", "<b>Fire!</b>", HOSTILE),
}

# (doc, exact words, speaker, speaker_id, role, chain, via, kind, side, hedges, time, cluster, group, grades)
CLAIMS = [
    ("gazette.txt", "the blaze started in an electrical panel shortly after 11 p.m.", "Dana Okafor", "dana-okafor",
     "fire chief", "Dana Okafor > Harbour Gazette", "", "official", "", "", "2025-03-13", 1, "g1", ("B", "2")),
    ("gazette.txt", "We found no sign of accelerant", "Dana Okafor", "dana-okafor", "fire chief",
     "Dana Okafor > Harbour Gazette", "", "official", "", "", "", 2, "g1", ("B", "3")),
    ("gazette.txt", "Two workers were treated for smoke inhalation", "fire service", "fire-service", "",
     "fire service > Harbour Gazette", "", "official", "", "", "", 3, "g1", ("B", "3")),
    ("gazette.txt", "the building had passed an inspection in January", "a company spokesperson",
     "anon:gazette.txt:a-company-spokesperson", "spokesperson for the owner", "a company spokesperson > Harbour Gazette",
     "", "anonymous", "owner", "", "2025-01", 5, "g2", ("D", "4")),
    ("quay-times.txt", "investigators had found petrol cans near the loading bay", "a police source",
     "anon:quay-times.txt:a-police-source", "", "a police source > The Quay Times", "", "anonymous", "", "",
     "", 2, "g3", ("C", "3")),
    ("quay-times.txt", "five workers were hurt", "Sam Reyes", "sam-reyes", "union organiser",
     "Sam Reyes > The Quay Times", "", "named", "workers", "", "", 3, "g4", ("C", "4")),
    ("quay-times.txt", "the alarms had been disabled for weeks", "Sam Reyes", "sam-reyes", "union organiser",
     "Sam Reyes > The Quay Times", "", "named", "workers", "", "2025-02 – 2025-03", 4, "g4", ("C", "4")),
    ("quay-times.txt", "The fire broke out at around 9 p.m. on Thursday", "residents", "residents", "",
     "residents > The Quay Times", "", "witness", "", "around", "2025-03-13", 1, "g5", ("C", "3")),
    ("evening-post.txt", "the fire was caused by a faulty electrical panel", "Kestrel Logistics", "kestrel-logistics",
     "warehouse owner", "Kestrel Logistics > Coastal Wire > Evening Post", "Coastal Wire", "organisation", "owner", "",
     "", 2, "g2", ("D", "3")),
    ("evening-post.txt", "all safety systems were working", "Kestrel Logistics", "kestrel-logistics", "warehouse owner",
     "Kestrel Logistics > Coastal Wire > Evening Post", "Coastal Wire", "organisation", "owner", "", "", 4, "g2",
     ("D", "4")),
    ("evening-post.txt", "The warehouse was last inspected in 2019", "city records", "city-records", "",
     "city records > Evening Post", "", "document", "", "", "2019", 5, "g6", ("A", "2")),
    ("forum.html", 'A resident claimed the fire started at 8 p.m. </script><script>window.__pwned=4</script>',
     '<img src=x onerror="window.__pwned=5">', "a-resident", "<script>window.__pwned=6</script>",
     "a resident > Port Alder Forum", "", "anonymous", "", "claimed", "2025-03-13", 1, "g7", ("F", "6")),
]

# (id, relation, kind, score, explanation, claim index a, claim index b, cluster)
FINDINGS = [
    ("f1", "conflict", "competing_explanation", 0.88,
     "The fire chief says the panel failed and found no accelerant; a police source says petrol cans were found.",
     1, 4, 2),
    ("f2", "conflict", "numeric_mismatch", 0.81, "Two injured workers against five.", 2, 5, 3),
    ("f3", "conflict", "contradiction", 0.79, "Alarms disabled for weeks against all safety systems working.", 6, 9, 4),
    ("f4", "conflict", "date_mismatch", 0.72, "Last inspected in January 2025 against 2019.", 3, 10, 5),
    ("f5", "conflict", "date_mismatch", 0.55,
     'Start time 11 p.m. against 8 p.m.; <script>window.__pwned=7</script> quoted.', 0, 11, 1),
    ("c1", "corroboration", "corroboration", 0.84, "Both say the electrical panel caused the fire.", 0, 8, 2),
]


def _sentence(text: str, start: int, end: int) -> str:
    dot = text.rfind(". ", 0, start)
    lo = max(dot + 2 if dot >= 0 else 0, text.rfind("\n", 0, start) + 1)
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    return text[lo:(min(stops) + 1 if stops else len(text))].strip()


def build_documents() -> list[Document]:
    """The four articles as documents, with a removed newsletter line and a reader comment region."""
    docs = []
    for path, (outlet, published, title, raw) in ARTICLES.items():
        doc = Document(doc_id=path, path=path, raw=raw, text=raw, offsets=list(range(len(raw))), title=title,
                       outlet=outlet, published=published, kind="news")
        if "Subscribe" in raw:
            at = raw.index("Subscribe")
            doc.removed = [Removal(at, len(raw), "boilerplate", raw[at:])]
        if "Comment by" in raw:
            doc.regions = [Region(raw.index("Comment by"), len(raw), "comment")]
        docs.append(doc)
    docs.append(replace(docs[1], doc_id="quay-times-copy.txt", path="quay-times-copy.txt",
                        duplicate_of="quay-times.txt", duplicate_share=0.97))
    return docs


def build_claims(documents: list[Document]) -> pd.DataFrame:
    """One claim row per CLAIMS entry, with exact raw offsets and graded columns."""
    by_id = {d.doc_id: d for d in documents}
    rows = []
    for n, (doc_id, words, speaker, sid, role, chain, via, kind, side, hedges, time, cluster, group,
            grades) in enumerate(CLAIMS):
        doc = by_id[doc_id]
        start = doc.raw.index(words)
        end = start + len(words)
        t_start, _, t_end = time.partition(" – ")
        claim = Claim(id=f"{doc_id}:{n:04d}", doc=doc_id, path=doc.path, start=start, end=end, cstart=start,
                      cend=end, text=words, speaker=speaker, speaker_id=sid, speaker_role=role, chain=chain,
                      via_outlet=via, outlet=doc.outlet, published=doc.published, source_kind=kind, side=side,
                      hedges=hedges, time_start=t_start, time_end=t_end or t_start,
                      sentence=_sentence(doc.raw, start, end))
        rows.append({**claim.__dict__, "cluster": cluster, "group": group, "source_grade": grades[0],
                     "claim_grade": grades[1], "grade_factors": {"anonymous": -1.0} if kind == "anonymous" else {}})
    return pd.DataFrame(rows, columns=column_names(Claim) + ["cluster", "group", "source_grade", "claim_grade",
                                                             "grade_factors"])


def _side(row: dict) -> dict:
    keys = ("id", "doc", "start", "end", "text", "sentence", "speaker", "speaker_role", "chain", "via_outlet",
            "outlet", "published", "time_start", "time_end", "source_kind", "side", "hedges", "source_grade",
            "claim_grade", "grade_factors")
    return {k: row[k] for k in keys}


def build_result(root: str = "corpora/warehouse-fire") -> AnalysisResult:
    """A complete hand-built analysis result of the warehouse-fire corpus."""
    documents = build_documents()
    claims = build_claims(documents)
    rows = claims.to_dict("records")
    findings = [Finding(id=fid, relation=rel, kind=kind, score=score, explanation=why, cluster=cluster,
                        a=_side(rows[a]), b=_side(rows[b]),
                        independent_sources=[rows[a]["group"], rows[b]["group"]] if rel == "corroboration" else [])
                for fid, rel, kind, score, why, a, b, cluster in FINDINGS]
    sources = claims.groupby("speaker_id").agg(source=("speaker", "first"), outlet=("outlet", "first"),
                                               kind=("source_kind", "first"), n_claims=("id", "size"),
                                               grade=("source_grade", "first")).reset_index(drop=True)
    sources["n_corroborated"], sources["n_contradicted"] = 0, 1
    sources["share_anonymous"] = (sources["kind"] == "anonymous").astype(float)
    sources["share_hedged"] = 0.0
    sources["factors"] = [{"anonymous": -1.0} if k == "anonymous" else {"named": 0.5} for k in sources["kind"]]
    groups = pd.DataFrame({"group": ["g1", "g2"], "members": [["fire service", "dana-okafor"], ["kestrel-logistics"]],
                           "outlets": [["Harbour Gazette"], ["Evening Post", "Harbour Gazette"]]})
    return AnalysisResult(root=root, documents=documents, problems=[Problem("broken.pdf", "broken.pdf: no text layer; OCR it first")],
                          claims=claims, findings=findings, sources=sources, groups=groups,
                          stats={"pairs_scored": 66, "exhaustive_cross_source_pairs": 66})


@pytest.fixture(scope="module")
def result() -> AnalysisResult:
    return build_result()


@pytest.fixture(scope="module")
def html(result) -> str:
    return report.render_html(result, generated="2025-03-20 12:00 UTC")


@pytest.fixture(scope="module")
def markdown(result) -> str:
    return report.render_markdown(result, generated="2025-03-20 12:00 UTC")


# --- helpers ------------------------------------------------------------------------------------

class _TagCollector:
    """Every start tag and its attributes, as a browser's tokenizer would see them."""

    def __init__(self, text: str):
        from html.parser import HTMLParser

        self.tags: list[tuple[str, dict]] = []
        parser = HTMLParser(convert_charrefs=True)
        parser.handle_starttag = lambda tag, attrs: self.tags.append((tag, dict(attrs)))
        parser.feed(text)


@pytest.mark.parametrize("sentence, quote, expected", [
    ("Police said five people died on Monday.", "five people died",
     ("Police said ", "five people died", " on Monday.")),
    ("The minister  said the\nbudget was cut.", "the budget was cut", ("The minister  said ", "the\nbudget was cut", ".")),
    ("THE COUNCIL VOTED NO.", "the council voted no", ("", "THE COUNCIL VOTED NO", ".")),
    ("A different sentence.", "words not there", ("", "words not there", "")),
    ("Only a sentence.", "", ("Only a sentence.", "", "")),
    (None, "the quote", ("", "the quote", "")),
])
def test_split_highlight(sentence, quote, expected):
    assert report.split_highlight(sentence, quote) == expected


@pytest.mark.parametrize("side, expected", [
    ({"chain": "Jane Roe > Reuters > Daily Post", "outlet": "Daily Post"}, ["Jane Roe", "Reuters", "Daily Post"]),
    ({"chain": "", "speaker": "the mayor", "outlet": "City Herald"}, ["the mayor", "City Herald"]),
    ({"chain": "WHO", "via_outlet": "AFP", "outlet": "The Tribune"}, ["WHO", "AFP", "The Tribune"]),
    ({}, ["Unattributed"]),
])
def test_relay_chain(side, expected):
    assert report.relay_chain(side) == expected


@pytest.mark.parametrize("side, expected", [
    ({"time_start": "2021-05-04", "time_end": "2021-05-04"}, "2021-05-04"),
    ({"time_start": "2021-05", "time_end": "2021-06"}, "2021-05 – 2021-06"),
    ({"time_start": "2021-05-04", "time_text": "on Tuesday"}, "2021-05-04 (“on Tuesday”)"),
    ({"time_text": "last week"}, "“last week”"),
    ({}, ""),
])
def test_time_scope(side, expected):
    assert report.time_scope(side) == expected


def _finding(kind="contradiction", relation="conflict", score=0.8, a=None, b=None, fid="x"):
    a = {"id": "d1:0001", "speaker": "Ana Ruiz", "speaker_role": "harbour master", "text": "The ship sank", **(a or {})}
    b = {"id": "d2:0002", "speaker": "Port Authority", "text": "The ship was towed", **(b or {})}
    return Finding(id=fid, relation=relation, kind=kind, score=score, explanation="", cluster=1, a=a, b=b)


@pytest.mark.parametrize("finding, question, needle", [
    (_finding(a={"speaker": "a senior official", "speaker_id": "anon:d1:a-senior-official"}),
     "Who could know this?", "not named"),
    (_finding(b={"hedges": "reportedly"}, a={"speaker_role": ""}), "Who could know this?", "reportedly"),
    (_finding(a={"chain": "Ana Ruiz > Wire Service > Daily Post"}, b={"speaker_role": "regulator"}),
     "Who could know this?", "Wire Service → Daily Post"),
    (_finding(), "Who could know this?", "harbour master"),
    (_finding(a={"side": "government"}, b={"side": "opposition"}), "Who gains?", "different sides"),
    (_finding(b={"side": "company"}), "Who gains?", "party to the events (company)"),
    (_finding(), "Who gains?", "gain if their version is believed"),
    (_finding(kind="numeric_mismatch"), "What would settle it?", "documented count"),
    (_finding(kind="date_mismatch"), "What would settle it?", "dated record"),
    (_finding(kind="competing_explanation"), "What would settle it?", "both causes"),
    (_finding(relation="corroboration", kind="corroboration"), "What would settle it?", "truly independent"),
    (_finding(a={"time_start": "2020"}, b={"time_start": "2022"}), "What would settle it?", "2020 vs 2022"),
])
def test_questions_to_ask_follow_the_finding(finding, question, needle):
    questions = dict(report.questions_to_ask(finding))
    assert list(questions) == ["Who could know this?", "Who gains?", "What would settle it?"]
    assert needle in questions[question]


def test_conflicts_ranked_by_score_with_same_speaker_lowered():
    findings = [_finding(score=0.6, fid="low"), _finding(score=0.9, fid="high"),
                _finding(score=0.95, fid="self", b={"speaker": "Ana Ruiz"}),
                _finding(relation="corroboration", kind="corroboration", score=0.99, fid="agree")]
    assert [f.id for f in report.ranked_conflicts(findings)] == ["high", "self", "low"]
    assert [f.id for f in report.ranked_corroborations(findings)] == ["agree"]


@pytest.mark.parametrize("a, b, expected", [
    ({}, {}, 0.8),
    ({"doc": "d1"}, {"doc": "d1"}, 0.82),
    ({"speaker": "Daily Post", "outlet": "Daily Post"}, {}, 0.77),
    ({"source_kind": "outlet", "doc": "d1"}, {"source_kind": "outlet", "doc": "d1"}, 0.74),
    ({}, {"speaker": "ana ruiz"}, 0.65),
])
def test_importance_prefers_clashes_between_attributed_sources(a, b, expected):
    assert report.importance(_finding(score=0.8, a=a, b=b)) == pytest.approx(expected)


def test_cards_name_who_a_pronoun_refers_to():
    """``speaker`` keeps the words of the text ("she"); the card shows ``speaker_name``."""
    view = report.claim_view({"text": "She said the dam held.", "speaker": "She", "speaker_name": "Ana Ruiz",
                              "speaker_id": "ana-ruiz", "source_kind": "person", "outlet": "Daily Post"})
    assert view["speaker"] == "Ana Ruiz" and not view["anonymous"]
    same = _finding(score=0.8, a={"speaker": "she", "speaker_name": "Ana Ruiz"}, b={"speaker": "Ana Ruiz"})
    assert report.importance(same) == pytest.approx(0.65)  # one speaker disagreeing with herself


def test_timeline_leaves_out_claims_dated_only_by_publication():
    rows = pd.DataFrame([
        {"id": "d:1", "text": "The dam opened", "time_start": "1990", "time_end": "1990", "time_text": "in 1990"},
        {"id": "d:2", "text": "Work began", "time_start": "1985-03", "time_end": "1985-04", "time_text": ""},
        {"id": "d:3", "text": "Officials said", "time_start": "2024-01", "time_end": "2024-01",
         "time_text": "publication date"},
        {"id": "d:4", "text": "No date", "time_start": "", "time_end": "", "time_text": ""},
    ])
    timeline = report.timeline_view(rows)
    assert [(m["when"], [c["id"] for c in m["claims"]]) for m in timeline] == [
        ("1985-03 – 1985-04", ["d:2"]), ("1990", ["d:1"])]
    assert report.undated_count(rows) == 2


@pytest.mark.parametrize("value", ["</script><script>alert(1)</script>", "a & b > c", "line\u2028sep", "<!--"])
def test_json_for_script_cannot_close_the_block(value):
    text = report.json_for_script({"k": value})
    assert not set("<>&") & set(text) and "\u2028" not in text
    assert json.loads(text) == {"k": value}


def test_document_context_splits_raw_text_at_the_claim():
    doc = Document(doc_id="d", path="d.txt", raw="Line one.\nThe mayor said taxes rise.\nEnd.", text="", offsets=[])
    start = doc.raw.index("taxes rise")
    ctx = report.document_context(doc, start, start + len("taxes rise"), width=10)
    assert ctx["match"] == "taxes rise" and ctx["line"] == 2
    assert ctx["before"] == "…" + doc.raw[start - 10:start] and ctx["after"].startswith(".\nEnd")


# --- the HTML report ----------------------------------------------------------------------------

def test_conflicts_come_first_in_importance_order(html):
    order = [m.group(1) for m in re.finditer(r'<article class="finding conflict[^"]*" id="([^"]+)"', html)]
    assert order == ["f1", "f2", "f3", "f4", "f5"]
    assert html.index('id="summary"') < html.index('id="conflicts"') < html.index('id="topics"') \
        < html.index('id="corroborations"') < html.index('id="sources"') < html.index('id="timeline"') \
        < html.index('id="cleaning"')


def test_each_conflict_shows_both_sides_with_exact_words_marked(html, result):
    cards = re.findall(r'<article class="finding conflict.*?</article>', html, flags=re.S)
    assert len(cards) == 5 and all(card.count('<div class="side">') == 2 for card in cards)
    first = cards[0]
    assert "<mark>We found no sign of accelerant</mark>" in first
    assert "<mark>investigators had found petrol cans near the loading bay</mark>" in first
    for needle in ("Dana Okafor</strong>, fire chief", "a police source", "Source B", "Claim 3",
                   "Competing explanation", "Questions to ask", "Who gains?", "The Quay Times", "2025-03-15"):
        assert needle in first
    relayed = next(c for c in cards if 'id="f3"' in c)
    assert relayed.count('<span class="hop">') == 5 and "Coastal Wire" in relayed


def test_conflicts_at_a_glance_lists_the_top_five(html):
    glance = html[html.index('<ol class="glance"'):html.index("</ol>", html.index('<ol class="glance"'))]
    assert re.findall(r'href="#(f\d)"', glance) == ["f1", "f2", "f3", "f4", "f5"]
    assert "Dana Okafor</strong>" in glance and "petrol cans were found" in glance


def test_summary_counts(html):
    summary = html[html.index('id="summary"'):html.index('id="conflicts"')]
    numbers = re.findall(r'<span class="num">(\d+)</span><span class="lab">([^<]+)', summary)
    assert [(n, lab.split(" ·")[0]) for n, lab in numbers] == [
        ("5", "conflicts"), ("1", "corroborations"), ("5", "documents"), ("4", "outlets"), ("9", "speakers"),
        ("2", "independent groups")]
    assert "2 date mismatch" in summary and "1 numeric mismatch" in summary


def test_topics_list_every_account_and_corroborations_their_groups(html):
    topic = html[html.index('id="topic-2"'):html.index('id="topic-2"') + 4000]
    for speaker in ("Dana Okafor", "a police source", "Kestrel Logistics"):
        assert speaker in topic
    corroborations = html[html.index('id="corroborations"'):html.index('id="sources"')]
    assert "g1</strong>: fire service, dana-okafor" in corroborations and "g2</strong>: kestrel-logistics" in corroborations


def test_nothing_cleaned_away_is_hidden(html):
    cleaning = html[html.index('id="cleaning"'):]
    assert "Duplicate of quay-times.txt (97% shared text)" in cleaning
    assert "Comment by harbourfan" in cleaning and "reader comment" in cleaning
    assert "Subscribe to our newsletter" in cleaning and "boilerplate" in cleaning
    assert "broken.pdf" in cleaning and "OCR it first" in cleaning


def test_hostile_text_is_escaped_everywhere(html):
    tags = _TagCollector(html).tags
    scripts = [attrs for tag, attrs in tags if tag == "script"]
    assert scripts == [{"type": "application/json", "id": "report-data"}, {}]
    assert not [t for t in tags if t[0] in ("img", "iframe", "object", "embed", "link", "b")]
    assert all(attrs["href"].startswith("#") for tag, attrs in tags if tag == "a")
    assert not [(t, a) for t, a in tags if any(k.startswith("on") for k in a)]
    assert "window.__pwned" in html and "&lt;script&gt;window.__pwned=1" in html
    assert "javascript:" not in html.replace("href=&#34;javascript:", "").replace('\\u003ca href=\\"javascript:', "")


def test_csp_allows_only_the_reports_own_script_and_no_network(html):
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1).replace("&#39;", "'")
    script = re.search(r"<script>(.*?)</script>", html, flags=re.S).group(1)
    assert "default-src 'none'" in csp and report._csp_hash(script) in csp and "unsafe-inline" not in csp
    assert not re.search(r'(src|href)="(https?:)?//', html) and "@import" not in html


def test_claim_contexts_point_at_the_exact_raw_words(html, result):
    data = json.loads(re.search(r'id="report-data">(.*?)</script>', html, flags=re.S).group(1))
    contexts = data["contexts"]
    for finding in result.findings:
        for side in (finding.a, finding.b):
            assert contexts[side["id"]]["match"] == side["text"]
    assert all(f'data-claim="{cid}"' in html for cid in contexts)


def test_filters_offer_kinds_sources_outlets_topics(result):
    options = report.build_view(result)["filters"]
    assert [k for k, _ in options["kind"]] == ["competing_explanation", "contradiction", "corroboration",
                                               "date_mismatch", "numeric_mismatch"]
    assert ("dana-okafor", "Dana Okafor") in options["source"]
    assert ("Evening Post", "Evening Post") in options["outlet"]
    assert {t for t, _ in options["topic"]} == {"1", "2", "3", "4", "5"}


def test_output_is_deterministic(result):
    one = report.render_html(result, generated="fixed") + report.render_markdown(result, generated="fixed")
    two = report.render_html(build_result(), generated="fixed") + report.render_markdown(build_result(), generated="fixed")
    assert one == two


def test_empty_result_still_renders():
    empty = AnalysisResult(root="empty", documents=[], problems=[], claims=pd.DataFrame(), findings=[])
    html = report.render_html(empty, generated="x")
    assert "No conflicts were found" in html and "No corroborations were found" in html
    assert "No conflicts were found" in report.render_markdown(empty, generated="x")


# --- Markdown, files, exports -------------------------------------------------------------------

def test_markdown_follows_the_same_order_and_escapes(markdown):
    heads = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert heads == ["## Summary", "## Conflicts, most important first", "## Topics: every source's account of each fact",
                     "## Corroborations", "## Sources", "## Timeline of claims by the time they speak about",
                     "## What was cleaned away or split", "## Method"]
    assert "**We found no sign of accelerant**" in markdown
    assert "<script" not in markdown and "<img" not in markdown and "&lt;script&gt;" in markdown
    assert markdown.index("### 1. Competing explanation") < markdown.index("### 2. Numeric mismatch")
    table_rows = [line for line in markdown.splitlines() if line.startswith("| Claim |")]
    assert len(table_rows) == 5 and all(row.count(" | ") == 2 for row in table_rows)


@pytest.mark.parametrize("text, expected", [
    ("a | b", r"a \| b"), ("*bold* _it_", r"\*bold\* \_it\_"), ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
    ("[link](javascript:x)", r"\[link\](javascript:x)"), ("two\nlines", "two lines"), (None, ""),
])
def test_md_escape(text, expected):
    assert report.md(text) == expected


def test_write_reports(tmp_path, result):
    written = report.write_reports(result, tmp_path / "out", generated="fixed")
    assert [p.name for p in written] == ["report.html", "report.md"]
    assert (tmp_path / "out" / "report.html").read_text(encoding="utf-8").startswith("<!doctype html>")
    assert report.write_reports(result, tmp_path / "md", formats=("md",))[0].name == "report.md"
    with pytest.raises(ValueError, match="unknown report format pdf"):
        report.write_reports(result, tmp_path, formats=("pdf",))


def test_render_finding_text_from_findings_json(result):
    text = report.render_finding_text(json.loads(json.dumps(result.findings[0].to_dict())))
    assert text.startswith("f1  Competing explanation (score 0.88, topic 2)")
    assert "| We found no sign of accelerant" in text and "Questions to ask:" in text
    hostile = _finding(a={"text": "bad \x1b[31mred\x1b[0m text"})
    assert "\x1b" not in report.render_finding_text(hostile)


def test_claimreview_jsonld(result):
    review = report.claimreview_jsonld(result.findings[2], rating="Disputed", url="https://example.org/check/1")
    assert review["@type"] == "ClaimReview" and review["@context"] == "https://schema.org"
    assert review["claimReviewed"] == "the alarms had been disabled for weeks"
    assert review["reviewRating"]["alternateName"] == "Disputed"
    assert review["itemReviewed"]["author"]["name"] == "Sam Reyes"
    assert "all safety systems were working" in review["reviewBody"]
    json.dumps(review)


def test_seed_documents_cleaning_is_reported(seeds_dir):
    """The seeds' own cleaning (duplicates, split articles, comments, boilerplate) appears in the report."""
    ingest = pytest.importorskip("claims.ingest")
    corpus = ingest.load_corpus([seeds_dir])
    empty = AnalysisResult(root=str(seeds_dir), documents=corpus.documents, problems=corpus.problems,
                           claims=pd.DataFrame(), findings=[])
    view = report.build_view(empty)
    notes = " ".join(n for d in view["cleaning"] for n in d["notes"])
    assert len(view["cleaning"]) == len(corpus.documents)
    if any(d.duplicate_of for d in corpus.documents):
        assert "Duplicate of" in notes
    if any(d.part > 1 for d in corpus.documents):
        assert "split out of" in notes
    removed = sum(len(d["removed"]) for d in view["cleaning"])
    assert removed == sum(len(d.removed) for d in corpus.documents)
    assert "<script" not in report.render_markdown(empty)


# --- topics and "show all" -----------------------------------------------------------------------

def _flooded(result, n: int = 6):
    """The result with ``n`` extra conflicts on topic 2 and one whose claims sit in no cluster."""
    base = next(f for f in result.findings if f.relation == "conflict" and f.cluster == 2)
    extra = [replace(base, id=f"x{i}", score=0.5 - i / 100, explanation=f"variant {i}",
                     a={**base.a, "id": f"{base.a['id']}-{i}", "speaker_id": f"s{i}"}) for i in range(n)]
    loose = replace(base, id="loose", cluster=-1, topic="When did the fire start?", score=0.55,
                    a={**base.a, "cluster": 2}, b={**base.b, "cluster": 3})
    return replace(result, findings=list(result.findings) + extra + [loose])


def test_report_shows_the_first_findings_per_topic_and_the_rest_under_show_all(result):
    flooded = _flooded(result)
    view = report.build_view(flooded, per_topic=3)
    shown_on_2 = [c["id"] for c in view["shown_conflicts"] if c["topic"] == "2"]
    assert len(shown_on_2) == 3
    more = next(m for m in view["more_conflicts"] if m["topic"] == "2")
    total_on_2 = sum(1 for c in view["conflicts"] if c["topic"] == "2")
    assert len(more["cards"]) == total_on_2 - 3 > 0
    html = report.render_html(flooded)
    assert 'class="more-findings" id="more-2"' in html and f"({len(more['cards'])} more)" in html
    assert all(f'id="{c["id"]}"' in html for c in view["conflicts"])  # every finding is in the page
    md = report.render_markdown(flooded)
    assert f"{len(more['cards'])} more, ranks" in md


def test_a_finding_outside_any_cluster_gets_a_named_topic(result):
    flooded = _flooded(result)
    html, md = report.render_html(flooded), report.render_markdown(flooded)
    card = next(c for c in report.build_view(flooded)["conflicts"] if c["id"] == "loose")
    assert card["topic"] == "2"  # either claim's cluster before a topic of its own
    alone = replace(flooded, findings=[replace(f, a={**f.a, "cluster": -1}, b={**f.b, "cluster": -1}, cluster=-1)
                                       for f in flooded.findings if f.id == "loose"])
    view = report.build_view(alone)
    (card,) = view["conflicts"]
    assert card["topic"].startswith("q") and card["question"] == "When did the fire start?"
    assert any(t["id"] == card["topic"] and t["label"] == "When did the fire start?" for t in view["topics"])
    for text in (html, md, report.render_markdown(alone)):
        assert "topic )" not in text and "topic -1" not in text
