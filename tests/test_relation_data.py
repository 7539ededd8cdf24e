"""The relation model's synthetic training pairs (bench/relation_data.py): rewordings stay the same claim."""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import relation_data as rd  # noqa: E402


@pytest.mark.parametrize("text,moved", [
    ("In May, the museum will close for repairs.", "The museum will close for repairs in May."),
    ("The council approved the budget on Tuesday.", "On Tuesday, the council approved the budget."),
    ("After a long debate, the board rejected the offer.", "The board rejected the offer after a long debate."),
])
def test_an_adverbial_moves_to_the_other_end(nlp, text, moved):
    assert rd.move_adverbial(nlp(text), random.Random(0)) == moved


def test_no_move_into_a_reported_clause(nlp):
    """"On Monday, officials said X would reopen" must not become "... would reopen on Monday"."""
    assert rd.move_adverbial(nlp("On Monday, officials said the bridge would reopen next week."), random.Random(0)) is None


@pytest.mark.parametrize("text,shifted", [
    ("Police said the driver was arrested at the scene.", "Police say the driver was arrested at the scene."),
    ("The rescue team said three climbers died.", "The rescue team says three climbers died."),
    ("The museum will close for repairs.", "The museum closes for repairs."),
    ("The company has confirmed the sale.", "The company confirmed the sale."),
])
def test_tense_shifts_keep_agreement(nlp, text, shifted):
    assert rd.shift_tense(nlp(text), random.Random(0)) == shifted


def test_number_synonyms_apply_only_before_numbers():
    rng = random.Random(0)
    assert rd.swap_synonyms("They talked about the plan.", rng) is None
    assert rd.swap_synonyms("About 40 people came.", rng) == "Around 40 people came."


def test_paraphrase_pairs_are_labelled_and_reworded(nlp):
    docs = list(nlp.pipe(["In March, the council approved the new budget for the schools.",
                          "Officials said about 40 people were arrested after the march.",
                          "The company will close the plant in May, the union said."]))
    pairs = rd.paraphrase_pairs(docs, seed=0)
    assert pairs and all(label in ("corroboration", "contradiction", "numeric_mismatch", "date_mismatch")
                         for _, _, label, _ in pairs)
    assert all(a["text"] != b["text"] for a, b, _, _ in pairs)
