"""The extract stage: documents -> one row per claim segment with attribution and time scope.

Each document is parsed once (``nlp.pipe``, batched); segments, attributions and time scopes
are read from that parse. Non-claims (captions, headlines, questions, boilerplate) are kept
with ``is_claim=False`` and a ``nonclaim_reason`` so users can filter rather than lose them.
"""
from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, replace
from typing import Any, Callable, Iterable, Iterator, Sequence

import pandas as pd

from . import lexicon
from .attribute import (Attribution, SpeakerMemory, attribute_span, narration, outlet_name, plain_quotes, reports_nothing,
                        slug)
from .errors import InputError
from .records import Claim, Document, to_frame
from .segment import Segment, iter_segments, parse_text
from .settings import ExtractSettings
from .timescope import resolve

_WIRE = re.compile(r"(?:^|\n)[^\n]{0,60}?\((" + "|".join(re.escape(w) for w in lexicon.WIRE_AGENCIES) + r")\)\s*[-\u2014\u2013:]")


def wire_credit(document: Document) -> str:
    """The news agency credited in a dateline ("NAIROBI (AFP) -"), if the copy is wire copy."""
    m = _WIRE.search(document.text[:400])
    return m.group(1) if m else ""


def commenter(document: Document, pos: int) -> str:
    """The reader's name: the short first line of the comment region containing ``pos``."""
    for region in document.regions:
        if region.label == "comment" and region.start <= pos < region.end:
            for line in document.text[region.start:region.end].splitlines():
                name = line.strip(" \t\u2022*-\u00a0")
                if name:
                    short = len(name.split()) <= 4 and not re.search(r"[.!?]$", name)
                    return name if short else "reader"
    return "reader"


def _comment_attribution(document: Document, segment: Segment) -> Attribution:
    name = commenter(document, segment.start)
    return Attribution(speaker=name, speaker_id=f"reader:{document.doc_id}:{slug(name)}",
                       quote_type="direct", source_kind="reader_comment", cue="comment",
                       cue_force="opinion")


def _set_speaker(claim: Claim, a: Attribution) -> None:
    claim.speaker, claim.speaker_name = a.written or a.speaker, a.speaker
    claim.speaker_id, claim.speaker_role = a.speaker_id, a.speaker_role


def headline_attribution(document: Document, segment: Segment, cue_model=None) -> Attribution:
    """A headline speaks in the outlet's voice (or names its speaker: "X says Y"), marked
    ``quote_type=headline``; it is read apart from the body so it never becomes the body's
    remembered speaker."""
    attribution = attribute_span(segment.span, SpeakerMemory(doc_id=document.doc_id), document, False, cue_model)
    attribution.quote_type = "headline"
    return attribution


def _squash(text: str) -> str:
    return " ".join(text.split()).lower()


def missing_title(document: Document) -> tuple[int, int] | None:
    """Raw span of a title the cleaned text lacks (front matter, an HTML heading dropped by
    cleaning), so it can still be a headline claim; None when the text has it or the raw file
    does not hold it verbatim (offsets must point at the exact words)."""
    title = (document.title or "").strip()
    if len(title.split()) < 2 or _squash(title) in _squash(document.text[:len(title) * 3 + 400]):
        return None
    at = document.raw.find(title)
    return (at, at + len(title)) if at >= 0 else None


def title_claim(document: Document, span, raw: tuple[int, int], settings: ExtractSettings,
                cue_model=None) -> Claim | None:
    """The document's title as its headline claim (``{doc_id}:0000``, before the body)."""
    text = document.raw[raw[0]:raw[1]]
    if sum(1 for t in span if t.is_alpha) < 3 or text.rstrip().endswith("?"):
        return None
    claim = Claim(id=f"{document.doc_id}:0000", doc=document.doc_id, path=document.path, start=raw[0], end=raw[1],
                  cstart=0, cend=0, text=text, outlet=document.outlet or "", published=document.published or "",
                  sentence=text)
    a = attribute_span(span, SpeakerMemory(doc_id=document.doc_id), document, False, cue_model)
    _set_speaker(claim, a)
    claim.cue, claim.cue_force, claim.quote_type = a.cue, a.cue_force, "headline"
    claim.chain, claim.via_outlet = _chain(a, document, ""), a.via_outlet or outlet_name(document)
    claim.source_kind, claim.side, claim.hedges = a.source_kind, a.side, "; ".join(a.hedges)
    _set_time(claim, document, settings)
    return claim


