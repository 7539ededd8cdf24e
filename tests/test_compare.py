"""Comparison: candidate pairs, time and independence rules, findings, determinism.

The algorithms are tested with a tiny rule scorer that follows the RelationScorer protocol;
one test runs the real scorer from claims.relations.
"""
import re
from dataclasses import asdict

import numpy as np
import pandas as pd
import pytest

from claims.compare import Comparison, compare_claims, exhaustive_cross_source_pairs, finding_id, pair_keys
from claims.embed import Embedder
from claims.records import CONFLICT_KINDS, Claim, Document, Relation, to_frame
from claims.settings import CompareSettings

NEGATION = re.compile(r"\b(not|no|never|denied)\b", re.I)


class RuleScorer:
    """Numbers differ -> numeric_mismatch; one side negated -> contradiction; else similar -> corroboration."""

    def __init__(self):
        self.calls = 0

    def predict(self, pairs, embeddings=None):
        self.calls += len(pairs)
        out = []
        for (a, b), ea, eb in zip(pairs, *embeddings):
            sim = float(ea @ eb)
            na, nb = set(re.findall(r"\d+", a["text"])), set(re.findall(r"\d+", b["text"]))
            if na and nb and na != nb and sim > 0.5:
                out.append(Relation("numeric_mismatch", 0.9, f"{sorted(na)} vs {sorted(nb)}"))
            elif bool(NEGATION.search(a["text"])) != bool(NEGATION.search(b["text"])) and sim > 0.5:
                out.append(Relation("contradiction", 0.8, "one account denies the other"))
            elif sim > 0.75:
                out.append(Relation("corroboration", round(sim, 4), ""))
            else:
                out.append(Relation("unrelated", 0.9, ""))
        return out


def doc(doc_id, outlet, published, duplicate_of=None):
    return Document(doc_id=doc_id, path=doc_id, raw="", text="", offsets=[], outlet=outlet, published=published, duplicate_of=duplicate_of)


DOCS = [
    doc("ledger.txt", "Ledger", "2021-03-03"), doc("copy.txt", "Ledger", "2021-03-03", duplicate_of="ledger.txt"),
    doc("post.txt", "Post", "2021-03-04"), doc("gazette.txt", "Gazette", "2021-03-04"),
    doc("old.txt", "Courier", "2013-06-06"), doc("new.txt", "Herald", "2024-12-07"),
]
ROWS = [
    # id, doc, speaker, speaker_id, text
    ("L1", "ledger.txt", "the fire brigade", "fire-brigade", "The fire at the textile factory killed 12 workers."),
    ("L2", "ledger.txt", "the owner", "factory-owner", "The owner said the sprinklers were working on the night of the fire."),
    ("L3", "ledger.txt", "a worker", "anon:ledger.txt:a-worker", "A worker said the sprinklers were not working on the night of the fire."),
    ("C1", "copy.txt", "the fire brigade", "fire-brigade", "The fire at the textile factory killed 12 workers."),
    ("C3", "copy.txt", "a worker", "anon:copy.txt:a-worker", "A worker said the sprinklers were not working on the night of the fire."),
    ("P1", "post.txt", "the union", "union", "The fire at the textile factory killed 30 workers."),
    ("P2", "post.txt", "police", "police", "Police said the blaze at the textile factory started in a storeroom."),
    ("G2", "gazette.txt", "investigators", "investigators", "Investigators said the blaze at the textile factory started in the storeroom."),
    ("O1", "old.txt", "the army", "army", "The army took control of the town after the rebels fled."),
    ("N1", "new.txt", "the opposition", "opposition", "The army did not take control of the town; the rebels held it."),
]
TIMES = {"old.txt": "2013-06-05", "new.txt": "2024-12-06"}


@pytest.fixture(scope="module")
def claims():
    out = []
    for cid, d, speaker, sid, text in ROWS:
        outlet = next(x.outlet for x in DOCS if x.doc_id == d)
        when = TIMES.get(d, "2021-03-02")
        out.append(Claim(id=cid, doc=d, path=d, start=10, end=10 + len(text), cstart=0, cend=len(text), text=text, sentence=text,
                         speaker=speaker, speaker_id=sid, outlet=outlet, published=when, time_start=when, time_end=when))
    return to_frame(out, Claim)


