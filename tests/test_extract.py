"""The extract stage end to end: columns, offsets, and the seed checks from issue 3."""
import pytest

from claims.extract import extract_claims
from claims.errors import InputError
from claims.records import Claim, Document, Region, column_names

SEED_002 = "002_3b3595688281c5ca.txt"
SEED_004 = "004_22f990e6cdc287b5.txt"


def _seed(seeds_dir, name, outlet, published):
    text = (seeds_dir / name).read_text(encoding="utf-8")
    bullet = text.find("  \u2022 ")
    regions = [Region(bullet, len(text), "comment")] if bullet >= 0 else []
    return Document(doc_id=name, path=name, raw=text, text=text, offsets=list(range(len(text))),
                    outlet=outlet, published=published, regions=regions)


@pytest.fixture(scope="module")
def now_claims(nlp, seeds_dir):
    return extract_claims([_seed(seeds_dir, SEED_002, "NOW", "2013-06-05")], nlp)


def _gazette(name, text):
    return Document(doc_id=name, path=name, raw=text, text=text, offsets=list(range(len(text))), outlet="Gazette")


def _row(frame, words):
    rows = frame[frame.text.str.contains(words, regex=False)]
    assert len(rows) >= 1, words
    return rows.iloc[0]


def test_columns_ids_and_offsets(now_claims, seeds_dir):
    assert list(now_claims.columns) == column_names(Claim)
    assert now_claims.id.iloc[0] == f"{SEED_002}:0001"
    raw = (seeds_dir / SEED_002).read_text(encoding="utf-8")
    for row in now_claims.itertuples():
        assert raw[row.start:row.end] == row.text
        assert row.text in row.sentence


@pytest.mark.parametrize("words", [
    "a result of an agreement between the rebels",
    "in exchange for lifting the siege",
    "did not communicate directly",
])
def test_deal_sentences_carry_the_anonymous_source_via_the_outlet(now_claims, words):
    row = _row(now_claims, words)
    assert row.source_kind == "anonymous"
    assert row.speaker_id.startswith(f"anon:{SEED_002}:")
    assert row.chain.endswith("NOW")


def test_well_informed_source_told_the_outlet(now_claims):
    row = _row(now_claims, "in exchange for lifting the siege")
    assert row.speaker_id == f"anon:{SEED_002}:a-well-informed-source"
    assert row.via_outlet == "NOW"
    assert row.quote_type == "direct"


def test_he_also_told_resolves_to_the_named_commander(now_claims):
    first = _row(now_claims, "due to a lack of ammunitions")
    row = _row(now_claims, "He also told NOW")
    assert first.speaker_name == row.speaker_name == "Alaa al-Basha"
    assert row.speaker == "He" and row.speaker_id == first.speaker_id
    assert first.speaker_role == "Free Syrian Army Supreme Military Council member"
    assert row.via_outlet == "NOW" and row.cue == "tell"


def test_monitor_quote_continuation(now_claims):
    row = _row(now_claims, "short of ammunition")
    assert row.speaker_id == "syrian-observatory-for-human-rights"
    assert row.source_kind == "monitor"
    assert row.quote_type == "direct"
    assert row.chain == "The Syrian Observatory for Human Rights > NOW"


def test_reader_comment(now_claims):
    row = _row(now_claims, "I wonder if")
    assert row.source_kind == "reader_comment"
    assert row.speaker == "Vlad Tepes"


def test_captions_are_kept_as_nonclaims_and_the_headline_is_a_claim(now_claims):
    reasons = set(now_claims[~now_claims.is_claim].nonclaim_reason)
    assert "caption" in reasons and "headline" not in reasons
    headline = now_claims[now_claims.quote_type == "headline"]
    assert len(headline) == 1 and headline.iloc[0].is_claim and headline.iloc[0].cstart == 0


