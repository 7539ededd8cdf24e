"""Headline against body: the headline_body finding, with the real models and relation scorer."""
import numpy as np
import pytest

from claims.headlines import headline_body_pairs, judge
from claims.records import Relation
from claims.settings import CompareSettings

ARTICLES = {
    "fire.txt": "Factory fire kills 40 workers\n\nA fire at the Delta textile factory killed 12 workers on Monday "
                "night.\n\nFirefighters needed six hours to bring the blaze under control, the regional fire "
                "service said. The cause of the fire is not yet known.\n",
    "fire2.txt": "Factory fire kills 12 workers\n\nTwelve workers died when flames swept through the Delta textile "
                 "plant late on Monday.\n\nThe owners said the building had passed a safety inspection in June.\n",
    "singer.txt": "Pop singer Leo Marsh dies at 45\n\nA fan website claimed on Tuesday that the pop singer Leo Marsh "
                  "had died at 45, but the report could not be confirmed.\n\nHis agent did not respond to requests "
                  "for comment. Marsh last performed in Lisbon in March.\n",
    "bridge.txt": "Mayor confirms new bridge will open in May\n\nThe city council voted on Tuesday to repaint the old "
                  "railway station in the historic quarter.\n\nCouncil members also discussed parking fees for the "
                  "summer season and a new bus timetable.\n",
    "oneline.txt": "Factory fire kills 40 workers, officials say\n",
}


@pytest.fixture(scope="module")
def result(tmp_path_factory, nlp, embedder):
    from claims.models import Models
    from claims.pipeline import analyze

    folder = tmp_path_factory.mktemp("headlines")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return analyze([folder], models=Models(nlp=nlp, embedder=embedder))


def _checks(result):
    return {f.a["doc"]: f for f in result.findings if f.kind == "headline_body"}


@pytest.mark.slow
def test_headline_contradicted_overstated_or_unsupported_by_its_body(result):
    found = _checks(result)
    assert set(found) == {"fire.txt", "singer.txt", "bridge.txt"}
    fire = found["fire.txt"]
    assert fire.relation == "conflict" and fire.a["quote_type"] == "headline" and fire.b["doc"] == "fire.txt"
    assert "40" in fire.explanation and "12" in fire.explanation
    assert found["singer.txt"].signals["headline_check"] == "overstated" and "claimed" in found["singer.txt"].explanation
    assert found["bridge.txt"].signals["headline_check"] == "unsupported"
    text = open_raw(result, "fire.txt")
    assert text[fire.a["start"]:fire.a["end"]] == "Factory fire kills 40 workers"


def open_raw(result, path):
    return next(d.raw for d in result.documents if d.path == path)


@pytest.mark.slow
def test_headlines_and_one_line_documents_are_compared_across_sources(result):
    rows = result.claims.set_index("doc")
    assert rows.loc["oneline.txt", "is_claim"] and rows.loc["oneline.txt", "quote_type"] != "headline"
    heads = result.claims[result.claims.quote_type == "headline"]
    assert set(heads.doc) == {"fire.txt", "fire2.txt", "singer.txt", "bridge.txt"} and heads.is_claim.all()
    across = [f for f in result.findings if f.kind != "headline_body" and "headline" in (f.a["quote_type"], f.b["quote_type"])]
    assert any({f.a["doc"], f.b["doc"]} == {"fire2.txt", "oneline.txt"} and f.relation == "conflict" for f in across)
    assert all(f.topic for f in result.findings)


def test_pairs_take_the_closest_body_claims_and_the_lead():
    rows = [{"doc": "a", "quote_type": "headline", "cstart": 0}] + [{"doc": "a", "quote_type": "narration", "cstart": 10 * i} for i in range(1, 5)]
    rows.append({"doc": "b", "quote_type": "narration", "cstart": 0})
    emb = np.eye(6, dtype=np.float32)
    emb[3] = emb[0] * 0.9 + emb[3] * 0.1
    emb[4] = emb[0] * 0.5 + emb[4] * 0.5
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    (head, body), = headline_body_pairs(rows, emb, k=2)
    assert head == 0 and body[:2] == [3, 4] and body[2] == 1  # then the lead
    assert headline_body_pairs(rows, emb, k=2, skip=np.array([True] + [False] * 5)) == []


def test_supported_headline_gives_nothing():
    settings = CompareSettings()
    head = {"text": "Factory fire kills 12 workers", "source_kind": "outlet", "hedges": ""}
    body = [{"text": "A fire killed 12 workers.", "source_kind": "outlet", "hedges": ""}]
    agree = [Relation("corroboration", 0.9, "both say: fire killed workers")]
    assert judge(head, body, np.array([0.9]), agree, settings) is None
    hedged = [{**body[0], "hedges": "reportedly"}]
    verdict, at = judge(head, hedged, np.array([0.9]), agree, settings)
    assert verdict.kind == "headline_body" and "reportedly" in verdict.explanation and at == 0


def test_a_headline_whose_words_the_body_repeats_is_not_unsupported():
    from claims.headlines import word_overlap

    settings = CompareSettings()
    head = {"text": "Cholera outbreak in Raishaym leaves 18 cases", "source_kind": "outlet", "hedges": ""}
    body = [{"text": "Phone lines were cut for hours.", "source_kind": "outlet", "hedges": ""}]
    quiet = [Relation("unrelated", 0.9, "no shared subject")]
    lead = "RAISHAYM, May 28 - At least 18 cases were confirmed in a cholera outbreak in Raishaym."
    assert word_overlap(head["text"], lead) >= settings.headline_unsupported_overlap
    assert judge(head, body, np.array([0.1]), quiet, settings, overlap=1.0) is None
    verdict, _ = judge(head, body, np.array([0.1]), quiet, settings, overlap=word_overlap(head["text"], body[0]["text"]))
    assert verdict.signals["headline_check"] == "unsupported"
