"""Independence groups: copies, relays of one speaker and outlet citations count once."""
import pandas as pd
import pytest

from claims.independence import copy_origins, independence_table, original_docs, source_groups
from claims.records import Claim, Document, to_frame


def doc(doc_id, outlet, duplicate_of=None):
    return Document(doc_id=doc_id, path=doc_id.split("#")[0], raw="", text="", offsets=[], outlet=outlet, duplicate_of=duplicate_of)


DOCS = [
    doc("a.txt", "Ledger"), doc("b.txt", "Ledger", duplicate_of="a.txt"), doc("c.txt", "Post"),
    doc("d.txt", "Gazette"), doc("e.txt", "Courier"), doc("f.txt", "Herald", duplicate_of="b.txt"),
]
SENT = "The ministry said 40 people were killed in the floods on Monday."
ROWS = [
    # id, doc, speaker_id, via_outlet, sentence
    ("a1", "a.txt", "ministry-of-health", "", SENT),
    ("a2", "a.txt", "anon:a.txt:a-senior-official", "", "A senior official said the dam had not been inspected for years."),
    ("a3", "a.txt", "", "", "Rescue teams reached the valley on Tuesday morning after the rains."),
    ("b2", "b.txt", "anon:b.txt:a-senior-official", "", "A senior official said the dam had not been inspected for years."),
    ("c1", "c.txt", "ministry-of-health", "", "Health officials put the death toll at 40."),
    ("c2", "c.txt", "", "", "The river burst its banks near the old bridge late on Sunday."),
    ("d1", "d.txt", "", "Post", "The river burst its banks, the Post reported, citing witnesses."),
    ("d2", "d.txt", "anon:d.txt:a-senior-official", "", "Another official blamed the city for the flooding in the valley."),
    ("e1", "e.txt", "red-cross", "", SENT),
    ("f2", "f.txt", "anon:f.txt:a-senior-official", "", "A senior official said the dam had not been inspected for years."),
]


@pytest.fixture(scope="module")
def claims():
    out = [Claim(id=i, doc=d, path=d, start=0, end=1, cstart=0, cend=1, text=s, sentence=s, speaker_id=sp,
                 via_outlet=via, outlet=next(x.outlet for x in DOCS if x.doc_id == d)) for i, d, sp, via, s in ROWS]
    return to_frame(out, Claim)


@pytest.fixture(scope="module")
def groups(claims):
    return dict(zip(claims["id"], source_groups(claims, DOCS)))


@pytest.mark.parametrize("x, y", [
    ("a2", "b2"),  # a copy's anonymous source is the original's
    ("a2", "f2"),  # copies of copies too
    ("a1", "c1"),  # one named speaker relayed by two outlets
    ("c2", "d1"),  # an outlet citing another corpus outlet joins it
    ("a1", "e1"),  # a sentence repeated verbatim elsewhere comes from its first document
])
def test_dependent_claims_share_a_group(groups, x, y):
    assert groups[x] == groups[y]


@pytest.mark.parametrize("x, y", [("a2", "d2"), ("a2", "a3"), ("a3", "c2"), ("a1", "a2")])
def test_independent_claims_differ(groups, x, y):
    assert groups[x] != groups[y]


def test_labels_are_readable(groups):
    assert groups["a1"] == "ministry-of-health"
    assert groups["a3"] == "Ledger"
    assert "a-senior-official" in groups["a2"] and "Ledger" in groups["a2"]


def test_original_docs_follow_chains():
    assert original_docs(DOCS)["f.txt"] == "a.txt"
    assert original_docs([doc("x", "o", duplicate_of="y"), doc("y", "o", duplicate_of="x")])["x"] in {"x", "y"}


def test_short_repeated_sentences_are_not_copies(claims):
    short = claims.copy()
    short.loc[:, "text"] = "He said so."
    assert (copy_origins(short, DOCS) == short["doc"].map(original_docs(DOCS))).all()


def test_claims_sharing_one_sentence_keep_their_speakers():
    sentence = "The agency said troops had seized the tunnels, and the broadcaster said the fighters had fled north."
    rows = [Claim(id=i, doc="c.txt", path="c.txt", start=0, end=1, cstart=0, cend=1, text=t, sentence=sentence, speaker_id=sp, outlet="Post")
            for i, t, sp in [("x", "troops had seized the tunnels where fighters hid", "agency"),
                             ("y", "the fighters had fled north to the villages", "broadcaster")]]
    assert list(source_groups(to_frame(rows, Claim), DOCS)) == ["agency", "broadcaster"]


def test_independence_table(claims):
    table = independence_table(claims, DOCS)
    assert list(table.columns) == ["group", "members", "outlets", "docs"]
    row = table.set_index("group").loc["ministry-of-health"]
    assert row["members"] == 3 and row["outlets"] == "Courier; Ledger; Post"
    assert table["members"].sum() == len(claims)