def test_headline_names_its_speaker_without_becoming_the_body_speaker(nlp):
    from claims.records import Document

    text = "Union says strike will go ahead\n\nThe strike begins at dawn. It will close three ports, they added."
    doc = _gazette("h.txt", text)
    rows = extract_claims([doc], nlp)
    head = rows.iloc[0]
    assert (head.quote_type, head.speaker, head.is_claim) == ("headline", "Union", True)
    assert rows.iloc[1].quote_type == "narration" and rows.iloc[1].speaker != "Union"


def test_a_quotation_opened_after_an_attributed_sentence_is_its_speakers(nlp):
    text = ("The port reopened on Monday.\n\n''Some ships are back, others are not,'' said Ann Roe, a pilot who "
            "works the harbour. ''Owners can't just say anything they want. They need insurance first.''")
    doc = _gazette("q.txt", text)
    rows = extract_claims([doc], nlp)
    assert _row(rows, "Some ships").speaker == "Ann Roe"
    assert _row(rows, "Owners can't").speaker == "Ann Roe"
    assert _row(rows, "insurance first").speaker == "Ann Roe"


def test_time_scope_and_default_window(now_claims):
    assert _row(now_claims, "launched on May 19").time_start == "2013-05-19"
    row = _row(now_claims, "He also told NOW")
    assert (row.time_start, row.time_text) == ("2013-06-05", "publication date")


def test_analysis_is_the_outlets_voice(nlp, seeds_dir):
    frame = extract_claims([_seed(seeds_dir, SEED_004, "Institute for the Study of War", "2013-06-06")], nlp)
    row = _row(frame, "The regime demonstrated")
    assert (row.quote_type, row.source_kind, row.speaker) == ("narration", "outlet", "Institute for the Study of War")


def test_bad_offsets_raise_input_error(nlp):
    document = Document(doc_id="b.txt", path="b.txt", raw="abc", text="abc", offsets=[0])
    with pytest.raises(InputError, match="b.txt"):
        extract_claims([document], nlp)


def test_partitioned_extraction_gives_the_same_claims_and_facts(nlp, seeds_dir):
    """The execution layer's partitions (any size) give what one in-process pass gives."""
    from claims.detectors import extract_facts
    from claims.execute import extract_partition
    from claims.ingest import load_corpus
    from claims.records import Claim, to_frame

    documents = load_corpus([seeds_dir]).documents[:3]
    spans: dict = {}
    one = extract_claims(documents, nlp, spans=spans)
    parts = [extract_partition(documents[i:i + 2], nlp) for i in range(0, len(documents), 2)]
    assert one.equals(to_frame([c for p in parts for c in p.claims], Claim))
    facts: dict = {}
    for part in parts:
        for key, value in part.facts.items():
            facts.setdefault(key, value)
    assert set(facts) == set(spans) and len(facts) > 20
    assert all(facts[k] == extract_facts(spans[k].as_doc()) for k in sorted(facts)[:40])


def test_claim_spans_let_the_detectors_reuse_the_parse(nlp):
    from claims.detectors import FactCache

    text = "Police said the fire was caused by a faulty heater. The union said twelve workers were hurt."
    doc = Document(doc_id="a.txt", path="a.txt", raw=text, text=text, offsets=list(range(len(text))),
                   outlet="The Daily Example", published="2021-03-02")
    spans: dict = {}
    table = extract_claims([doc], nlp, spans=spans)
    claims = [t.strip() for t in table[table.is_claim].text]
    assert set(claims) <= set(spans)

    class NoParser:
        def pipe(self, texts, **kwargs):
            raise AssertionError(f"parsed again: {list(texts)}")

    facts = FactCache(NoParser(), spans=spans).get(claims)
    assert [f.causes[0].text for f in facts if f.causes] == ["a faulty heater"]


def test_facts_read_in_a_second_process_equal_the_sequential_ones(nlp, seeds_dir):
    from claims.detectors import FactCache
    from claims.ingest import load_corpus

    spans: dict = {}
    extract_claims(load_corpus([seeds_dir]).documents, nlp, spans=spans)
    texts = sorted(spans)[:120]
    sequential = FactCache(nlp, spans=spans, n_process=1).get(texts)
    forked = FactCache(nlp, spans=spans, n_process=2, parallel_min=10).get(texts)
    assert forked == sequential and any(f.predicates for f in forked)


