"""Appended-article splitting and duplicate / shared-passage detection."""
from __future__ import annotations

from claims.clean import clean
from claims.dedup import mark_duplicates, shared_passages, split_articles
from claims.ingest import load_corpus
from claims.records import Document
from claims.settings import IngestSettings

FARM = [
    "Farmers in the northern valley say the drought has cut their wheat harvest by half this year.",
    "Irrigation channels dried up in June, and the regional water board rationed supplies to three days a week.",
    "The agriculture ministry promised compensation, but farmers said the payments arrive too late to buy seed.",
    "Cooperatives are now planting barley and sorghum, which need less water than wheat and survive the heat.",
    "Grain traders expect prices to rise in the autumn as stocks run low across the valley and the coast.",
]
TENNIS = [
    "The defending champion lost in straight sets on centre court, ending a run of fourteen wins.",
    "Her opponent, ranked outside the top fifty, served eleven aces and broke serve four times.",
    "Spectators gave the qualifier a standing ovation after the final point of the tiebreak.",
    "The coach blamed a shoulder injury that had limited practice sessions before the tournament.",
    "The winner will face a former finalist in the quarter-final on Thursday afternoon.",
]


def make_doc(doc_id: str, raw: str, published: str | None = None) -> Document:
    c = clean(raw, "txt")
    return Document(doc_id=doc_id, path=doc_id, raw=raw, text=c.text, offsets=c.offsets,
                    regions=c.regions, removed=c.removed, title=c.title, published=published)


def two_articles(second: list[str]) -> str:
    head = "Drought Halves Wheat Harvest\n\nFarmers gather near a dry canal. (Reuters)\nFarmers gather near a dry canal. (Reuters)\n\n"
    head2 = "\n\n\nChampion Knocked Out Early\n\nThe champion leaves the court. (AP)\nThe champion leaves the court. (AP)\n\n"
    return head + "\n\n".join(FARM) + head2 + "\n\n".join(second)


def test_unrelated_appended_article_is_split():
    doc = make_doc("mixed.txt", two_articles(TENNIS))
    parts = split_articles(doc, IngestSettings(min_article_chars=200))
    assert [p.doc_id for p in parts] == ["mixed.txt", "mixed.txt#2"]
    assert [p.part for p in parts] == [1, 2]
    assert parts[0].title == "Drought Halves Wheat Harvest"
    assert parts[1].title == "Champion Knocked Out Early"
    assert parts[1].text.startswith("Champion Knocked Out Early")
    assert parts[1].raw == doc.raw and parts[1].path == doc.path
    for p in parts:
        assert p.raw[p.offsets[0]] == p.text[0]
        assert all(0 <= r.start < r.end <= len(p.text) for r in p.regions)


def test_related_second_section_is_not_split():
    doc = make_doc("same.txt", two_articles([s.replace("tournament", "harvest") for s in FARM[::-1]]))
    assert len(split_articles(doc, IngestSettings(min_article_chars=200))) == 1


def test_short_tail_is_not_split():
    doc = make_doc("short.txt", two_articles(TENNIS[:1]))
    assert len(split_articles(doc, IngestSettings(min_article_chars=200))) == 1


def test_exact_and_near_duplicates_marked():
    original = "Wire Story Title\n\n" + "\n\n".join(FARM)
    near = "\n".join(FARM[:4]) + "\nGrain traders expect prices to climb in the autumn."
    docs = [make_doc("a.txt", original), make_doc("b.txt", near), make_doc("c.txt", "\n".join(TENNIS))]
    mark_duplicates(docs)
    assert docs[0].duplicate_of is None and docs[2].duplicate_of is None
    assert docs[1].duplicate_of == "a.txt"
    assert 0.8 <= docs[1].duplicate_share <= 1.0


def test_exact_copy_of_longer_text_points_to_it_and_earlier_date_wins():
    docs = [make_doc("late.txt", "\n".join(FARM), "2021-05-02"), make_doc("early.txt", "\n".join(FARM), "2021-05-01")]
    mark_duplicates(docs)
    assert docs[0].duplicate_of == "early.txt" and docs[0].duplicate_share == 1.0
    assert docs[1].duplicate_of is None


def test_shared_passages_reports_partial_overlap():
    wire = "\n".join(FARM)
    rewrite = "\n".join(TENNIS[:3] + FARM[:2])
    docs = [make_doc("wire.txt", wire), make_doc("paper.txt", rewrite), make_doc("other.txt", "\n".join(TENNIS[3:]))]
    mark_duplicates(docs)
    assert docs[1].duplicate_of is None
    pairs = shared_passages(docs)
    assert len(pairs) == 1
    a, b, share = pairs[0]
    assert (a, b) == ("wire.txt", "paper.txt") and 0.2 < share < 0.6


def test_seeds_split_and_copy(seeds_dir):
    corpus = load_corpus([seeds_dir])
    ids = [d.doc_id for d in corpus.documents]
    assert ids.count("000_14f18aaa9a89bb65.txt#2") == 1 and len(ids) == 6
    by_id = {d.doc_id: d for d in corpus.documents}
    copy = by_id["001_c6b532b522fc60e6.txt"]
    assert copy.duplicate_of == "000_14f18aaa9a89bb65.txt" and copy.duplicate_share >= 0.95
    second = by_id["000_14f18aaa9a89bb65.txt#2"]
    assert second.title.startswith("Three Scenarios") and second.duplicate_of is None
    assert all(d.duplicate_of is None for d in corpus.documents if d.doc_id != copy.doc_id)