def _opens_quote(text: str) -> bool:
    text = plain_quotes(text)
    opens = sum(text.count(q) for q in "\u201c\u201e\u00ab")
    closes = sum(text.count(q) for q in "\u201d\u00bb")
    return opens > closes or text.count('"') % 2 == 1


def _continues_quote(document: Document, segment: Segment, previous: Attribution | None,
                     paragraph_start: int) -> bool:
    """True when the segment is inside or resumes the previous speaker's direct quote, or opens a
    quotation right after an attributed sentence of its paragraph ("''A,'' X said. ''B ...''")."""
    if previous is None or not previous.cue:
        return False
    before = document.text[paragraph_start:segment.sent_start]
    if _opens_quote(before):  # "X said the train "may have left. I don't want ..."": still X's quote
        return True
    starts_quoted = plain_quotes(document.text[segment.start:segment.start + 2])[:1] in "\u201c\"\u201e\u00ab"
    return starts_quoted and (previous.quote_type == "direct" or bool(before.strip())) \
        and not _quoted_name(document.text[segment.start:segment.end])


def _quoted_name(text: str) -> bool:
    """The sentence opens with a short quotation that closes early and goes on in the writer's
    words: a quoted title or name (“Sons of Trump” is an adaptation of ...), not a quotation."""
    text = plain_quotes(text)
    close = _CLOSING.search(text, 1)
    if close is None or len(text[1:close.start()].split()) > 6:
        return False
    outside = _QUOTED.sub(" ", text[close.end():])
    return len(re.findall(r"[^\W\d_]+", outside)) >= 4


_QUOTED = re.compile(r"[\u201c\"\u201e\u00ab][^\u201c\u201d\"\u201e\u00ab\u00bb]*[\u201d\"\u00bb]")


def _chain(attribution: Attribution, document: Document, wire: str) -> str:
    links = [attribution.speaker] if attribution.source_kind != "outlet" else []
    links += attribution.relays
    if wire:
        links.append(wire)
    links.append(outlet_name(document))
    out: list[str] = []
    for link in links:
        if link and (not out or out[-1].lower() != link.lower()):
            out.append(link)
    return " > ".join(out)


_CLOSING = re.compile(r"[\u201d\"\u00bb]|''")


def _quote_only(document: Document, segment: Segment, attribution: Attribution, inside: bool = False) -> Segment:
    """A quotation followed only by its attribution ("“A,” said X, a professor at Y.") is cut to
    the quotation: the claim is what was said; speaker and cue are in their own columns and the
    whole sentence stays in ``sentence``. ``inside``: the segment continues a quotation opened in
    an earlier sentence ("... B,” said X.")."""
    text = document.text[segment.start:segment.end]
    opens = plain_quotes(text[:2])[:1] in "\u201c\"\u201e\u00ab"
    if attribution.quote_type != "direct" or not attribution.cue or not (opens or inside):
        return segment
    closing = list(_CLOSING.finditer(text, 1))
    if len(closing) != 1 or sum(text.count(q) for q in "\u201c\u201e\u00ab") > (1 if opens else 0):
        return segment
    end = closing[0].end()
    tail = text[end:]
    words = re.findall(r"[\w'\u2019-]+", tail.lower())
    speaker = re.findall(r"[\w'\u2019-]+", attribution.speaker.lower())
    if not words or len(words) > 30 or sum(1 for c in text[:end] if c.isalpha()) < 12:
        return segment
    if not (speaker and speaker[-1] in words or set(words) & {"he", "she", "they", "it", "we", "i"}):
        return segment
    return replace(segment, end=segment.start + end)


def _claim(document: Document, segment: Segment, n: int, attribution: Attribution | None,
           wire: str) -> Claim:
    start, end = document.raw_span(segment.start, segment.end)
    text = document.text[segment.start:segment.end]
    claim = Claim(
        id=f"{document.doc_id}:{n:04d}", doc=document.doc_id, path=document.path, start=start,
        end=end, cstart=segment.start, cend=segment.end, text=text, is_claim=segment.is_claim,
        nonclaim_reason=segment.nonclaim_reason, outlet=document.outlet or "",
        published=document.published or "", sentence=document.text[segment.sent_start:segment.sent_end],
    )
    if attribution is not None:
        _attribute(claim, attribution, document, wire)
    return claim


