"""Cleaning rules, each on small texts from several domains, plus offset-map faithfulness."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from claims.clean import clean

SEED_NAMES = ["000_14f18aaa9a89bb65.txt", "001_c6b532b522fc60e6.txt", "002_3b3595688281c5ca.txt",
              "003_ed2e3873cc5f8452.txt", "004_22f990e6cdc287b5.txt"]


def labels(cleaned, label):
    return [cleaned.text[r.start:r.end] for r in cleaned.regions if r.label == label]


def reasons(cleaned):
    return {r.reason for r in cleaned.removed}


def norm(s: str) -> str:
    """Words of a text with whitespace and hyphens ignored (line breaks and hyphen re-joins)."""
    return re.sub(r"[\s\-]+", "", s)


def raw_words(cleaned, raw, a, b):
    """raw[a:b] minus the spans cleaning recorded as removed."""
    keep = [True] * (b - a)
    for r in cleaned.removed:
        for k in range(max(r.start, a), min(r.end, b)):
            keep[k - a] = False
    return "".join(ch for ch, k in zip(raw[a:b], keep) if k)


def assert_faithful(raw, cleaned, spans):
    assert len(cleaned.offsets) == len(cleaned.text)
    assert all(x < y for x, y in zip(cleaned.offsets, cleaned.offsets[1:]))
    for i, j in spans:
        if j <= i:
            continue
        a, b = cleaned.offsets[i], cleaned.offsets[j - 1] + 1
        assert norm(raw_words(cleaned, raw, a, b)) == norm(cleaned.text[i:j]), (i, j)


# --- hard-wrapped lines and hyphenation -------------------------------------------------------

WRAP_TEXT = (
    "The committee met on Tuesday to review the budget for the coming year and \n"
    "agreed that spending on schools should rise while the roads programme is \n"
    "delayed until the new contracts are signed by the regional council. \n"
    "Members also discussed the library, which has been closed since the flood \n"
    "damaged its basement archive and most of the older collection. \n"
)

HYPHEN_CASES = [
    # (raw, expected substring in cleaned text, substring that must not appear)
    ("The results were deter-\nmined by a panel that met every week in the old town hall.", "determined", "deter-"),
    ("The fighters of Jabhat al-\nNusra entered the town before dawn on the second day.", "al-Nusra", "al- Nusra"),
    ("The clinic lacked much-\n needed supplies, and much of the staff had left. Supplies were needed.", "much-needed", "much- needed"),
    ("Prices of wheat and rice rose sharply after the ex-\nport ban was announced. The export ban hit farmers.", "export ban was", "ex-port"),
    ("The so-\ncalled reform was called a failure by the opposition in the so called debate.", "so-called", "socalled"),
    ("The new vaccine was tested in a ran-\ndomised trial involving three thousand adult volunteers.", "randomised", "ran-domised"),
]


def test_wrapped_lines_are_rejoined():
    c = clean(WRAP_TEXT, "pdf")
    assert "\n" not in c.text
    assert "year and agreed" in c.text and "council. Members" in c.text


def test_wrap_detected_without_pdf_format():
    assert "\n" not in clean(WRAP_TEXT, "txt").text


def test_paragraph_lines_are_kept_in_web_text():
    raw = "First paragraph ends here.\nSecond paragraph starts here.\nThird one too."
    assert clean(raw, "txt").text == raw


@pytest.mark.parametrize("raw,present,absent", HYPHEN_CASES)
def test_hyphen_breaks(raw, present, absent):
    c = clean(raw, "txt")
    assert present in c.text
    assert absent not in c.text
    assert_faithful(raw, c, [(0, len(c.text))])


def test_sentence_split_by_blank_line_is_joined():
    raw = "The minister said the talks would resume\n\nin March, after the elections.\n\nNew paragraph."
    c = clean(raw, "txt")
    assert "resume in March" in c.text
    assert "\n\nNew paragraph." in c.text


def test_wrapped_headline_is_joined():
    raw = "Farmers say they have\nlost the water dispute\n\nThe farmers conceded on Monday that the court ruling went against them."
    c = clean(raw, "txt")
    assert labels(c, "headline") == ["Farmers say they have lost the water dispute"]


# --- page furniture and footnotes -------------------------------------------------------------

PDF_PAGES = (
    "The river flooded three villages in the valley and the army was sent to help with the \n"
    "evacuation of the elderly residents who could not leave on their own.4 The mayor \n"
    "\n\n\nwww.example-institute.org 7\n\nQUARTERLY REVIEW   |   THE FLOOD   |   JANE DOE   |   MAY 2, 2021\n\n"
    "asked for more boats. Officials said the water was “higher than in 1998.”12 \n"
    "Residents were told to stay away from the bridge, which was closed.3\n"
)


def test_page_header_footer_lines_dropped():
    c = clean(PDF_PAGES, "pdf")
    assert "example-institute" not in c.text and "QUARTERLY" not in c.text
    assert "The mayor asked for more boats." in c.text
    assert sum(r.reason == "page header/footer" for r in c.removed) == 2


def test_repeated_running_header_dropped():
    page = "Annual report on water quality in rural districts\n"
    body = "the samples were taken from every well in the district and tested for \nnitrates and bacteria by the regional laboratory during the summer \n"
    raw = page + body + "\n" + page + body
    c = clean(raw, "pdf")
    assert "Annual report" not in c.text
    assert c.text.count("regional laboratory") == 2


@pytest.mark.parametrize("raw,expected", [
    ("It will be a miracle.”6 Nearly twenty groups joined.", "It will be a miracle.” Nearly twenty groups joined."),
    ("The convoy was attacked.12 However, it reached the city.", "The convoy was attacked. However, it reached the city."),
    ("Prices rose in most markets.8 \nTraders blamed the drought.", "Prices rose in most markets. Traders blamed the drought."),
    ("Version 2.1 was released in 2019.", "Version 2.1 was released in 2019."),
    ("The score was 3-1. 2 players were injured.", "The score was 3-1. 2 players were injured."),
])
def test_glued_footnote_numbers(raw, expected):
    c = clean(raw, "pdf")
    assert c.text == expected
    assert_faithful(raw, c, [(0, len(c.text))])


# --- headlines, captions, boilerplate ---------------------------------------------------------

WEB_PAGE = """Storm Leaves Thousands Without Power

