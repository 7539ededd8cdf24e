"""Token alignment of two claims: which content words of each have no counterpart in the other.

A swapped fact (another number, place, agent, an opposite verb, an inserted 'not') leaves words
of the same type unaligned on both sides, while a paraphrase or a shortened copy leaves few or
only one-sided ones. :func:`alignment_features` turns this into numbers for the relation model;
:func:`alignment_phrase` quotes the differing words, so a verdict the model reaches without any
detector firing is still explained by words a reader can find in both claims.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any

from .. import lexicon as lx
from .base import ClaimFacts, shorten

TAGS = ("NUM", "NAME", "NOUN", "VERB", "ADJ")
STEM = 5
NAME_ENTS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW")
TIME_ENTS = ("DATE", "TIME")


def word_tags(doc: Any) -> tuple[tuple[str, str, str], ...]:
    """(text, lemma, tag) for each content word of a parsed text; tag is one of TAGS, ``TIME``
    (a word of a date or clock time) or ``NEG`` (a negation word)."""
    out = []
    for tok in doc:
        lower = tok.lower_
        if tok.dep_ == "neg" or lower in lx.NEGATION_WORDS:
            out.append((tok.text, lower, "NEG"))
            continue
        if tok.is_punct or tok.is_space or (tok.is_stop and not tok.like_num) or len(tok.text) < 2 and not tok.is_digit:
            continue
        if tok.ent_type_ in TIME_ENTS:
            tag = "TIME"
        elif tok.like_num or lower in lx.NUMBER_WORDS or tok.pos_ == "NUM":
            tag = "NUM"
        elif tok.ent_type_ in NAME_ENTS or tok.pos_ == "PROPN":
            tag = "NAME"
        elif tok.pos_ in ("NOUN", "VERB", "ADJ"):
            tag = tok.pos_
        elif tok.pos_ == "ADV" and lower.endswith("ly"):
            tag = "ADJ"
        else:
            continue
        out.append((tok.text, tok.lemma_.lower(), tag))
    return tuple(out)


def _keys(word: tuple[str, str, str]) -> tuple[str, ...]:
    text, lemma, _ = word
    lower = text.lower().replace(",", "")
    return (lower, lemma, lemma[:STEM]) if len(lemma) > STEM + 1 else (lower, lemma)


@lru_cache(maxsize=1)
def _antonyms() -> dict[str, frozenset]:
    """lemma -> the lemmas listed as its opposites."""
    out: dict[str, set] = {}
    for x, y in lx.ANTONYM_PAIRS:
        out.setdefault(x, set()).add(y)
        out.setdefault(y, set()).add(x)
    return {word: frozenset(opposites) for word, opposites in out.items()}


@lru_cache(maxsize=1 << 16)
def _word_keys(words: tuple) -> tuple[frozenset, tuple[frozenset, ...]]:
    """All alignment keys of a claim's words, and each word's own (a claim meets many others)."""
    own = tuple(frozenset(_keys(w)) for w in words)
    return frozenset().union(*own), own


def unaligned(fa: ClaimFacts, fb: ClaimFacts) -> tuple[list, list]:
    """Content words of each claim that the other lacks (by form, lemma or a 5-letter stem)."""
    keys_a, own_a = _word_keys(fa.words)
    keys_b, own_b = _word_keys(fb.words)
    only_a = [w for w, keys in zip(fa.words, own_a) if w[2] != "NEG" and not keys & keys_b]
    only_b = [w for w, keys in zip(fb.words, own_b) if w[2] != "NEG" and not keys & keys_a]
    return only_a, only_b


def _negations(facts: ClaimFacts) -> int:
    return sum(w[2] == "NEG" for w in facts.words)


N_FEATURES = 8 + 3 * (len(TAGS) + 1)


def alignment_features(fa: ClaimFacts, fb: ClaimFacts) -> list[float]:
    """Unaligned-word counts per type on each side and their minimum (a substitution), shares of
    aligned content, negation parity and an antonym across the unaligned words."""
    only_a, only_b = unaligned(fa, fb)
    neg_a, neg_b = _negations(fa), _negations(fb)
    na, nb = max(1, len(fa.words) - neg_a), max(1, len(fb.words) - neg_b)
    row = [len(only_a) / na, len(only_b) / nb, float(len(only_a)), float(len(only_b))]
    tags_a, tags_b = Counter(w[2] for w in only_a), Counter(w[2] for w in only_b)
    for tag in (*TAGS, "TIME"):
        row += [float(tags_a[tag]), float(tags_b[tag]), float(min(tags_a[tag], tags_b[tag]))]
    lem_a, lem_b = {w[1] for w in only_a}, {w[1] for w in only_b}
    opposites = _antonyms()
    antonym = bool(lem_b) and any(opposites.get(y, frozenset()) & (lem_a | {w[1] for w in fa.words}) for y in lem_b)
    row += [float(neg_a % 2 != neg_b % 2), float(abs(neg_a - neg_b)), float(antonym), float(not only_a and not only_b)]
    return row


def alignment_phrase(fa: ClaimFacts, fb: ClaimFacts, words: int = 4) -> str:
    """'X' vs 'Y': the unaligned words, same-type substitutions first ('three' vs 'seven')."""
    only_a, only_b = unaligned(fa, fb)
    for tag in ("TIME", "NUM", "NAME", "VERB", "ADJ", "NOUN"):
        if any(w[2] == tag for w in only_a) and any(w[2] == tag for w in only_b):
            return f"'{_quote(only_a, tag, words)}' vs '{_quote(only_b, tag, words)}'"
    if _negations(fa) != _negations(fb):
        neg, plain = (fa, fb) if _negations(fa) > _negations(fb) else (fb, fa)
        phrase = f"'{_around_negation(neg.text)}' vs '{shorten(plain.text, 6)}'"
        return phrase if neg is fa else " vs ".join(phrase.split(" vs ")[::-1])
    xa, xb = _unique([w[0] for w in only_a])[:words], _unique([w[0] for w in only_b])[:words]
    return f"'{' '.join(xa) or shorten(fa.text, 5)}' vs '{' '.join(xb) or shorten(fb.text, 5)}'"


def _quote(only: list, tag: str, words: int) -> str:
    """The unaligned words of ``tag`` plus other unaligned words, up to ``words``, in text order."""
    keep = [i for i, w in enumerate(only) if w[2] == tag][:words]
    keep += [i for i in range(len(only)) if i not in keep][: max(0, words - len(keep))]
    return " ".join(_unique([only[i][0] for i in sorted(keep)]))


def _unique(words: list[str]) -> list[str]:
    return list(dict.fromkeys(words))


def _around_negation(text: str) -> str:
    m = re.search(r"\b(?:\w+\s+){0,2}(?:not|n't|never|no)\b(?:\s+\w+){0,3}", text, re.I)
    return m.group(0) if m else shorten(text, 6)
