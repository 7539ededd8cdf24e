"""Table tests per signal family of claims.detectors (numbers, dates, polarity, causes, actors,
doubt, alignment): each row is a pair of short claims in a domain the rules were not written on,
the signal that must fire, and one that must not."""
from __future__ import annotations

import pytest

from claims import detectors as det


@pytest.fixture(scope="module")
def pair(nlp):
    cache = det.FactCache(nlp)

    def run(a: str, b: str):
        fa, fb = cache.get([a, b])
        return fa, fb, det.detect_pair(fa, fb)
    return run


NUMBERS = [
    ("One gunman opened fire on the crowd.", "Three attackers opened fire on the crowd.", "numeric_mismatch", "numbers_agree"),
    ("A lone gunman opened fire, police said.", "Two gunmen opened fire, witnesses said.", "numeric_mismatch", None),
    ("The recall covers 40,000 cars.", "The recall covers 14,000 cars.", "numeric_mismatch", "numbers_agree"),
    ("The recall covers 40,000 cars.", "The recall covers about 40,000 vehicles.", "numbers_agree", "numeric_mismatch"),
    ("Turnout was 62 percent, officials said.", "Turnout reached 48 percent, observers said.", "numeric_mismatch", None),
    ("One of the candidates conceded.", "The candidate conceded on Sunday.", None, "numeric_mismatch"),
    ("The group wants 1M for the body.", "The group asks 1 million for the body.", "numbers_agree", "numeric_mismatch"),
    ("He made 72million trading stocks.", "He made $72M trading stocks.", "numbers_agree", "numeric_mismatch"),
    ("The deal is worth $5bn.", "The deal is worth $5 billion.", "numbers_agree", "numeric_mismatch"),
    # a number in a name says which one, not how many
    ("The Airbus 330 landed safely in Oslo.", "The Airbus 340 landed safely in Oslo.", None, "numbers_agree"),
    ("The new bug is in Android 12 only.", "The new bug is in Android 13 only.", None, "numeric_mismatch"),
    ("Flight 370 vanished with 239 people on board.", "Flight 371 vanished with 239 people on board.", "numbers_agree", "numeric_mismatch"),
    ("The deal is worth $5bn.", "The deal is worth $8bn.", "numeric_mismatch", "numbers_agree"),
    ("The wall is 5m high.", "The wall is 5 metres high.", "numbers_agree", "numeric_mismatch"),
    ("The watch takes two hours to charge.", "The gold watch will cost 10,000 dollars.", None, "numeric_mismatch"),
    ("The group wants 1M for the hostage's body.", "A teenager denies making 72 million from trading stocks.", None, "numeric_mismatch"),
    ("Only 170 infections were recorded in the last seven years.", "Since 2003, 870 infections have been recorded.", None, "numeric_mismatch"),
    ("The fire has killed 40 people since Monday.", "The fire has killed 12 people since Monday.", "numeric_mismatch", None),
    ("The plant made 3,000 cars in 2021.", "The plant made 5,000 cars in 2022.", None, "numeric_mismatch"),
    # a count the other claim also writes, though not read there as a count, is accounted for
    ("Seven Pupils, Aged 13 And 14, Fall Ill After School Trip", "Seven pupils aged between 13 and 14 fell ill after a school trip.", None, "numeric_mismatch"),
    ("Rebels seized 1 supply crate, the ministry said.", "Rebels seized one of the 28 supply crates dropped on Monday.", None, "numeric_mismatch"),
    ("A six-year-old boy spent eleven days in hospital, his father said.", "The six-year-old spent 6 days in hospital.", "numeric_mismatch", None),
    ("Power came back within two hours, the utility said.", "Homes were without power for three days.", "numeric_mismatch", None),
    ("The strike lasted 48 hours.", "The strike lasted two days.", "numbers_agree", "numeric_mismatch"),
    # one sum in two currencies; two counts of different things
    ("The owner paid $460 to save the goldfish.", "The owner paid £300 to save the goldfish.", None, "numeric_mismatch"),
    ("Police found 3 rifles in the van.", "Police searched 12 houses in the van's home town.", None, "numeric_mismatch"),
    ("The collector paid 20,000 for a third painting.", "The collector owns three paintings.", None, "numeric_mismatch"),
]
DATES = [
    ("The shooting began at 9:15 a.m.", "The shooting began at 8:50 a.m.", "date_mismatch", "dates_agree"),
    ("Polls closed at 8 p.m. on Sunday.", "Polls closed at 8:00 pm on Sunday.", "dates_agree", "date_mismatch"),
    ("The count was completed on Tuesday.", "The count was completed on Thursday.", "date_mismatch", None),
    ("The sample was taken on March 3.", "The sample was collected on March 3.", "dates_agree", "date_mismatch"),
]
POLARITY = [
    ("The athlete tested positive for a banned steroid.", "The athlete tested negative for banned substances.", "antonym", None),
    ("The recall was not voluntary.", "The recall was voluntary, the company said.", "negation", None),
    ("The board approved the merger on Friday.", "The board rejected the merger on Friday.", "antonym", None),
    ("The board approved the merger on Friday.", "The merger was approved by the board.", None, "negation"),
    # a claim that denies or calls false what it reports does not assert it
    ("The surgeon denied taking a photo during the operation.", "The surgeon did not take a photo during the operation.", None, "negation"),
    ("The story that the mayor adopted a boy is a hoax.", "The mayor did not adopt a boy.", None, "negation"),
    ("The actor Tom Reed is dead, his agent said.", "The actor Tom Reed is alive and well.", "antonym", None),
    ("Reports that the actor Tom Reed is dead are a hoax.", "The actor Tom Reed is alive and well.", None, "antonym"),
    ("The actor Tom Reed is not dead, his agent said.", "The actor Tom Reed is alive and well.", None, "antonym"),
    # a claim that states the negation too sides with it, whatever else it reports
    ("The goalkeeper was not arrested.", "A tabloid wrote that the goalkeeper was arrested. He was not arrested, the club said.", None, "negation"),
    ("The goalkeeper was not arrested.", "The goalkeeper was arrested at the airport.", "negation", None),
    ("Relax, The Goalkeeper Wasn\u2019t Arrested After All", "The goalkeeper was arrested at the airport.", "negation", None),
    # what underwent it differs: bodies were found, the students were not
    ("Missing miners not among 12 bodies found in the shaft", "Missing miners not found in the shaft", None, "negation"),
    ("The missing miners were found alive.", "The missing miners were not found.", "negation", None),
]
CAUSES = [
    ("The heaters were recalled because of a wiring fault.", "The heaters were recalled because of a defective thermostat.", "cause_differs", "cause_agree"),
    ("The count was delayed due to a software failure.", "The count was delayed because of a software fault.", "cause_agree", "cause_differs"),
]
ACTORS = [
    ("The army holds the airport.", "Militia fighters control the airport.", "actor_clash", None),
    ("Militia fighters patrol the airport.", "The army holds the airport.", "actor_clash", None),
    ("The army holds the airport.", "The army controls the airport.", None, "actor_clash"),
]
DOUBT = [
    ("The federation denied that the sample was contaminated.", "The sample was contaminated, the lab said.", "disagreement_cue", None),
    ("The lab said the sample was contaminated.", "The sample was contaminated, according to the lab.", None, "disagreement_cue"),
    # one report calls false what the other plainly asserts; two debunkings do not clash
    ("Reports that Mayor Ana Ruiz resigned are a hoax.", "Mayor Ana Ruiz resigned on Friday.", "disagreement_cue", None),
    ("Officials cast doubt on claims that a shark swam through the Lisbon metro.",
     "A shark swam through the Lisbon metro after the flood.", "disagreement_cue", None),
    ("Reports that Mayor Ana Ruiz resigned are a hoax.", "Mayor Ana Ruiz has not resigned.", None, "disagreement_cue"),
    ("Woman who said she had a third arm added is a fake.", "Woman who said she had a third arm added exposed as hoaxer.",
     None, "disagreement_cue"),
    # the shared words in another form of one stem
    ("The Nicaraguan meteorite story was a hoax.", "Meteorite hits Nicaragua capital.", "disagreement_cue", None),
    # the other claim negates what this one denies or doubts: they agree
    ("The ministry denied that soldiers fired on the marchers.", "Soldiers did not fire on the marchers, the army said.", None, "disagreement_cue"),
    ("Officials cast doubt on claims that the dam was breached.", "The dam was not breached, engineers said.", None, "disagreement_cue"),
    # two reports that call the story false agree; a denial of the debunk does not
    ("Woman who said she had a third arm added exposed as hoaxer.", "The third-arm story is a fake.", "debunks_agree", None),
    ("Report of a quarantined town NOT real.", "Officials: the quarantine report is false.", "debunks_agree", None),
    ("The third-arm story is a fake.", "Woman with a third arm denies hoax claims.", None, "debunks_agree"),
]


