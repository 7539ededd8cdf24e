"""Clustering claims about one fact across sources: sparse graph, time blocks, source rule."""
import numpy as np
import pandas as pd
import pytest
from sklearn.cluster import DBSCAN

from claims.cluster import ClaimClusterer, cluster_claims, parse_day, require_cross_source, time_bounds
from claims.records import Claim, to_frame
from claims.settings import ClusterSettings


def claim_frame(rows):
    """Claims from (id, outlet, speaker_id, text, time_start) tuples, one document per claim."""
    claims = [
        Claim(id=cid, doc=f"{outlet}/{cid}.txt", path=f"{outlet}/{cid}.txt", start=0, end=len(text), cstart=0, cend=len(text),
              text=text, sentence=text, speaker_id=speaker, outlet=outlet, time_start=when, time_end=when)
        for cid, outlet, speaker, text, when in rows
    ]
    return to_frame(claims, Claim)


ROWS = [
    ("fire1", "ledger", "fire-brigade", "The fire at the textile factory killed 12 workers.", "2021-03-02"),
    ("fire2", "post", "union", "Thirty workers died in the textile factory fire.", "2021-03-02"),
    ("bank1", "ledger", "central-bank", "The central bank raised its main interest rate by half a point.", "2022-07-14"),
    ("bank2", "post", "analysts", "The central bank increased the benchmark interest rate by 0.5 percentage points.", "2022-07-14"),
    ("deal1", "gazette", "club", "The striker signed a five-year contract with the club.", "2023-01-10"),
    ("deal2", "gazette", "club", "The striker's new contract with the club runs for five years.", "2023-01-10"),
    ("town1", "ledger", "army", "The army recaptured the town of Qusair from the rebels.", "2013-06-05"),
    ("town2", "post", "ministry", "Government forces retook the town of al-Qusayr from rebel fighters.", "2013-06-05"),
    ("town3", "gazette", "opposition", "Opposition fighters seized the town of Qusayr from the army.", "2024-12-06"),
    ("misc", "post", "", "Tickets for the concert sold out within minutes.", "2023-05-01"),
]


@pytest.fixture(scope="module")
def data(embedder):
    claims = claim_frame(ROWS)
    from claims.embed import Embedder

    return claims, Embedder(embedder, cache_dir=False).encode(claims["text"].tolist())


def label_of(claims, labels, cid):
    return labels[claims.index[claims["id"] == cid][0]]


@pytest.mark.parametrize("algorithm", ["agglomerative", "components"])
def test_same_fact_across_sources_clusters(data, algorithm):
    claims, emb = data
    labels = cluster_claims(claims, emb, ClusterSettings(algorithm=algorithm))
    lab = lambda cid: label_of(claims, labels, cid)
    assert lab("fire1") >= 0 and lab("fire1") == lab("fire2")
    assert lab("bank1") >= 0 and lab("bank1") == lab("bank2")
    assert lab("fire1") != lab("bank1")
    assert lab("town1") >= 0 and lab("town1") == lab("town2")
    assert lab("town3") != lab("town1")
    assert lab("misc") == -1


def test_single_source_cluster_gets_minus_one(data):
    claims, emb = data
    labels = cluster_claims(claims, emb, ClusterSettings())
    assert label_of(claims, labels, "deal1") == -1 and label_of(claims, labels, "deal2") == -1


def test_non_claims_are_not_clustered(data):
    claims, emb = data
    claims = claims.copy()
    claims.loc[claims["id"] == "fire2", "is_claim"] = False
    labels = cluster_claims(claims, emb, ClusterSettings())
    assert label_of(claims, labels, "fire2") == -1 and label_of(claims, labels, "fire1") == -1


def test_identical_claims_years_apart_never_merge():
    claims = claim_frame([
        ("a", "x", "s1", "The town fell.", "2013-06-05"), ("b", "y", "s2", "The town fell.", "2024-12-06"),
        ("c", "z", "s3", "The town fell.", "2013-06-04"),
    ])
    emb = np.tile(np.array([[1.0, 0.0, 0.0]], dtype=np.float32), (3, 1))
    labels = cluster_claims(claims, emb, ClusterSettings())
    assert labels[0] == labels[2] >= 0 and labels[1] == -1


def test_unknown_time_joins_either():
    claims = claim_frame([("a", "x", "s1", "t", "2013-06-05"), ("b", "y", "s2", "t", "")])
    claims["published"] = ""
    labels = cluster_claims(claims, np.ones((2, 3), dtype=np.float32), ClusterSettings())
    assert labels[0] == labels[1] == 0


