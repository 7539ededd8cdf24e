"""A learned scorer of attribution cues: is this verb the cue of a source holding a view?

The rules in :mod:`claims.attribute` know the usual reporting verbs; news also attributes
views with "slammed", "is relying on", "wants", "called for" and many more. :class:`CueModel`
is a logistic regression over dependency features of a (verb, subject) pair, trained on the
PolNeAR train split (``bench/train_attribution.py``), stored as plain JSON weights in
``claims/data/cue_model.json`` (model card: ``claims/data/CUE_MODEL.md``) and loaded once by
:func:`claims.models.load_cue_model`. Without it the rules work alone.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Span, Token

from . import lexicon

MODEL_PATH = Path(__file__).parent / "data" / "cue_model.json"
_CLAUSE_DEPS = ("ccomp", "xcomp", "parataxis", "dobj", "oprd", "prep", "prt", "advcl", "acomp", "attr", "dative")


def headline_passive(verb: Token) -> bool:
    """A participle read as a verb in a headline that dropped its auxiliary ("Putin reported dead",
    "Mayor urged to resign", "Gunman named as local man"): no auxiliary, no object, no clause, and
    "to ...", "as ..." or a state after it. Its subject is what others speak of, not a speaker."""
    if verb.tag_ not in ("VBN", "VBD") or any(c.dep_ in ("aux", "auxpass", "dobj", "dative", "ccomp", "parataxis")
                                                for c in verb.children):
        return False
    lemma = verb.lemma_.lower()
    after = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    for child in verb.children:
        if child.dep_ == "xcomp" and lemma in lexicon.PASSIVE_TO_VERBS and after is not None and after.lower_ == "to" \
                and after.head.i == child.i:
            return True
        if child.dep_ == "prep" and child.lower_ == "as" and child.i == verb.i + 1 and lemma in lexicon.PASSIVE_AS_VERBS:
            return True
        if (child.dep_ in ("acomp", "oprd") or child.dep_ == "advmod" and child.tag_ == "JJ") \
                and lemma in lexicon.PASSIVE_STATE_VERBS:
            return True
    return False


def nearest_subject(verb: Token, deps: tuple[str, ...] = ("nsubj",)) -> Token | None:
    """The verb's subject; of two the parser gave it ("Speaking in Salem, New Hampshire, Trump
    went ...", "The judge Trump referred to"), the one nearest before the verb."""
    subjects = [c for c in verb.children if c.dep_ in deps]
    before = [s for s in subjects if s.i < verb.i]
    return before[-1] if before else subjects[0] if subjects else None


def object_controller(verb: Token) -> Token | None:
    """The object that holds the view of a participle after "leave", "keep", "have" ... ("the
    ruling left voters wondering ...": the voters wonder, not the ruling)."""
    head = verb.head
    if verb.tag_ != "VBG" or verb.dep_ not in ("xcomp", "advcl", "oprd", "ccomp") \
            or head.lemma_.lower() not in lexicon.OBJECT_CONTROL_VERBS:
        return None
    holder = next((c for c in head.children if c.dep_ == "dobj" and c.i < verb.i), None)
    if holder is None or not (holder.pos_ in ("PROPN", "PRON", "NUM") or holder.text in ("%", "percent")
                              or holder.ent_type_ in ("PERSON", "NORP", "ORG") or holder.lower_ in lexicon.QUANTITY_NOUNS
                              or holder.lemma_.lower() in lexicon.HUMAN_NOUNS):
        return None  # "sent a memo explaining ...", "left no doubt ...": a thing holds no view
    return holder


def candidate_subject(verb: Token) -> Token | None:
    """The subject of ``verb`` (the agent of a passive: "was criticized by economists"),
    inherited from the governing verb for "continues to insist", "Clinton slammed ... and
    accused ...", "..., saying ...", "... by citing ..." (participle clauses); the noun a
    participle modifies ("with polls showing ...")."""
    for child in verb.children:
        if child.dep_ == "agent":
            agent = next((c for c in child.children if c.dep_ == "pobj"), None)
            if agent is not None:
                return agent
    if (holder := object_controller(verb)) is not None:
        return holder
    token = verb
    for _ in range(3):
        if (subject := nearest_subject(token, ("nsubj", "nsubjpass"))) is not None:
            return subject
        if (token.dep_ == "relcl" or token.dep_ == "acl" and token.tag_ == "VBG") \
                and token.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return token.head  # "Republicans, who said ...", "polls showing ..."
        if token.dep_ in ("xcomp", "conj") or token.dep_ == "advcl" and token.tag_ == "VBG":
            token = token.head
            continue
        if token.dep_ == "pcomp" and token.tag_ == "VBG" and token.head.dep_ == "prep":
            token = token.head.head  # "... by citing ...", "after seeking ..."
            continue
        return None
    return None


def misread_label(verb: Token) -> bool:
    """A "verb" with nothing of its own that the parser hung as the complement of a later verb:
    the last word of a noun label ("Pressure cooker recall: few owners ..."), not a cue."""
    return verb.dep_ == "ccomp" and verb.i < verb.head.i and not any(
        c.dep_ in _CLAUSE_DEPS or c.dep_ in ("aux", "neg") for c in verb.children)


