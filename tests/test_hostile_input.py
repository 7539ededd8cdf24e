"""Hostile input and interrupted output: long documents, interrupted writes, bad manifests,
odd encodings and markup. Each case ends in a one-line message or a problem row, never a traceback."""
from __future__ import annotations

import re

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


# --- manifests ------------------------------------------------------------------------------------

BODY = ("The port authority said on Monday that container traffic fell by a fifth in the first quarter.\n\n"
        "Shipping lines blamed higher fuel costs and a strike at two terminals, which ended last week.\n")


def _manifest_corpus(tmp_path, rows: str):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(BODY, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("path,outlet,published\n" + rows, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("bad", ["2024-13-45", "yesterday-ish", "2023-02-30"])
def test_a_manifest_date_that_is_not_a_date_is_a_row_problem_not_metadata(tmp_path, bad):
    from claims.errors import InputError
    from claims.ingest import load_corpus

    folder = _manifest_corpus(tmp_path, f"a.txt,Port News,{bad}\nb.txt,Dock Daily,2022-04-11\n")
    corpus = load_corpus([folder])
    docs = {d.doc_id: d for d in corpus.documents}
    assert docs["a.txt"].outlet == "Port News" and docs["a.txt"].published != bad
    assert docs["b.txt"].published == "2022-04-11"
    [problem] = corpus.problems
    assert "row 1" in problem.message and bad in problem.message and "YYYY-MM-DD" in problem.message
    assert "\n" not in problem.message
    with pytest.raises(InputError, match="row 1"):
        load_corpus([folder], strict=True)


def test_manifest_dates_in_other_real_formats_are_normalised(tmp_path):
    from claims.ingest import load_corpus

    folder = _manifest_corpus(tmp_path, 'a.txt,Port News,"June 5, 2013"\nb.txt,Dock Daily,2013-06-05T10:00:00Z\n')
    corpus = load_corpus([folder])
    assert [d.published for d in corpus.documents] == ["2013-06-05", "2013-06-05"] and not corpus.problems


def test_a_duplicate_manifest_row_is_named_and_the_first_row_kept(tmp_path):
    from claims.ingest import load_corpus

    folder = _manifest_corpus(tmp_path, "a.txt,First Outlet,2022-01-01\nb.txt,B,2022-01-02\n./a.txt,Second Outlet,2022-01-03\n")
    corpus = load_corpus([folder])
    assert {d.doc_id: d.outlet for d in corpus.documents} == {"a.txt": "First Outlet", "b.txt": "B"}
    [problem] = corpus.problems
    assert "row 3" in problem.message and "row 1" in problem.message


def test_the_cli_says_which_manifest_row_was_skipped_not_the_manifest(tmp_path):
    from typer.testing import CliRunner

    from cli import app

    folder = _manifest_corpus(tmp_path, "../elsewhere.txt,Nope,2022-01-01\na.txt,Port News,2022-01-01\n")
    result = CliRunner().invoke(app, ["--quiet", "ingest", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    [line] = [ln for ln in result.output.splitlines() if "elsewhere" in ln]
    assert "row 1" in line and "skipped" in line and "other rows apply" in line
    assert "Port News" in (tmp_path / "out" / "documents.csv").read_text(encoding="utf-8")


# --- encodings, PDF, HTML, symbols ----------------------------------------------------------------


@pytest.mark.parametrize("encoding,bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-16-le", b""),
                                          ("utf-16-be", b""), ("utf-32-le", b"\xff\xfe\x00\x00")])
def test_utf16_and_utf32_text_is_decoded_not_called_binary(tmp_path, encoding, bom):
    from claims.ingest import load_corpus

    text = BODY.replace("port authority", "port authority of Malmö") + "Über 12 % — “quoted” 港口.\n"
    (tmp_path / "wide.txt").write_bytes(bom + text.encode(encoding))
    corpus = load_corpus([tmp_path])
    assert not corpus.problems
    doc = corpus.documents[0]
    assert doc.raw == text and "Malmö" in doc.text and "港口" in doc.text
    assert any(encoding[:6].upper() in note for note in doc.metadata_notes)


def _cli(*args: str):
    """The real command in a fresh process, so library log output would reach stderr as it does for a user."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    return subprocess.run([sys.executable, "-m", "claims", "--quiet", *args], cwd=root, capture_output=True, text=True)


def test_pdf_reader_warnings_stay_off_stderr_and_become_a_note(tmp_path):
    from test_ingest import make_pdf

    from claims.ingest import load_corpus

    data = make_pdf([["The port authority said traffic fell by a fifth in the first quarter."]])
    broken = data.replace(b"startxref\n", b"startxref\n9").replace(b"0000000009 00000 n", b"0000000007 00000 n")
    (tmp_path / "damaged.pdf").write_bytes(broken)
    doc = load_corpus([tmp_path]).documents[0]
    assert "traffic fell" in doc.text
    assert any("damaged" in note and "reader warnings" in note for note in doc.metadata_notes)
    done = _cli("ingest", str(tmp_path / "damaged.pdf"), "--out", str(tmp_path / "out"))
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert "reader warnings" in (tmp_path / "out" / "documents.csv").read_text(encoding="utf-8")


def _deep_html(depth: int, tag: str = "div") -> str:
    body = "".join(f"<p>{line}</p>" for line in BODY.split("\n") if line)
    return (f"<html><head><title>Port traffic</title></head><body>{f'<{tag}>' * depth}<article>{body}</article>"
            f"{f'</{tag}>' * depth}</body></html>")


@pytest.mark.parametrize("depth", [300, 3000])
def test_deeply_nested_html_still_gives_its_text_with_offsets(tmp_path, depth):
    from claims.ingest import load_corpus

    (tmp_path / "deep.html").write_text(_deep_html(depth), encoding="utf-8")
    corpus = load_corpus([tmp_path])
    assert not corpus.problems
    doc = corpus.documents[0]
    assert "container traffic fell by a fifth" in doc.text
    start = doc.text.index("container")
    a, b = doc.raw_span(start, start + len("container traffic"))
    assert doc.raw[a:b] == "container traffic"
    assert any("nested" in note for note in doc.metadata_notes)


def test_deep_nesting_with_nothing_to_flatten_is_a_one_line_problem(tmp_path):
    from claims.ingest import load_corpus

    (tmp_path / "good.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "deep.html").write_text(_deep_html(400, "blockquote"), encoding="utf-8")
    corpus = load_corpus([tmp_path])
    [problem] = corpus.problems
    assert re.search(r"deep\.html: HTML nested 4\d\d levels deep .*; save the article text as \.txt$", problem.message)
    done = _cli("ingest", str(tmp_path), "--out", str(tmp_path / "out"))
    assert done.returncode == 0
    assert done.stderr.strip().splitlines() == [ln for ln in done.stderr.strip().splitlines() if "deep.html" in ln]
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_lines_of_only_emoji_or_punctuation_never_become_claims(tmp_path, nlp):
    from claims import pipeline
    from claims.settings import Settings

    text = ("The mayor said the bridge will reopen in May.\n\n🔥🔥🔥🔥\n\n!!! ??? ...\n\n😀 😀 😀 😀 😀 😀 😀 😀 😀\n"
            "Police said two people were hurt in the crash.\n\n— * —\n\n🇺🇸🇺🇸 👍👍👍 !!!\n\n“…” ‼️ ⁉️\n")
    (tmp_path / "emoji.txt").write_text(text, encoding="utf-8")
    corpus = pipeline.ingest([tmp_path])
    claims = pipeline.extract(corpus.documents, nlp, Settings())
    assert all(any(c.isalpha() for c in t) for t in claims["text"])
    assert claims.loc[claims["is_claim"], "text"].tolist() == ["The mayor said the bridge will reopen in May.",
                                                              "Police said two people were hurt in the crash."]


def test_claim_docs_of_a_long_document_are_those_of_the_whole_parse(nlp, seeds_dir):
    """Copying claims out of sentence windows gives the same tokens, parse and entities as
    copying them out of the whole document (the windows only keep the cost linear)."""
    from claims.extract import parse_chunked, span_docs

    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt")))
    doc = next(parse_chunked(nlp, [text]))
    bounds = [(s.start_char, s.end_char) for s in doc.sents][::3] + [(0, 0), (len(text) - 5, len(text))]
    bounds += [(e.start_char + 1, e.end_char + 60) for e in doc.ents[::4]]  # cut through entities at either end
    bounds += [(max(0, e.start_char - 60), e.end_char - 1) for e in doc.ents[1::4] if len(e) > 1]
    direct = [span.as_doc() if span is not None else None for span in (doc.char_span(a, b, alignment_mode="expand") for a, b in bounds)]
    windowed = span_docs(doc, bounds, window=150)
    assert len(doc) > 600 and len(direct) == len(windowed)
    assert [d.to_json() for d in span_docs(doc, bounds, window=10**9) if d is not None] == [d.to_json() for d in direct if d is not None]
    for a, b in zip(direct, windowed):
        assert (a is None) == (b is None)
        if a is not None:
            assert a.to_json() == b.to_json()
