import re

import numpy as np
import pytest

from claims.neighbours import exact_neighbours, hnsw_neighbours, neighbours

pytest.importorskip("faiss")


@pytest.fixture(scope="module")
def sentence_vectors(embedder, seeds_dir):
    """Real MiniLM vectors of every sentence of the seeds and of our three corpora."""
    texts = []
    for folder in [seeds_dir, *(seeds_dir.parent / "tests" / "corpora").glob("*/docs")]:
        for path in sorted(folder.glob("*.txt")):
            texts += [s.strip() for s in re.split(r"(?<=[.!?])\s+", path.read_text(encoding="utf-8")) if len(s.split()) > 3]
    texts = sorted(set(texts))
    return np.asarray(embedder.encode(texts, batch_size=64, normalize_embeddings=True), dtype=np.float32)


def test_the_graph_index_finds_nearly_all_exact_neighbours_with_their_distances(sentence_vectors):
    x = sentence_vectors
    assert len(x) > 300
    d0, p0 = exact_neighbours(x, x, 11)
    d1, p1 = hnsw_neighbours(x, x, 11)
    recall = np.mean([len(set(a) & set(b)) / 11 for a, b in zip(p0, p1)])
    assert recall >= 0.95
    assert (p1[:, 0] == np.arange(len(x))).mean() > 0.99
    same = p0 == p1
    assert np.allclose(d0[same], d1[same], atol=1e-4)
    assert np.all(np.diff(d1, axis=1) >= -1e-6)


def test_the_graph_index_gives_the_same_neighbours_every_time(sentence_vectors):
    first = hnsw_neighbours(sentence_vectors, sentence_vectors[:50], 8)
    again = hnsw_neighbours(sentence_vectors, sentence_vectors[:50], 8)
    assert np.array_equal(first[1], again[1]) and np.array_equal(first[0], again[0])


def test_small_blocks_are_searched_exactly_and_large_ones_by_the_index(sentence_vectors):
    x = sentence_vectors
    exact = exact_neighbours(x, x[:30], 5)
    assert all(np.array_equal(a, b) for a, b in zip(neighbours(x, x[:30], 5), exact))
    d, p = neighbours(x, x[:30], 5, exact_max=10)
    assert p.shape == (30, 5) and p.min() >= 0 and np.mean(p == exact[1]) > 0.9


def test_copies_of_one_sentence_are_all_found_at_distance_zero(sentence_vectors):
    x = np.vstack([sentence_vectors, sentence_vectors[:40], sentence_vectors[:40]])
    d, p = hnsw_neighbours(x, x[:40], 3)
    exact_d, _ = exact_neighbours(x, x[:40], 4)
    n = len(sentence_vectors)
    distinct = [q for q in range(40) if exact_d[q, 3] > 1e-3]
    assert len(distinct) > 30
    for q in distinct:
        assert set(p[q]) == {q, n + q, n + 40 + q}
    assert np.allclose(d, 0.0, atol=1e-5)


def test_embeddings_joined_with_sparse_terms_get_the_exact_neighbours(sentence_vectors):
    from scipy import sparse
    from sklearn.neighbors import NearestNeighbors

    terms = sparse.random(len(sentence_vectors), 800, density=0.01, random_state=0, format="csr", dtype=np.float32)
    joined = sparse.hstack([sparse.csr_matrix(0.9 * sentence_vectors), 0.4 * terms]).tocsr()
    expected = NearestNeighbors(n_neighbors=7, metric="cosine", algorithm="brute").fit(joined).kneighbors(joined[:60])
    d, p = exact_neighbours(joined, joined[:60], 7)
    assert np.allclose(d, expected[0], atol=1e-5)
    assert np.mean(p == expected[1]) > 0.98
