"""Sentences -> claim segments, with non-claims (captions, questions, headlines) kept and marked.

The document is parsed once; :func:`parse_text` gives spaCy a same-length copy of the cleaned
text with leftover single line breaks turned into spaces, so character offsets stay valid and
PDF lines do not end sentences. A sentence carrying two attributed propositions ("X said A,
while Y said B") becomes two segments.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from . import lexicon
from .attribute import coordinated_cue, participle_cue, title_case
from .records import Document

NONCLAIM_REGIONS = frozenset({"headline", "caption", "byline", "dateline", "boilerplate"})
_PARAGRAPH = re.compile(r"\n[\s]*")
_TERMINAL = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s*$")
_CAPTION_CREDIT = re.compile(lexicon.CAPTION_CREDIT)


@dataclass
class Segment:
    """A span of one sentence: ``start``/``end`` and ``sent_start``/``sent_end`` index the
    cleaned text; ``span`` holds the parsed tokens (``None`` never happens for parsed text)."""

    start: int
    end: int
    sent_start: int
    sent_end: int
    span: Span
    paragraph: int
    is_claim: bool = True
    nonclaim_reason: str = ""
    region: str | None = None
    headline: bool = False


_LETTER_APOSTROPHE = re.compile(r"(?<=\w)\u2019(?=\w)")


@Language.component("claims_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break :func:`parse_text` kept, and at an opening quote
    after a full stop that starts a capitalised word (". “Sons of Trump” is ..."), before the
    parser runs, so that no dependency crosses a heading or paragraph break or runs from one
    sentence into a quotation that opens the next."""
    for token in doc[1:]:
        before = doc[token.i - 1]
        if not token.is_space and ("\n" in before.whitespace_ or before.is_space and "\n" in before.text):
            token.is_sent_start = True
        elif before.text in (".", "!", "?") and before.whitespace_ and _opening_quote(token) \
                and token.i + 1 < len(doc) and doc[token.i + 1].text[:1].isupper():
            token.is_sent_start = True
        elif _runs_on(before) or before.text == ":" and _label(doc, before.i):
            token.is_sent_start = False
    return doc


def _runs_on(token: Token) -> bool:
    """No sentence ends on this token within a line: a word, a number or a comma ("Argentine
    President Takes On Godson But Not To Keep Werewolf At Bay" is one headline, not two)."""
    return token.text == "," or token.text[-1:].isalnum()


def _label(doc: Doc, colon: int, most: int = 4) -> bool:
    """The colon ends a short label that opens its line ("Video: Marine survives ...", "Sanders:
    ..."): what follows goes with it."""
    words = 0
    for token in reversed(doc[:colon]):
        if _is_break(token):
            break
        if token.is_sent_start and token.i and not _is_break(doc[token.i - 1]):
            return False
        words += not token.is_punct
        if words > most:
            return False
    return words > 0


