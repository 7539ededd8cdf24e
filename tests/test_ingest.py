"""Readers, manifest, metadata inference, bad inputs and the written documents table."""
from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from claims.errors import InputError
from claims.ingest import documents_frame, infer_outlet, infer_published, load_corpus, write_documents

BODY = (
    "The port authority said on Monday that container traffic fell by a fifth in the first quarter.\n\n"
    "Shipping lines blamed higher fuel costs and a strike at two terminals, which ended last week.\n\n"
    "Dock workers said the new contract keeps their pay in line with inflation until next year.\n"
)


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal valid PDF with one text line per entry (Helvetica, top to bottom)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for lines in pages:
        ops = "".join(f"BT /F1 11 Tf 50 {760 - 14 * i} Td ({line}) Tj ET\n" for i, line in enumerate(lines))
        objects.append(f"<< /Length {len(ops.encode())} >>\nstream\n{ops}endstream")
        content = len(objects)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R /Resources << /Font << /F1 3 0 R >> >> >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out, offsets = b"%PDF-1.4\n", []
    for n, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{obj}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


HTML = """<!DOCTYPE html><html><head><title>Port traffic falls | Harbour Times</title>
<meta property="og:site_name" content="Harbour Times">
<meta name="author" content="Lena Berg">
<meta property="article:published_time" content="2022-04-11">
<script>var words = "port authority said";</script></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Port traffic falls by a fifth</h1>
<p>The port authority said on Monday that container traffic fell by a fifth in the first quarter of the year.</p>
<p>Shipping lines blamed higher fuel costs and a strike at two terminals, which ended last week after talks.</p>
<p>Dock workers said the new contract keeps their pay in line with inflation until next year&rsquo;s review.</p>
<p>The authority expects volumes to recover by the summer, when a new crane enters service at the east quay.</p>
</article><footer>Sign up for our newsletter</footer></body></html>
"""


