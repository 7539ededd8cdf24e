"""Detectors: per-text extraction and pair signals, on small texts in several domains."""
from __future__ import annotations

import pytest

from claims import detectors as det


@pytest.fixture(scope="module")
def facts(nlp):
    cache = det.FactCache(nlp)
    return lambda *texts: cache.get(texts)


def signals(facts, a, b, ca=None, cb=None):
    fa, fb = facts(a, b)
    return det.detect_pair(fa, fb, ca, cb)


PAIR_CASES = [
    # (claim a, claim b, signal expected, signal that must be absent)
    ("Twelve people were killed in the blast.", "Three people were killed in the blast.", "numeric_mismatch", "numbers_agree"),
    ("As many as 500 protesters gathered in the square.", "Hundreds of protesters gathered in the square.", "numbers_agree", "numeric_mismatch"),
    ("Dozens of homes were destroyed.", "300 homes were destroyed.", "numeric_mismatch", "numbers_agree"),
    ("Floods have killed 37 people.", "Thirty-seven people have died in the floods.", "numbers_agree", "numeric_mismatch"),
    ("The judge sentenced him to 12 years in prison.", "He was sentenced to three years in prison.", "numeric_mismatch", None),
    ("Revenue reached $4.2 billion in the quarter.", "Quarterly revenue was $3.1 billion.", "numeric_mismatch", None),
    ("The attack took place on May 19.", "The attack happened on May 12.", "date_mismatch", "dates_agree"),
    ("The offensive began on May 19.", "The offensive began in mid-May.", "dates_agree", "date_mismatch"),
    ("The final will be played on May 25.", "The final is scheduled for June 8.", "date_mismatch", None),
    ("The minister did not resign.", "The minister resigned on Friday.", "negation", None),
    ("The jury found the former mayor guilty of fraud.", "The former mayor was acquitted by the jury.", "antonym", None),
    ("Quarterly profits rose, the bank said.", "Quarterly profits fell, analysts said.", "antonym", None),
    ("The army took the town.", "Rebels took the town.", "actor_clash", None),
    ("State television said the army totally controls the town.", "Fighting continued in the last rebel village.", "outcome_clash", None),
    ("Reinforcements joined the defenders inside the town.", "Reinforcements were prevented from entering the town.", "outcome_clash", None),
    ("The plant closed due to falling demand, the company said.", "The plant closed as a result of a dispute with the union.", "cause_differs", "cause_agree"),
    ("The dam burst because of record rainfall.", "The dam failed due to years of poor maintenance.", "cause_differs", None),
    ("Even without ammunition they would have stayed and fought.", "The fighters withdrew because they were short of ammunition.", "cause_ruled_out", None),
    ("The rebels withdrew due to a lack of ammunition.", "The rebels pulled out because they were short of ammunition.", "cause_agree", "cause_differs"),
    ("Police denied the reports that the suspect had escaped.", "The suspect escaped from custody on Monday.", "disagreement_cue", None),
    ("The coach left the club on Tuesday.", "His assistant will take charge of the team.", None, "numeric_mismatch"),
]


@pytest.mark.parametrize("a,b,present,absent", PAIR_CASES)
def test_pair_signals(facts, a, b, present, absent):
    found = signals(facts, a, b)
    if present:
        assert present in found, found
        assert found[present].explanation.count("'") >= 4
    if absent:
        assert absent not in found, found


def test_time_scope_disjoint_is_flagged(facts):
    found = signals(facts, "Government troops captured the town.", "The opposition seized the town.",
                    {"published": "2013-06"}, {"published": "2024-12"})
    assert "time_disjoint" in found
    assert "2013" in found["time_disjoint"].explanation


def test_time_scope_overlap_not_flagged(facts):
    found = signals(facts, "Troops captured the town.", "The town was seized.",
                    {"time_start": "2013-06-04", "time_end": "2013-06-05"}, {"published": "2013-06"})
    assert "time_disjoint" not in found


