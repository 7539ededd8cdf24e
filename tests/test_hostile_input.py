"""Hostile input and interrupted output: long documents, interrupted writes, bad manifests,
odd encodings and markup. Each case ends in a one-line message or a problem row, never a traceback."""
from __future__ import annotations

import pytest

from claims import store
from claims.pipeline import AnalysisResult, write_outputs
from claims.records import Claim, to_frame


def _result(root: str) -> AnalysisResult:
    return AnalysisResult(root=root, documents=[], problems=[], claims=to_frame([], Claim), findings=[])


def test_an_interrupt_midway_through_write_outputs_leaves_the_old_set(tmp_path, monkeypatch):
    from claims import report

    out = tmp_path / "run"
    write_outputs(_result("old-corpus"), out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(report, "write_reports", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_outputs(_result("new-corpus"), out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert b"old-corpus" in before["findings.json"]
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")] == ["run"]
    monkeypatch.undo()
    written = write_outputs(_result("new-corpus"), out)
    assert all(p.parent == out and p.is_file() for p in written)
    assert b"new-corpus" in (out / "findings.json").read_bytes()


# --- long documents ---------------------------------------------------------------------------

LINE = "The council said on Tuesday that the new bridge over the river would open to traffic in May. "


def test_chunk_bounds_tile_the_text_and_cut_after_paragraphs():
    from claims.extract import chunk_bounds

    text = ("\n\n".join(LINE * 3 for _ in range(40)))
    bounds = chunk_bounds(text, 2000)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a < b and b - a <= 2000 for a, b in bounds)
    assert all(prev[1] == nxt[0] for prev, nxt in zip(bounds, bounds[1:]))
    assert all(text[b - 2:b] == "\n\n" for _, b in bounds[:-1])
    one_line = "word " * 1000
    assert all(one_line[b - 1] == " " for _, b in chunk_bounds(one_line, 700)[:-1])
    assert chunk_bounds("x" * 2500, 1000) == [(0, 1000), (1000, 2000), (2000, 2500)]
    assert chunk_bounds("short", 1000) == [(0, 5)]


def test_a_text_over_spacys_length_limit_parses_into_one_doc_with_its_exact_text():
    import spacy

    from claims.extract import parse_chunked

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    long_text = "\n\n".join(LINE * 4 for _ in range(3300))
    assert len(long_text) > 1_200_000 > nlp.max_length
    docs = list(parse_chunked(nlp, ["A short one. It is fine.", long_text, "Last."], max_chars=10_000))
    assert [d.text for d in docs] == ["A short one. It is fine.", long_text, "Last."]
    big = docs[1]
    assert all(big.text[t.idx:t.idx + len(t.text)] == t.text for t in list(big)[::997])
    assert sum(1 for _ in big.sents) >= 3300 * 4


def test_a_long_document_beside_a_good_one_is_extracted_in_chunks(tmp_path, nlp):
    from claims import pipeline
    from claims.settings import Settings

    (tmp_path / "good.txt").write_text("The mayor said the market would reopen on Friday after repairs.\n", encoding="utf-8")
    paragraphs = [f"Officials said {n} families had been moved from the flooded district by Sunday." for n in range(400)]
    (tmp_path / "long.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    limit = nlp.max_length
    nlp.max_length = 20_000  # the same E088 refusal a 1.2 MB file meets, at a size the suite can afford
    try:
        corpus = pipeline.ingest([tmp_path])
        assert len(corpus.documents[0].text) > nlp.max_length or len(corpus.documents[1].text) > nlp.max_length
        claims = pipeline.extract(corpus.documents, nlp, Settings())
    finally:
        nlp.max_length = limit
    raw = {d.doc_id: d.raw for d in corpus.documents}
    assert set(claims["doc"]) == {"good.txt", "long.txt"}
    assert (claims["doc"] == "long.txt").sum() == 400
    assert all(raw[r.doc][r.start:r.end] == r.text for r in claims.itertuples())
    assert set(claims.loc[claims["doc"] == "long.txt", "speaker"]) == {"Officials"}