def test_any_fit_labels_object_is_a_clusterer(data):
    claims, emb = data
    labels = cluster_claims(claims, emb, clusterer=DBSCAN(eps=0.5, min_samples=2, metric="cosine"))
    assert labels.shape == (len(claims),)
    assert label_of(claims, labels, "bank1") == label_of(claims, labels, "bank2") >= 0


def test_clusterer_is_sklearn_style():
    c = ClaimClusterer(distance_threshold=0.3)
    assert not hasattr(c, "labels_")
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(50, 32))
    emb = np.repeat(centres, 4, axis=0) + 0.01 * rng.normal(size=(200, 32))
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    assert c.fit(emb) is c
    assert c.n_clusters_ == 50
    assert len(set(c.labels_[:4])) == 1 and c.labels_[0] != c.labels_[4]


def test_unknown_algorithm_is_refused():
    with pytest.raises(ValueError, match="use one of"):
        ClaimClusterer(algorithm="kmeans").fit(np.eye(3))


def test_mismatched_rows_are_refused(data):
    claims, emb = data
    with pytest.raises(ValueError, match="row"):
        cluster_claims(claims, emb[:3], ClusterSettings())


def test_require_cross_source():
    claims = claim_frame([("a", "x", "s", "t", ""), ("b", "x", "s", "t", ""), ("c", "x", "s", "t", ""), ("d", "y", "s", "t", "")])
    assert list(require_cross_source(np.array([0, 0, 1, 1]), claims)) == [-1, -1, 0, 0]


@pytest.mark.parametrize("value, end, expected", [
    ("2013", False, "2013-01-01"), ("2013", True, "2013-12-31"), ("2013-02", True, "2013-02-28"),
    ("2013-06-05", False, "2013-06-05"), ("2024-12-06T10:00", True, "2024-12-06"),
])
def test_parse_day(value, end, expected):
    from datetime import date

    assert date.fromordinal(int(parse_day(value, end))).isoformat() == expected


def test_time_bounds_fall_back_to_publication():
    claims = claim_frame([("a", "x", "s", "t", "")])
    claims["published"] = "2020-05"
    lo, hi = time_bounds(claims)
    assert (lo[0], hi[0]) == (parse_day("2020-05-01"), parse_day("2020-05-31"))
    assert np.isnan(parse_day("no date"))


def test_unknown_time_cannot_chain_two_events():
    claims = claim_frame([("a", "x", "s1", "t", "2013-06-05"), ("b", "y", "s2", "t", ""), ("c", "z", "s3", "t", "2024-12-06")])
    claims["published"] = ""
    labels = cluster_claims(claims, np.ones((3, 3), dtype=np.float32), ClusterSettings())
    assert labels[0] == labels[1] >= 0 and labels[2] == -1


QUAKES = [
    # (doc, outlet, text): two earthquakes of one kind, two documents each, worded differently
    ("a1.txt", "ledger", "A magnitude 6.1 earthquake struck the port town of Velmora on Monday, killing 14 people."),
    ("a1.txt", "ledger", "Rescuers in Velmora searched collapsed apartment blocks through the night."),
    ("a1.txt", "ledger", "Governor Ilse Marren declared a state of emergency in Velmora province."),
    ("a2.txt", "post", "Fourteen people died in Velmora after Monday's 6.1 quake flattened homes near the harbour."),
    ("a2.txt", "post", "Marren said emergency crews had reached every district of Velmora."),
    ("a2.txt", "post", "Apartment blocks in the port collapsed, trapping residents."),
    ("b1.txt", "gazette", "A magnitude 5.4 earthquake hit the mountain city of Droskov on Friday, killing three people."),
    ("b1.txt", "gazette", "Mayor Teodor Vasko said schools in Droskov would stay closed."),
    ("b1.txt", "gazette", "Rescuers searched collapsed houses in the old town of Droskov."),
    ("b2.txt", "herald", "Three people were killed when Friday's 5.4 quake shook Droskov."),
    ("b2.txt", "herald", "Vasko ordered engineers to inspect every school in Droskov."),
    ("b2.txt", "herald", "Houses in Droskov's old town collapsed during the tremor."),
]