@pytest.fixture(scope="module")
def embeddings(claims, embedder):
    return Embedder(embedder, cache_dir=False).encode(claims["text"].tolist())


@pytest.fixture(scope="module")
def result(claims, embeddings):
    return compare_claims(claims, embeddings, RuleScorer(), DOCS)


def pair_ids(findings, relation=None):
    return {frozenset((f.a["id"], f.b["id"])): f for f in findings if relation in (None, f.relation)}


def test_pair_keys_are_unordered_unique_and_drop_self_pairs():
    keys = pair_keys(np.array([3, 1, 2, 2, 0]), np.array([1, 3, 0, 2, 2]), n=5)
    assert keys.tolist() == [0 * 5 + 2, 1 * 5 + 3]
    assert [tuple(divmod(int(k), 5)) for k in keys] == [(0, 2), (1, 3)]


@pytest.mark.parametrize("a, b, kind", [
    ("L1", "P1", "numeric_mismatch"),  # different outlets disagree on a count
    ("L2", "L3", "contradiction"),  # two people quoted in one article disagree
])
def test_conflicts_are_found(result, a, b, kind):
    found = pair_ids(result.findings, "conflict")
    assert frozenset((a, b)) in found
    assert found[frozenset((a, b))].kind == kind


def test_corroboration_names_independent_sources(result):
    finding = pair_ids(result.findings, "corroboration")[frozenset(("P2", "G2"))]
    assert finding.independent_sources == ["investigators", "police"]


def test_no_finding_rests_on_a_copy(result):
    for f in result.findings:
        assert "copy.txt" not in (f.a["doc"], f.b["doc"])


def test_events_years_apart_are_not_conflicts(result):
    assert frozenset(("O1", "N1")) not in pair_ids(result.findings)


def test_finding_fields(result):
    f = pair_ids(result.findings)[frozenset(("L1", "P1"))]
    assert f.id == finding_id("L1", "P1") == finding_id("P1", "L1")
    assert f.kind in CONFLICT_KINDS and 0 <= f.score <= 1 and f.explanation
    for side in (f.a, f.b):
        assert {"id", "doc", "start", "end", "text", "speaker", "speaker_id", "via_outlet", "outlet", "published", "group"} <= set(side)
        assert side["end"] - side["start"] == len(side["text"])
    assert {f.a["outlet"], f.b["outlet"]} == {"Ledger", "Post"}


def test_claims_gain_cluster_and_group(result, claims):
    assert isinstance(result, Comparison)
    assert list(result.claims["id"]) == list(claims["id"])
    assert {"cluster", "group"} <= set(result.claims.columns)
    groups = dict(zip(result.claims["id"], result.claims["group"]))
    assert groups["L3"] == groups["C3"] and groups["L1"] == groups["C1"] and groups["L2"] != groups["L3"]


def test_stats_count_scored_and_exhaustive_pairs(claims, embeddings):
    scorer = RuleScorer()
    stats = compare_claims(claims, embeddings, scorer, DOCS).stats
    assert stats["pairs_scored"] == scorer.calls > 0
    assert stats["exhaustive_cross_source_pairs"] == exhaustive_cross_source_pairs(claims) == 44  # L1 and C1: one speaker, one outlet
    assert stats["pairs_scored"] < stats["exhaustive_cross_source_pairs"]
    assert stats["claims"] == 10


def test_deterministic(claims, embeddings):
    first = compare_claims(claims, embeddings, RuleScorer(), DOCS)
    second = compare_claims(claims.copy(), embeddings.copy(), RuleScorer(), DOCS)
    assert [asdict(f) for f in first.findings] == [asdict(f) for f in second.findings]
    assert [f.score for f in first.findings] == sorted((f.score for f in first.findings), reverse=True)


def test_caps_keep_the_best(claims, embeddings):
    capped = compare_claims(claims, embeddings, RuleScorer(), DOCS, CompareSettings(max_conflicts=1, max_corroborations=0))
    assert [f.kind for f in capped.findings] == ["numeric_mismatch"]
    assert capped.stats["findings_left_out"] == capped.stats["findings_above_threshold"] - 1 > 0