@pytest.mark.parametrize("text,low,high", [
    ("Twelve people died.", 12, 12),
    ("As many as 500 people fled.", 250, 500),
    ("At least 20 soldiers were killed.", 20, 60),
    ("Hundreds of families were displaced.", 200, 999),
    ("Tens of thousands of people are sheltering in the camp.", 20_000, 99_999),
    ("The closure will cost 1,200 jobs.", 1200, 1200),
    ("The deal is worth 3 million euros.", 3_000_000, 3_000_000),
])
def test_quantities(nlp, text, low, high):
    qs = list(det.extract_quantities(nlp(text)))
    assert qs and (qs[0].low, qs[0].high) == pytest.approx((low, high))


def test_years_and_scores_are_not_quantities(nlp):
    assert not list(det.extract_quantities(nlp("In 2013 the court ruled 6-3 for the state.")))


@pytest.mark.parametrize("text,year,month,days,weekday", [
    ("May 19", None, 5, (19, 19), ""),
    ("early May 2013", 2013, 5, (1, 10), ""),
    ("2024", 2024, None, (None, None), ""),
    ("Tuesday night", None, None, (None, None), "tuesday"),
])
def test_parse_date(text, year, month, days, weekday):
    m = det.parse_date(text)
    assert (m.year, m.month, (m.day_low, m.day_high), m.weekday) == (year, month, days, weekday)


@pytest.mark.parametrize("value,ok", [("2013", True), ("2013-06", True), ("2013-06-05T10:00", True), ("", False), ("soon", False)])
def test_parse_scope(value, ok):
    assert (det.parse_scope(value) is not None) == ok


def test_causes_extracted(nlp):
    causes = list(det.extract_causes(nlp("The withdrawal came as a result of an agreement brokered by local leaders.")))
    assert causes and causes[0].text.startswith("an agreement") and "deal" in causes[0].frames


def test_cache_parses_each_text_once(nlp):
    cache = det.FactCache(nlp)
    first = cache.get(["The strike ended.", "The strike ended."])
    assert first[0] is first[1] and cache.get(["The strike ended."])[0] is first[0]


@pytest.mark.xfail(reason="competing accounts with no cause cue and overlapping frames ('no food' vs 'low on ammunition') are not detected")
def test_soft_competing_without_cues(facts):
    found = signals(facts, "There has been no food for eight days.", "A negotiated withdrawal of fighters who were running low on ammunition.")
    assert "cause_differs" in found


STANCE_CASES = [
    # (text, index into stance counts: 0 refuting, 1 hedging, 2 confirming, 3 negation, expected minimum)
    ("The photo is a hoax, the agency said; the story is not true.", 0, 2),
    ("The celebrity reportedly bought the island, according to a tabloid.", 1, 2),
    ("The company confirmed the merger and officially announced the deal.", 2, 3),
    ("The mayor did not attend and never explained why.", 3, 2),
]


@pytest.mark.parametrize("text,column,least", STANCE_CASES)
def test_stance_counts(text, column, least):
    counts = det.stance_counts(text.lower())
    assert counts[column] >= least, counts


def test_stance_counts_zero_on_neutral_text():
    assert det.stance_counts("the council met on monday to discuss the budget.") == (0, 0, 0, 0)


def test_cache_can_be_prefilled(nlp):
    first = det.FactCache(nlp)
    facts = first.get(["Prices rose sharply in March."])[0]
    second = det.FactCache(None, facts=dict(first.facts))
    assert second.get(["Prices rose sharply in March."])[0] is facts


SAME_EVENT_CASES = [
    # (claim a, claim b, signal expected, signal that must be absent): causes compete only for one event
    ("The strike ended because the union won a pay rise.", "The strike ended due to a court injunction.", "cause_differs", None),
    ("The factory fire started because of faulty wiring.", "The fire started as a result of arson, police said.", "cause_differs", None),
    ("The bill failed because two senators changed sides.", "The bill's failure was due to pressure from farm lobbies.", "cause_differs", None),
    ("The union's success was partly due to strong public support.", "The strike ended as a result of a court injunction.", None, "cause_differs"),
    ("The evacuation aimed at protecting the workers.", "The plant closed because of a shortage of parts.", None, "cause_differs"),
    ("The judge was removed in exchange for dropping the charges.", "The verdict came after a long trial because witnesses retracted.", None, "cause_differs"),
]