def _attribute(claim: Claim, a: Attribution, document: Document, wire: str) -> None:
    _set_speaker(claim, a)
    claim.cue, claim.cue_force, claim.quote_type = a.cue, a.cue_force, a.quote_type
    claim.chain, claim.via_outlet = _chain(a, document, wire), a.via_outlet or outlet_name(document)
    claim.source_kind, claim.side, claim.hedges = a.source_kind, a.side, "; ".join(a.hedges)
    claim.evidence = a.evidence


# Non-claims that still get a speaker (a question asked, a headline quoting someone), so a reader
# sees who asked or said it; they stay non-claims.
_ATTRIBUTED_NONCLAIMS = frozenset({"question", "headline"})

_SPEAKER_FIELDS = ("speaker", "speaker_name", "speaker_id", "speaker_role", "cue", "cue_force", "chain",
                   "via_outlet", "source_kind", "side", "evidence")


def resolve_forward_quotes(claims: list[Claim], inside: list[bool], carried: list[bool] | None = None) -> list[Claim]:
    """A quote opened in an uncued sentence belongs to the speaker named where it closes
    ("“A. B,” it added."), as does a sentence that is one whole quotation when the next one
    opens with its cue ("“What now?” / Smith asked, ..."): copy that attribution back.
    ``inside[i]``: claim i starts inside a quote opened earlier in its paragraph; ``carried[i]``,
    when given, is set for each claim that gets its attribution this way."""
    for i in range(len(claims) - 2, -1, -1):
        claim, following = claims[i], claims[i + 1]
        starts = plain_quotes(claim.text).lstrip()[:1] in "\u201c\"\u201e\u00ab"
        # a quotation open from its start to its end: any cue it holds is quoted
        open_quote = (starts or inside[i]) and _CLOSING.search(plain_quotes(claim.text), int(starts)) is None
        if not ((claim.is_claim or claim.nonclaim_reason == "question"
                 or claim.nonclaim_reason == "fragment" and _whole_quote(claim.text)  # "“Never again!” she shouted."
                 and re.search(r"[.!?,]\W*$", claim.text))  # not a quoted label ("“Related:”")
                and (following.is_claim or following.nonclaim_reason == "fragment" and following.cue)
                and following.speaker.lower() not in lexicon.FIRST_PERSON_WORDS  # "I think ..." names nobody
                and (claim.quote_type in ("narration", "") or open_quote
                     or claim.speaker.lower() in lexicon.FIRST_PERSON_WORDS)):
            continue
        opens = starts or _opens_quote(claim.text)
        if (opens or inside[i]) and inside[i + 1] and following.quote_type == "direct" \
                or _whole_quote(claim.text) and _cue_opens(following) and 0 <= following.start - claim.end <= 3:
            for name in _SPEAKER_FIELDS:
                setattr(claim, name, getattr(following, name))
            claim.quote_type = "direct"
            if carried is not None:
                carried[i] = True
    return claims


def _whole_quote(text: str) -> bool:
    """The text is one quotation and nothing else ("“What kind of people do I have here?”")."""
    text = plain_quotes(text).strip()
    return len(text) > 2 and text[0] in "\u201c\"\u201e\u00ab" and text[-1] in "\u201d\"\u00bb" \
        and sum(text.count(q) for q in "\u201c\u201d\u201e\u00ab\u00bb\"") == 2


def _cue_opens(claim: Claim) -> bool:
    """The claim begins with its speaker and cue ("Smith asked, looking ...", "he said.")."""
    if not claim.cue or claim.cue == ":" or claim.quote_type == "narration":
        return False
    head = re.findall(r"[\w'\u2019-]+", claim.text.lower())[:6]
    stem = claim.cue.split()[0][:3]
    return any(w.startswith(stem) or w in ("said", "told", "wrote") and stem in ("say", "tel", "wri") for w in head)


