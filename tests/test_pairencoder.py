"""The relation cross-encoder: the shipped top layers load over the packaged MiniLM and read pairs."""
from __future__ import annotations

import numpy as np
import pytest

from claims.errors import ModelError
from claims.models import load_relation_encoder, packaged_embedding_path
from claims.pairencoder import LABELS, MODEL_PATH, PairEncoder

# Written for this test, in domains the training mix does not cover (mountaineering, shipping, museums...).
CONFLICTS = [
    ("The bridge reopened to traffic on Monday morning.", "The bridge stayed closed to all traffic on Monday."),
    ("Three climbers died on the glacier, the rescue team said.", "Seven climbers died on the glacier, the rescue team said."),
    ("The ferry left the harbour on schedule at 6 am.", "The ferry was held in the harbour all morning and never sailed."),
    ("The museum's board approved the sale of the painting.", "The museum's board rejected the sale of the painting."),
    ("The water at the spring is safe to drink, the council said.", "The water at the spring is unsafe to drink, tests showed."),
]
AGREEMENTS = [
    ("The bridge reopened to traffic on Monday morning.", "Traffic was flowing across the bridge again on Monday morning."),
    ("Three climbers died on the glacier, the rescue team said.", "The rescue team said three climbers were killed on the glacier."),
    ("The museum will close for repairs in May.", "In May the museum closes its doors for repairs."),
]
UNRELATED = [
    ("The museum will close for repairs in May.", "The ferry company ordered two new ships from a yard in Korea."),
    ("Three climbers died on the glacier, the rescue team said.", "The council voted to raise parking fees in the town centre."),
]


@pytest.fixture(scope="module")
def encoder():
    if not MODEL_PATH.is_file():
        pytest.skip("no shipped relation encoder (bench/train_encoder.py writes it)")
    return load_relation_encoder()


@pytest.fixture(scope="module")
def untrained():
    """Built over the packaged MiniLM with a fresh head: what training starts from."""
    return PairEncoder(packaged_embedding_path(), trainable_layers=1).build()


def test_a_pair_reads_the_same_whatever_its_batch(encoder):
    """Float32 throughout: a dynamically quantized model would let the other pairs of a batch move a pair's verdict."""
    pairs = CONFLICTS + AGREEMENTS
    alone = np.vstack([encoder.predict_proba([p]) for p in pairs])
    np.testing.assert_allclose(encoder.predict_proba(pairs), alone, atol=1e-4)


def test_probabilities_are_a_distribution_whatever_the_order(encoder):
    pairs = CONFLICTS[:2] + AGREEMENTS[:1]
    forward, backward = encoder.predict_proba(pairs), encoder.predict_proba([(b, a) for a, b in pairs])
    assert forward.shape == (3, len(LABELS))
    np.testing.assert_allclose(forward.sum(axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(forward, backward, atol=1e-5)
    encoder.order = "given"
    try:
        one_way, other_way = encoder.predict_proba(pairs), encoder.predict_proba([(b, a) for a, b in pairs])
        encoder.order = "both"
        np.testing.assert_allclose(encoder.predict_proba(pairs), (one_way + other_way) / 2, atol=1e-4)
    finally:
        encoder.order = "canonical"
    assert encoder.predict_proba([]).shape == (0, len(LABELS))


def test_conflicts_outscore_unrelated_pairs(encoder):
    conflict = encoder.conflict_probability(encoder.predict_proba(CONFLICTS))
    unrelated = encoder.conflict_probability(encoder.predict_proba(UNRELATED))
    assert (conflict >= 0.5).sum() >= 4, conflict
    assert (unrelated < 0.5).all(), unrelated
    assert conflict.mean() > unrelated.mean() + 0.3


def test_written_paraphrases_read_as_corroboration(encoder):
    """Reordered, re-tensed and reworded ("will close ... in May" / "In May ... closes") is the same claim."""
    proba = encoder.predict_proba(AGREEMENTS)
    assert (proba.argmax(axis=1) == LABELS.index("corroboration")).sum() >= 2, proba
    assert (encoder.conflict_probability(proba) < 0.5).sum() >= 2, proba


def test_save_and_load_roundtrip(untrained, tmp_path):
    path = untrained.save(tmp_path / "enc.pt")
    again = load_relation_encoder(str(path))
    assert again.trainable_layers == 1 and list(again.labels) == list(LABELS)
    np.testing.assert_allclose(again.predict_proba(CONFLICTS[:2]), untrained.predict_proba(CONFLICTS[:2]), atol=2e-3)
    assert path.stat().st_size < 12 * 1024 * 1024


def test_the_trained_upper_layers_continue_the_frozen_lower_ones(untrained):
    """Training caches the lower layers' states and runs only the upper ones: that must be the model."""
    import torch

    toks = untrained.tokenize(CONFLICTS[:2])
    split = torch.softmax(untrained.upper(untrained.lower(toks), toks["attention_mask"]), -1).detach().numpy()
    one_way = PairEncoder(untrained.base_path, trainable_layers=1, order="given")
    one_way.__dict__.update(tokenizer_=untrained.tokenizer_, bert_=untrained.bert_, head_=untrained.head_)
    np.testing.assert_allclose(split, one_way.predict_proba(CONFLICTS[:2]), atol=1e-5)


def test_loading_errors_name_the_file(tmp_path):
    assert load_relation_encoder("none") is None
    with pytest.raises(ModelError, match="missing.pt"):
        load_relation_encoder(str(tmp_path / "missing.pt"))
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"not a model")
    with pytest.raises(ModelError, match="bad.pt"):
        load_relation_encoder(str(bad))


def test_an_unknown_reading_order_is_named(untrained):
    untrained.order = "sideways"
    try:
        with pytest.raises(ValueError, match="sideways"):
            untrained.predict_proba(CONFLICTS[:1])
    finally:
        untrained.order = "canonical"
