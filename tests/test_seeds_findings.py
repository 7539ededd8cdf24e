"""The sample corpus end to end: the acceptance checks on findings, topics and the report.

The seeds hold a 2013 battle and a 2024 takeover of one town, a duplicated article and a
well-known conflict (an unnamed source's brokered deal vs a commander's lack of ammunition).
"""
import pytest

from claims import report


@pytest.fixture(scope="module")
def seeds(seeds_dir, nlp, embedder):
    from claims.models import Models
    from claims.pipeline import analyze

    return analyze([seeds_dir], models=Models(nlp=nlp, embedder=embedder))


@pytest.mark.slow
def test_deal_vs_ammunition_is_the_first_conflict(seeds):
    first = report.ranked_conflicts(seeds.findings)[0]
    texts = first.a["text"] + " || " + first.b["text"]
    assert "agreement" in texts and "ammunition" in texts
    in_json = [f for f in seeds.findings if f.relation == "conflict"][0]
    assert in_json.id == first.id


@pytest.mark.slow
def test_no_conflict_across_the_two_events_and_none_on_the_duplicate(seeds):
    years = lambda side: side["time_start"][:4]
    conflicts = [f for f in seeds.findings if f.relation == "conflict"]
    assert not [f for f in conflicts if {years(f.a), years(f.b)} == {"2013", "2024"}]
    copies = {d.doc_id for d in seeds.documents if d.duplicate_of}
    assert copies and not [f for f in seeds.findings if {f.a["doc_id"], f.b["doc_id"]} & copies]


@pytest.mark.slow
def test_every_finding_is_kept_and_named_by_a_question(seeds):
    assert seeds.stats["findings_left_out"] == 0
    assert len(seeds.findings) == seeds.stats["findings_above_threshold"]
    assert all(f.topic.endswith("?") for f in seeds.findings)
    headlines = seeds.claims[seeds.claims.quote_type == "headline"]
    assert len(headlines) >= 3 and headlines.is_claim.all()
    md = report.render_markdown(seeds)
    assert "topic )" not in md and "topic -1" not in md