def document_claims(document: Document, parsed, settings: ExtractSettings, cue_model=None,
                    each: Callable[[Claim], None] | None = None) -> list[Claim]:
    """The claims of one parsed document, in order (``cue_model``: see ``claims.cuemodel``);
    ``each`` is called with every claim once the document's claims are final."""
    found = list(_document_claims(document, parsed, settings, cue_model))
    carried = [f.carried for f in found]
    claims = resolve_forward_quotes([f.claim for f in found], [f.inside for f in found], carried)
    wire = wire_credit(document)
    for claim, f in zip(claims, found):  # "Mrs. Clinton asked." lends its speaker to the quotation and says nothing itself
        if claim.is_claim and (claim.cue_force in ("say", "ask", "report") and not _says_more(claim) or f.bare):
            _attribute(claim, narration(document, claim.text), document, wire)
        elif claim.nonclaim_reason == "fragment" and claim.cue and not _says_more(claim):
            for name in (*_SPEAKER_FIELDS, "quote_type", "hedges"):
                setattr(claim, name, "")
    claims = join_quotations(claims, carried, document, settings)
    if each is not None:
        for claim in claims:
            each(claim)
    return claims


def _one_quotation(first: Claim, second: Claim, document: Document) -> bool:
    """``second`` goes on with the direct quotation of ``first``'s speaker: both quoted claims
    of one named source in one paragraph, nothing between them but spaces or the rest of ``first``'s
    sentence (its attribution: "“A,” she said. “B.”")."""
    if not (first.is_claim and second.is_claim and first.quote_type == second.quote_type == "direct"
            and first.speaker and first.source_kind != "outlet"
            and (first.speaker, first.speaker_id) == (second.speaker, second.speaker_id)):
        return False
    gap = document.text[first.cend:second.cstart]
    if first.cend > second.cstart or "\n" in gap:
        return False
    if not gap.strip():
        return True
    rest = first.sentence[first.cend - first.cstart:] if first.sentence.startswith(first.text) else ""
    return bool(rest.strip()) and gap.strip() == rest.strip() and not _opens_quote(rest) and len(rest) <= 120


def join_quotations(claims: list[Claim], carried: list[bool], document: Document,
                    settings: ExtractSettings) -> list[Claim]:
    """The sentences of one direct quotation become one claim ("“A,” she said. “B. C.”" is one
    statement of hers, as a reader and PolNeAR count it), up to ``settings.max_quote_chars``.
    ``carried[i]``: claim i has no cue of its own (it goes on with the quotation around it);
    claims that each name their own cue ("“A,” she said. “B,” she added.") stay apart."""
    out: list[Claim] = []
    own: list[bool] = []
    for claim, lent in zip(claims, carried):
        last = out[-1] if out else None
        if last is not None and not (own[-1] and not lent) and claim.cend - last.cstart <= settings.max_quote_chars \
                and _one_quotation(last, claim, document):
            out[-1] = _joined(last, claim, document, settings)
            own[-1] = own[-1] or not lent
            continue
        out.append(claim)
        own.append(not lent)
    return out


def _joined(first: Claim, second: Claim, document: Document, settings: ExtractSettings) -> Claim:
    hedges = list(dict.fromkeys(h for h in (first.hedges + "; " + second.hedges).split("; ") if h))
    sentence = first.sentence if second.sentence == first.sentence else f"{first.sentence} {second.sentence}"
    joined = replace(first, end=second.end, cend=second.cend, text=document.text[first.cstart:second.cend],
                     sentence=sentence, hedges="; ".join(hedges))
    if second.cue and not first.cue:
        joined.cue, joined.cue_force = second.cue, second.cue_force
    _set_time(joined, document, settings)
    return joined


@dataclass
class _Found:
    """A claim as first read: ``inside`` a quotation opened earlier in its paragraph, its
    attribution ``carried`` from the quotation before it, ``bare``: an attribution with nothing said."""

    claim: Claim
    inside: bool
    carried: bool
    bare: bool


