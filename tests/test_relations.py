"""RelationScorer: kinds, explanations, fit/save/load, the detectors-only fallback, an NLI folder."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from claims.errors import InputError, ModelError
from claims.records import CONFLICT_KINDS, RELATION_KINDS, Relation
from claims.relations import DEFAULT_MODEL, RelationScorer, load_scorer, nli_probabilities

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "dev" / "seeds_withdrawal.json"


def c(text, speaker="", published=""):
    return {"text": text, "sentence": text, "speaker": speaker, "speaker_id": speaker, "published": published}


CASES = [
    (c("Twelve civilians were killed when shells hit the market, the governor said."), c("Three civilians were killed in the shelling of the market, police said."), "numeric_mismatch"),
    (c("The final will be played on May 25."), c("The final is scheduled for June 8, the federation said."), "date_mismatch"),
    (c("The plant closed due to falling demand, the company said."), c("The plant closed as a result of a dispute with the union over wages, workers said."), "competing_explanation"),
    (c("The supreme court upheld the ban."), c("The supreme court struck down the ban."), "contradiction"),
    (c("The regulator approved the vaccine for use in children."), c("The regulator rejected the application to use the vaccine in children."), "contradiction"),
    (c("Police arrested 14 protesters outside the court."), c("Fourteen demonstrators were detained outside the courthouse, police said."), "corroboration"),
    (c("The earthquake measured 7.8, the geological survey said."), c("A magnitude 7.8 quake struck the region, seismologists said."), "corroboration"),
    (c("Floods have killed 37 people in the province."), c("The company reported second-quarter revenue of $4.2 billion."), "unrelated"),
]


@pytest.fixture(scope="module")
def rules(nlp, embedder):
    return RelationScorer(nlp=nlp, embedder=embedder)


@pytest.mark.parametrize("a,b,kind", CASES)
def test_detectors_only_kinds(rules, a, b, kind):
    rel = rules.predict([(a, b)])[0]
    assert isinstance(rel, Relation) and rel.kind == kind, rel
    assert 0.0 <= rel.score <= 1.0
    if kind != "unrelated":
        assert rel.explanation.count("'") >= 2


def test_conflict_explanations_quote_both_claims(rules):
    out = rules.predict([(a, b) for a, b, k in CASES if k in CONFLICT_KINDS])
    for rel, (a, b, _) in zip(out, [x for x in CASES if x[2] in CONFLICT_KINDS]):
        quoted = [q.strip(" .") for q in rel.explanation.split("'")[1::2]]
        assert len(quoted) >= 2
        assert any(w in a["text"] for w in quoted[0].replace("...", " ").split()), rel.explanation
        assert any(w in b["text"] for w in quoted[-1].replace("...", " ").split()), rel.explanation


def test_two_debunks_never_contradict(rules, nlp):
    """However differently two reports word it, both calling the story false is agreement: a
    verdict of contradiction (here forced) turns to corroboration and the explanation says why."""
    import numpy as np

    from claims.detectors import FactCache, detect_pair
    from claims.records import RELATION_KINDS

    fa, fb = FactCache(nlp).get(["Woman who claimed to have a third arm added exposed as hoaxer.",
                                 "The story of the woman with a third arm is fake, police say."])
    sigs = detect_pair(fa, fb)
    p = np.zeros(len(RELATION_KINDS))
    p[RELATION_KINDS.index("contradiction")], p[RELATION_KINDS.index("corroboration")] = 0.7, 0.2
    relation = rules._verdict(p, sigs, fa, fb, 0.8)
    assert relation.kind == "corroboration"
    assert "'hoaxer'" in relation.explanation and "'fake'" in relation.explanation


def test_time_disjoint_never_conflict(rules):
    a = c("Government troops captured the town from the rebels.", published="2013-06")
    b = c("The opposition took the town from government forces.", published="2024-12")
    rel = rules.predict([(a, b)])[0]
    assert rel.kind in ("unrelated", "elaboration") and "2013" in rel.explanation


def test_given_embeddings_match_computed(rules, embedder):
    pairs = [(a, b) for a, b, _ in CASES[:3]]
    ea = embedder.encode([a["text"] for a, _ in pairs], normalize_embeddings=True)
    eb = embedder.encode([b["text"] for _, b in pairs], normalize_embeddings=True)
    assert [r.kind for r in rules.predict(pairs, embeddings=(ea, eb))] == [r.kind for r in rules.predict(pairs)]


def test_bad_input(rules):
    with pytest.raises(InputError):
        rules.predict([("just a string", c("x"))])
    with pytest.raises(InputError):
        rules.predict([(c("a b c"), c("d e f"))], embeddings=(np.zeros((2, 384)), np.zeros((2, 384))))
    assert rules.predict([]) == []


@pytest.fixture(scope="module")
def fitted(nlp, embedder):
    pairs = [(a, b) for a, b, _ in CASES] * 4
    labels = [k for _, _, k in CASES] * 4
    return RelationScorer(nlp=nlp, embedder=embedder, max_iter=20).fit(pairs, labels)


def test_fit_save_load_roundtrip(fitted, nlp, embedder, tmp_path):
    assert fitted.classes_ and set(fitted.classes_) <= set(RELATION_KINDS)
    path = fitted.save(tmp_path / "m.joblib")
    again = load_scorer(nlp, embedder, path=str(path))
    pairs = [(a, b) for a, b, _ in CASES]
    assert [r.kind for r in again.predict(pairs)] == [r.kind for r in fitted.predict(pairs)]
    assert all(0 <= r.score <= 1 for r in again.predict(pairs))


def test_single_calibrated_model_roundtrips(nlp, embedder, tmp_path):
    """ensemble=False: one boosted model (a third of the trees to apply), same probabilities after save/load."""
    rows = [json.loads(line) for line in (Path(__file__).resolve().parent.parent / "bench" / "data" / "news_pairs.jsonl").open()]
    train = [r for r in rows if r["split"] == "train"] * 2  # x2: every kind in each of the 3 folds
    test = [(r["a"], r["b"]) for r in rows if r["split"] == "test"]
    scorer = RelationScorer(nlp=nlp, embedder=embedder, max_iter=30, ensemble=False)
    scorer.fit([(r["a"], r["b"]) for r in train], [r["label"] for r in train])
    assert len(scorer.model_.calibrated_classifiers_) == 1
    again = RelationScorer.load(scorer.save(tmp_path / "one.joblib"), nlp=nlp, embedder=embedder)
    assert again.ensemble is False and len(again.model_.calibrated_classifiers_) == 1
    assert np.array_equal(again.predict_proba(test)[0], scorer.predict_proba(test)[0])


def test_learned_proba_is_one_batched_distribution(fitted):
    pairs = [(a, b) for a, b, _ in CASES]
    _, base, emb, _, _ = fitted.signals(pairs)
    learned = fitted.learned_proba(base, emb)
    assert learned.shape == (len(pairs), len(RELATION_KINDS))
    assert np.allclose(learned.sum(axis=1), 1.0, atol=1e-6)


def test_silent_rule_weight_lets_model_decide_silent_pairs(fitted):
    pair = [(c("The museum reopened after a long renovation."), c("The striker scored twice in the cup final."))]
    _, base, emb, _, _ = fitted.signals(pair)
    learned = fitted.learned_proba(base, emb)[0]
    rules_only = RelationScorer(nlp=fitted.nlp, embedder=fitted.embedder).predict_proba(pair)[0][0]
    params = dict(model_=fitted.model_, classes_=fitted.classes_, pca_=fitted.pca_, emb_model_=fitted.emb_model_, uses_nli_=False)
    model_only = RelationScorer(nlp=fitted.nlp, embedder=fitted.embedder, silent_rule_weight=0.0)
    model_only.__dict__.update(params)
    assert np.allclose(model_only.predict_proba(pair)[0][0], learned)
    assert not np.allclose(rules_only, learned)


def test_load_rejects_other_versions(nlp, tmp_path):
    import joblib

    joblib.dump({"version": 1, "threshold": 0.5}, tmp_path / "old.joblib")
    with pytest.raises(ModelError):
        load_scorer(nlp, path=str(tmp_path / "old.joblib"))


def test_fit_rejects_unknown_labels(nlp):
    with pytest.raises(InputError):
        RelationScorer(nlp=nlp).fit([(c("a b"), c("c d"))], ["agree"])


def test_load_scorer_missing_file(nlp, tmp_path):
    with pytest.raises(ModelError):
        load_scorer(nlp, path=str(tmp_path / "none.joblib"))
    with pytest.raises(ModelError):
        RelationScorer(nlp=nlp).save(tmp_path / "x.joblib")


def test_shipped_artifact_is_small_or_absent(nlp):
    if DEFAULT_MODEL.is_file():
        assert DEFAULT_MODEL.stat().st_size <= 10 * 1024 * 1024
        assert getattr(load_scorer(nlp), "model_", None) is not None
    else:
        assert getattr(load_scorer(nlp), "model_", None) is None


@pytest.fixture(scope="module")
def tiny_nli(tmp_path_factory):
    """A tiny random BertForSequenceClassification saved to a folder, loaded like a user's NLI model."""
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizer

    from claims.models import load_cross_encoder

    folder = tmp_path_factory.mktemp("nli")
    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "army", "town", "rebels", "took", "held", "."]
    (folder / "vocab.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    config = BertConfig(vocab_size=len(words), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=32, num_labels=3,
                        id2label={0: "CONTRADICTION", 1: "ENTAILMENT", 2: "NEUTRAL"},
                        label2id={"CONTRADICTION": 0, "ENTAILMENT": 1, "NEUTRAL": 2})
    BertForSequenceClassification(config).save_pretrained(folder)
    BertTokenizer(str(folder / "vocab.txt")).save_pretrained(folder)
    return load_cross_encoder(str(folder))