@pytest.mark.parametrize("family, a, b, present, absent", [
    (name, *row) for name, rows in (("numbers", NUMBERS), ("dates", DATES), ("polarity", POLARITY), ("causes", CAUSES),
                                    ("actors", ACTORS), ("doubt", DOUBT)) for row in rows])
def test_family_table(pair, family, a, b, present, absent):
    _, _, sigs = pair(a, b)
    if present:
        assert present in sigs, f"{family}: {sorted(sigs)}"
        assert "'" in sigs[present].explanation
    if absent:
        assert absent not in sigs, f"{family}: {sigs[absent].explanation}"


ALIGN = [
    # (a, b, words quoted from a, from b)
    ("Ambulances arrived within ten minutes.", "Ambulances arrived within an hour.", "minutes", "hour"),
    ("The plan was approved by the council.", "The plan was rejected by the council.", "approved", "rejected"),
    ("The fire started in Leeds on Monday.", "The fire started in York on Monday.", "Leeds", "York"),
]


@pytest.mark.parametrize("a, b, word_a, word_b", ALIGN)
def test_alignment_quotes_the_substituted_words(pair, a, b, word_a, word_b):
    fa, fb, _ = pair(a, b)
    phrase = det.alignment_phrase(fa, fb)
    left, right = phrase.split(" vs ")
    assert word_a in left and word_b in right