def _document_claims(document: Document, parsed, settings: ExtractSettings, cue_model=None) -> Iterator[_Found]:
    memory = SpeakerMemory(doc_id=document.doc_id)
    wire, previous, paragraph, paragraph_start = wire_credit(document), None, -1, 0
    for n, segment in enumerate(iter_segments(document, parsed, settings.min_claim_words, cue_model), start=1):
        if segment.paragraph != paragraph:
            paragraph, paragraph_start = segment.paragraph, segment.sent_start
        inside = _opens_quote(document.text[paragraph_start:segment.sent_start])
        attribution = None
        if not segment.is_claim and segment.nonclaim_reason in _ATTRIBUTED_NONCLAIMS:
            headline = segment.nonclaim_reason == "headline"
            continues = not headline and _continues_quote(document, segment, previous, paragraph_start)
            attribution = attribute_span(segment.span, SpeakerMemory(doc_id=document.doc_id) if headline else memory,
                                         document, continues, cue_model)
            if not headline:
                previous = attribution  # "“Why me?” Smith said. “He has to ...”"
        elif segment.nonclaim_reason == "fragment":
            found = attribute_span(segment.span, memory, document, cue_model=cue_model)  # "Roe continued, “Yes."
            if found.cue:
                previous = attribution = found  # "“Denver,” he answered."; a bare tail is cleared later
        elif segment.is_claim and segment.region == "comment":
            attribution = _comment_attribution(document, segment)
        elif segment.is_claim and segment.headline:
            attribution = headline_attribution(document, segment, cue_model)
        elif segment.is_claim:
            continues = _continues_quote(document, segment, previous, paragraph_start)
            attribution = attribute_span(segment.span, memory, document, continues, cue_model)
            if inside and attribution.cue:
                attribution.quote_type = "direct"
            previous = attribution
        if attribution is not None and segment.is_claim:
            segment = _quote_only(document, segment, attribution, inside)
        claim = _claim(document, segment, n, attribution, wire)
        if segment.is_claim:
            _set_time(claim, document, settings)
        lent = attribution is not None and attribution.carried
        yield _Found(claim, inside, lent, bool(segment.is_claim and attribution is not None and attribution.cue
                                               and not lent and reports_nothing(segment.span)))


_NO_CONTENT = frozenset({"and", "but", "also", "then", "later", "again", "the", "a", "an", "his", "her", "their",
                         "its", "in", "on", "to", "with", "him", "them", "reporters", "following", "similar",
                         "brief", "short", "written", "said", "told", "wrote", "today", "yesterday"})


def _says_more(claim: Claim) -> bool:
    """The claim holds words besides its speaker, its cue and a bare "statement" ("“Denver,” he
    answered." does; "..., she said.", "The editorial board writes.", "McCain issued a statement
    on Monday." do not: what they report is in the sentences around them)."""
    words = re.findall(r"[^\W\d_]+", claim.text.lower())
    known = set(re.findall(r"[^\W\d_]+", f"{claim.speaker} {claim.speaker_name} {claim.speaker_role}".lower()))
    stem = claim.cue.split()[0][:3] if claim.cue else ""
    return any(w not in known and not (stem and w.startswith(stem)) and w not in _NO_CONTENT
               and w not in lexicon.NOMINAL_CUES and w not in lexicon.WEEKDAYS for w in words)


def _set_time(claim: Claim, document: Document, settings: ExtractSettings) -> None:
    scope = resolve(claim.text, document.published)
    if scope.text == "publication date" and not settings.default_scope:
        return
    claim.time_start, claim.time_end, claim.time_text = scope.start, scope.end, scope.text


def check_document(document: Document) -> None:
    """Raise InputError when the document's offset map does not match its cleaned text."""
    if len(document.offsets) != len(document.text):
        raise InputError(f"{document.path}: offsets ({len(document.offsets)}) do not match the cleaned "
                         f"text ({len(document.text)} chars); rebuild the Document with claims.ingest")


def extract_claims(documents: list[Document], nlp, settings: ExtractSettings | None = None,
                   show_progress_bar: bool = False, spans: dict | None = None) -> pd.DataFrame:
    """One row per segment (``records.Claim`` columns), parsing each document once with ``nlp.pipe``.

    Runs in this process and raises on the first failing document; :mod:`claims.execute` runs
    the same work over partitions (in parallel, one problem row per failing document).
    Pass a dict as ``spans`` to receive each claim's parsed spaCy span keyed by its text, so
    later stages (the relation detectors) reuse this parse instead of parsing again.
    """
    settings = settings or ExtractSettings()
    for document in documents:
        check_document(document)
    texts = (parse_text(d.text) for d in documents)
    parsed = parse_chunked(nlp, texts, settings.chunk_chars, settings.batch_size)
    if show_progress_bar:
        from tqdm.auto import tqdm

        parsed = tqdm(parsed, total=len(documents), desc="extract")
    claims: list[Claim] = []
    for document, doc in zip(documents, parsed):
        found = claims_of(document, doc, nlp, settings)
        if spans is not None:
            _keep_spans(found, doc, spans)
        claims.extend(found)
    return to_frame(claims, Claim)