def test_no_silent_cap_and_max_findings_counts_what_it_leaves_out(claims, embeddings):
    from claims.compare import select_findings
    from claims.records import Finding

    every = compare_claims(claims, embeddings, RuleScorer(), DOCS)
    assert every.stats["findings_left_out"] == 0
    assert len(every.findings) == every.stats["findings_above_threshold"] >= 2
    capped = compare_claims(claims, embeddings, RuleScorer(), DOCS, CompareSettings(max_findings=1))
    assert [f.id for f in capped.findings] == [every.findings[0].id]
    assert capped.stats["findings_left_out"] == len(every.findings) - 1

    def finding(n, score):
        side = lambda who: {"id": f"{who}:{n:04d}", "speaker_id": who, "cluster": n % 3}
        return Finding(id=f"F{n:04d}", relation="conflict", kind="contradiction", score=score,
                       explanation="x", cluster=n % 3, a=side("a"), b=side("b"))

    many = [finding(n, 0.99 - n / 1000) for n in range(250)]
    kept, counts = select_findings(many, CompareSettings())
    assert [f.id for f in kept] == [f.id for f in many] and counts["findings_left_out"] == 0


def test_non_claims_are_never_paired(claims, embeddings):
    edited = claims.copy()
    edited.loc[edited["id"] == "P1", "is_claim"] = False
    found = compare_claims(edited, embeddings, RuleScorer(), DOCS).findings
    assert all("P1" not in (f.a["id"], f.b["id"]) for f in found)


def test_scorer_contract_is_checked(claims, embeddings):
    class Short:
        def predict(self, pairs, embeddings=None):
            return []

    with pytest.raises(ValueError, match="one per pair"):
        compare_claims(claims, embeddings, Short(), DOCS)


def test_real_relation_scorer(claims, embeddings, nlp):
    from claims.relations import load_scorer

    found = compare_claims(claims, embeddings, load_scorer(nlp), DOCS).findings
    conflicts = pair_ids(found, "conflict")
    assert frozenset(("L1", "P1")) in conflicts
    assert all("copy.txt" not in (f.a["doc"], f.b["doc"]) for f in found)
    assert frozenset(("O1", "N1")) not in conflicts


def test_documents_about_different_events_are_not_compared(embedder):
    texts = {"a.txt": "Floods hit Marbury on Monday. In Marbury, officials said 40 people died. Marbury is on the coast.",
             "b.txt": "Floods hit Tolvane on Monday. In Tolvane, officials said 90 people died. Tolvane is inland.",
             "c.txt": "Floods hit Marbury on Monday. Rescuers in Marbury said 90 people died. Marbury was cut off."}
    docs = [Document(doc_id=d, path=d, raw=t, text=t, offsets=list(range(len(t))), outlet=d[0].upper(), published="2020-01-06") for d, t in texts.items()]
    rows = [Claim(id=f"{d}:1", doc=d, path=d, start=0, end=1, cstart=0, cend=1, text=t.split(". ")[1], sentence=t.split(". ")[1],
                  speaker_id="officials", outlet=d[0].upper(), published="2020-01-06") for d, t in texts.items()]
    for row, who in zip(rows, ("officials-a", "officials-b", "rescuers")):
        row.speaker_id = who
    claims = to_frame(rows, Claim)
    emb = Embedder(embedder, cache_dir=False).encode(claims["text"].tolist())
    found = pair_ids(compare_claims(claims, emb, RuleScorer(), docs).findings, "conflict")
    assert frozenset(("a.txt:1", "c.txt:1")) in found
    assert frozenset(("a.txt:1", "b.txt:1")) not in found and frozenset(("b.txt:1", "c.txt:1")) not in found


def test_empty_claims_give_no_findings():
    result = compare_claims(to_frame([], Claim), np.zeros((0, 4), dtype=np.float32), RuleScorer(), [])
    assert result.findings == [] and result.stats["pairs_scored"] == 0 and "cluster" in result.claims