Workers repair a power line in the northern suburbs on March 3, 2022. (Reuters)
Workers repair a power line in the northern suburbs on March 3, 2022. (Reuters)
TT

Storm Leaves Thousands Without Power

Workers repair a power line in the northern suburbs on March 3, 2022. (Reuters)

More than 40,000 homes were still without electricity on Friday, the utility said.

Crews from three neighbouring regions were called in to help.
Share this article
Sign up for Morning Briefing
The day's top stories delivered to your inbox every morning.
You may occasionally receive promotional content from the Daily Example.
"""


def test_duplicated_headline_and_captions_keep_first():
    c = clean(WEB_PAGE, "html")
    assert c.text.count("Storm Leaves Thousands") == 1
    assert c.text.count("Workers repair") == 1
    assert labels(c, "headline") == ["Storm Leaves Thousands Without Power"]
    assert len(labels(c, "caption")) == 1
    assert {"duplicate headline", "duplicate caption", "logo artefact"} <= reasons(c)


def test_web_boilerplate_removed_and_recorded():
    c = clean(WEB_PAGE, "html")
    for gone in ("Share this", "Sign up", "inbox", "promotional", "\nTT"):
        assert gone not in c.text
    assert c.text.endswith("called in to help.")
    assert sum(r.reason == "web boilerplate" for r in c.removed) == 4


@pytest.mark.parametrize("caption", [
    "Firefighters at the scene of the blaze. (AFP)",
    "The president arrives in the capital (Sputnik/AP)",
    "A voter casts a ballot in the city. Photo: Reuters",
])
def test_caption_regions(caption):
    raw = f"Headline About Something\n\n{caption}\n\nThe body of the article starts here and goes on for a while."
    assert labels(clean(raw, "txt"), "caption") == [caption]


def test_sentence_ending_in_parenthesis_is_not_a_caption():
    raw = "Title Here\n\nThe report was published by the refugee agency (UNHCR) on Monday."
    assert labels(clean(raw, "txt"), "caption") == []


def test_byline_and_dateline_regions():
    raw = ("Council Approves Budget\nBy Maria Lopez and Tom Hart\nMADRID — The city council approved the budget.\n"
           "The vote was close.\nStaff writer Ana Ruiz in Seville contributed to this report.")
    c = clean(raw, "txt")
    assert labels(c, "byline") == ["By Maria Lopez and Tom Hart", "Staff writer Ana Ruiz in Seville contributed to this report."]
    assert labels(c, "dateline") == ["MADRID"]


def test_a_line_of_reporting_credits_is_a_byline():
    raw = ("The council approved the budget on Monday.\nOfficials reported from Tuesday that the vote was close.\n"
           "Ruiz reported from Seville, Spain. Tom Hart and Ana Lee contributed reporting.")
    assert labels(clean(raw, "txt"), "byline") == ["Ruiz reported from Seville, Spain. Tom Hart and Ana Lee contributed reporting."]


def test_an_all_capitals_headline_is_no_byline():
    # a pattern with nested repeats once spent minutes on such a line (every word could open a name)
    raw = ("The council approved the budget on Monday.\n\n"
           "MAYOR ANNOUNCES MILLIONS MORE TAXPAYER DOLLARS TO REPAIR BRIDGES DURING SURPRISE VISIT TO THE NORTH EAST\n\n"
           "The mayor spoke for an hour.")
    assert labels(clean(raw, "txt"), "byline") == []


# --- reader comments --------------------------------------------------------------------------

COMMENTED = """Library Reopens After Repairs

