"""Segmentation: sentences, one segment per attributed proposition, non-claims kept and marked."""
import pytest

from claims.records import Document, Region
from claims.segment import iter_segments, parse_text


def _doc(text, regions=()):
    return Document(doc_id="a.txt", path="a.txt", raw=text, text=text, offsets=list(range(len(text))),
                    outlet="The Daily Example", published="2013-06-05", regions=list(regions))


def _segments(nlp, text, regions=()):
    document = _doc(text, regions)
    return list(iter_segments(document, nlp(parse_text(text))))


def test_parse_text_keeps_length_and_joins_wrapped_lines():
    text = "The council met on a long evening that went on\nand on until midnight, officials said.\n\nNext."
    assert len(parse_text(text)) == len(text)
    assert "went on and on" in parse_text(text)


SPLITS = [
    ("Acme said profits rose, while the union said wages fell.", 2),
    ("The mayor said the bridge would open in May, but residents said it was unsafe.", 2),
    ("The coach said the team played well and would win the next game.", 1),
    ("\"We lost this round,\" the group said on its page, while adding that it would fight on.", 1),
    ("The minister said the bridge was safe, adding that inspections would continue.", 2),
    ("Trump insisted that he has expanded the party, claiming that millions of new voters joined.", 1),
    ("The senator visited the plant, adding that jobs would return.", 1),
    ("The mayor defended the budget, citing a drop in crime over the past year.", 2),
    ("The council denied the report, saying its water was safe.", 2),
    ("The minister denied the charges and said the payments were legal.", 2),
]


@pytest.mark.parametrize("text,n", SPLITS)
def test_one_segment_per_attributed_proposition(nlp, text, n):
    assert len([s for s in _segments(nlp, text) if s.is_claim]) == n


def test_abbreviation_does_not_split(nlp):
    text = "\u201cWe hold the centre,\u201d Brig. Gen. Sam Reed told a local channel. The rest followed."
    texts = [text[s.start:s.end] for s in _segments(nlp, text)]
    assert texts[0].endswith("local channel.")


NONCLAIMS = [
    ("Flood\n\nThe storm destroyed forty homes on Monday, officials said.", 0, "headline"),
    ("Will the dam hold?\n\nThe storm destroyed forty homes on Monday, officials said.", 0, "question"),
    ("The storm destroyed forty homes.\n\nVolunteers at the shelter. (Reuters)", 1, "caption"),
    ("The storm destroyed forty homes.\n\nWhat happens next for the families?", 1, "question"),
    ("The storm destroyed forty homes.\n\nRescue teams", 1, "fragment"),
]


@pytest.mark.parametrize("text,index,reason", NONCLAIMS)
def test_nonclaims_are_kept_and_marked(nlp, text, index, reason):
    segments = _segments(nlp, text)[index:]
    assert segments and not segments[0].is_claim
    assert reason in {s.nonclaim_reason for s in segments}


HEADLINES = [
    ("Storm hits coast\n\nThe storm destroyed forty homes on Monday, officials said.", True),
    ("Forty homes destroyed as storm hits coast\n\nThe storm destroyed forty homes on Monday.", True),
    ("Forty homes destroyed as storm hits coast", False),
    ("The storm destroyed forty homes on Monday, officials said", False),
]


@pytest.mark.parametrize("text,headline", HEADLINES)
def test_headlines_and_one_line_documents_are_claims(nlp, text, headline):
    """A headline is a claim marked as such; a document of one line is content, not a headline."""
    first = _segments(nlp, text)[0]
    assert first.is_claim and first.nonclaim_reason == ""
    assert first.headline is headline


def test_one_line_document_too_short_to_assert_is_a_fragment(nlp):
    first = _segments(nlp, "Giant Crab")[0]
    assert not first.is_claim and first.nonclaim_reason == "fragment"


def test_region_labels_mark_nonclaims(nlp):
    text = "Sign up for our newsletter today and get the best stories.\n\nThe storm destroyed forty homes."
    segments = _segments(nlp, text, [Region(0, 58, "boilerplate")])
    assert segments[0].nonclaim_reason == "boilerplate"
    assert segments[1].is_claim


def test_closing_quote_before_a_paragraph_break_stays_with_its_sentence(nlp):
    from claims.segment import sentences

    text = 'The mayor said the bridge "will reopen in May."\n\n\nThe union said "it will not."\n\nNext item.'
    got = [s.text for s in sentences(nlp(text))]
    assert got == ['The mayor said the bridge "will reopen in May."', 'The union said "it will not."', "Next item."]


def test_an_opening_double_apostrophe_starts_the_next_sentence(nlp):
    text = "Some aides agreed. But others did not. ''My advice was not to do it,'' recalled Ann Roe, then an envoy."
    texts = [text[s.start:s.end] for s in _segments(nlp, text)]
    assert texts[1] == "But others did not."
    assert texts[2].startswith("''My advice")


@pytest.mark.parametrize("text", [
    "Argentine President Takes On Godson But Not To Keep Werewolf At Bay",
    "Rumor Fatigue Sets In at False Alarms of Castro's Death",
    "That ESPN Domestic Violence Panel You Keep Hearing About Isn't Real",
    "Video: Marine survives sniper headshot thanks to his helmet",
    "Town Hall Fire: Council offices closed for the week",
])
def test_a_title_case_line_without_punctuation_is_one_sentence(nlp, text):
    from claims.segment import sentences

    assert [s.text for s in sentences(nlp(parse_text(text)))] == [text]


def test_a_colon_after_a_long_opening_still_ends_a_sentence(nlp):
    from claims.segment import sentences

    text = "The council gave three reasons for the delay on Monday: Rain. Strikes. Costs."
    assert len(list(sentences(nlp(parse_text(text))))) >= 2
