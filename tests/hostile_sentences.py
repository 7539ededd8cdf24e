"""Hypothesis strategies that assemble hostile news-like documents, and the extraction invariant.

Shared by ``tests/test_hostile_sentences.py`` (a few hundred examples in the suite) and
``bench/bench_hostile_sentences.py`` (10,000 examples).
"""
from __future__ import annotations

from hypothesis import strategies as st

from claims.clean import clean
from claims.records import Document

NAMES = ["Ana Ruiz", "the minister", "Dr. Lena Berg, a surgeon at the clinic", "Владимир Соколов", "محمد الأحمد",
         "王小明", "Nguyễn Văn An", "Søren Ødegård", "O'Neill", "al-Hassan", "J. R. R. Smith Jr.", "UN",
         "a source", "sources close to the talks", "officials", "police", "the company", "a spokesperson"]
PRONOUNS = ["he", "she", "they", "it", "He", "She", "They", "we", "I", "you"]
CUES = ["said", "says", "told reporters", "added", "claimed", "denied", "warned", "confirmed", "insisted",
        "wrote on X", "said in a statement", "told Reuters"]
CONTENTS = ["the bridge will reopen in May", "12 people were hurt", "the vote count was wrong in 3 districts",
            "the recall covers 40,000 units sold since 2021", "no athlete failed a test", "the fire started at 2 a.m.",
            "it was not our decision", "nothing has changed", "the figures are accurate", "around 1.5 million",
            "prices rose 4% on Tuesday", "the talks collapsed"]
QUOTES = ['"', "\u201c", "\u201d", "'", "\u2018", "\u2019", "\u00ab", "\u00bb", "\u201e"]
PUNCT = ["!", "?", "...", "\u2026", "\u2014", "-", ";", ":", ",", ".", "!!!", "?!", "(", ")", "[", "]", "*", "\u2022",
         "\U0001F525", "\U0001F600\U0001F600", "#", "@", "&", "%"]

speaker = st.one_of(st.sampled_from(NAMES), st.sampled_from(PRONOUNS), st.just(""),
                    st.text(alphabet=st.characters(categories=("Lu", "Ll", "Lo")), min_size=1, max_size=12))
cue = st.sampled_from(CUES)
content = st.sampled_from(CONTENTS)
quote = st.sampled_from(QUOTES)
punct = st.sampled_from(PUNCT)


@st.composite
def sentence(draw) -> str:
    """One hostile sentence built from news-like parts."""
    s, c, k = draw(speaker), draw(content), draw(cue)
    q1, q2 = draw(quote), draw(quote)
    form = draw(st.integers(0, 15))
    if form == 0:
        return f'"{c.capitalize()}," {s} {k}.'
    if form == 1:
        return f"{s} {k} {c}.".strip().capitalize()
    if form == 2:
        return f"{k.capitalize()} {c}."  # a cue with no subject
    if form == 3:
        return f"According to {s}, {c}."  # "According to ," when the speaker is empty
    if form == 4:
        return f"{q1}{c.capitalize()}."  # unbalanced opening quote
    if form == 5:
        return f"{c.capitalize()},{q2} {s} {k}."  # unbalanced closing quote
    if form == 6:
        return f"{q1}{s} {k} {q2}{c}{q2}, {draw(speaker)} {draw(cue)}.{q1}"  # nested quotes
    if form == 7:
        words = " ".join(draw(st.lists(content, min_size=40, max_size=60)))
        return f"{s} {k} {words}, and {words}."[:2400]  # a 300-word sentence
    if form == 8:
        return draw(punct)  # lone punctuation
    if form == 9:
        return f"{draw(punct)} {s} {draw(punct)} {k} {draw(punct)}"
    if form == 10:
        return f"{s}, {draw(speaker)}, {k}: {q1}{c}{q2}"
    if form == 11:
        return f"{k} {s}."  # cue first, odd order
    if form == 12:
        return f"{s} {k}"  # no content at all
    if form == 13:
        return f"{q1}{q2}"
    if form == 14:
        return f"{c.capitalize()}, {k} {s}, adding that {draw(content)}."
    return draw(st.text(min_size=0, max_size=40))


@st.composite
def document_text(draw) -> str:
    """Sentences joined by spaces, line breaks and blank lines; often opening with a carry-over
    cue ("He added ...", a bare quote) that refers to a speaker before the document starts."""
    parts = draw(st.lists(sentence(), min_size=1, max_size=8))
    if draw(st.booleans()):
        parts.insert(0, draw(st.sampled_from(["He added that the talks collapsed.", '"It was not our decision."',
                                               "She also said more would follow.", "Added the minister:",
                                               "They said so too.", "\u201cNothing has changed,\u201d"])))
    seps = draw(st.lists(st.sampled_from([" ", "\n", "\n\n", "  ", "\n \n"]), min_size=len(parts), max_size=len(parts)))
    return "".join(p + sep for p, sep in zip(parts, seps))


def make_document(raw: str, doc_id: str = "hostile.txt") -> Document:
    """A Document cleaned the way ingest cleans a .txt file."""
    cleaned = clean(raw, "txt")
    return Document(doc_id=doc_id, path=doc_id, raw=raw, text=cleaned.text, offsets=cleaned.offsets,
                    regions=cleaned.regions, removed=cleaned.removed, published="2024-03-01")


def offset_errors(document: Document, claims) -> list[str]:
    """Every way the rows break the offset contract (empty when they are all valid): spans
    inside the raw text, the cleaned span equal to the row's text, each character mapped to
    itself in the raw text (whitespace may differ), and, when cleaning deleted nothing,
    ``raw[start:end]`` equal to the text up to whitespace."""
    errors = []
    raw, text, offsets = document.raw, document.text, document.offsets
    for row in claims.itertuples():
        where = f"{row.id} {row.text!r}"
        if not (0 <= row.cstart < row.cend <= len(text)) or not (0 <= row.start < row.end <= len(raw)):
            errors.append(f"{where}: span out of range ({row.cstart}, {row.cend}) / ({row.start}, {row.end})")
            continue
        if text[row.cstart:row.cend] != row.text:
            errors.append(f"{where}: cleaned span is {text[row.cstart:row.cend]!r}")
        if (row.start, row.end) != (offsets[row.cstart], offsets[row.cend - 1] + 1):
            errors.append(f"{where}: raw span does not follow the offset map")
        if any(raw[offsets[i]] != ch and not (raw[offsets[i]].isspace() and ch.isspace())
               for i, ch in zip(range(row.cstart, row.cend), row.text)):
            errors.append(f"{where}: a character maps to a different raw character")
        if not document.removed and raw[row.start:row.end].split() != row.text.split():
            errors.append(f"{where}: raw[start:end] is {raw[row.start:row.end]!r}")
    return errors
