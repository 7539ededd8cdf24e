"""The cached embedder, with the real packaged MiniLM."""
import numpy as np
import pytest

from claims.embed import Embedder, text_key

TEXTS = [
    "The factory fire killed 12 workers, the fire brigade said.",
    "Twelve workers died in the blaze at the textile plant.",
    "The central bank raised interest rates by half a point.",
    "Rebels withdrew from the town because they ran out of ammunition.",
]


def test_vectors_are_normalised_float32(embedder, tmp_path):
    vectors = Embedder(embedder, cache_dir=tmp_path).encode(TEXTS)
    assert vectors.shape == (4, 384)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_similar_sentences_are_close(embedder, tmp_path):
    v = Embedder(embedder, cache_dir=tmp_path).encode(TEXTS)
    assert v[0] @ v[1] > v[0] @ v[2]


def test_cache_embeds_only_new_texts(embedder, tmp_path):
    first = Embedder(embedder, cache_dir=tmp_path)
    cold = first.encode(TEXTS[:3])
    assert first.stats == {"hits": 0, "misses": 3}
    second = Embedder(embedder, cache_dir=tmp_path)
    warm = second.encode(TEXTS)
    assert second.stats == {"hits": 3, "misses": 1}
    assert np.array_equal(cold, warm[:3])
    assert (tmp_path / "embeddings.sqlite").exists()


def test_cache_is_keyed_by_model(embedder, tmp_path):
    Embedder(embedder, cache_dir=tmp_path, model_name="one").encode(TEXTS[:1])
    other = Embedder(embedder, cache_dir=tmp_path, model_name="two")
    other.encode(TEXTS[:1])
    assert other.stats["misses"] == 1


def test_repeated_texts_embed_once_and_stay_aligned(embedder):
    enc = Embedder(embedder, cache_dir=False)
    v = enc.encode([TEXTS[0], TEXTS[2], TEXTS[0]])
    assert enc.stats["misses"] == 2
    assert np.array_equal(v[0], v[2]) and not np.array_equal(v[0], v[1])


def test_batches_match_single_calls(embedder):
    batched = Embedder(embedder, cache_dir=False, batch_size=2).encode(TEXTS)
    single = np.vstack([Embedder(embedder, cache_dir=False).encode([t]) for t in TEXTS])
    assert np.allclose(batched, single, atol=1e-4)


def test_any_encode_object_is_a_model(tmp_path):
    from sklearn.feature_extraction.text import TfidfVectorizer

    class Tfidf:
        def __init__(self, corpus):
            self.vec = TfidfVectorizer().fit(corpus)

        def encode(self, texts):
            return self.vec.transform(texts).toarray()

    v = Embedder(Tfidf(TEXTS), cache_dir=tmp_path, model_name="tfidf").encode(TEXTS)
    assert v.shape[0] == 4 and np.allclose(np.linalg.norm(v, axis=1), 1.0)


def test_bad_model_output_is_explained():
    class Flat:
        def encode(self, texts):
            return np.ones(len(texts))

    with pytest.raises(ValueError, match="expected"):
        Embedder(Flat(), cache_dir=False).encode(["a b c"])


def test_text_key_is_stable():
    assert text_key("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d"


def test_masked_rows_are_not_embedded_and_stay_zero(embedder):
    enc = Embedder(embedder, cache_dir=False)
    v = enc.encode(TEXTS, only=[True, False, True, False])
    assert enc.stats["misses"] == 2
    assert v.shape == (4, 384) and not v[[1, 3]].any()
    assert np.allclose(v[[0, 2]], Embedder(embedder, cache_dir=False).encode([TEXTS[0], TEXTS[2]]), atol=1e-5)


def test_pipeline_embeds_only_claim_rows(embedder, tmp_path):
    import pandas as pd

    from claims.pipeline import embed
    from claims.settings import ModelSettings, Settings

    rows = pd.DataFrame({"text": TEXTS, "is_claim": [True, False, True, True]})
    settings = Settings(models=ModelSettings(cache_dir=str(tmp_path)))
    v = embed(rows, embedder, settings)
    assert not v[1].any() and np.allclose(np.linalg.norm(v[[0, 2, 3]], axis=1), 1.0, atol=1e-5)
    assert embed(rows, embedder, settings, claims_only=False)[1].any()


@pytest.mark.parametrize("precision, floor", [("bfloat16", 0.999), ("int8", 0.9)])
def test_reduced_precision_embedders_stay_close_to_float32_and_cache_apart(precision, floor):
    from claims.models import embedding_label, load_embedder
    from claims.settings import ModelSettings

    texts = ["Rescuers pulled 12 people from the rubble on Monday.", "The ministry denied that the dam had failed.",
             "Shares fell 4% after the company cut its forecast.", "Rebels said they withdrew because ammunition ran out."]
    a = Embedder(load_embedder(precision="float32"), cache_dir=False).encode(texts)
    b = Embedder(load_embedder(precision=precision), cache_dir=False).encode(texts)
    assert b.dtype == np.float32 and np.all((a * b).sum(axis=1) > floor)
    assert np.array_equal(np.argmax(a @ a.T - 2 * np.eye(4), 1), np.argmax(b @ b.T - 2 * np.eye(4), 1))
    assert embedding_label(ModelSettings(embedding_precision=precision)) != embedding_label(ModelSettings(embedding_precision="float32"))


def test_auto_precision_is_bfloat16_only_where_the_cpu_has_it():
    from claims.models import bf16_supported, resolve_precision

    assert resolve_precision("auto") == ("bfloat16" if bf16_supported() else "float32")
    assert resolve_precision("int8") == "int8"


def test_unknown_embedding_precision_is_one_line_error():
    from claims.errors import ModelError
    from claims.models import load_embedder

    with pytest.raises(ModelError, match="embedding_precision"):
        load_embedder(precision="int4")


def test_texts_reach_the_model_fewest_tokens_first():
    """Batches padded to their longest text cost by tokens, not characters: order by tokens."""
    from claims.models import load_tokenizer

    class Recording:
        def __init__(self):
            self.seen: list[str] = []

        def encode(self, texts, **kwargs):
            self.seen.extend(texts)
            return np.ones((len(texts), 3), dtype=np.float32)

    texts = ["Zzyzx qwrtp vbnmk.", "government information", "Yes"]
    model = Recording()
    Embedder(model, cache_dir=False, tokenizer=load_tokenizer()).encode(texts)
    assert model.seen == ["Yes", "government information", "Zzyzx qwrtp vbnmk."]
    model = Recording()
    Embedder(model, cache_dir=False).encode(texts)
    assert model.seen == ["Yes", "Zzyzx qwrtp vbnmk.", "government information"]