@pytest.mark.parametrize("a,b,present,absent", SAME_EVENT_CASES)
def test_causes_need_the_same_explained_event(facts, a, b, present, absent):
    found = signals(facts, a, b)
    if present:
        assert present in found, found
    if absent:
        assert absent not in found, found


@pytest.mark.parametrize("text,event", [
    ("The workers walked out due to unpaid wages.", "walk out"),
    ("The closure came as a result of falling sales.", "closure"),
    ("The candidate's defeat was due to low turnout.", "defeat"),
    ("The fire was blamed on a faulty heater.", "fire"),
])
def test_explained_event(nlp, text, event):
    causes = list(det.extract_causes(nlp(text)))
    assert causes and det.same_event(causes[0].event, event), causes


@pytest.mark.parametrize("a,b,same", [("withdraw", "withdrawal", True), ("fail", "failure", True),
                                      ("close", "closure", True), ("burst", "fail", True),
                                      ("protest", "protect", False), ("strike", "fire", False), ("", "fire", False)])
def test_same_event(a, b, same):
    assert det.same_event(a, b) == same


DOUBT_CASES = [
    # (claim a, claim b, doubt expected)
    ("The union reached a deal with management over night shifts.",
     "I wonder if the union will make the claim that it reached a deal with management.", True),
    ("The court acquitted the mayor of bribery charges.", "The so-called acquittal of the mayor on bribery charges changes nothing.", True),
    ("The factory passed its fire safety inspection in March.", "The factory supposedly passed a fire safety inspection.", True),
    ("The opposition won the election in the capital.", "Supposedly the weather will improve next week.", False),
    ("The opposition won the election in the capital.", "The opposition won the election in the capital, officials said.", False),
]


@pytest.mark.parametrize("a,b,doubt", DOUBT_CASES)
def test_doubt_is_disagreement(facts, a, b, doubt):
    found = signals(facts, a, b)
    assert ("disagreement_cue" in found) == doubt, found
    if doubt:
        assert "casts doubt" in found["disagreement_cue"].explanation
        assert found["disagreement_cue"].explanation.count("'") >= 4


EXIT_CASES = [
    # (claim a, claim b, clash expected): a group cannot both leave and be stopped
    ("The strikers withdrew from the plant under an agreement.", "The strikers surrendered to police in large numbers.", True),
    ("The withdrawal of the gunmen from the courthouse was negotiated.", "The gunmen were captured inside the courthouse.", True),
    ("Dozens of workers fled the burning factory.", "The workers were arrested inside the burning factory.", True),
    ("The protesters fled the square.", "The army captured the square.", False),
    ("The protesters withdrew from the square.", "The protesters left the square peacefully.", False),
    ("The protesters did not surrender.", "The protesters withdrew from the square.", False),
]


@pytest.mark.parametrize("a,b,clash", EXIT_CASES)
def test_exclusive_endings(facts, a, b, clash):
    found = signals(facts, a, b)
    got = "outcome_clash" in found and "ending differs" in found["outcome_clash"].explanation
    assert got == clash, found


@pytest.mark.parametrize("a, b", [
    ("Health officials said the outbreak was caused by contaminated well water.",
     "A hospital doctor said the outbreak was caused by infected food sold at the fair."),
    ("The union said the strike was called because of unpaid overtime.",
     "Managers said the strike was called due to a dispute over pensions."),
])
def test_competing_causes_behind_a_reporting_verb(nlp, a, b):
    from claims import detectors

    signals = detectors.detect_pair(detectors.extract_facts(nlp(a)), detectors.extract_facts(nlp(b)), {}, {})
    assert signals["cause_differs"].kind == "competing_explanation"


def test_cue_order_does_not_depend_on_string_hashing():
    """Equal-length cues ('denied', 'rumors') come out in one order in every process, so the cue a
    detector quotes (and whether it fires) is the same run after run."""
    import os
    import subprocess
    import sys

    code = ("from claims.detectors.base import _cue_phrases; from claims import lexicon as lx; "
            "print(list(_cue_phrases('already cuba has denied these rumors.', lx.DISAGREEMENT_CUES)))")
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": str(seed), "PYTHONPATH": os.pathsep.join(sys.path)}).stdout
               for seed in range(6)}
    assert outputs == {"['denied', 'rumors']\n"}
