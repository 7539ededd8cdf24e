"""Transliteration-aware keys for names, so spelling variants of one entity compare equal.

Names transliterated from Arabic, Persian, Russian ... reach English news in many spellings
("Fallujah", "Falluja", "al-Fallujah"). :func:`fold` maps a name to a consonant skeleton that
ignores the usual sources of variation: diacritics, article prefixes, vowel choice, doubled
letters and interchangeable consonant digraphs. The key is deliberately lossy: it only helps
clustering bring claims together, it never decides that two claims conflict.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any

from unidecode import unidecode

from .lexicon import ARTICLE_PREFIXES, NAME_STOPWORDS

DIGRAPHS = (
    ("tsch", "ch"), ("tch", "ch"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("ey", "i"), ("ei", "i"), ("ay", "i"), ("ai", "i"),
    ("ch", "sh"), ("dj", "j"), ("dh", "d"), ("th", "t"), ("kh", "k"), ("gh", "g"), ("ph", "f"),
    ("ck", "k"), ("q", "k"), ("c", "k"), ("sh", "s"), ("z", "s"), ("y", "i"), ("e", "i"), ("o", "u"),
)
VOWELS = "aeiou"
ENTITY_LABELS = ("GPE", "LOC", "FAC", "ORG", "PERSON", "NORP", "EVENT")
_ARTICLE_RE = re.compile(r"^(?:%s)[-'\u2019\u2018`]" % "|".join(sorted(set(ARTICLE_PREFIXES), key=len, reverse=True)))
_NAME_RE = re.compile(r"\b[A-Z][\w'\u2019-]*(?:\s+(?:(?:al|el|bin|ibn|de|van|von)[- ])?[A-Z][\w'\u2019-]*)*")


def _strip_articles(words: list[str]) -> list[str]:
    """Drop attached ("al-Fallujah") and detached ("Al Fallujah") article prefixes."""
    out = []
    for i, word in enumerate(words):
        if word in ARTICLE_PREFIXES and i + 1 < len(words):
            continue
        stripped = _ARTICLE_RE.sub("", word)
        out.append(stripped or word)
    return out


def _skeleton(word: str) -> str:
    """The consonant skeleton of one word: initial letter, then consonants without repeats."""
    word = re.sub(r"[^a-z]", "", word)
    word = re.sub(r"(?<=[aeiou])h$", "", word)
    for old, new in DIGRAPHS:
        word = word.replace(old, new)
    if not word:
        return ""
    head, tail = ("a" if word[0] in VOWELS else word[0]), word[1:]
    tail = "".join(ch for ch in tail if ch not in VOWELS)
    return re.sub(r"(.)\1+", r"\1", head + tail)


@lru_cache(maxsize=1 << 16)
def fold(name: str) -> str:
    """A transliteration key: "Fallujah", "Falluja", "al-Fallujah" and "Al-Falluja" share one;
    a possessive ("Fallujah's") is dropped. Remembered: a corpus names the same people again and again."""
    ascii_name = re.sub(r"'s\b|(?<=s)'(?!\w)", "", unidecode(str(name)).lower())
    words = [w for w in re.split(r"[\s_/]+", ascii_name) if w]
    words = [w for w in _strip_articles(words) if w not in NAME_STOPWORDS]
    keys = [_skeleton(w) for w in words]
    return " ".join(k for k in keys if k)


def _candidate_names(text: str, nlp_doc: Any = None) -> list[str]:
    """Entity names: from spaCy's entities when a parsed doc is given, else capitalised runs."""
    if nlp_doc is not None:
        return [ent.text for ent in nlp_doc.ents if ent.label_ in ENTITY_LABELS]
    names = []
    for match in _NAME_RE.finditer(text):
        words = [w for w in match.group(0).split() if w.lower() not in NAME_STOPWORDS]
        if words:
            names.append(" ".join(words))
    return names


def key_counts(text: str, nlp_doc: Any = None, min_chars: int = 2) -> Counter:
    """How often each folded entity key occurs in a text (a document's main places and actors)."""
    counts: Counter = Counter()
    for name in _candidate_names(text, nlp_doc):
        key = fold(name)
        if len(key.replace(" ", "")) >= min_chars:
            counts[key] += 1
    return counts


def top_keys(text: str, n: int = 5, min_count: int = 2) -> set[str]:
    """The ``n`` entity keys a text names most often (at least ``min_count`` times): what it is about."""
    ranked = sorted(key_counts(text).items(), key=lambda kv: (-kv[1], kv[0]))
    return {key for key, count in ranked[:n] if count >= min_count}


def entity_keys(text: str, nlp_doc: Any = None, min_chars: int = 3) -> set[str]:
    """Folded keys of the entities a text names (whole names and their last word)."""
    keys = set()
    for name in _candidate_names(text, nlp_doc):
        key = fold(name)
        if len(key.replace(" ", "")) < min_chars:
            continue
        keys.add(key)
        last = key.split()[-1]
        if len(last) >= min_chars:
            keys.add(last)
    return keys
