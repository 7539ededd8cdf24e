"""Property test: extraction never raises on hostile news-like sentences and its offsets stay valid."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from claims.extract import extract_claims
from hostile_sentences import document_text, make_document, offset_errors


@settings(max_examples=300, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])
@given(raw=document_text())
def test_extraction_never_raises_and_offsets_point_at_the_claim(nlp, raw):
    document = make_document(raw)
    claims = extract_claims([document], nlp)
    assert offset_errors(document, claims) == []
    assert claims["id"].is_unique
    assert all(claims.loc[claims["is_claim"], "text"].map(lambda t: any(c.isalnum() for c in t)))


def test_the_strategies_reach_the_hostile_shapes():
    from hypothesis import find

    from hostile_sentences import sentence

    enough = settings(database=None, max_examples=3000, derandomize=True)
    find(sentence(), lambda t: "According to ," in t, settings=enough)
    find(sentence(), lambda t: t in ("!", "\u2026", "\U0001F525"), settings=enough)
    find(document_text(), lambda t: len(t.split()) > 300, settings=enough)
    find(document_text(), lambda t: t.startswith(("He added", "\u201cNothing")), settings=enough)
