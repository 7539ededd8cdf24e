"""Speed-ups for a loaded spaCy pipeline that leave its output unchanged.

Three costs dominate parsing on a small CPU and none changes what the pipeline predicts:
BLIS, spaCy's matrix library, picks a slow kernel on some CPUs (numpy's OpenBLAS was 3-4x
faster on the 2-core bench machine); the attribute ruler runs a token Matcher with ~180
patterns over every token, although nearly all of them test one token for equal values; and
the rule lemmatizer walks every token in Python although a handful of thousand keys decide
its answers. All are swapped here per pipeline (nothing global); tests check the parses are
identical.
"""
from __future__ import annotations

import itertools
import re
from typing import Any

import numpy as np

# Token attributes whose ``to_array`` value is the string hash the Matcher compares, or a 0/1 flag.
_HASHED = ("ORTH", "LOWER", "NORM", "TAG", "DEP", "LEMMA", "ENT_TYPE")


def use_numpy_blas(nlp: Any) -> None:
    """Run the pipeline's layer products through numpy's BLAS (OpenBLAS) instead of BLIS.

    Only this pipeline's layers change. The parser's transition loop is compiled against BLIS
    and keeps it. Measured: tok2vec 11 s -> 4.5 s on 1,000 articles, identical parses.
    """
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops


def index_attribute_ruler(nlp: Any, name: str = "attribute_ruler") -> None:
    """Give the pipeline's attribute ruler an indexed ``match`` (same matches, ~10x faster on news text)."""
    if name in nlp.pipe_names:
        ruler = nlp.get_pipe(name)
        ruler.match = IndexedRulerMatch(ruler)


def _token_tests(spec: dict) -> list[tuple[str, str, Any]] | None:
    """(attribute, "in" | "not_in" | "regex", operand) tests of one pattern token, or None when
    it needs the Matcher (operators, numeric or other predicates)."""
    tests: list[tuple[str, str, Any]] = []
    for key, value in spec.items():
        name = str(key).upper()
        if name.startswith("IS_") and isinstance(value, bool):
            tests.append((name, "in", [int(value)]))
        elif name not in _HASHED:
            return None
        elif isinstance(value, str):
            tests.append((name, "in", [value]))
        elif isinstance(value, dict) and len(value) == 1:
            op, operand = next(iter(value.items()))
            if op in ("IN", "NOT_IN") and all(isinstance(v, str) for v in operand):
                tests.append((name, op.lower(), list(operand)))
            elif op == "REGEX" and isinstance(operand, str):
                tests.append((name, "regex", re.compile(operand)))
            else:
                return None
        else:
            return None
    return tests


class IndexedRulerMatch:
    """Drop-in for ``AttributeRuler.match`` returning the same sorted ``(rule index, match id,
    start, end)`` list: one-token equality patterns become hash lookups on ``Doc.to_array``
    columns, fixed-length patterns of IN / NOT_IN / REGEX tests are checked on those columns,
    and only patterns with operators ("OP") still go through a spaCy Matcher."""

    def __init__(self, ruler: Any):
        self.ruler = ruler
        self._built_for = -1

    def _build(self) -> None:
        from spacy.attrs import IDS
        from spacy.matcher import Matcher

        ruler, strings = self.ruler, self.ruler.vocab.strings
        self.tables: dict[tuple[str, ...], dict[tuple, list[tuple[int, int]]]] = {}
        self.rest = Matcher(ruler.vocab, validate=False)
        self.sequences: list[tuple[int, int, list]] = []
        self._regex_hits: dict[tuple[str, int], bool] = {}
        for index in range(len(ruler.attrs)):
            key = str(index)
            match_id = strings[key]
            _, patterns = ruler.matcher.get(match_id)
            complex_patterns = []
            for pattern in patterns:
                sequence = [_token_tests(spec) for spec in pattern]
                if not pattern or any(t is None for t in sequence):
                    complex_patterns.append(pattern)
                    continue
                hashed = [self._hashed(t) for t in sequence]
                if not self._add_lookup(index, match_id, hashed):
                    self.sequences.append((index, match_id, hashed))
            if complex_patterns:
                self.rest.add(match_id, complex_patterns)
        used = {name for names in self.tables for name in names}
        used |= {name for _, _, tokens in self.sequences for tests in tokens for name, _, _ in tests}
        self.columns = sorted(used)
        self.column_ids = [IDS[name] for name in self.columns]
        self._built_for = len(ruler.attrs)

    def __call__(self, doc: Any) -> list[tuple[int, int, int, int]]:
        if self._built_for != len(self.ruler.attrs):
            self._build()
        found = set()
        if len(doc) and self.columns:
            array = np.asarray(doc.to_array(self.column_ids), dtype=np.uint64).reshape(len(doc), -1)
            columns = {name: array[:, i].tolist() for i, name in enumerate(self.columns)}
            for names, table in self.tables.items():
                keys = zip(*(columns[name] for name in names))
                for i, key in enumerate(keys):
                    rules = table.get(key)
                    if rules:
                        found.update((index, match_id, i, i + 1) for index, match_id in rules)
            for index, match_id, tokens in self.sequences:
                starts = list(range(len(doc) - len(tokens) + 1))
                for offset, tests in enumerate(tokens):
                    for name, op, operand in tests:
                        starts = self._filter(starts, columns[name], offset, op, operand)
                found.update((index, match_id, i, i + len(tokens)) for i in starts)
        if len(self.rest):
            strings = self.ruler.vocab.strings
            found.update((int(strings[m]), m, s, e) for m, s, e in self.rest(doc, allow_missing=True, as_spans=False))
        return sorted(found)

    def _add_lookup(self, index: int, match_id: int, hashed: list, most: int = 1000) -> bool:
        """File a one-token pattern of equality / IN tests under every value combination it
        accepts (hash lookup per token); False when it is not that kind of pattern."""
        if len(hashed) != 1 or any(op != "in" for _, op, _ in hashed[0]):
            return False
        tests = sorted(hashed[0], key=lambda t: t[0])
        if np.prod([len(operand) for _, _, operand in tests]) > most:
            return False
        names = tuple(name for name, _, _ in tests)
        for values in itertools.product(*(sorted(operand) for _, _, operand in tests)):
            rules = self.tables.setdefault(names, {}).setdefault(values, [])
            if (index, match_id) not in rules:
                rules.append((index, match_id))
        return True

    def _hashed(self, tests: list[tuple[str, str, Any]]) -> list[tuple[str, str, Any]]:
        strings = self.ruler.vocab.strings
        return [(name, op, operand if op == "regex" else frozenset(
            v if isinstance(v, int) else strings.add(v) for v in operand)) for name, op, operand in tests]

    def _filter(self, starts: list[int], column: list[int], offset: int, op: str, operand: Any) -> list[int]:
        """The starts whose token at ``offset`` passes one test."""
        if op == "in":
            return [i for i in starts if column[i + offset] in operand]
        if op == "not_in":
            return [i for i in starts if column[i + offset] not in operand]
        strings = self.ruler.vocab.strings
        keep = []
        for i in starts:
            key = (operand.pattern, column[i + offset])
            hit = self._regex_hits.get(key)
            if hit is None:
                hit = self._regex_hits[key] = bool(operand.search(strings[key[1]] if key[1] else ""))
            if hit:
                keep.append(i)
        return keep

    def __reduce__(self):
        return (IndexedRulerMatch, (self.ruler,))