def test_one_claim_is_paired_with_one_other_source_at_most_twice():
    from claims.compare import cap_findings
    from claims.records import Finding

    def finding(n, b_speaker, score):
        a = {"id": "a:0001", "speaker_id": "mayor", "cluster": 1}
        b = {"id": f"b:{n:04d}", "speaker_id": b_speaker, "cluster": 1}
        return Finding(id=f"F{n}", relation="conflict", kind="contradiction", score=score,
                       explanation="x", cluster=1, a=a, b=b)

    flood = [finding(n, "council", 0.9 - n / 100) for n in range(5)] + [finding(9, "union", 0.5)]
    kept = cap_findings(flood, per_cluster=50, total=100, per_claim_source=2)
    assert [f.id for f in kept] == ["F0", "F1", "F9"]


def test_an_undated_claim_meets_a_claim_of_its_story_dated_two_years_earlier(embedder):
    from claims.compare import candidate_pairs

    texts = {"a.txt": "Talvane Foods recalled its jars. Greaves said the supplier changed the lid alloy without telling Talvane Foods.",
             "b.txt": "Talvane Foods recalled its jars. Chou said Talvane Foods approved the new lid alloy in writing in November 2024.",
             "c.txt": "Talvane Foods recalled its jars. Mora said Talvane Foods first sold the jars in 2019."}
    docs = [Document(doc_id=d, path=d, raw=t, text=t, offsets=list(range(len(t))), outlet=d[0].upper(), published="2026-11-10") for d, t in texts.items()]
    when = {"a.txt": ("2026-11-10", "2026-11-10", "publication date"), "b.txt": ("2024-11-01", "2024-11-30", "in November 2024"),
            "c.txt": ("2019-01-01", "2019-12-31", "in 2019")}
    rows = [Claim(id=f"{d}:1", doc=d, path=d, start=0, end=1, cstart=0, cend=1, text=t.split(". ")[1], sentence=t.split(". ")[1],
                  speaker_id=d, outlet=d[0].upper(), published="2026-11-10", time_start=when[d][0], time_end=when[d][1],
                  time_text=when[d][2]) for d, t in texts.items()]
    claims = to_frame(rows, Claim)
    emb = Embedder(embedder, cache_dir=False).encode(claims["text"].tolist())
    from claims.compare import document_topics

    pairs, _ = candidate_pairs(claims, emb, np.full(3, -1), claims["speaker_id"], CompareSettings(), topics=document_topics(docs, 5))
    assert (0, 1) in pairs  # undated vs November 2024: one story, two years
    assert (1, 2) not in pairs and (0, 2) not in pairs  # dated five years apart, or undated and seven years apart


def test_the_encoder_reads_each_claims_closest_pair_per_document_first():
    from claims.compare import encoder_pairs

    angles = np.radians([0, -55, 20, -30])  # claims 0, 1 in document a; 2, 3 in document b
    emb = np.stack([np.cos(angles), np.sin(angles)], axis=1).astype(np.float32)
    docs = np.array(["a", "a", "b", "b"], dtype=object)
    pairs = [(0, 2), (0, 3), (1, 2), (1, 3)]
    assert encoder_pairs(pairs, emb, docs, budget=10) == [0, 1, 2, 3]
    # (0, 2) and (1, 3) are each claim's closest in the other document; (0, 3) is closer than (1, 2)
    assert encoder_pairs(pairs, emb, docs, budget=2) == [0, 3]
    assert encoder_pairs(pairs, emb, docs, budget=3) == [0, 1, 3]
    assert encoder_pairs(pairs, emb, docs, budget=0) == []
    # claims 1 and 2 clustered together: their pair goes first, however far apart
    assert encoder_pairs(pairs, emb, docs, budget=2, clusters=np.array([-1, 4, 4, -1])) == [0, 2]
    # and up to cluster_extra more pairs of one cluster beyond the budget, none outside
    assert encoder_pairs(pairs, emb, docs, budget=1, clusters=np.array([7, 4, 4, 7]), cluster_extra=5) == [1, 2]
    # inside a cluster, a pair where one claim disputes and the other does not goes first
    same = np.array([4, 4, 4, 4])
    assert encoder_pairs(pairs, emb, docs, budget=2, clusters=same) == [0, 3]
    assert encoder_pairs(pairs, emb, docs, budget=2, clusters=same, disputes=np.array([False, False, True, False])) == [0, 2]