def test_nli_backend(tiny_nli, nlp, embedder):
    probs = nli_probabilities(tiny_nli, [("the army took the town", "the rebels held the town")])
    assert probs.shape == (1, 3) and probs.sum() == pytest.approx(1.0, abs=1e-4)
    rel = RelationScorer(nlp=nlp, embedder=embedder, nli=tiny_nli).predict([(CASES[0][0], CASES[0][1])])[0]
    assert rel.kind in RELATION_KINDS


def _seed_claim(seeds_dir, claim, docs):
    raw = (seeds_dir / claim["doc"]).read_text(encoding="utf-8")
    assert claim["quote"] in raw
    text = " ".join(claim["quote"].split())
    return c(text, claim["speaker"].split(",")[0].lower(), docs[claim["doc"]]["published"])


@pytest.mark.skipif(not DEV.is_file(), reason="dev gold absent")
def test_seed_hard_conflicts_and_corroborations(rules, seeds_dir):
    gold = json.loads(DEV.read_text(encoding="utf-8"))
    topic = gold["topics"][0]
    claims = {x["id"]: x for x in topic["claims"]}
    rels = [r for r in topic["relations"] if r.get("strength") == "hard" or r["label"] == "corroborate"]
    pairs = [(_seed_claim(seeds_dir, claims[r["a"]], gold["documents"]), _seed_claim(seeds_dir, claims[r["b"]], gold["documents"])) for r in rels]
    out = rules.predict(pairs)
    for rel, verdict in zip(rels, out):
        assert (verdict.kind in CONFLICT_KINDS) == (rel["label"] == "conflict"), (rel, verdict)


