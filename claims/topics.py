"""Topic names: each cluster of claims named by the question its claims answer.

"How many people died?", "Why did the rebels withdraw?", "When did the strike start?", "Who
controls the airport?", else "Did the council approve the budget?": the question type comes from
the fact the claims state (a count, a cause, a time, who holds or did something) and its words
from the clause the claims share (predicate, subject, object), read from the extraction parse.
Every cluster gets a question, and so does every finding, even one whose claims sit in different
clusters or in none.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Iterable, Sequence

import pandas as pd
from spacy.tokens import Span, Token

from . import lexicon
from .questions import topic_kind
from .records import Finding

KIND_ORDER = ("count", "cause", "time", "actor", "whether")
KIND_FOR_RELATION = {"numeric_mismatch": "count", "competing_explanation": "cause", "date_mismatch": "time"}
MAX_CLAIMS = 12
MAX_PHRASE_WORDS = 6
FALLBACK = "What do the sources say?"
_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those", "who", "which"})
_PHRASE_DEPS = frozenset({"det", "compound", "amod", "poss", "nmod", "case", "nummod", "quantmod", "prt"})
_CAUSE_CUES = tuple(sorted(lexicon.CAUSE_CUES, key=len, reverse=True))
_TIME_ENTS = frozenset({"DATE", "TIME"})
_NAMED_ENTS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})
_CAUSE_PREPS = frozenset({"because", "after", "following", "due", "over", "amid", "for", "from", "as", "since"})


def _predicate(span: Span) -> Token | None:
    """The clause the claim asserts: the root, or the reported clause under a reporting verb."""
    root = span.root
    for _ in range(3):
        if root.lemma_.lower() not in lexicon.REPORTING_VERBS:
            break
        content = [c for c in root.children if c.dep_ in ("ccomp", "xcomp", "parataxis") and c.i in range(span.start, span.end)]
        if not content:
            break
        root = content[0]
    while (nxt := _child(root, ("xcomp",))) is not None and nxt.pos_ == "VERB" and root.lemma_.lower() not in lexicon.REPORTING_VERBS:
        root = nxt
    return root


def _child(token: Token, deps: Iterable[str]) -> Token | None:
    deps = tuple(deps)
    return next((c for c in token.children if c.dep_ in deps), None)


def _phrase(token: Token | None, keep_number: bool = True, with_of: bool = True) -> str:
    """A short noun phrase for ``token``: its determiners, modifiers and compounds, no clauses."""
    if token is None:
        return ""
    words = []

    def left(t: Token) -> None:
        for c in t.lefts:
            if c.dep_ in _PHRASE_DEPS and (keep_number or c.dep_ not in ("nummod", "quantmod")) and not c.like_num:
                left(c)
                words.append(c)
            elif c.dep_ in _PHRASE_DEPS and keep_number:
                words.append(c)

    left(token)
    words.append(token)
    for c in token.rights:
        if c.dep_ == "prep" and c.i == token.i + 1 and (pobj := _child(c, ("pobj",))) is not None and pobj.pos_ == "PROPN":
            words += [c, *[t for t in pobj.lefts if t.dep_ == "compound"], pobj]
    words = sorted(set(words), key=lambda t: t.i)[-MAX_PHRASE_WORDS:]
    return " ".join(t.lower_ if t.lower_ != "i" and (t.pos_ in ("DET", "PRON") or t.is_sent_start and t.pos_ != "PROPN" and not t.ent_type_)
                    else t.text for t in words)


def _object(verb: Token, with_prep: bool = False) -> str:
    """The verb's object phrase; with ``with_prep`` a following prepositional phrase stands in
    for a missing object unless it gives a time or a cause (the very thing a question asks)."""
    obj = _child(verb, ("dobj", "attr", "oprd"))
    if obj is not None:
        return _phrase(obj)
    if not with_prep:
        return ""
    prep = next((c for c in verb.children if c.dep_ == "prep" and c.i > verb.i), None)
    pobj = _child(prep, ("pobj",)) if prep is not None else None
    if pobj is None or pobj.ent_type_ in _TIME_ENTS or prep.lower_ in _CAUSE_PREPS:
        return ""
    return f"{prep.text} {_phrase(pobj)}"


def _particle(verb: Token) -> str:
    prt = _child(verb, ("prt",))
    return f" {prt.text}" if prt is not None else ""


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _plural(token: Token | None) -> bool:
    return token is not None and token.tag_ in ("NNS", "NNPS")


def _aux_question(verb: Token, wh: str = "") -> str:
    """"Why did the rebels withdraw" / "When was the town captured"; without ``wh`` a yes/no
    question ("Did the council approve the budget")."""
    subject = _child(verb, ("nsubj", "nsubjpass"))
    subj = _phrase(subject)
    obj = _object(verb, with_prep=not wh)
    if _passive(verb):
        be = "were" if _plural(subject) else "was"
        parts = [wh, be, subj, verb.text.lower(), obj]
    else:
        parts = [wh, "did", subj, verb.lemma_.lower() + _particle(verb), obj]
    return " ".join(p for p in parts if p)


def _count_question(span: Span, verb: Token) -> str | None:
    """"How many people died?" from a number counting a noun; "How much ..." for amounts."""
    for token in span:
        if not (token.like_num or token.ent_type_ == "CARDINAL") or token.dep_ not in ("nummod", "quantmod"):
            continue
        noun = token.head if token.dep_ == "nummod" else token.head.head
        if noun.pos_ not in ("NOUN", "PROPN") or not noun.is_alpha or noun.ent_type_ in _TIME_ENTS or token.ent_type_ in _TIME_ENTS:
            continue
        if noun.tag_ not in ("NNS", "NNPS") and noun.lower_ not in lexicon.COLLECTIVE_NOUNS:
            continue  # "iPhone 6", "Route 66": a name with a number, not a count
        if noun.lemma_.lower() in lexicon.DURATION_UNITS or noun.lower_ in lexicon.MEASURE_UNITS:
            continue
        if noun.lower_ in lexicon.AMOUNT_UNITS or any(t.lower_ in lexicon.AMOUNT_UNITS for t in noun.lefts):
            return _amount_question(verb) if token.ent_type_ in ("MONEY", "PERCENT") else None
        what = _phrase(noun, keep_number=False)
        what = " ".join(w for w in what.split() if w.lower() not in ("the", "a", "an", "at", "least", "some", "about"))
        if noun.dep_ in ("nsubj", "nsubjpass") and noun.head == verb:
            aux = " ".join(c.text for c in verb.lefts if c.dep_ in ("aux", "auxpass"))
            return f"How many {what} {(aux + ' ') if aux else ''}{verb.text.lower()}{_particle(verb)}"
        if noun.head == verb and (subject := _child(verb, ("nsubj",))) is not None:
            return f"How many {what} did {_phrase(subject)} {verb.lemma_.lower()}{_particle(verb)}"
        return f"How many {what}"
    return None


def _amount_question(verb: Token) -> str:
    subject = _child(verb, ("nsubj", "nsubjpass"))
    if subject is None:
        return "How much"
    return f"How much did {_phrase(subject)} {verb.lemma_.lower()}{_particle(verb)}"


_STATE_VERBS = frozenset({"control", "hold", "occupy", "run", "own", "command", "govern", "lead"})


def _third_person(lemma: str) -> str:
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        return lemma + "es"
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return lemma[:-1] + "ies"
    return lemma + "s"


def _actor_question(verb: Token) -> str | None:
    """"Who controls the airport?" / "Who seized the town?" for verbs of holding or taking."""
    lemma = verb.lemma_.lower()
    if lemma not in lexicon.CONTROL_VERBS:
        return None
    if _passive(verb):
        thing = _child(verb, ("nsubjpass",))
        if thing is None:
            return None
        taken = verb.text.lower() if verb.text.lower().endswith("ed") and lemma not in _STATE_VERBS else "controls"
        return f"Who {taken} {_phrase(thing)}"
    obj = _object(verb)
    head = _child(verb, ("dobj",))
    if not obj or head is not None and head.lemma_.lower() in lexicon.QUANTITY_NOUNS:
        return None
    if lemma in _STATE_VERBS or verb.tag_ != "VBD":
        return f"Who {_third_person(lemma)}{_particle(verb)} {obj}"
    return f"Who {verb.text.lower()}{_particle(verb)} {obj}"


def _whether_question(verb: Token) -> str:
    if verb.pos_ not in ("VERB", "AUX") or _child(verb, ("nsubj", "nsubjpass")) is None:
        return f"What happened to {_phrase(verb, with_of=True)}" if verb.pos_ in ("NOUN", "PROPN") else ""
    if verb.lemma_.lower() == "be":
        subject = _child(verb, ("nsubj",))
        rest = _phrase(_child(verb, ("attr", "acomp")))
        be = "Are" if _plural(subject) else "Is"
        return " ".join(p for p in (be, _phrase(subject), rest) if p)
    return _aux_question(verb)


@dataclass(frozen=True)
class ClaimQuestions:
    """What topic naming needs from one parsed claim, read once at extraction (plain data, so it
    travels with the detectors' facts from any worker): the predicate lemma, the questions by
    kind, the "When ...?" question asked only of a claim with a time scope, and the named
    entities (else subject and object nouns) for "What do the sources say about X?"."""

    predicate: str = ""
    by_kind: tuple[tuple[str, str], ...] = ()
    when: str = ""
    entities: tuple[str, ...] = ()
    nouns: tuple[str, ...] = ()

    def questions(self, time_text: str = "") -> dict[str, str]:
        """kind -> question; ``time_text`` (the claim's time scope) adds the time question."""
        found = dict(self.by_kind)
        if self.when and "time" not in found and time_text and time_text != "publication date":
            found["time"] = self.when
        return found


def claim_questions(span: Span) -> ClaimQuestions:
    """The :class:`ClaimQuestions` of one parsed claim."""
    entities = tuple(ent.text for ent in span.ents if ent.label_ in _NAMED_ENTS)
    nouns = tuple(_phrase(t) for t in span if t.pos_ == "NOUN" and t.dep_ in ("nsubj", "nsubjpass", "dobj", "ROOT"))
    verb = _predicate(span)
    if verb is None:
        return ClaimQuestions(entities=entities, nouns=nouns)
    lemma = verb.lemma_.lower()
    if lemma in lexicon.REPORTING_VERBS or (verb.pos_ in ("VERB", "AUX") and _child(verb, ("nsubj", "nsubjpass")) is None):
        q = _tidy(_noun_question([ClaimQuestions(entities=entities, nouns=nouns)], fallback=""))
        return ClaimQuestions(lemma, (("whether", q),) if q else (), "", entities, nouns)
    found: dict[str, str] = {}
    text = " " + span.text.lower() + " "
    if (q := _count_question(span, verb)) is not None:
        found["count"] = q
    if verb.pos_ in ("VERB", "AUX") and any(f" {cue} " in text for cue in _CAUSE_CUES):
        light = lemma in lexicon.EVENT_LIGHT_VERBS
        subject = _child(verb, ("nsubj", "nsubjpass"))
        found["cause"] = f"What caused {_phrase(subject)}" if light and subject.pos_ == "NOUN" else (
            "" if light else _aux_question(verb, "Why"))
    when = _aux_question(verb, "When") if verb.pos_ in ("VERB", "AUX") and lemma != "be" else ""
    if when and any(e.label_ in _TIME_ENTS for e in span.ents):
        found["time"] = when
    if verb.pos_ in ("VERB", "AUX") and (q := _actor_question(verb)) is not None:
        found["actor"] = q
    if q := _whether_question(verb):
        found["whether"] = q
    by_kind = tuple((kind, _tidy(q)) for kind, q in found.items() if q and _tidy(q))
    return ClaimQuestions(lemma, by_kind, _tidy(when) if when else "", entities, nouns)


def question_texts(span: Span, time_text: str = "") -> dict[str, str]:
    """The questions one claim answers, by kind (count, cause, time, actor, whether)."""
    return claim_questions(span).questions(time_text)


def _tidy(question: str) -> str:
    words = question.split()
    if len(words) < 2:
        return ""
    text = " ".join(words).replace(" 's", "'s").replace(" ,", ",")
    return text[:1].upper() + text[1:].rstrip(" ,.;:!?") + "?"


def _quality(question: str) -> tuple:
    """Prefer questions without pronouns, of moderate length."""
    words = question.rstrip("?").lower().split()
    return (sum(w in _PRONOUNS for w in words[1:]), abs(len(words) - 6))


def best_question(claims: Sequence[Span | ClaimQuestions], time_texts: Sequence[str] = (), prefer: str = "") -> str:
    """The question that the most claims (parsed spans or their :class:`ClaimQuestions`) answer:
    the commonest kind (``prefer`` wins ties and counts double), worded from the claims sharing
    the commonest predicate."""
    claims = [c if isinstance(c, ClaimQuestions) else claim_questions(c) for c in claims]
    time_texts = list(time_texts) + [""] * (len(claims) - len(time_texts))
    per_claim = [(c, c.questions(t)) for c, t in zip(claims, time_texts)]
    votes = Counter(kind for _, qs in per_claim for kind in qs if kind != "whether")
    if prefer and prefer in votes:
        votes[prefer] += len(claims)
    kinds = sorted(votes, key=lambda k: (-votes[k], KIND_ORDER.index(k)))
    for kind in [*kinds, "whether"]:
        options = [(c, qs[kind]) for c, qs in per_claim if kind in qs]
        if not options:
            continue
        common = Counter(c.predicate for c, _ in options).most_common(1)[0][0]
        pool = [q for c, q in options if c.predicate == common]
        return min(pool, key=lambda q: (*_quality(q), q))
    return _noun_question(claims)


def _noun_question(claims: Sequence[ClaimQuestions], fallback: str = FALLBACK) -> str:
    """"What do the sources say about X?" for the entity (else noun) the claims name most."""
    chunks = Counter(e for c in claims for e in c.entities) or Counter(n for c in claims for n in c.nouns)
    if chunks:
        return f"What do the sources say about {chunks.most_common(1)[0][0]}?"
    return fallback


class TopicNamer:
    """Names clusters and findings by their question. ``known`` maps claim texts to what the
    extraction parse read (:class:`ClaimQuestions`, or the detectors' facts that carry them);
    ``nlp`` parses the claims it lacks."""

    def __init__(self, nlp=None, known: dict | None = None, max_claims: int = MAX_CLAIMS):
        self.nlp = nlp
        self.known = known
        self.max_claims = max_claims

    def _questions(self, texts: list[str]) -> dict[str, ClaimQuestions]:
        """text -> :class:`ClaimQuestions` for ``texts``: as read at extraction, else parsed now (and kept)."""
        known = self.known or {}
        found = self.__dict__.setdefault("_found", {})
        for text in texts:
            held = known.get(text)
            held = getattr(held, "questions", held)
            if isinstance(held, ClaimQuestions):
                found[text] = held
        missing = sorted({t for t in texts if t not in found})
        if missing and self.nlp is not None:
            for text, doc in zip(missing, self.nlp.pipe(missing, batch_size=64)):
                found[text] = claim_questions(doc[:])
        return {t: found[t] for t in texts if t in found}

    def name_clusters(self, claims: pd.DataFrame, findings: Sequence[Finding] = ()) -> dict[int, str]:
        """cluster -> question, for every cluster of ``claims`` (claims in findings weigh first)."""
        if "cluster" not in claims or not len(claims):
            return {}
        rows = claims[claims["cluster"].fillna(-1).astype(int) >= 0]
        if "is_claim" in rows:
            rows = rows[rows["is_claim"].fillna(False).astype(bool)]
        involved = Counter(side.get("id") for f in findings for side in (f.a, f.b))
        kinds: dict[int, Counter] = {}
        for f in findings:
            if f.cluster >= 0 and f.kind in KIND_FOR_RELATION:
                kinds.setdefault(int(f.cluster), Counter())[KIND_FOR_RELATION[f.kind]] += 1
        chosen: dict[int, list[tuple[str, str]]] = {}
        for row in rows.itertuples(index=False):
            chosen.setdefault(int(row.cluster), []).append(
                (-involved.get(row.id, 0), str(row.id), str(row.text).strip(), str(getattr(row, "time_text", "") or "")))
        picked = {c: sorted(items)[:self.max_claims] for c, items in chosen.items()}
        read = self._questions([text for items in picked.values() for *_, text, _ in items])
        names = {}
        for cluster, items in picked.items():
            parsed = [(read[text], when) for *_, text, when in items if text in read]
            prefer = kinds[cluster].most_common(1)[0][0] if cluster in kinds else topic_kind(text for *_, text, _ in items)
            names[cluster] = best_question([s for s, _ in parsed], [w for _, w in parsed], prefer) if parsed else FALLBACK
        return names

    def name_finding(self, finding: Finding, names: dict[int, str]) -> str:
        """A finding's topic: its cluster's question, else that of either claim's cluster, else a
        question built from its two claims (numeric mismatch -> how many, and so on)."""
        for cluster in (finding.cluster, finding.a.get("cluster", -1), finding.b.get("cluster", -1)):
            if cluster is not None and int(cluster) >= 0 and int(cluster) in names:
                return names[int(cluster)]
        texts = [str(side.get("text", "")).strip() for side in (finding.a, finding.b)]
        read = self._questions(texts)
        parsed = [read[t] for t in texts if t in read]
        times = [str(side.get("time_text", "") or "") for side in (finding.a, finding.b)]
        return best_question(parsed, times, KIND_FOR_RELATION.get(finding.kind, "")) if parsed else FALLBACK


def name_topics(claims: pd.DataFrame, findings: Sequence[Finding], nlp=None, known: dict | None = None) -> tuple[pd.DataFrame, list[Finding]]:
    """Claims with a ``topic`` column (their cluster's question, "" outside clusters) and the
    findings with ``topic`` set; ``known`` as in :class:`TopicNamer`."""
    namer = TopicNamer(nlp=nlp, known=known)
    names = namer.name_clusters(claims, findings)
    out = claims.copy()
    if "cluster" in out:
        out["topic"] = [names.get(int(c), "") if c == c and int(c) >= 0 else "" for c in out["cluster"]]
    return out, [replace(f, topic=namer.name_finding(f, names)) for f in findings]