@pytest.fixture(scope="module")
def quakes(embedder):
    from claims.embed import Embedder

    claims = to_frame([Claim(id=f"{doc}:{n}", doc=doc, path=doc, start=0, end=len(text), cstart=0, cend=len(text), text=text,
                             sentence=text, outlet=outlet, speaker_id="") for n, (doc, outlet, text) in enumerate(QUAKES)], Claim)
    return claims, Embedder(embedder, cache_dir=False).encode(claims["text"].tolist())


def test_documents_group_by_event_not_by_kind(quakes):
    from claims.cluster import document_events

    claims, emb = quakes
    settings = ClusterSettings()
    events = document_events(claims, emb, settings.doc_threshold, settings.doc_text_weight)
    by_doc = dict(zip(claims["doc"], events))
    assert by_doc["a1.txt"] == by_doc["a2.txt"] and by_doc["b1.txt"] == by_doc["b2.txt"]
    assert by_doc["a1.txt"] != by_doc["b1.txt"]


def test_claims_of_two_events_of_one_kind_stay_apart(quakes):
    claims, emb = quakes
    labels = cluster_claims(claims, emb, ClusterSettings())
    lab = dict(zip(claims["text"], labels))
    velmora, droskov = lab[QUAKES[0][2]], lab[QUAKES[6][2]]
    assert velmora >= 0 and velmora == lab[QUAKES[3][2]]
    assert droskov >= 0 and droskov == lab[QUAKES[9][2]]
    assert velmora != droskov
    assert lab[QUAKES[5][2]] != lab[QUAKES[11][2]] or lab[QUAKES[5][2]] == -1


def test_event_context_can_be_switched_off(quakes):
    claims, emb = quakes
    clusterer = ClaimClusterer(event_weight=0.0).fit(emb, claims)
    assert (clusterer.events_ == 0).all()


def test_a_question_headline_joins_its_fact_but_a_caption_does_not(data, embedder):
    from claims.embed import Embedder

    claims, emb = data
    extra = claim_frame([("q", "herald", "", "Did the textile factory fire kill thirty workers?", "2021-03-02"),
                         ("cap", "herald", "", "The textile factory fire killed twelve workers, pictured.", "2021-03-02")])
    extra["is_claim"] = False
    extra["nonclaim_reason"] = ["question", "caption"]
    both = pd.concat([claims, extra], ignore_index=True)
    vectors = np.vstack([emb, Embedder(embedder, cache_dir=False).encode(extra["text"].tolist())])
    labels = cluster_claims(both, vectors, ClusterSettings())
    fire = label_of(both, labels, "fire1")
    assert fire >= 0 and label_of(both, labels, "q") == fire
    assert label_of(both, labels, "cap") == -1


def test_blocks_stay_bounded_and_keep_facts_together(data):
    from claims.cluster import bounded_blocks

    claims, emb = data
    blocks = bounded_blocks(np.arange(len(claims)), emb, None, 4)
    assert all(len(b) <= 4 for b in blocks)
    assert sorted(np.concatenate(blocks).tolist()) == list(range(len(claims)))
    events = np.array([0] * 6 + [1] * 4)
    assert [b.tolist() for b in bounded_blocks(np.arange(10), emb, events, 6)] == [list(range(6)), list(range(6, 10))]
    labels = cluster_claims(claims, emb, ClusterSettings())
    small = ClaimClusterer(max_dense=4).fit(emb, claims).labels_
    assert (small[claims.index[claims["id"] == "bank1"][0]] == small[claims.index[claims["id"] == "bank2"][0]] >= 0)
    assert labels.shape == small.shape


def test_spelling_variants_of_a_name_meet_through_terms():
    from claims.cluster import cluster_features

    claims = claim_frame([("a", "x", "s1", "Rebels shelled Fallujah overnight.", ""), ("b", "y", "s2", "Rebels shelled Falluja overnight.", ""),
                          ("c", "z", "s3", "Rebels shelled Mosul overnight.", "")])
    emb = np.tile(np.array([[1.0, 0.0, 0.0]], dtype=np.float32), (3, 1))
    features = cluster_features(emb, claims, 0.0, term_weight=0.5).toarray()
    assert features[0] @ features[1] > features[0] @ features[2]


def test_claim_left_alone_joins_nearest_cluster_within_the_cut_when_times_fit():
    from scipy import sparse

    from claims.cluster import attach_alone

    labels = np.array([0, 0, 1, 1, -1, -1, -1])
    # row 4 is near rows 0 (0.5) and 2 (0.3); row 5 is near row 2 only, but its time is far from row 3; row 6 has no edge
    edges = {(4, 0): 0.5, (4, 2): 0.3, (5, 2): 0.2}
    i, j = zip(*edges)
    graph = sparse.coo_matrix((list(edges.values()), (i, j)), shape=(7, 7)).tocsr()
    graph = graph.maximum(graph.T)
    lo = np.array([0, 0, 0, 0, 0, 900, 0], dtype=float)
    got = attach_alone(labels, graph, lo, lo.copy(), slack_days=180.0)
    assert got.tolist() == [0, 0, 1, 1, 1, -1, -1]