The city library reopened on Monday after two years of repairs to its roof.

The mayor said the building would host concerts in the summer.

  • Jo Bloggs

    Finally! The children in our street have waited so long for this. Thank you to the staff.

    May 9, 2021
"""


def test_reader_comment_kept_and_marked():
    c = clean(COMMENTED, "txt")
    comments = labels(c, "comment")
    assert len(comments) == 1 and "Finally!" in comments[0] and "Jo Bloggs" in comments[0]
    assert "Finally!" in c.text
    body_end = c.text.index("summer.")
    assert c.regions and all(r.start > body_end for r in c.regions if r.label == "comment")


def test_comments_heading_starts_comment_region():
    raw = "A Title Line\n\nBody text of the story that is long enough.\nMore body.\n3 Comments\nGreat story.\nReply\n"
    c = clean(raw, "txt")
    assert labels(c, "comment")[0].startswith("3 Comments")
    assert "Great story." in c.text


def test_no_comment_region_without_signals():
    assert labels(clean(WEB_PAGE, "html"), "comment") == []


# --- offset map faithfulness ------------------------------------------------------------------

WORDS = ["river", "council", "farmers", "water", "agreed", "Tuesday", "schools", "budget", "contracts",
         "regional", "archive", "collection", "library", "damaged", "announced", "Minister", "said", "the",
         "and", "of", "in", "a", "Valley", "reported", "thousands", "evacuation"]


@st.composite
def messy_texts(draw):
    words = draw(st.lists(st.sampled_from(WORDS), min_size=5, max_size=120))
    out = []
    for w in words:
        roll = draw(st.integers(0, 19))
        if roll == 0 and len(w) >= 6:
            cut = draw(st.integers(2, len(w) - 2))
            out.append(w[:cut] + "-\n" + w[cut:])
        else:
            out.append(w)
        out.append(draw(st.sampled_from([" ", " ", " ", " ", "\n", " \n", "\n\n", ". ", ".\n", "  "])))
    return "".join(out)


@hsettings(max_examples=150, deadline=None)
@given(messy_texts(), st.sampled_from(["txt", "pdf", "md"]), st.data())
def test_offset_map_faithful_on_random_texts(raw, fmt, data):
    c = clean(raw, fmt)
    n = len(c.text)
    spans = [(0, n)] + [tuple(sorted(data.draw(st.tuples(st.integers(0, n), st.integers(0, n))))) for _ in range(5)]
    assert_faithful(raw, c, spans)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_offset_map_faithful_on_seeds(seeds_dir, name):
    raw = (seeds_dir / name).read_text(encoding="utf-8")
    c = clean(raw, "txt")
    n = len(c.text)
    step = max(1, n // 40)
    spans = [(0, n)] + [(i, min(n, i + 200)) for i in range(0, n, step)] + [(i, n) for i in range(0, n, step * 7)]
    assert_faithful(raw, c, spans)


# --- seed checks ------------------------------------------------------------------------------


def test_seed_pdf_extraction_is_clean(seeds_dir):
    c = clean((seeds_dir / "004_22f990e6cdc287b5.txt").read_text(encoding="utf-8"), "txt")
    assert not re.search(r"[A-Za-z]-\s+[A-Za-z]", c.text)  # no hyphen-broken words
    assert not re.search(r"[a-z][.,;:]”?\d", c.text)  # no glued footnotes
    assert "|" not in c.text and "www." not in c.text.lower()
    assert "rebel commanders denied the reports" in c.text
    assert "much-needed" in c.text and "Jabhat al-Nusra" in c.text
    assert sum(r.reason == "footnote number" for r in c.removed) == 16


def test_seed_web_trailing_boilerplate(seeds_dir):
    c = clean((seeds_dir / "003_ed2e3873cc5f8452.txt").read_text(encoding="utf-8"), "txt")
    assert c.text.endswith("contributed to this report.")
    assert "More to Read" not in c.text and "Sign up" not in c.text


def test_seed_reader_comment(seeds_dir):
    c = clean((seeds_dir / "002_3b3595688281c5ca.txt").read_text(encoding="utf-8"), "txt")
    comment = labels(c, "comment")
    assert len(comment) == 1 and "What a disgrace!" in comment[0]