@pytest.mark.parametrize("a, b", [
    ("A council source said the stadium deal was approved after a secret agreement brokered by the mayor.",
     "I wonder if the club will make the claim that the mayor brokered a secret agreement for every stadium they lose."),
    ("Police said the protest ended after organisers negotiated a deal with the city.",
     "Organisers supposedly negotiated a deal with the city, the so-called agreement that ended the protest."),
])
def test_doubt_outweighs_the_learned_model(nlp, embedder, a, b):
    """An explicit doubt cue is a fired detector, so the shipped scorer keeps the contradiction."""
    from claims.relations import load_scorer

    relation = load_scorer(nlp, embedder).predict([(c(a, "source"), c(b, "reader"))])[0]
    assert relation.kind == "contradiction"
    assert "casts doubt" in relation.explanation


@pytest.mark.parametrize("a, b, left, right", [
    ("Ambulances arrived within ten minutes of the call.", "Ambulances arrived within an hour of the call.", "minutes", "hour"),
    ("The army holds the airport.", "Militia fighters patrol the airport.", "army", "Militia"),
])
def test_model_verdict_without_detector_quotes_the_differing_words(nlp, a, b, left, right):
    """When the model flags a pair and no detector fired, the explanation quotes the unaligned words."""
    from claims.detectors import FactCache
    from claims.relations import explain

    fa, fb = FactCache(nlp).get([a, b])
    text = explain("contradiction", {}, fa, fb)
    quoted = text.split("'")[1::2]
    assert text.startswith("contradiction: ") and left in quoted[0] and right in quoted[-1], text


def test_encoder_decides_three_ways_and_a_fired_detector_names_the_kind():
    """The cross-encoder's conflict mass goes to the detectors' kind when one fired, to its own otherwise."""
    from claims.pairencoder import LABELS
    from claims.relations import encoder_kinds

    proba = np.zeros((2, len(RELATION_KINDS)))
    proba[:, RELATION_KINDS.index("numeric_mismatch")] = 0.6
    proba[:, RELATION_KINDS.index("elaboration")] = 0.3
    proba[:, RELATION_KINDS.index("unrelated")] = 0.1
    read = np.zeros((2, len(LABELS)))
    read[:, LABELS.index("contradiction")] = 0.8
    read[:, LABELS.index("neither")] = 0.2
    out = encoder_kinds(proba, read, LABELS, np.array([True, False]))
    np.testing.assert_allclose(out.sum(axis=1), 1.0)
    assert RELATION_KINDS[int(out[0].argmax())] == "numeric_mismatch"
    assert RELATION_KINDS[int(out[1].argmax())] == "contradiction"
    assert out[0, RELATION_KINDS.index("elaboration")] == pytest.approx(0.15, abs=1e-3)


def test_encoder_raises_but_never_vetoes_a_fired_detector():
    """Where a detector fired the encoder's doubt cannot lower the conflict; where none fired it decides."""
    from claims.relations import encoder_mix

    conflict, quiet = RELATION_KINDS.index("competing_explanation"), RELATION_KINDS.index("elaboration")
    learned = np.zeros((3, len(RELATION_KINDS)))
    learned[:, conflict], learned[:, quiet] = 0.7, 0.3
    decided = np.zeros_like(learned)
    decided[:, quiet] = 1.0
    decided[2, quiet], decided[2, conflict] = 0.05, 0.95
    out = encoder_mix(learned, decided, 1.0, np.array([True, False, True]))
    np.testing.assert_allclose(out[0], learned[0])
    np.testing.assert_allclose(out[1], decided[1])
    assert out[2, conflict] == pytest.approx(0.95)
    half = encoder_mix(learned, decided, 0.5, np.array([False, False, False]))
    assert half[0, conflict] == pytest.approx(0.35)