def test_rows_of_a_headline_only_document_share_a_cluster():
    """A question headline and its answer in one short document report one fact; longer documents keep their rows' clusters."""
    from claims.cluster import headline_documents_together

    claims = claim_frame([
        ("q", "ledger", "", "Is your van safe?", ""),
        ("a", "ledger", "", "Carmaker adds three van models to brake recall", ""),
        ("r1", "post", "", "The carmaker added three van models to its recall.", ""),
        ("r2", "post", "", "Dealers were told on Monday.", ""),
        ("r3", "post", "", "Tickets for the concert sold out within minutes.", ""),
    ])
    claims["doc"] = ["ledger/1.txt", "ledger/1.txt", "post/2.txt", "post/2.txt", "post/2.txt"]
    got = headline_documents_together(np.array([-1, 4, 4, 7, 9]), claims, np.ones(5, dtype=bool))
    assert got.tolist() == [4, 4, 4, 7, 9]


@pytest.fixture(scope="module")
def dated_sentences(embedder, seeds_dir):
    """Real MiniLM vectors of the seeds' sentences with a frame: four in ten dated over 3 years."""
    import re

    texts = sorted({s.strip() for p in sorted(seeds_dir.glob("*.txt"))
                    for s in re.split(r"(?<=[.!?])\s+", p.read_text(encoding="utf-8")) if len(s.split()) > 3})
    rng = np.random.default_rng(0)
    when = [f"20{rng.integers(20, 23)}-{rng.integers(1, 13):02d}-15" if rng.random() < 0.4 else None for _ in texts]
    claims = pd.DataFrame({"text": texts, "time_start": when, "time_end": when})
    vectors = np.asarray(embedder.encode(texts, batch_size=64, normalize_embeddings=True), dtype=np.float32)
    return claims, vectors


def _as_pairs(found):
    """(i, j) -> rank of a search, after checking that equal pairs got equal distances."""
    return {(int(i), int(j)): int(r) for i, j, d, r in zip(*found)}


def _same_search(a, b) -> bool:
    """Same pairs at the same distances, ranked alike up to ties (neighbours at equal distance may swap ranks)."""
    da = {(int(i), int(j)): d for i, j, d, _ in zip(*a)}
    db = {(int(i), int(j)): d for i, j, d, _ in zip(*b)}
    ra = {(int(i), int(r)): d for i, _, d, r in zip(*a)}
    rb = {(int(i), int(r)): d for i, _, d, r in zip(*b)}
    return (set(da) == set(db) and np.allclose([da[k] for k in da], [db[k] for k in da], atol=1e-5)
            and set(ra) == set(rb) and np.allclose([ra[k] for k in ra], [rb[k] for k in ra], atol=1e-5))


def test_one_masked_search_finds_what_a_search_per_time_bucket_finds(dated_sentences):
    from claims.cluster import _blocks, nearest, search

    claims, vectors = dated_sentences
    lo, hi = time_bounds(claims)
    assert 50 < np.isfinite(lo).sum() < len(lo) - 50
    for window in (30.0, 365.0):
        by_bucket = search(vectors, _blocks(lo, hi, window), 6)
        assert _same_search(nearest(vectors, lo, hi, 6, window), by_bucket)
        assert (by_bucket[0] != by_bucket[1]).any()


def test_the_terms_view_finds_the_neighbours_of_the_joined_features(dated_sentences):
    """Searched beside the embeddings from one product, as if the joined features were searched."""
    from claims.cluster import TermView, cluster_features, nearest

    claims, vectors = dated_sentences
    lo, hi = time_bounds(claims)
    view = TermView(vectors, claims, 0.3, 5)
    plain, joined = nearest(vectors, lo, hi, 4, 30.0, views=[view])
    assert _same_search(plain, nearest(vectors, lo, hi, 4, 30.0))
    assert _same_search(joined, nearest(cluster_features(vectors, claims, 0.0, term_weight=0.3), lo, hi, 5, 30.0))
    assert _as_pairs(joined) != _as_pairs(plain)