def test_a_title_cleaning_kept_out_of_the_text_is_a_headline_claim(tmp_path, nlp):
    from claims.ingest import load_corpus

    raw = ("---\ntitle: Dam bursts, 40 dead\noutlet: River News\npublished: 2024-05-01\n---\n"
           "The dam failed on Monday morning and 12 people died, officials said.\n\nRescue teams are searching.\n")
    (tmp_path / "a.md").write_text(raw, encoding="utf-8")
    (tmp_path / "b.md").write_text(raw.replace("title: Dam bursts, 40 dead\n", "title: Is the dam safe?\n"), encoding="utf-8")
    rows = extract_claims(load_corpus([tmp_path]).documents, nlp)
    title = rows[rows.id == "a.md:0000"].iloc[0]
    assert (title.quote_type, title.is_claim, title.speaker) == ("headline", True, "River News")
    assert raw[title.start:title.end] == "Dam bursts, 40 dead"
    assert not (rows.id == "b.md:0000").any()  # a question is no claim
    assert (rows.quote_type == "headline").sum() == 1


def test_a_short_attributed_fragment_names_the_speaker_of_the_quote_it_opens(nlp):
    text = ("Ann Roe asked, \u201cWill the council rebuild the bridge this year?\u201d\n\n"
            "Lee continued, \u201cYes. The council will rebuild it before the spring floods arrive.\u201d")
    doc = _gazette("f.txt", text)
    rows = extract_claims([doc], nlp)
    assert _row(rows, "before the spring floods").speaker == "Lee"


def test_the_sentences_of_one_quotation_are_one_claim(nlp):
    """"“A,” X said. “B. C.”" is one statement of X's; "“A,” Y said. “B,” Y added." are two."""
    from claims.settings import ExtractSettings

    text = ("\u201cThe dam held for an hour,\u201d said Ann Roe, the county engineer. \u201cThen the east wall gave "
            "way. Nobody on the site expected that.\u201d\n\n"
            "\u201cWe warned them in March,\u201d Lee said. \u201cThey ignored the report,\u201d Lee added.")
    rows = extract_claims([_gazette("j.txt", text)], nlp)
    joined = _row(rows, "east wall")
    assert joined.speaker == "Ann Roe" and "dam held" in joined.text and "Nobody on the site" in joined.text
    assert text[joined.cstart:joined.cend] == joined.text
    assert _row(rows, "warned them").cstart != _row(rows, "ignored the report").cstart
    apart = extract_claims([_gazette("j.txt", text)], nlp, ExtractSettings(max_quote_chars=0))
    assert _row(apart, "east wall").cstart != _row(apart, "dam held").cstart
    assert _row(apart, "Nobody on the site").speaker == "Ann Roe"


def test_a_quotation_closed_before_its_own_cue_keeps_that_speaker():
    """'“A. / B,” Roe said, adding that “C / D and he said E.”': the second sentence names its own
    speaker after the quotation closes, so the quotation it ends is Roe's, not the later "he"'s."""
    from claims.extract import resolve_forward_quotes

    def claim(n, text, speaker, quote_type):
        return Claim(id=f"a:{n}", doc="a", path="a", start=0, end=len(text), cstart=0, cend=len(text), text=text,
                     speaker=speaker, cue="say" if speaker else "", quote_type=quote_type)

    claims = [claim(1, "\u201cThe bridge held and I was glad to see that.", "", "narration"),
              claim(2, "I think we need it open again,\u201d Roe said, adding that the council \u201cpaid a heavy price in this",
                    "Roe", "direct"),
              claim(3, "budget fight and he said he made a mistake.\u201d", "he", "direct")]
    carried = [False, False, False]
    resolve_forward_quotes(claims, [False, True, True], carried)
    assert [c.speaker for c in claims] == ["Roe", "Roe", "he"] and carried == [True, False, False]