def claims_of(document: Document, doc, nlp, settings: ExtractSettings | None = None,
              each: Callable[[Claim], None] | None = None) -> list[Claim]:
    """The claims of one parsed document (``nlp``'s cue model consulted), led by its title when
    cleaning dropped the title from the text (the title is parsed here); ``each`` is called with
    every claim as it is found, in the order returned."""
    settings = settings or ExtractSettings()
    cue_model = getattr(nlp, "cue_model", None)
    raw, title = missing_title(document), None
    if raw is not None:
        title = title_claim(document, nlp(document.raw[raw[0]:raw[1]])[:], raw, settings, cue_model)
        if title is not None and each is not None:
            each(title)
    found = document_claims(document, doc, settings, cue_model, each)
    if title is not None:
        found.insert(0, title)
    return found


_CUTS = (re.compile(r"\n\s*\n\s*"), re.compile(r"\n\s*"),
         re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+"), re.compile(r"\s+"))


def chunk_bounds(text: str, max_chars: int) -> list[tuple[int, int]]:
    """``[start, end)`` pieces that tile ``text``, each at most ``max_chars`` long, cut after a
    paragraph break where one falls in the second half of the window, else after a line break,
    a sentence end or a space (a hard cut only for a run of ``max_chars`` without any)."""
    bounds, start = [], 0
    while len(text) - start > max_chars:
        low, high = start + max_chars // 2, start + max_chars
        cut = high
        for pattern in _CUTS:
            ends = [m.end() for m in pattern.finditer(text, low, high) if m.end() < high]
            if ends:
                cut = ends[-1]
                break
        bounds.append((start, cut))
        start = cut
    bounds.append((start, len(text)))
    return bounds


def span_docs(doc, bounds: Sequence[tuple[int, int]], window: int = 256) -> list:
    """``Span.as_doc()`` of each ``(start, end)`` character span of ``doc`` (None where none
    aligns); see :class:`SpanDocs`."""
    return SpanDocs(doc, window)(bounds)


class SpanDocs:
    """Copies spans of one parsed document out as ``Doc`` objects (``Span.as_doc()``), with
    what every copy needs read once per document, however many calls ask.

    spaCy's ``as_doc`` lists the entities of the whole parent document (and, unless given them,
    reads all its arrays), so copying out every claim of a document costs the square of
    its length. A document is cut at
    sentence starts into windows first, and each span is copied out of the window that holds it
    (the same tokens, tags, parse and entities). Windows of ``w`` tokens cost ``n^2 / w`` to cut
    and ``n * w`` to copy from, least at ``w`` about ``5 * sqrt(n)``: at least ``window`` tokens
    (30% less than whole-document copies on news articles of a few hundred tokens), about 2,200
    in a 1 MB article.
    """

    def __init__(self, doc, window: int = 256):
        self.doc, self.window = doc, window
        self._whole: _SpanCopier | None = None
        self._windows: dict[int, _SpanCopier] = {}
        self._starts: list[int] = []

    def __call__(self, bounds: Sequence[tuple[int, int]]) -> list:
        doc = self.doc
        spans = [doc.char_span(a, b, alignment_mode="expand") for a, b in bounds]
        if self._whole is None:
            self._whole = _SpanCopier(doc, doc._get_array_attrs())
            window = max(self.window, int(5 * math.sqrt(len(doc))))
            if len(doc) > 2 * window:
                self._starts = [0]
                for sent in doc.sents:
                    if sent.start - self._starts[-1] >= window:
                        self._starts.append(sent.start)
        whole, starts = self._whole, self._starts
        if not starts:
            return [whole.copy(span.start, span.end) if span is not None else None for span in spans]
        ends = starts[1:] + [len(doc)]
        out = []
        for span in spans:
            if span is None:
                out.append(None)
                continue
            w = bisect.bisect_right(starts, span.start) - 1
            if span.end > ends[w]:
                out.append(whole.copy(span.start, span.end))
                continue
            if w not in self._windows:
                self._windows[w] = _SpanCopier(whole.copy(starts[w], ends[w]), whole.head)
            out.append(self._windows[w].copy(span.start - starts[w], span.end - starts[w]))
        return out


class _SpanCopier:
    """``doc[start:end].as_doc(array_head=head)`` for many spans of one document, reading its
    arrays, words and entity bounds once. spaCy's own reads the whole document's arrays and
    lists all its entities on every call (then edits the slice it takes, so each slice here is
    a copy) and averages token vectors into the copy's vector; here the copy derives its vector
    from the tensor slice when asked. A document with word vectors or user hooks is copied by
    spaCy itself."""

    def __init__(self, doc, head: list[int]):
        from spacy.attrs import ENT_IOB, ORTH, SPACY

        self.doc, self.head = doc, head
        self.rows = doc.to_array(head)
        self.plain = not (doc.user_hooks or doc.user_span_hooks or doc.user_token_hooks or doc.cats
                          or doc.vocab.vectors.size) and SPACY in head
        if self.plain:
            strings = doc.vocab.strings
            self.words = [strings[orth] for orth in doc.to_array([ORTH]).tolist()]
            self.spaces = self.rows[:, head.index(SPACY)].astype(bool).tolist()
            self.ents = [(ent.start, ent.end) for ent in doc.ents]
            self.ent_starts = [a for a, _ in self.ents]
            self.iob = head.index(ENT_IOB) if ENT_IOB in head else -1

    def copy(self, start: int, end: int):
        span = self.doc[start:end]
        if not self.plain:
            return span.as_doc(array_head=self.head, array=_SliceCopies(self.rows))
        from spacy.tokens import Doc

        doc = Doc(self.doc.vocab, words=self.words[start:end], spaces=self.spaces[start:end])
        array = self.rows[start:end].copy()
        span._fix_dep_copy(self.head, array)
        if len(array) and self.iob >= 0 and array[0][self.iob] == 1:
            array[0][self.iob] = 3
        doc.from_array(self.head, array)
        inside = set()
        for i in range(bisect.bisect_left(self.ent_starts, start), len(self.ents)):
            if self.ents[i][1] > end:
                break
            inside.add(self.ents[i])
        found = doc.ents
        if found:
            if (found[0].start + start, found[0].end + start) not in inside:
                doc.set_ents([], missing=[found[0]], default="unmodified")
            if (found[-1].start + start, found[-1].end + start) not in inside:
                doc.set_ents([], missing=[found[-1]], default="unmodified")
        doc.noun_chunks_iterator = self.doc.noun_chunks_iterator
        doc.tensor = self.doc.tensor[start:end]
        return doc


class _SliceCopies:
    """A document's token array for ``Span.as_doc(array=...)``, which edits the slice it takes."""

    def __init__(self, array):
        self.array = array

    def __getitem__(self, rows):
        return self.array[rows].copy()


def parse_chunked(nlp, texts: Iterable[str], max_chars: int = 10_000, batch_size: int = 16,
                  n_process: int = 1) -> Iterator:
    """One spaCy ``Doc`` per text, in order, with the text's exact characters and offsets.

    A text longer than ``max_chars`` is parsed as paragraph-aligned chunks (:func:`chunk_bounds`)
    joined back with ``Doc.from_docs``, so no document hits spaCy's length limit (E088) and
    parse time and memory grow linearly with the document instead of with its square.
    """
    from spacy.tokens import Doc

    def pieces():
        for text in texts:
            bounds = chunk_bounds(text, max_chars)
            for a, b in bounds:
                yield text[a:b], len(bounds)

    group: list = []
    for doc, n_chunks in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size, n_process=n_process):
        group.append(doc)
        if len(group) == n_chunks:
            yield group[0] if n_chunks == 1 else Doc.from_docs(group, ensure_whitespace=False)
            group = []



def _keep_spans(claims: list[Claim], doc, spans: dict) -> None:
    for claim in claims:
        own = claim.is_claim and claim.cend > claim.cstart
        span = doc.char_span(claim.cstart, claim.cend, alignment_mode="expand") if own else None
        if span is not None:
            spans.setdefault(claim.text.strip(), span)
