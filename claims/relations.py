"""Relation scoring for claim pairs: explainable detectors plus a small calibrated classifier.

:class:`RelationScorer` turns each (a, b) pair of claim rows into a :class:`~claims.records.Relation`
(kind, calibrated score, one-sentence explanation quoting both claims, signals). Features are the
detectors' outputs (:mod:`claims.detectors`), stance word counts, lexical overlap and
sentence-embedding features (cosine, PCA-reduced ``|u-v|`` and ``u*v``, and the stacked
probabilities of a logistic regression over the pair embedding). Each text is parsed and embedded
once per scorer; per pair only precomputed facts are compared, and the model runs once per batch.
Without a fitted model (no artifact shipped) the scorer falls back to rules over the same
detectors: lower recall, same explanations.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

import numpy as np

from . import detectors as det
from .errors import InputError, ModelError
from .records import CONFLICT_KINDS, RELATION_KINDS, Relation

DEFAULT_MODEL = Path(__file__).resolve().parent / "data" / "relation_model.joblib"
SIGNAL_NAMES = ("numeric_mismatch", "numbers_agree", "date_mismatch", "dates_agree", "time_disjoint",
                "negation", "antonym", "actor_clash", "outcome_clash", "cause_ruled_out", "cause_differs",
                "cause_agree", "disagreement_cue")
# which signals can explain which kind, strongest first
EXPLAINERS = {
    "numeric_mismatch": ("numeric_mismatch",),
    "date_mismatch": ("date_mismatch",),
    "competing_explanation": ("cause_ruled_out", "cause_differs"),
    "contradiction": ("negation", "actor_clash", "antonym", "outcome_clash", "disagreement_cue",
                      "cause_ruled_out", "cause_differs", "numeric_mismatch"),
    "corroboration": ("numbers_agree", "dates_agree", "cause_agree", "debunks_agree"),
    "elaboration": ("time_disjoint",),
    "unrelated": ("time_disjoint",),
}
NLI_NAMES = ("contradiction", "entailment", "neutral")
STATE_VERSION = 3
READABLE_VERSIONS = (2, 3)  # version 2 files were fitted without the token-alignment features
CONFLICT_SIGNALS = frozenset(n for n in SIGNAL_NAMES if n not in ("numbers_agree", "dates_agree", "cause_agree", "time_disjoint", "disagreement_cue"))


def _text(claim: dict) -> str:
    return str(claim.get("text") or claim.get("sentence") or "").strip()


def _check_pairs(pairs: Sequence) -> None:
    for i, pair in enumerate(pairs):
        if len(pair) != 2 or not all(isinstance(c, dict) for c in pair):
            raise InputError(f"pairs[{i}]: expected (a, b) claim dicts with a 'text' key; pass rows of the claims table")


class RelationScorer:
    """Relation kind, calibrated score and explanation for claim pairs (scikit-learn style).

    ``nlp`` parses texts (required to predict); ``embedder`` encodes texts when the caller passes no
    ``embeddings``; ``nli`` is an optional local cross-encoder (``claims.models.load_cross_encoder``).
    ``threshold`` is the lowest probability at which a conflict kind is reported; ``rule_weight``
    mixes the detectors-only verdict into the learned probabilities when a conflict detector fired
    (1.0: detectors only), ``silent_rule_weight`` when none did, so the learned model decides the
    pairs the detectors have nothing to say about. With ``stack_embeddings`` a logistic regression
    over the full pair embedding ``[u, v, |u-v|, u*v]`` is fitted first and its out-of-fold kind
    probabilities become features of the boosted trees (stacking). ``calibration`` is
    ``"isotonic"``, ``"sigmoid"`` or ``"none"``; with ``ensemble`` the calibrated model averages
    the three cross-validation models (3x the trees per prediction), without it one model is fitted
    on all rows and calibrated on its out-of-fold predictions (scikit-learn's ``ensemble=False``).
    ``max_iter`` and ``learning_rate`` set the boosting (trees per model: ``max_iter`` per kind).
    ``cache`` is an optional shared :class:`claims.detectors.FactCache` (parse each text once
    across scorers and calls). ``judge`` is an optional :class:`claims.judge.ChatJudge`: its answer on the ``judge.top`` pairs most
    likely to conflict is stored in ``signals["judge"]`` (the verdict stays the scorer's).
    ``encoder`` is an optional :class:`claims.pairencoder.PairEncoder` (``claims.models.load_relation_encoder``):
    on the pairs it reads, its conflict / corroboration / neither verdict joins the learned side
    (weight ``encoder_weight`` against the trees; where a detector fired it may raise the
    conflict, not veto it), which the detectors' verdict is then mixed into as above; a detector
    that fired names the conflict's kind and explains it.
    """

    def __init__(self, nlp: Any = None, embedder: Any = None, nli: Any = None, threshold: float = 0.5,
                 rule_weight: float = 0.7, silent_rule_weight: float = 0.3, max_iter: int = 200, learning_rate: float = 0.08,
                 calibration: str = "isotonic", ensemble: bool = True, class_weight: Any = None, n_components: int = 8,
                 stack_embeddings: bool = True, cache: Any = None, judge: Any = None, encoder: Any = None,
                 encoder_weight: float = 1.0, random_state: int = 0):
        self.nlp = nlp
        self.embedder = embedder
        self.nli = nli
        self.threshold = threshold
        self.rule_weight = rule_weight
        self.silent_rule_weight = silent_rule_weight
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.calibration = calibration
        self.ensemble = ensemble
        self.class_weight = class_weight
        self.n_components = n_components
        self.stack_embeddings = stack_embeddings
        self.cache = cache
        self.judge = judge
        self.encoder = encoder
        self.encoder_weight = encoder_weight
        self.random_state = random_state

    # ---- features ----------------------------------------------------------------------------

    def _fact_cache(self) -> Any:
        if self.nlp is None:
            raise ModelError("RelationScorer needs a spaCy pipeline: pass nlp=claims.models.load_nlp()")
        return self.cache if self.cache is not None else self.__dict__.setdefault("_cache", det.FactCache(self.nlp))

    def prepare(self, claims: Sequence[dict]) -> None:
        """Read the facts of ``claims`` now, here, so batches scored in forked processes share them."""
        self._fact_cache().get([_text(c) for c in claims])

    def _facts(self, pairs: Sequence) -> tuple[list, list]:
        facts = self._fact_cache().get([_text(a) for a, _ in pairs] + [_text(b) for _, b in pairs])
        return facts[: len(pairs)], facts[len(pairs):]

    def _embeddings(self, pairs: Sequence, embeddings: Any) -> tuple[np.ndarray, np.ndarray] | None:
        if embeddings is not None:
            ea, eb = (np.asarray(e, dtype=np.float32) for e in embeddings)
            if len(ea) != len(pairs) or len(eb) != len(pairs):
                raise InputError("embeddings: expected (ea, eb) with one row per pair; pass row-aligned arrays")
            return _normalise(ea), _normalise(eb)
        if self.embedder is None:
            return None
        known = self.__dict__.setdefault("_vectors", {})
        todo = list(dict.fromkeys(t for t in [_text(c) for pair in pairs for c in pair] if t not in known))
        if todo:
            vecs = _normalise(np.asarray(self.embedder.encode(todo, batch_size=64, show_progress_bar=False), dtype=np.float32))
            known.update(zip(todo, vecs))
        return np.stack([known[_text(a)] for a, _ in pairs]), np.stack([known[_text(b)] for _, b in pairs])

    def _nli_probs(self, pairs: Sequence) -> np.ndarray | None:
        if self.nli is None:
            return None
        return nli_probabilities(self.nli, [(_text(a), _text(b)) for a, b in pairs])

    def signals(self, pairs: Sequence, embeddings: Any = None) -> tuple[list[dict], np.ndarray, tuple | None, list, list]:
        """Detector signals per pair, the base feature matrix, embeddings and facts."""
        _check_pairs(pairs)
        fa, fb = self._facts(pairs)
        emb = self._embeddings(pairs, embeddings)
        sigs = [det.detect_pair(x, y, a, b) for x, y, (a, b) in zip(fa, fb, pairs)]
        cos = np.einsum("ij,ij->i", *emb) if emb is not None else np.array([_jaccard(x, y) for x, y in zip(fa, fb)])
        rows = [_base_features(s, x, y, a, b, c) for s, x, y, (a, b), c in zip(sigs, fa, fb, pairs, cos)]
        return sigs, np.asarray(rows, dtype=np.float32).reshape(len(pairs), -1), emb, fa, fb

    def _features(self, base: np.ndarray, emb: tuple | None, nli: np.ndarray | None, stacked: np.ndarray | None = None) -> np.ndarray:
        parts = [base if getattr(self, "uses_alignment_", True) else base[:, :-det.align.N_FEATURES]]
        if self.pca_ is not None:
            ea, eb = emb if emb is not None else (np.zeros((len(base), self.pca_["mean_diff"].shape[0]), np.float32),) * 2
            for name, x in (("diff", np.abs(ea - eb)), ("prod", ea * eb)):
                parts.append((x - self.pca_[f"mean_{name}"]) @ self.pca_[f"comp_{name}"].T)
        if getattr(self, "emb_model_", None) is not None:
            if stacked is None:
                k = len(self.emb_model_.classes_)
                stacked = self.emb_model_.predict_proba(_pair_matrix(emb)) if emb is not None else np.full((len(base), k), 1 / k)
            parts.append(stacked)
        if self.uses_nli_:
            parts.append(nli if nli is not None else np.full((len(base), 3), 1 / 3, np.float32))
        return np.hstack(parts)

    def _fit_embedding_model(self, emb: tuple | None, y: np.ndarray) -> np.ndarray | None:
        """Fit ``emb_model_`` on the pair embeddings; return its out-of-fold probabilities (None: not stacking)."""
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import cross_val_predict

        self.emb_model_ = None
        if emb is None or not self.stack_embeddings:
            return None
        X = _pair_matrix(emb)
        lr = LogisticRegression(max_iter=2000, class_weight=self.class_weight)
        folds = int(min(3, np.unique(y, return_counts=True)[1].min()))
        oof = cross_val_predict(lr, X, y, cv=max(2, folds), method="predict_proba")
        self.emb_model_ = lr.fit(X, y)
        return oof

    # ---- fit / predict -----------------------------------------------------------------------

    def fit(self, pairs: Sequence, labels: Sequence[str], embeddings: Any = None) -> "RelationScorer":
        """Learn kind probabilities from labelled pairs (labels are records.RELATION_KINDS)."""
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.ensemble import HistGradientBoostingClassifier

        bad = sorted(set(labels) - set(RELATION_KINDS))
        if bad or len(labels) != len(pairs):
            raise InputError(f"labels: need one of {', '.join(RELATION_KINDS)} per pair; got {bad or 'a length mismatch'}")
        _, base, emb, _, _ = self.signals(pairs, embeddings)
        self.pca_ = _fit_pca(emb, self.n_components) if emb is not None else None
        self.uses_nli_ = self.nli is not None
        self.uses_alignment_ = True
        y = np.asarray(labels)
        X = self._features(base, emb, self._nli_probs(pairs), stacked=self._fit_embedding_model(emb, y))
        clf = HistGradientBoostingClassifier(max_iter=self.max_iter, learning_rate=self.learning_rate, max_leaf_nodes=15,
                                             l2_regularization=1.0, class_weight=self.class_weight,
                                             random_state=self.random_state)
        if self.calibration == "none":
            self.model_ = clf.fit(X, y)
        else:
            self.model_ = CalibratedClassifierCV(clf, method=self.calibration, cv=3, ensemble=self.ensemble).fit(X, y)
        self.classes_ = list(self.model_.classes_)
        return self

    def predict_proba(self, pairs: Sequence, embeddings: Any = None,
                      encode: Any = None) -> tuple[np.ndarray, list[dict], list, list, np.ndarray]:
        """Kind probabilities (columns: ``RELATION_KINDS``) with the signals behind them.

        ``encode`` (a bool or one bool per pair; default: every pair) says which pairs the
        ``encoder`` reads, when there is one.
        """
        sigs, base, emb, fa, fb = self.signals(pairs, embeddings)
        nli = self._nli_probs(pairs)
        rules = np.array([_rule_proba(s, row) for s, row in zip(sigs, base)]).reshape(len(pairs), len(RELATION_KINDS))
        fired = _detector_fired(sigs)
        learned = self.learned_proba(base, emb, nli) if getattr(self, "model_", None) is not None else None
        rows = np.flatnonzero(np.broadcast_to(np.asarray(self.encoder is not None and (True if encode is None else encode),
                                                         dtype=bool), (len(pairs),)))
        if len(rows):
            read = self.encoder.predict_proba([(_text(pairs[i][0]), _text(pairs[i][1])) for i in rows])
            learned = rules.copy() if learned is None else learned
            decided = encoder_kinds(rules[rows], read, self.encoder.labels, fired[rows])
            learned[rows] = encoder_mix(learned[rows], decided, self.encoder_weight, fired[rows])
            for i, p in zip(rows, read):
                sigs[i] = {**sigs[i], "encoder": det.Signal("encoder", "conflict", round(float(1 - p[0] - p[1]), 4))}
        proba = rules
        if learned is not None and min(self.rule_weight, self.silent_rule_weight) < 1.0:
            weight = np.where(fired, self.rule_weight, self.silent_rule_weight)[:, None]
            proba = weight * rules + (1 - weight) * learned
        if nli is not None and not getattr(self, "uses_nli_", False):
            proba = _nli_override(proba, nli, base[:, 0])
        return proba, sigs, fa, fb, base[:, 0]

    def learned_proba(self, base: np.ndarray, emb: tuple | None, nli: np.ndarray | None = None) -> np.ndarray:
        """The learned model's kind probabilities alone (columns: ``RELATION_KINDS``), one batched call.

        Single-threaded: the trees' OpenMP threads stall for seconds on a busy machine for no gain.
        """
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="openmp"):
            raw = self.model_.predict_proba(self._features(base, emb, nli))
        learned = np.zeros((len(base), len(RELATION_KINDS)))
        learned[:, [RELATION_KINDS.index(k) for k in self.classes_]] = raw
        return learned

    def predict(self, pairs: Sequence, embeddings: Any = None, encode: Any = None) -> list:
        """One :class:`Relation` per pair; conflicts below ``threshold`` fall back to non-conflicts.
        ``encode``: which pairs the ``encoder`` reads (see :meth:`predict_proba`)."""
        if len(pairs) == 0:
            return []
        proba, sigs, fa, fb, cos = self.predict_proba(pairs, embeddings, encode=encode)
        out = [self._verdict(p, s, x, y, c) for p, s, x, y, c in zip(proba, sigs, fa, fb, cos)]
        if self.judge is not None:
            conflict = proba[:, [RELATION_KINDS.index(k) for k in CONFLICT_KINDS]].sum(axis=1)
            for i in np.argsort(-conflict, kind="stable")[: self.judge.top]:
                out[i].signals["judge"] = self.judge.ask(_text(pairs[i][0]), _text(pairs[i][1]))
        return out

    def _verdict(self, p: np.ndarray, sigs: dict, fa: Any, fb: Any, cos: float) -> Relation:
        p = p.copy()
        if "time_disjoint" in sigs:
            for kind in (*CONFLICT_KINDS, "corroboration"):
                p[RELATION_KINDS.index(kind)] = 0.0
            p = p / p.sum() if p.sum() > 0 else _onehot("unrelated" if cos < 0.5 else "elaboration")
        if "debunks_agree" in sigs:  # two debunks: their different wording is no contradiction
            c = RELATION_KINDS.index("contradiction")
            p[RELATION_KINDS.index("corroboration" if cos >= 0.5 else "elaboration")] += p[c]
            p[c] = 0.0
        best = int(np.argmax(p))
        kind = RELATION_KINDS[best]
        if kind in CONFLICT_KINDS and p[best] < self.threshold:
            safe = [RELATION_KINDS.index(k) for k in RELATION_KINDS if k not in CONFLICT_KINDS]
            best = max(safe, key=lambda i: p[i])
            kind = RELATION_KINDS[best]
        signals = {name: {"value": s.value, "explanation": s.explanation} for name, s in sigs.items()}
        signals["cosine"] = round(float(cos), 4)
        return Relation(kind, round(float(p[best]), 4), explain(kind, sigs, fa, fb), signals)

    # ---- persistence -------------------------------------------------------------------------

    def save(self, path: str | Path) -> Path:
        """Write the fitted state (no models) with joblib, compressed."""
        import joblib

        if getattr(self, "model_", None) is None:
            raise ModelError("RelationScorer.save: fit the scorer first (bench/train_relations.py)")
        state = {"version": STATE_VERSION, "threshold": self.threshold, "rule_weight": self.rule_weight,
                 "silent_rule_weight": self.silent_rule_weight, "ensemble": self.ensemble, "model_": self.model_,
                 "classes_": self.classes_, "pca_": self.pca_, "emb_model_": self.emb_model_, "uses_nli_": self.uses_nli_}
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump(state, path, compress=3)
        return path

    @classmethod
    def load(cls, path: str | Path, nlp: Any = None, embedder: Any = None, nli: Any = None) -> "RelationScorer":
        """A fitted scorer from ``save``'s file, bound to the given models."""
        import joblib

        try:
            state = joblib.load(path)
        except (OSError, EOFError, ValueError) as exc:
            raise ModelError(f"{path}: cannot read the relation model ({exc.__class__.__name__}); retrain with bench/train_relations.py") from exc
        if not isinstance(state, dict) or state.get("version") not in READABLE_VERSIONS:
            raise ModelError(f"{path}: relation model from another version of claims; retrain with bench/train_relations.py")
        scorer = cls(nlp=nlp, embedder=embedder, nli=nli, threshold=state["threshold"], rule_weight=state.get("rule_weight", 0.7),
                     silent_rule_weight=state.get("silent_rule_weight", 0.3), ensemble=state.get("ensemble", True))
        for key in ("model_", "classes_", "pca_", "emb_model_", "uses_nli_"):
            setattr(scorer, key, state[key])
        scorer.uses_alignment_ = state["version"] >= 3
        return scorer


def load_scorer(nlp: Any, embedder: Any = None, nli: Any = None, path: str = "") -> RelationScorer:
    """The shipped (or given) fitted scorer if its file exists, else the detectors-only scorer."""
    target = Path(path) if path else DEFAULT_MODEL
    if target.is_file():
        return RelationScorer.load(target, nlp=nlp, embedder=embedder, nli=nli)
    if path:
        raise ModelError(f"{path}: relation model not found; train one with bench/train_relations.py or leave it empty")
    return RelationScorer(nlp=nlp, embedder=embedder, nli=nli)


# ---- helpers ---------------------------------------------------------------------------------

def _normalise(x: np.ndarray) -> np.ndarray:
    return x / np.clip(np.linalg.norm(x, axis=1, keepdims=True), 1e-9, None)


def _pair_matrix(emb: tuple) -> np.ndarray:
    """The pair embedding [u, v, |u-v|, u*v] (the frozen-embedding NLI features)."""
    ea, eb = emb
    return np.hstack([ea, eb, np.abs(ea - eb), ea * eb])


def _jaccard(fa: Any, fb: Any) -> float:
    return len(fa.lemmas & fb.lemmas) / max(1, len(fa.lemmas | fb.lemmas))


def _same(a: dict, b: dict, key: str) -> float:
    return float(bool(a.get(key)) and a.get(key) == b.get(key))


def _base_features(sigs: dict, fa: Any, fb: Any, a: dict, b: dict, cos: float) -> list[float]:
    """cosine, overlaps, one value per detector signal, structure flags, stance word counts and the
    token alignment of the two claims (unaligned words per type, negation parity, antonyms)."""
    inter = len(fa.lemmas & fb.lemmas)
    row = [float(cos), _jaccard(fa, fb), inter / max(1, min(len(fa.lemmas), len(fb.lemmas)))]
    row += [sigs[n].value if n in sigs else 0.0 for n in SIGNAL_NAMES]
    row += [float(bool(fa.quantities and fb.quantities)), float(bool(fa.dates and fb.dates)),
            float(bool(fa.causes or fb.causes)), float(bool(fa.frames and fb.frames)),
            float(bool(fa.disagreement or fb.disagreement)), _same(a, b, "speaker_id"),
            min(len(fa.lemmas), len(fb.lemmas)) / max(1, len(fa.lemmas), len(fb.lemmas))]
    sa, sb = np.asarray(fa.stance, np.float32), np.asarray(fb.stance, np.float32)
    row += [*sa, *sb, *(sb - sa), float(len(fa.disagreement)), float(len(fb.disagreement)),
            float(len(fb.lemmas - fa.lemmas)) / max(1, len(fb.lemmas)), float(inter)]
    return row + det.alignment_features(fa, fb)


STRONG_CUE = 0.8


def _detector_fired(sigs: list[dict]) -> np.ndarray:
    """Per pair: did any conflict detector fire (then the detectors' verdict weighs more)?
    A strong explicit cue (one claim casting doubt on the other's assertion) counts; a bare
    'denied' does not, since it often refers to something else."""
    def fired(s: dict) -> bool:
        cue = s.get("disagreement_cue")
        return bool(CONFLICT_SIGNALS & set(s)) or (cue is not None and cue.value >= STRONG_CUE)

    return np.array([fired(s) for s in sigs], dtype=bool)


def _fit_pca(emb: tuple, n_components: int) -> dict:
    ea, eb = emb
    out = {}
    for name, x in (("diff", np.abs(ea - eb)), ("prod", ea * eb)):
        mean = x.mean(axis=0)
        _, _, vt = np.linalg.svd(x - mean, full_matrices=False)
        out[f"mean_{name}"], out[f"comp_{name}"] = mean.astype(np.float32), vt[:n_components].astype(np.float32)
    return out


def _onehot(kind: str, value: float = 1.0) -> np.ndarray:
    p = np.zeros(len(RELATION_KINDS))
    p[RELATION_KINDS.index(kind)] = value
    return p


CONFLICT_RULES = (("numeric_mismatch", "numeric_mismatch"), ("date_mismatch", "date_mismatch"),
                  ("cause_ruled_out", "competing_explanation"), ("negation", "contradiction"),
                  ("actor_clash", "contradiction"), ("antonym", "contradiction"),
                  ("cause_differs", "competing_explanation"), ("outcome_clash", "contradiction"),
                  ("disagreement_cue", "contradiction"))


def _rule_proba(sigs: dict, row: np.ndarray) -> np.ndarray:
    """Detectors-only verdict as a pseudo-probability vector (used when no model is fitted)."""
    cos, overlap = float(row[0]), float(row[2])
    related = cos >= 0.35 or overlap >= 0.4
    if "time_disjoint" not in sigs:
        for name, kind in CONFLICT_RULES:
            s = sigs.get(name)
            if s is not None and ((related and (s.value >= 0.7 or cos >= 0.5)) or (s.value >= 0.8 and cos >= 0.25)):
                score = min(0.95, 0.45 + 0.35 * s.value + 0.2 * min(1.0, cos / 0.7))
                return _onehot(kind, score) + _onehot("elaboration", 1 - score)
    agree = any(n in sigs for n in EXPLAINERS["corroboration"])
    if cos >= 0.7 or (cos >= 0.55 and agree):
        return _onehot("corroboration", min(0.95, cos)) + _onehot("elaboration", 1 - min(0.95, cos))
    if cos >= 0.45:
        return _onehot("elaboration", 0.6) + _onehot("unrelated", 0.4)
    return _onehot("unrelated", 0.8) + _onehot("elaboration", 0.2)


def nli_probabilities(model: Any, text_pairs: list[tuple[str, str]]) -> np.ndarray:
    """(n, 3) probabilities in NLI_NAMES order, mapped through the model's own ``id2label``."""
    logits = np.asarray(model.predict(text_pairs, show_progress_bar=False, apply_softmax=True), dtype=np.float32)
    if logits.ndim == 1:
        logits = logits[:, None]
    id2label = getattr(getattr(model, "config", None) or getattr(model.model, "config", None), "id2label", {}) or {}
    out = np.zeros((len(text_pairs), 3), np.float32)
    for j in range(logits.shape[1]):
        name = str(id2label.get(j, "")).lower()
        match = next((k for k, n in enumerate(NLI_NAMES) if name.startswith(n[:5])), None)
        if match is not None:
            out[:, match] += logits[:, j]
    missing = out.sum(axis=1) == 0
    out[missing] = 1 / 3
    return out


def encoder_mix(learned: np.ndarray, decided: np.ndarray, weight: float, fired: np.ndarray) -> np.ndarray:
    """The learned verdict with the cross-encoder's (``weight`` of it). Where a structural
    detector fired (it names the number, date, cause or negation that differs) the encoder may
    raise the conflict but not veto it: its training holds few real pairs of some kinds (two
    causes of one event) and it reads those as unrelated; the detectors were measured precise."""
    mixed = weight * decided + (1 - weight) * learned
    kinds = [RELATION_KINDS.index(k) for k in CONFLICT_KINDS]
    keep = fired & (mixed[:, kinds].sum(axis=1) < learned[:, kinds].sum(axis=1))
    mixed[keep] = learned[keep]
    return mixed


def encoder_kinds(proba: np.ndarray, read: np.ndarray, labels: Sequence[str], fired: np.ndarray) -> np.ndarray:
    """Kind probabilities (``RELATION_KINDS`` columns) with the cross-encoder's 3-way decision.

    The encoder's conflict mass is shared over the conflict kinds as the detectors and trees
    share it when a structural detector fired (they name what differs), else as the encoder does;
    its "neither" mass is shared between elaboration and unrelated as ``proba`` shares it.
    """
    col = {k: i for i, k in enumerate(labels)}
    kinds = [RELATION_KINDS.index(k) for k in CONFLICT_KINDS]
    own = np.stack([read[:, col[k]] if k in col else np.zeros(len(read)) for k in CONFLICT_KINDS], axis=1)
    total = own.sum(axis=1, keepdims=True)
    theirs = proba[:, kinds]
    share = np.where(fired[:, None] & (theirs.sum(axis=1, keepdims=True) > 0), theirs, own)
    share = share / np.clip(share.sum(axis=1, keepdims=True), 1e-9, None)
    out = np.zeros_like(proba)
    out[:, kinds] = total * share
    out[:, RELATION_KINDS.index("corroboration")] = read[:, col["corroboration"]]
    rest = [RELATION_KINDS.index(k) for k in ("elaboration", "unrelated")]
    split = proba[:, rest] + 1e-6
    out[:, rest] = read[:, [col["neither"]]] * split / split.sum(axis=1, keepdims=True)
    return out


def _nli_override(proba: np.ndarray, nli: np.ndarray, cos: np.ndarray) -> np.ndarray:
    """A confident NLI contradiction on a related pair becomes the contradiction score."""
    proba = proba.copy()
    hit = (nli[:, 0] >= 0.9) & (cos >= 0.45)
    c = RELATION_KINDS.index("contradiction")
    proba[hit, c] = np.maximum(proba[hit, c], nli[hit, 0] * 0.8)
    return proba


def explain(kind: str, sigs: dict, fa: Any, fb: Any) -> str:
    """One sentence naming what differs (or agrees), quoting both claims."""
    for name in EXPLAINERS.get(kind, ()):
        if name in sigs:
            return sigs[name].explanation
    if kind in CONFLICT_KINDS:
        return f"{kind.replace('_', ' ')}: {det.alignment_phrase(fa, fb)}"
    if kind == "corroboration":
        shared = [w for w in det._ordered_lemmas(fa.text) if w in fa.lemmas & fb.lemmas][:5]
        return f"both say: '{' '.join(shared) or det.shorten(fa.text, 6)}'"
    if kind == "elaboration":
        return f"compatible detail: {det.alignment_phrase(fa, fb)}"
    return "no shared subject"
