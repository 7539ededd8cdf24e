"""The spaCy speed-ups must not change a single annotation."""
import pickle

import pytest
from spacy.pipeline import AttributeRuler

from claims.ingest import load_corpus

OTHER = [
    "There's no way we're gonna let 'em in, y'all, the mayor said on Tuesday.",
    "I ain't seen nothing like it, said a 58-year-old farmer who asked not to be named.",
    "The ministry did not confirm the figure, which the union put at 1,200 workers.",
    "  \n Shares fell 4% after the company, whose chief executive resigned, cut its forecast.",
]


@pytest.fixture(scope="module")
def texts(seeds_dir):
    return [d.text for d in load_corpus([seeds_dir]).documents] + OTHER


def _annotations(doc):
    return [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_) for t in doc]


def test_indexed_attribute_ruler_gives_the_same_matches(nlp, texts):
    ruler = nlp.get_pipe("attribute_ruler")
    docs = list(nlp.pipe(texts, disable=["attribute_ruler", "lemmatizer", "ner"]))
    assert type(ruler.match).__name__ == "IndexedRulerMatch"
    for doc in docs:
        assert ruler.match(doc) == AttributeRuler.match(ruler, doc)
    assert any(len(ruler.match(doc)) > len(doc) for doc in docs)


def test_indexed_ruler_survives_pickling_and_new_patterns(nlp):
    ruler = pickle.loads(pickle.dumps(nlp.get_pipe("attribute_ruler")))
    ruler.add([[{"LOWER": "fooble"}]], {"TAG": "NNP"})
    ruler.add([[{"LOWER": {"REGEX": "^ros"}}, {"IS_PUNCT": True, "OP": "?"}]], {"TAG": "VBD"})
    doc = nlp("The fooble rose.")
    assert ruler.match(doc) == AttributeRuler.match(ruler, doc)
    assert any(start == 1 for _, _, start, _ in ruler.match(doc))
    assert len(ruler.match.rest) == 1


def test_numpy_blas_parses_like_blis(nlp, texts):
    from claims.models import load_nlp

    blis = load_nlp(blas="blis")
    for ours, theirs in zip(nlp.pipe(texts), blis.pipe(texts)):
        assert _annotations(ours) == _annotations(theirs)


def test_unknown_blas_is_a_settings_error():
    from claims.errors import ModelError
    from claims.models import load_nlp

    with pytest.raises(ModelError, match="spacy_blas"):
        load_nlp(blas="mkl")


def test_memoised_lemmatizer_gives_the_same_lemmas(nlp, texts):
    lemmatizer = nlp.get_pipe("lemmatizer")
    assert type(lemmatizer.pipe).__name__ == "MemoLemmas"
    docs = list(nlp.pipe(texts, disable=["lemmatizer"]))
    plain = [[t.lemma_ for t in lemmatizer(doc.copy())] for doc in docs]
    memo = [[t.lemma_ for t in doc] for doc in lemmatizer.pipe(doc.copy() for doc in docs)]
    assert memo == plain
    assert len(lemmatizer.pipe.memo) > 100
    assert any(t.lemma_ != t.lower_ for doc in docs for t in lemmatizer(doc))  # the rules do change words


def test_memoised_lemmatizer_survives_pickling(nlp):
    lemmatizer = pickle.loads(pickle.dumps(nlp.get_pipe("lemmatizer")))
    doc = nlp("The ministers were buying houses.", disable=["lemmatizer"])
    assert [t.lemma_ for t in lemmatizer.pipe.apply(doc)] == ["the", "minister", "be", "buy", "house", "."]
