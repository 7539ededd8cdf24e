"""Candidate pairs by question: claims answering one question about one event meet, however worded."""
import numpy as np
import pandas as pd
import pytest

from claims.questions import claim_question_sets, question_kinds, question_pairs


@pytest.mark.parametrize("text, question", [
    ("At least 14 people were killed when the bridge collapsed.", "toll"),
    ("Officials blamed the collapse on corroded cables.", "cause"),
    ("Polling stations closed on time at 8 pm.", "time"),
    ("Rebel fighters seized the airport on Sunday.", "control"),
    ("The ministry denied that any ballots were destroyed.", "occurrence"),
    ("The cyclist was banned for two years after a positive test.", "outcome"),
    ("Turnout reached 61 percent.", "amount"),
])
def test_claim_questions(text, question):
    assert question in question_kinds(text)


def test_a_plain_description_answers_none_of_the_toll_questions():
    assert "toll" not in question_kinds("The new stadium has a retractable roof.")


def test_a_statement_over_two_sentences_shares_its_questions():
    claims = pd.DataFrame({"doc": ["a", "a", "a"], "speaker_id": ["mayor", "mayor", "chief"],
                           "text": ["The flood was caused by a failed dam.", "Nobody expected it.", "The river is calm now."]})
    questions = claim_question_sets(claims)
    assert "cause" in questions[1] and "cause" not in questions[2]


def test_same_question_same_event_pairs_despite_wording(embedder):
    from claims.embed import Embedder

    texts = [
        "Polling stations closed on time at 8 pm, the election commission said.",
        "Voters were still queuing at 9 when officials sealed the boxes.",
        "The incumbent thanked her supporters in a speech.",
        "Campaign posters covered every wall in the capital.",
        "The opposition candidate wore a blue scarf.",
        "Observers praised the calm atmosphere.",
        "Polling stations closed at 8 pm in the neighbouring country's election.",
    ]
    claims = pd.DataFrame({"doc": ["a", "b", "a", "b", "a", "b", "c"], "speaker_id": ["commission", "observers", "", "", "", "", ""],
                           "text": texts})
    emb = Embedder(embedder, cache_dir=False).encode(texts)
    events = np.array([0, 0, 0, 0, 0, 0, 1])
    pairs = question_pairs(claims, emb, events, per_claim=2)
    assert (0, 1) in pairs
    assert not any(6 in pair for pair in pairs)
    assert len(pairs) <= 2 * len(claims) * 8


def test_pairs_stay_linear_in_claims():
    rng = np.random.default_rng(0)
    n = 400
    emb = rng.normal(size=(n, 16)).astype(np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    claims = pd.DataFrame({"doc": [f"d{i % 40}" for i in range(n)], "speaker_id": "",
                           "text": ["Five people died after the storm began on Monday." for _ in range(n)]})
    pairs = question_pairs(claims, emb, np.zeros(n, dtype=int), per_claim=3)
    assert 0 < len(pairs) <= n * 3 * len(question_kinds(claims["text"][0]))