@pytest.fixture
def corpus_dir(tmp_path):
    (tmp_path / "a.txt").write_text("Port Traffic Falls\n\n" + BODY, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text(
        "---\ntitle: Strike Ends\noutlet: Coast Weekly\ndate: 2022-04-03\nauthor: [Ana Ruiz, Tom Hart]\n---\n"
        "# Strike Ends at Two Terminals\n\nDock workers voted to accept the offer on Sunday evening after a week of talks.\n",
        encoding="utf-8",
    )
    (tmp_path / "page.html").write_text(HTML, encoding="utf-8")
    (tmp_path / "report.pdf").write_bytes(make_pdf([
        ["The harbour board met in March to discuss the dredging plan for the", "northern channel, which silted up after the winter storms."],
        ["Engineers said the work would take six weeks and cost less than", "the board had feared when the plan was first drawn up."],
    ]))
    rows = [{"text": BODY, "title": "Traffic down", "outlet": "Wire One", "published": "2022-04-11"},
            {"body": "", "title": "empty"},
            {"text": "Fuel prices rose again this week, the transport ministry said in a statement on Friday.", "outlet": "Wire Two"}]
    (tmp_path / "dump.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    pd.DataFrame([{"id": 1, "content": "Ferry services resumed on Tuesday after the storm passed the islands.", "source": "Island News"}]).to_csv(tmp_path / "dump.csv", index=False)
    return tmp_path


def by_id(corpus):
    return {d.doc_id: d for d in corpus.documents}


def test_mixed_folder_reads_every_type(corpus_dir):
    corpus = load_corpus([corpus_dir])
    docs = by_id(corpus)
    assert corpus.root == str(corpus_dir.resolve())
    assert set(docs) == {"a.txt", "sub/b.md", "page.html", "report.pdf", "dump.jsonl#1", "dump.jsonl#3", "dump.csv#1"}
    assert corpus.problems == []
    for d in corpus.documents:
        assert len(d.offsets) == len(d.text) and all(x < y for x, y in zip(d.offsets, d.offsets[1:]))


def test_txt_headline_and_offsets(corpus_dir):
    doc = by_id(load_corpus([corpus_dir / "a.txt"]))["a.txt"]
    assert doc.title == "Port Traffic Falls"
    i = doc.text.index("container traffic")
    a, b = doc.raw_span(i, i + len("container traffic"))
    assert doc.raw[a:b] == "container traffic"


def test_markdown_front_matter(corpus_dir):
    doc = by_id(load_corpus([corpus_dir]))["sub/b.md"]
    assert (doc.outlet, doc.published, doc.title, doc.author) == ("Coast Weekly", "2022-04-03", "Strike Ends", "Ana Ruiz, Tom Hart")
    assert "---" not in doc.text and "outlet:" not in doc.text
    assert doc.removed[0].reason == "front matter"
    assert doc.raw[doc.offsets[0]] == doc.text[0]


def test_html_main_text_meta_and_offsets(corpus_dir):
    doc = by_id(load_corpus([corpus_dir / "page.html"]))["page.html"]
    assert doc.outlet == "Harbour Times" and doc.author == "Lena Berg" and doc.published == "2022-04-11"
    assert "container traffic fell" in doc.text and "Home" not in doc.text and "newsletter" not in doc.text
    assert doc.raw == HTML
    assert any("HTML source" in n for n in doc.metadata_notes)
    for word in re.finditer(r"[A-Za-z]+", doc.text):
        a, b = doc.raw_span(word.start(), word.end())
        assert doc.raw[a:b] == word.group()


def test_pdf_text_layer(corpus_dir):
    doc = by_id(load_corpus([corpus_dir / "report.pdf"]))["report.pdf"]
    assert "for the northern channel" in doc.text
    assert "than the board had feared" in doc.text
    assert doc.raw[doc.offsets[0]] == doc.text[0]


def test_dumps_one_document_per_row(corpus_dir):
    corpus = load_corpus([str(corpus_dir / "dump.*")])
    docs = by_id(corpus)
    assert set(docs) == {"dump.jsonl#1", "dump.jsonl#3", "dump.csv#1"}
    assert docs["dump.jsonl#1"].outlet == "Wire One" and docs["dump.jsonl#1"].title == "Traffic down"
    assert docs["dump.csv#1"].outlet == "Island News"
    assert docs["dump.jsonl#1"].duplicate_of is None


def test_manifest_overrides_and_is_picked_up(corpus_dir):
    (corpus_dir / "manifest.csv").write_text("path,outlet,published,kind\na.txt,Port Gazette,2022-04-12,news\nsub/b.md,Override Weekly,,\n", encoding="utf-8")
    docs = by_id(load_corpus([corpus_dir]))
    assert (docs["a.txt"].outlet, docs["a.txt"].published, docs["a.txt"].kind) == ("Port Gazette", "2022-04-12", "news")
    assert docs["sub/b.md"].outlet == "Override Weekly" and docs["sub/b.md"].published == "2022-04-03"
    assert "manifest.csv" not in docs


@pytest.mark.parametrize("suffix,content", [
    (".json", json.dumps([{"path": "a.txt", "outlet": "Json Outlet"}])),
    (".yaml", "- path: a.txt\n  outlet: Yaml Outlet\n"),
])
def test_manifest_formats(corpus_dir, suffix, content):
    manifest = corpus_dir / f"meta{suffix}"
    manifest.write_text(content, encoding="utf-8")
    doc = by_id(load_corpus([corpus_dir / "a.txt"], manifest=manifest))["a.txt"]
    assert doc.outlet.endswith("Outlet") and "metadata from the manifest" in doc.metadata_notes


def test_inference_notes(tmp_path):
    raw = ("Aid Convoy Reaches City\n\nTOWN (Reuters) - An aid convoy reached the city on March 2, 2019, officials said.\n\n"
           "A second convoy is planned for April 4, 2019, a spokesman told reporters.\n")
    (tmp_path / "x.txt").write_text(raw, encoding="utf-8")
    doc = load_corpus([tmp_path]).documents[0]
    assert doc.published == "2019-04-04" and doc.outlet == "Reuters"
    assert any("inferred from the last date" in n and "low confidence" in n for n in doc.metadata_notes)


@pytest.mark.parametrize("text,expected", [
    ("It happened on 3 May 2020 and again on June 1, 2021.", "2021-06-01"),
    ("Filed 2019-12-31. Updated JUNE 6, 2013.", "2019-12-31"),
    ("In May 2013 the offensive began.", None),
])
def test_infer_published(text, expected):
    assert infer_published(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("A source told Daily Planet that the deal held. An aide told Daily Planet more.", "Daily Planet"),
    ("An official told Daily Planet that the deal held.", None),
    ("You may occasionally receive promotional content from the Evening Star.", "Evening Star"),
])
def test_infer_outlet(text, expected):
    found = infer_outlet(text)
    assert (found[0] if found else None) == expected


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize("name,data,fix", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n ", "empty file"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> garbage", "corrupt or unreadable PDF"),
    ("photo.png", b"not really a png", "unsupported file type"),
    ("notes", b"no extension here", "unsupported file type"),
])
def test_bad_file_is_a_problem_and_others_still_load(tmp_path, name, data, fix):
    (tmp_path / "good.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / name).write_bytes(data)
    corpus = load_corpus([tmp_path])
    assert [d.doc_id for d in corpus.documents] == ["good.txt"]
    assert len(corpus.problems) == 1 and corpus.problems[0].path == name
    message = corpus.problems[0].message
    assert fix in message and name in message and "\n" not in message and ";" in message
    with pytest.raises(InputError, match=re.escape(name)):
        load_corpus([tmp_path], strict=True)


def test_invalid_utf8_falls_back_and_says_so(tmp_path):
    (tmp_path / "old.txt").write_bytes("Caf\u00e9 owners said the \u201cnew rules\u201d hurt trade in the old town.".encode("cp1252"))
    doc = load_corpus([tmp_path]).documents[0]
    assert "Café" in doc.text and "“new rules”" in doc.text
    assert doc.encoding == "cp1252" and any("cp1252" in n for n in doc.metadata_notes)


def test_missing_path_and_nothing_readable(tmp_path):
    (tmp_path / "good.txt").write_text(BODY, encoding="utf-8")
    corpus = load_corpus([tmp_path / "good.txt", tmp_path / "missing.txt"])
    assert [p.path for p in corpus.problems] == [str(tmp_path / "missing.txt")]
    with pytest.raises(InputError, match="missing.txt"):
        load_corpus([tmp_path / "missing.txt"])
    with pytest.raises(InputError, match="no document could be read"):
        (tmp_path / "e.txt").write_text("")
        load_corpus([tmp_path / "e.txt"])


def test_manifest_row_outside_corpus(tmp_path):
    (tmp_path / "good.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("path,outlet\n../secret.txt,Nope\ngood.txt,Fine Outlet\n", encoding="utf-8")
    corpus = load_corpus([tmp_path])
    assert corpus.documents[0].outlet == "Fine Outlet"
    assert len(corpus.problems) == 1 and "outside the corpus folder" in corpus.problems[0].message
    with pytest.raises(InputError, match="outside the corpus folder"):
        load_corpus([tmp_path], strict=True)


# --- table and files --------------------------------------------------------------------------


def test_documents_frame_and_write(corpus_dir, tmp_path):
    corpus = load_corpus([corpus_dir])
    frame = documents_frame(corpus.documents)
    assert list(frame.columns) == ["doc_id", "path", "part", "outlet", "published", "title", "kind", "url", "author",
                                   "duplicate_of", "duplicate_share", "n_chars", "metadata_notes"]
    assert len(frame) == len(corpus.documents)
    out = tmp_path / "out"
    written = write_documents(corpus, out)
    assert (out / "documents.csv").exists() and (out / "documents.parquet").exists()
    assert len(list((out / "texts").glob("*.txt"))) == len(corpus.documents)
    assert pd.read_parquet(out / "documents.parquet")["doc_id"].tolist() == frame["doc_id"].tolist()
    assert all(p.exists() for p in written)


def test_seeds_corpus(seeds_dir):
    corpus = load_corpus([seeds_dir])
    docs = by_id(corpus)
    assert corpus.problems == [] and len(docs) == 6
    assert docs["004_22f990e6cdc287b5.txt"].kind == "analysis" and docs["004_22f990e6cdc287b5.txt"].author == "Elizabeth O'Bagy"
    assert docs["002_3b3595688281c5ca.txt"].published == "2013-06-05"
    now = docs["002_3b3595688281c5ca.txt"]
    assert now.region_at(now.text.index("What a disgrace!")) == "comment"
    assert not now.text.count("Dahiyeh celebration\nDahiyeh celebration")
    la = docs["003_ed2e3873cc5f8452.txt"]
    assert "More to Read" not in la.text and "inbox" not in la.text
