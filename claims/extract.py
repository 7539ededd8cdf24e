"""The extract stage: documents -> one row per claim segment with attribution and time scope.

Each document is parsed once (``nlp.pipe``, batched); segments, attributions and time scopes
are read from that parse. Non-claims (captions, headlines, questions, boilerplate) are kept
with ``is_claim=False`` and a ``nonclaim_reason`` so users can filter rather than lose them.
"""
from __future__ import annotations

import contextlib
import re
from typing import Iterable, Iterator

import pandas as pd

from . import lexicon
from .attribute import Attribution, SpeakerMemory, attribute_span, outlet_name, slug
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


def _opens_quote(text: str) -> bool:
    opens = sum(text.count(q) for q in "\u201c\u201e\u00ab")
    closes = sum(text.count(q) for q in "\u201d\u00bb")
    return opens > closes or text.count('"') % 2 == 1


def _continues_quote(document: Document, segment: Segment, previous: Attribution | None,
                     paragraph_start: int) -> bool:
    """True when the segment is inside or resumes the previous speaker's direct quote."""
    if previous is None or previous.quote_type != "direct":
        return False
    before = document.text[paragraph_start:segment.sent_start]
    starts_quoted = document.text[segment.start:segment.start + 1] in "\u201c\"\u201e\u00ab"
    return _opens_quote(before) or starts_quoted


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
        a = attribution
        claim.speaker, claim.speaker_id, claim.speaker_role = a.speaker, a.speaker_id, a.speaker_role
        claim.cue, claim.cue_force, claim.quote_type = a.cue, a.cue_force, a.quote_type
        claim.chain, claim.via_outlet = _chain(a, document, wire), a.via_outlet or outlet_name(document)
        claim.source_kind, claim.side, claim.hedges = a.source_kind, a.side, "; ".join(a.hedges)
    return claim


_SPEAKER_FIELDS = ("speaker", "speaker_id", "speaker_role", "cue", "cue_force", "chain", "via_outlet",
                   "source_kind", "side")


def resolve_forward_quotes(claims: list[Claim], inside: list[bool]) -> list[Claim]:
    """A quote opened in an uncued sentence belongs to the speaker named where it closes
    ("“A. B,” it added."): copy that attribution back. ``inside[i]``: claim i starts inside
    a quote opened earlier in its paragraph."""
    for i in range(len(claims) - 2, -1, -1):
        claim, following = claims[i], claims[i + 1]
        if not (claim.is_claim and following.is_claim and claim.quote_type == "narration"):
            continue
        opens = claim.text.lstrip()[:1] in "\u201c\"\u201e\u00ab" or _opens_quote(claim.text)
        if (opens or inside[i]) and inside[i + 1] and following.quote_type == "direct":
            for name in _SPEAKER_FIELDS:
                setattr(claim, name, getattr(following, name))
            claim.quote_type = "direct"
    return claims


def document_claims(document: Document, parsed, settings: ExtractSettings) -> list[Claim]:
    """The claims of one parsed document, in order."""
    pairs = list(_document_claims(document, parsed, settings))
    return resolve_forward_quotes([c for c, _ in pairs], [i for _, i in pairs])


def _document_claims(document: Document, parsed, settings: ExtractSettings) -> Iterator[tuple[Claim, bool]]:
    memory = SpeakerMemory(doc_id=document.doc_id)
    wire, previous, paragraph, paragraph_start = wire_credit(document), None, -1, 0
    for n, segment in enumerate(iter_segments(document, parsed, settings.min_claim_words), start=1):
        if segment.paragraph != paragraph:
            paragraph, paragraph_start = segment.paragraph, segment.sent_start
        inside = _opens_quote(document.text[paragraph_start:segment.sent_start])
        attribution = None
        if segment.is_claim and segment.region == "comment":
            attribution = _comment_attribution(document, segment)
        elif segment.is_claim:
            continues = _continues_quote(document, segment, previous, paragraph_start)
            attribution = attribute_span(segment.span, memory, document, continues)
            if inside and attribution.cue:
                attribution.quote_type = "direct"
            previous = attribution
        claim = _claim(document, segment, n, attribution, wire)
        if segment.is_claim:
            _set_time(claim, document, settings)
        yield claim, inside


def _set_time(claim: Claim, document: Document, settings: ExtractSettings) -> None:
    scope = resolve(claim.text, document.published)
    if scope.text == "publication date" and not settings.default_scope:
        return
    claim.time_start, claim.time_end, claim.time_text = scope.start, scope.end, scope.text


def _check(document: Document) -> None:
    if len(document.offsets) != len(document.text):
        raise InputError(f"{document.path}: offsets ({len(document.offsets)}) do not match the cleaned "
                         f"text ({len(document.text)} chars); rebuild the Document with claims.ingest")


def extract_claims(documents: list[Document], nlp, settings: ExtractSettings | None = None,
                   show_progress_bar: bool = False, spans: dict | None = None) -> pd.DataFrame:
    """One row per segment (``records.Claim`` columns), parsing each document once with ``nlp.pipe``.

    Pass a dict as ``spans`` to receive each claim's parsed spaCy span keyed by its text, so
    later stages (the relation detectors) reuse this parse instead of parsing again.
    """
    settings = settings or ExtractSettings()
    for document in documents:
        _check(document)
    texts = (parse_text(d.text) for d in documents)
    n_process = settings.n_process if len(documents) >= settings.parallel_min_docs else 1
    parsed = parse_chunked(nlp, texts, settings.chunk_chars, settings.batch_size, n_process)
    if show_progress_bar:
        from tqdm.auto import tqdm

        parsed = tqdm(parsed, total=len(documents), desc="extract")
    claims: list[Claim] = []
    with _one_blas_thread_per_process(n_process):
        for document, doc in zip(documents, parsed):
            found = document_claims(document, doc, settings)
            if spans is not None:
                _keep_spans(found, doc, spans)
            claims.extend(found)
    return to_frame(claims, Claim)


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


def _one_blas_thread_per_process(n_process: int):
    """Parser processes forked inside this context use one BLAS thread each (no oversubscription)."""
    if n_process == 1:
        return contextlib.nullcontext()
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def _keep_spans(claims: list[Claim], doc, spans: dict) -> None:
    for claim in claims:
        span = doc.char_span(claim.cstart, claim.cend, alignment_mode="expand") if claim.is_claim else None
        if span is not None:
            spans.setdefault(claim.text.strip(), span)