def add_lemma_exceptions(nlp: Any, exceptions: dict[str, str], name: str = "attribute_ruler") -> None:
    """Set the lemma of word forms the rule lemmatizer gets wrong (``{"hoping": "hope"}``: its
    rules strip "-ing" to "hop"), through the attribute ruler that runs before it, so lexicon
    lookups by lemma find them. Call before :func:`index_attribute_ruler`."""
    if name in nlp.pipe_names and exceptions:
        ruler = nlp.get_pipe(name)
        by_lemma: dict[str, list[str]] = {}
        for form, lemma in exceptions.items():
            by_lemma.setdefault(lemma, []).append(form)
        for lemma, forms in by_lemma.items():
            ruler.add([[{"LOWER": {"IN": forms}}]], {"LEMMA": lemma})


def memoise_lemmatizer(nlp: Any, name: str = "lemmatizer") -> None:
    """Give the pipeline's rule lemmatizer a ``pipe`` that looks each token's lemma up by its
    (word, part of speech, morphology), the key that decides a rule lemma, and asks the
    lemmatizer only for keys it has not seen (same lemmas; ~10x faster on news text)."""
    if name in nlp.pipe_names and getattr(nlp.get_pipe(name), "mode", "") == "rule":
        lemmatizer = nlp.get_pipe(name)
        lemmatizer.pipe = MemoLemmas(lemmatizer)


class MemoLemmas:
    """Drop-in for ``Lemmatizer.pipe`` in rule mode: lemmas set from a memo of
    ``lemmatize(token)[0]`` per ``(ORTH, POS, MORPH)``, written back with ``Doc.from_array``."""

    def __init__(self, lemmatizer: Any):
        self.lemmatizer = lemmatizer
        self.memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, stream: Any, batch_size: int = 128) -> Any:
        for doc in stream:
            yield self.apply(doc)

    def apply(self, doc: Any) -> Any:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        lemmatizer = self.lemmatizer
        if not len(doc) or not getattr(lemmatizer, "_validated", True):
            return lemmatizer(doc)  # the first call checks the lookup tables
        array = np.asarray(doc.to_array([ORTH, POS, MORPH, LEMMA]), dtype=np.uint64).reshape(len(doc), 4)
        lemmas = array[:, 3].copy()
        todo = np.arange(len(doc)) if lemmatizer.overwrite else np.flatnonzero(lemmas == 0)
        memo, strings = self.memo, lemmatizer.vocab.strings
        for i, key in zip(todo.tolist(), map(tuple, array[todo, :3].tolist())):
            lemma = memo.get(key)
            if lemma is None:
                lemma = memo[key] = strings.add(lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = lemma
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc

    def __reduce__(self):
        return (MemoLemmas, (self.lemmatizer,))