def test_alignment_features_separate_swaps_from_copies(pair):
    swap = det.alignment_features(*pair("The fire started in Leeds on Monday.", "The fire started in York on Monday.")[:2])
    copy = det.alignment_features(*pair("The fire started in Leeds on Monday.", "The fire started in Leeds on Monday, police said.")[:2])
    names = 3 + 3 * det.align.TAGS.index("NAME") + 2 + 1
    assert swap[names] >= 1 and copy[names] == 0
    assert len(swap) == det.align.N_FEATURES


def test_clock_times_parse():
    assert [c.minutes for c in det.extract_clocks("at 9:15 p.m., then noon and 8.30am")] == [21 * 60 + 15, 12 * 60, 8 * 60 + 30]


@pytest.mark.parametrize("a,b", [
    ("The water at the spring is safe to drink, the council said.", "The water at the spring is unsafe to drink, tests showed."),
    ("The new bridge design is stable, the engineers said.", "The new bridge design is unstable, an inspector warned."),
])
def test_a_negating_prefix_is_an_opposite_state(nlp, a, b):
    from claims.detectors import extract_facts
    from claims.detectors.polarity import polarity_signal

    signal = polarity_signal(extract_facts(nlp(a)), extract_facts(nlp(b)))
    assert signal is not None and signal.kind == "contradiction"
    assert "unsafe" in signal.explanation or "unstable" in signal.explanation
    assert "safe safe" not in signal.explanation


def test_a_shared_state_is_no_opposite(nlp):
    from claims.detectors import extract_facts
    from claims.detectors.polarity import negated_form, polarity_signal

    assert negated_form("safe", "unsafe") and negated_form("legal", "illegal") and not negated_form("unsafe", "safe")
    assert polarity_signal(extract_facts(nlp("The water at the spring is safe to drink.")),
                           extract_facts(nlp("The water at the spring is clean and safe."))) is None


@pytest.mark.parametrize("text", ["A seventh victim - Ana Maria Souza, 47 - survived the initial shooting.",
                                  "Police named the driver as Tom Berg, 61, of Oslo."])
def test_an_age_after_a_name_is_no_count(nlp, text):
    from claims.detectors.numbers import extract_quantities

    assert not [q for q in extract_quantities(nlp(text)) if q.low in (47, 61)]
