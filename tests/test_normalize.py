"""Transliteration keys: spelling variants share a key, different names do not."""
import pytest

from claims.normalize import entity_keys, fold

SAME = [
    ("Qusair", "Qusayr"), ("Qusayr", "al-Qusayr"), ("al-Qusayr", "Al-Qusayr"), ("Al Qusayr", "Qusair"),
    ("Buweida", "Bweida"), ("Bweida", "Buwaydah"),
    ("Muhammad", "Mohamed"), ("Mohammed", "Muhammad"),
    ("Qaddafi", "Kadhafi"), ("Hezbollah", "Hizballah"), ("Kiev", "Kyiv"), ("Homs", "Hims"),
    ("Zürich", "Zurich"), ("São Paulo", "Sao Paulo"), ("Jeddah", "Jiddah"), ("ash-Sham", "Sham"),
    ("Benghazi", "Bengasi"), ("Tchaikovsky", "Chaikovsky"),
]
DIFFERENT = [
    ("Homs", "Hama"), ("Aleppo", "Idlib"), ("Beirut", "Berlin"), ("Damascus", "Daraa"),
    ("Mosul", "Basra"), ("Kiev", "Kharkiv"), ("Manchester", "Chester"),
]


@pytest.mark.parametrize("a, b", SAME)
def test_variants_share_a_key(a, b):
    assert fold(a) == fold(b)


@pytest.mark.parametrize("a, b", DIFFERENT)
def test_different_names_differ(a, b):
    assert fold(a) != fold(b)


@pytest.mark.parametrize("a, b", [("Gaddafi", "Qaddafi"), ("Peking", "Beijing")])
@pytest.mark.xfail(reason="consonant shifts g/q and historic exonyms are beyond a spelling key", strict=True)
def test_known_misses(a, b):
    assert fold(a) == fold(b)


CASES = [
    ("Rebels withdrew from al-Qusayr to Buwaydah on Tuesday.", {"ksr", "bwd"}, {"tsd"}),
    ("The Red Cross said 40 people died in Chittagong.", {"rd krs", "krs", "stgng"}, {"sd"}),
    ("Mr Smith met officials in São Paulo in May.", {"smt", "s pl"}, {"mi", "mr", "pl"}),
]


@pytest.mark.parametrize("text, expected, absent", CASES)
def test_entity_keys(text, expected, absent):
    keys = entity_keys(text)
    assert expected <= keys
    assert not (absent & keys)


def test_entity_keys_from_spacy_doc(nlp):
    text = "Fighting continued in al-Qusayr, the Syrian Observatory said."
    keys = entity_keys(text, nlp(text))
    assert "ksr" in keys
    assert entity_keys("Fighting continued in Qusair.", nlp("Fighting continued in Qusair.")) & keys


def test_top_keys_name_what_a_text_is_about():
    from claims.normalize import top_keys

    text = ("Floods hit Jiddah on Monday. Rescuers in Jeddah said 40 died. Officials in Riyadh sent aid. "
            "Residents of Jeddah said the drains in al-Jiddah were blocked.")
    assert top_keys(text, n=1) == {"jd"}
    assert "rd" not in top_keys(text)