def test_disputing_claims_are_those_with_a_word_of_refutation_or_negation():
    from claims.compare import disputing

    texts = ["Singer found dead at home", "Singer's death is a hoax", "The mayor did not resign", "Police deny the report"]
    assert disputing(texts).tolist() == [False, True, True, True]
    # any form of a word calling a report false
    forms = ["Viral rescue video was faked, firefighters say", "Man behind lottery win story exposed as hoaxer",
             "Reports of the mayor's arrest are greatly exaggerated", "The stolen-painting story is a lie",
             "Museum reopens after flood repairs"]
    assert disputing(forms).tolist() == [True, True, True, True, False]


def test_the_encoder_reads_the_budgeted_pairs_and_signs_them(claims, embeddings, nlp):
    """Plumbing on the real MiniLM with an untrained head: which pairs it reads, and its signal."""
    from claims.models import packaged_embedding_path
    from claims.pairencoder import PairEncoder
    from claims.relations import load_scorer

    import torch

    torch.manual_seed(0)
    scorer = load_scorer(nlp)
    scorer.encoder = PairEncoder(packaged_embedding_path(), trainable_layers=1).build()
    found = compare_claims(claims, embeddings, scorer, DOCS, CompareSettings(min_encoder_pairs=2, encoder_pairs_per_claim=0, cluster_encoder_pairs=0))
    assert found.stats["pairs_encoded"] == 2
    signed = [f for f in found.findings if "encoder" in f.signals]
    assert 0 < len(signed) <= 2
    assert all(0.0 <= f.signals["encoder"]["value"] <= 1.0 for f in signed)


def test_real_scorer_with_the_relation_encoder(claims, embeddings, nlp):
    from claims.models import load_relation_encoder
    from claims.relations import load_scorer

    encoder = load_relation_encoder()
    if encoder is None:
        pytest.skip("no shipped relation encoder")
    scorer = load_scorer(nlp)
    scorer.encoder = encoder
    found = compare_claims(claims, embeddings, scorer, DOCS, CompareSettings(min_encoder_pairs=3, encoder_pairs_per_claim=0, cluster_encoder_pairs=0))
    assert found.stats["pairs_encoded"] == 3
    conflicts = pair_ids(found.findings, "conflict")
    assert frozenset(("L1", "P1")) in conflicts
    assert frozenset(("O1", "N1")) not in conflicts
    assert any("encoder" in f.signals for f in found.findings)


def test_a_corroboration_the_encoder_read_has_its_own_threshold():
    from claims.compare import reportable

    settings = CompareSettings(min_corroboration_score=0.6, min_encoder_corroboration_score=0.5)
    trees = Relation("corroboration", 0.55, "both say: 'fire'", {"cosine": 0.8})
    read = Relation("corroboration", 0.55, "both say: 'fire'", {"cosine": 0.8, "encoder": {"value": 0.1}})
    assert not reportable(trees, settings)
    assert reportable(read, settings)
    assert not reportable(Relation("corroboration", 0.45, "", {"encoder": {"value": 0.1}}), settings)
    assert not reportable(Relation("elaboration", 0.9, "", {"encoder": {"value": 0.1}}), settings)


def test_one_speaker_as_two_outlets_report_them_may_disagree_but_never_corroborates(embedder):
    texts = {"a.txt": "The minister said 40 people died in the flood.",
             "b.txt": "The minister said 90 people died in the flood.",
             "c.txt": "The minister said 40 people died in the flood on Monday."}
    docs = [Document(doc_id=d, path=d, raw=t, text=t, offsets=list(range(len(t))), outlet=d[0].upper(), published="2020-01-06")
            for d, t in texts.items()]
    rows = [Claim(id=f"{d}:1", doc=d, path=d, start=0, end=len(t), cstart=0, cend=len(t), text=t, sentence=t,
                  speaker="Ann Roe", speaker_id="ann-roe", outlet=d[0].upper(), published="2020-01-06") for d, t in texts.items()]
    claims = to_frame(rows, Claim)
    emb = Embedder(embedder, cache_dir=False).encode(claims["text"].tolist())
    result = compare_claims(claims, emb, RuleScorer(), docs)
    assert frozenset(("a.txt:1", "b.txt:1")) in pair_ids(result.findings, "conflict")  # a misquote, or a changed story
    assert not pair_ids(result.findings, "corroboration")  # one person repeated is no independent support
    assert result.stats["pairs_relayed"] == 3