def candidates(span: Span) -> list[tuple[Token, Token]]:
    """Verbs of the span with a subject: the pairs the model scores."""
    out = []
    for token in span:
        if (token.pos_ == "VERB" or token.pos_ == "AUX" and token.dep_ == "ROOT") and not misread_label(token):
            subject = candidate_subject(token)
            if subject is not None and span.start <= subject.i < span.end:
                out.append((token, subject))
    return out


def features(verb: Token, subject: Token, span: Span) -> dict[str, float]:
    """Sparse features of one (verb, subject) pair, read from the parse."""
    lemma, text = verb.lemma_.lower(), span.text  # spaCy joins the span's tokens on each read
    deps = sorted({c.dep_ for c in verb.children if c.dep_ in _CLAUSE_DEPS})
    preps = [c.lower_ for c in verb.children if c.dep_ in ("prep", "prt")]
    f = {
        f"lemma={lemma}": 1.0,
        f"dep={verb.dep_}": 1.0,
        f"tag={verb.tag_}": 1.0,
        f"subj_dep={subject.dep_}": 1.0,
        f"subj_pos={subject.pos_}": 1.0,
        f"subj_ent={subject.ent_type_ or subject.pos_}": 1.0,
        f"force={lexicon.REPORTING_VERBS.get(lemma, lexicon.STANCE_VERBS.get(lemma, 'none'))}": 1.0,
        "subj_before": float(subject.i < verb.i),
        "neg": float(any(c.dep_ == "neg" for c in verb.children)),
        "quoted": float(_inside_quotes(verb, span, text)),
        "span_quote": float(any(q in text for q in '"\u201c\u201d')),
        "bias": 1.0,
    }
    if subject.pos_ == "PRON":
        f[f"subj_word={subject.lower_}"] = 1.0
    subject_head = subject.lemma_.lower()
    if subject.pos_ == "NOUN":
        f[f"subj_noun={subject_head}"] = 1.0
    for dep in deps:
        f[f"child={dep}"] = 1.0
        f[f"lemma_child={lemma}|{dep}"] = 1.0
    for prep in preps:
        f[f"lemma_prep={lemma}|{prep}"] = 1.0
    if verb.head is not verb:
        f[f"head_lemma={verb.head.lemma_.lower()}|{verb.dep_}"] = 1.0
    return f


def _inside_quotes(token: Token, span: Span, text: str) -> bool:
    """Whether ``token`` stands inside a quotation of ``span`` (whose text is ``text``)."""
    before = text[:token.idx - span.start_char]
    opens = before.count("\u201c")
    closes = before.count("\u201d")
    return opens > closes or before.count('"') % 2 == 1


def cue_text(verb: Token) -> str:
    """The cue as a phrase: lemma plus particle or governed preposition ("call for", "point out")."""
    parts = [verb.lemma_.lower()]
    for child in verb.children:
        if child.dep_ == "prt" or child.dep_ == "prep" and child.lower_ in ("for", "on", "about", "to") \
                and child.i == verb.i + 1:
            parts.append(child.lower_)
    return " ".join(parts)


def in_lexicon(verb: Token) -> bool:
    """The verb is a known reporting or stance verb (``claims.lexicon``)."""
    lemma = verb.lemma_.lower()
    return lemma in lexicon.REPORTING_VERBS or lemma in lexicon.STANCE_VERBS


@dataclass
class CueModel:
    """Logistic-regression weights over :func:`features`. A verb of the lexicon is a cue from
    ``threshold``; any other verb ("is relying on", "ripped") needs ``threshold_other``."""

    weights: dict[str, float] = field(default_factory=dict)
    threshold: float = 0.5
    threshold_other: float = 0.5

    def accepts(self, verb: Token, probability: float) -> bool:
        return probability >= (self.threshold if in_lexicon(verb) else self.threshold_other)

    def probability(self, verb: Token, subject: Token, span: Span) -> float:
        z = sum(self.weights.get(k, 0.0) * v for k, v in features(verb, subject, span).items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def best(self, span: Span) -> tuple[Token, Token, float] | None:
        """The most probable (verb, subject) cue of the span at or above the threshold; a passive
        subject is never the holder ("X was shown the door", "X was told", "X urged to quit")."""
        scored = [(self.probability(v, s, span), -v.i, v, s) for v, s in candidates(span)
                  if not (s.dep_ == "nsubjpass" and s.head.i == v.i) and not headline_passive(v)]
        if not scored:
            return None
        scored = [x for x in scored if self.accepts(x[2], x[0])]
        if not scored:
            return None
        p, _, verb, subject = max(scored, key=lambda x: (x[0], x[1]))
        return verb, subject, p

    @classmethod
    def load(cls, path: str | Path = MODEL_PATH) -> "CueModel":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(weights=data["weights"], threshold=data["threshold"],
                   threshold_other=data.get("threshold_other", data["threshold"]))

    def save(self, path: str | Path, meta: dict) -> None:
        from .store import write_json

        write_json(Path(path), {**meta, "threshold": self.threshold, "threshold_other": self.threshold_other,
                                "weights": self.weights})