def parse_text(text: str) -> str:
    """Same-length copy of ``text`` for the parser: NBSPs and line-wrap breaks become spaces,
    a typographic apostrophe inside a word becomes ASCII ("O’Neill" tokenizes as one name).

    A line break is kept (it ends a sentence) after terminal punctuation, around blank lines,
    and after a line much shorter than the document's typical line (a heading before text).
    """
    text = _LETTER_APOSTROPHE.sub("'", text.replace("\u00a0", " "))
    lines = text.split("\n")
    lengths = sorted(len(line) for line in lines if line.strip())
    typical = lengths[len(lengths) // 2] if lengths else 0
    out = []
    for line, following in zip(lines, lines[1:]):
        out.append(line)
        out.append("\n" if _keeps_break(line, following, typical) else " ")
    out.append(lines[-1])
    return "".join(out)


def _keeps_break(line: str, following: str, typical: int) -> bool:
    stripped = line.strip()
    if not stripped or not following.strip():
        return True
    if _TERMINAL.search(stripped) or stripped.endswith(":"):
        return True
    return len(stripped) < 0.5 * typical and following.lstrip()[:1].isupper()


def _is_break(token: Token) -> bool:
    return "\n" in token.text_with_ws


def sentences(doc: Doc) -> Iterator[Span]:
    """spaCy's sentences, rejoined after title abbreviations, cut at kept line breaks."""
    for start, end in _joined_sentences(doc):
        for token in doc[start:end]:
            if _is_break(token) and token.i + 1 < end:
                yield from _trimmed(doc, start, token.i + 1)
                start = token.i + 1
        yield from _trimmed(doc, start, end)


def _joined_sentences(doc: Doc) -> Iterator[tuple[int, int]]:
    """Sentence bounds, rejoining splits after an abbreviation and lone closing punctuation."""
    bounds: list[list[int]] = []
    carry = None
    for sent in _closing_punct_moved_back(doc):
        punct_only = all(t.is_punct or t.is_space for t in sent)
        if punct_only and _opening_quote(sent[-1]):
            carry = sent.start if carry is None else carry
        elif bounds and carry is None and (_ends_in_abbreviation(doc, bounds[-1][1]) or punct_only):
            bounds[-1][1] = sent.end
        else:
            bounds.append([sent.start if carry is None else carry, sent.end])
            carry = None
    if carry is not None:
        bounds.append([carry, len(doc)])
    return ((a, b) for a, b in bounds)


def _closing_punct_moved_back(doc: Doc) -> list[Span]:
    """spaCy's sentences, with a closing quote or bracket that opens one moved to the one before,
    and an opening quote that ends one ("... did not. ''My advice ...") moved to the one after."""
    spans = [[sent.start, sent.end] for sent in doc.sents]
    for before, after in zip(spans, spans[1:]):
        while after[0] < after[1] - 1 and _closing_mark(doc[after[0]]):
            after[0] += 1
            before[1] = after[0]
        while before[1] - 1 > before[0] and _opening_quote(doc[before[1] - 1]) and not doc[before[1] - 1].whitespace_:
            before[1] -= 1
            after[0] = before[1]
    return [doc[a:b] for a, b in spans if b > a]


def _closing_mark(token: Token) -> bool:
    return (token.is_quote or token.text in ")]") and not _opening_quote(token)


def _opening_quote(token: Token) -> bool:
    """A curly opening quote, or a straight one (also '' and ``) that follows a space (a closing
    one hugs a word)."""
    if token.text in ("\u201c", "\u201e", "\u00ab", "``"):
        return True
    if token.text not in ('"', "''"):
        return False
    before = token.doc[token.i - 1] if token.i > 0 else None
    return before is None or before.is_space or bool(before.whitespace_)


def _ends_in_abbreviation(doc: Doc, end: int) -> bool:
    last = doc[end - 1]
    if _is_break(last):
        return False
    word = last.text[:-1] if last.text.endswith(".") and len(last.text) > 1 else ""
    if last.text == "." and end >= 2 and not doc[end - 2].whitespace_:
        word = doc[end - 2].text
    return word.lower() in lexicon.ABBREVIATIONS


def _trimmed(doc: Doc, start: int, end: int) -> Iterator[Span]:
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    if end > start:
        yield doc[start:end]


def _has_subject(token: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)


_NO_SPLIT_MARKS = frozenset({"than", "if", "unless", "whether", "because", "so", "as", "that", "since", "once"})


def _splits_here(token: Token) -> bool:
    """A coordinated clause, or an adverbial one ("while ...", "after ..."), not "than"/"if"/"because"."""
    if token.dep_ == "conj":
        return True
    marks = [c.lower_ for c in token.children if c.dep_ == "mark"]
    return token.dep_ == "advcl" and not (marks and marks[0] in _NO_SPLIT_MARKS)


def _own_subject(token: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in lexicon.RELATIVE_PRONOUNS
               for c in token.children)


def _attributes(token: Token, sent: Span, cue_model=None) -> bool:
    """The verb reports or holds a view: a reporting or stance verb, or one the cue model accepts."""
    lemma = token.lemma_.lower()
    if lemma in lexicon.REPORTING_VERBS or lemma in lexicon.STANCE_VERBS:
        return True
    if cue_model is None:
        return False
    from .cuemodel import candidate_subject

    subject = candidate_subject(token)
    return subject is not None and cue_model.accepts(token, cue_model.probability(token, subject, sent))


def _in_content(token: Token) -> bool:
    """A coordinated clause inside what a reporting verb reports ("X said that A wants B and C
    plans D"): it belongs to X's claim, not to a source of its own."""
    if token.dep_ != "conj":
        return False
    for t in [token, *token.ancestors]:
        if t.dep_ in ("ccomp", "xcomp", "parataxis") and t.head.lemma_.lower() in lexicon.REPORTING_VERBS:
            return True
    return False


def split_points(sent: Span, cue_model=None) -> list[int]:
    """Token indices where another attributed proposition starts or ends ("..., while Y said B",
    "After X asked ..., Y replied ..."): cut only where both sides have their own source."""
    points = []
    doc = sent.doc
    for token in sent:
        second = _second_statement(token) or _juxtaposed(token)
        if not second and (not (_splits_here(token) and _own_subject(token) and token.head.i != token.i)
                               or _in_content(token)):
            continue
        other = token.head
        if not ((second or _attributes(token, sent, cue_model))
                and (_attributes(other, sent, cue_model) or _governing_cue(other) is not None)):
            continue
        left = min(t.i for t in token.subtree)
        right = max(t.i for t in token.subtree) + 1
        while left < token.i and (doc[left].is_punct or doc[left].dep_ in ("cc", "mark")):
            left += 1
        if sum(1 for t in doc[sent.start:left] if t.is_alpha) >= 3:
            cut = left
        elif other.i >= right and sum(1 for t in doc[right:sent.end] if t.is_alpha) >= 3:
            cut = right
            while cut < other.i and (doc[cut].is_punct or doc[cut].dep_ == "cc"):
                cut += 1
        else:
            continue
        if not _in_quote(sent, cut):
            points.append(cut)
    return sorted(set(points))


def _second_statement(token: Token) -> bool:
    """A reporting participle with a content of its own ("X said A, adding that B", "X defended
    A, citing B") or a second reporting verb of the same subject ("X called A lawful and said
    B"): the subject's second statement, with its own cue."""
    if not (participle_cue(token) or coordinated_cue(token)) or not _has_subject(token.head):
        return False
    return not any(t.dep_ in ("ccomp", "xcomp", "parataxis") and t.head.lemma_.lower() in lexicon.REPORTING_VERBS
                   for t in [token.head, *token.head.ancestors])  # inside what another verb reports


def _juxtaposed(token: Token) -> bool:
    """A statement the parser hung on the next one across a semicolon ("Six in 10 said A; 46
    percent said B" parsed as "[Six in 10 said A] ... said B"): two sources side by side."""
    head = token.head
    if token.dep_ != "ccomp" or token.i > head.i or not _own_subject(token) or not _own_subject(head) \
            or token.lemma_.lower() not in lexicon.REPORTING_VERBS or head.lemma_.lower() not in lexicon.REPORTING_VERBS:
        return False
    end = max(t.i for t in token.subtree)
    return any(t.text == ";" for t in token.doc[end + 1:head.i])


def _in_quote(sent: Span, i: int) -> bool:
    before = sent.text[:sent.doc[i].idx - sent.start_char]
    return before.count("\u201c") > before.count("\u201d") or before.count('"') % 2 == 1


def _governing_cue(token: Token) -> Token | None:
    """The nearest reporting verb with a subject at or above ``token``."""
    for t in [token, *token.ancestors]:
        if t.lemma_.lower() in lexicon.REPORTING_VERBS and _has_subject(t):
            return t
    return None


def propositions(sent: Span, cue_model=None) -> list[Span]:
    """The sentence cut into one span per attributed proposition (usually just one)."""
    doc, bounds = sent.doc, [sent.start, *split_points(sent, cue_model), sent.end]
    spans = []
    for a, b in zip(bounds, bounds[1:]):
        while b > a + 1 and (doc[b - 1].is_punct and doc[b - 1].text in ",;:" or doc[b - 1].dep_ in ("cc", "mark")):
            b -= 1
        spans.append(doc[a:b])
    return spans


def nonclaim_reason(span: Span, document: Document, min_words: int, first_paragraph: bool) -> str:
    """Why a segment is not a claim ("" when it is one)."""
    region = document.region_at(span.start_char)
    if region in NONCLAIM_REGIONS:
        return region
    text = span.text.strip()
    if _CAPTION_CREDIT.search(text):
        return "caption"
    if text.rstrip("\"'\u201d\u2019 ").endswith("?"):
        return "question"
    if first_paragraph and not _TERMINAL.search(text) and len(span) <= 25 and region != "comment":
        return "headline"
    if sum(1 for t in span if t.is_alpha) < min_words:
        return "fragment"
    if not any(t.pos_ in ("VERB", "AUX") for t in span) and not (title_case(span) and _TERMINAL.search(text)):
        return "fragment"  # a title-case sentence hides its verbs from the tagger ("Star Sent Trump A Message.")
    return ""


def after_dateline(span: Span, document: Document) -> Span:
    """``span`` without a dateline it opens with ("WASHINGTON (AP) — The senate voted ..."): the
    lead sentence is a claim, the place and agency in front of it are not."""
    end = next((r.end for r in document.regions if r.label == "dateline" and r.start <= span.start_char < r.end + 3), None)
    if end is None:
        return span
    rest = [t for t in span if t.idx >= end and not (t.is_punct and t.text in "-\u2013\u2014")]
    return span.doc[rest[0].i:span.end] if rest else span


HEADLINE_MIN_WORDS = 3


def headline_reason(span: Span, single_line: bool, min_words: int) -> tuple[str, bool]:
    """(nonclaim reason, is headline) for a segment :func:`nonclaim_reason` called a headline.

    A headline asserts something in the outlet's own voice, usually without a verb ("Three
    dead in flood"), so it is a claim once it has a few words; shorter ones stay non-claims.
    A one-line document is content, not a headline, and is judged like any sentence except
    that it need not have a verb.
    """
    if span.text.rstrip("\"'\u201d\u2019 ").endswith("?"):
        return "question", False
    words = sum(1 for t in span if t.is_alpha)
    if words < HEADLINE_MIN_WORDS:
        return ("fragment" if single_line else "headline"), False
    if single_line and words < min_words and not any(t.pos_ in ("VERB", "AUX") for t in span):
        return "fragment", False
    return "", not single_line


def iter_segments(document: Document, doc: Doc, min_words: int = 4, cue_model=None) -> Iterator[Segment]:
    """Yield the document's segments in order, non-claims included and marked; headlines are
    claims with ``headline=True``."""
    text = doc.text  # spaCy joins every token on each read
    breaks = [m.end() for m in _PARAGRAPH.finditer(text)]
    single_line = "\n" not in text.strip()
    paragraph = 0
    for sent in sentences(doc):
        while paragraph < len(breaks) and breaks[paragraph] <= sent.start_char:
            paragraph += 1
        first = paragraph == 0 and sent.start_char < (breaks[0] if breaks else len(text))
        for part in propositions(sent, cue_model):
            part = after_dateline(part, document)
            reason = nonclaim_reason(part, document, min_words, first and len(breaks) > 0)
            headline = False
            if reason == "headline" or single_line and reason == "fragment":
                reason, headline = headline_reason(part, single_line, min_words)
            yield Segment(
                start=part.start_char, end=part.end_char, sent_start=sent.start_char,
                sent_end=sent.end_char, span=part, paragraph=paragraph, is_claim=not reason,
                nonclaim_reason=reason, region=document.region_at(part.start_char), headline=headline,
            )
