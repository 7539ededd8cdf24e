"""Who said it, to whom, how surely: attribution of claim segments from the dependency parse.

Textacy-style: :func:`find_cue` and :func:`extract_attributions` read a parsed segment and
yield small :class:`Attribution` records. A :class:`SpeakerMemory` (one per document, passed
explicitly) carries speakers across sentences so that "He also told ...", "it added", "the
source" and quote continuations resolve to the earlier speaker.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Iterable, Iterator

from spacy.tokens import Span, Token
from unidecode import unidecode

from . import lexicon
from .records import Document

_SUBJECTS = ("nsubj", "nsubjpass")
_CONTENT_DEPS = ("ccomp", "xcomp", "parataxis")
_OBJECT_CUES = frozenset({"report", "confirm", "deny", "reject", "dismiss", "dispute", "announce",
                          "reveal", "show", "acknowledge", "predict", "describe", "allege",
                          "hail", "praise", "condemn", "welcome", "blame", "admit", "indicate"})
_XCOMP_CUES = frozenset({"vow", "pledge", "promise", "threaten", "claim", "deny", "warn",
                         "urge", "admit", "report", "appear", "seem"})
_EVIDENCE_CUES = frozenset({"show", "indicate", "suggest", "demonstrate", "testify", "reveal"})
_EVIDENCE_WORDS = frozenset({"video", "videos", "image", "images", "picture", "pictures", "photo",
                             "photos", "footage", "recording", "recordings", "report", "reports",
                             "data", "figures", "documents", "records", "study", "survey", "poll",
                             "tests", "results", "statement", "statements"})
_OPEN_QUOTES = "\u201c\u201e\u00ab"
_CLOSE_QUOTES = "\u201d\u00bb"
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her"})
_HEDGE_RE = re.compile(r"\b(" + "|".join(re.escape(h) for h in lexicon.HEDGES) + r")\b", re.I)


@dataclass
class Attribution:
    """The attribution of one segment; ``relays`` run from the speaker outward (no outlet)."""

    speaker: str = ""
    speaker_id: str = ""
    speaker_role: str = ""
    cue: str = ""
    cue_force: str = ""
    relays: list[str] = field(default_factory=list)
    via_outlet: str = ""
    quote_type: str = "narration"
    source_kind: str = "outlet"
    side: str = ""
    hedges: list[str] = field(default_factory=list)


@dataclass
class SpeakerMemory:
    """Speakers seen so far in one document, most recent last, for carry-over."""

    doc_id: str
    speakers: list[Attribution] = field(default_factory=list)
    used_ids: dict[str, str] = field(default_factory=dict)

    def remember(self, attribution: Attribution) -> None:
        if attribution.speaker and attribution.quote_type != "narration":
            self.speakers.append(attribution)

    def last(self, kinds: Iterable[str] | None = None, exclude: Iterable[str] = ()) -> Attribution | None:
        """The most recent speaker, optionally of one of ``kinds`` or none of ``exclude``."""
        exclude = set(exclude)
        for previous in reversed(self.speakers):
            if (kinds is None or previous.source_kind in kinds) and previous.source_kind not in exclude:
                return previous
        return None

    def matching(self, head: str) -> Attribution | None:
        """The most recent speaker whose name contains the word ``head`` ("the Agency")."""
        head = head.lower()
        for previous in reversed(self.speakers):
            if head in _words(previous.speaker):
                return previous
        return None


def slug(text: str) -> str:
    """Lower-case ASCII slug: "The National Weather Service" -> "national-weather-service"."""
    words = re.findall(r"[a-z0-9]+", unidecode(str(text)).lower())
    while words and words[0] in ("the",):
        words = words[1:]
    return "-".join(words)


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'-]+", text.lower())


# --- the cue ------------------------------------------------------------------------------

def _is_cue(token: Token, span: Span | None = None) -> bool:
    lemma = token.lemma_.lower()
    if lemma not in lexicon.REPORTING_VERBS or token.pos_ not in ("VERB", "AUX"):
        return False
    if subject_of(token) is None:
        return False
    if lemma in _EVIDENCE_CUES and not _evidence_subject(subject_of(token)):
        return False
    deps = {c.dep_ for c in token.children}
    if deps & {"ccomp", "parataxis"} or (token.dep_ in ("parataxis", "ccomp") and lemma != "show"):
        return True
    if lexicon.REPORTING_VERBS[lemma] == "say" and _has_quote(span if span is not None else token.sent):
        return True
    if "xcomp" in deps and lemma in _XCOMP_CUES:
        return True
    return "dobj" in deps and lemma in _OBJECT_CUES


def _evidence_subject(subject: Token) -> bool:
    """Show/indicate/reveal attribute a claim only to evidence or to people, not to events."""
    lower = subject.lower_
    return (lower in _EVIDENCE_WORDS or lower in lexicon.ANONYMOUS_HEADS or subject.pos_ in ("PROPN", "PRON")
            or lower in lexicon.MEDIA_WORDS) and lower not in ("it", "this", "that")


def _has_quote(span: Span) -> bool:
    return any(q in span.text for q in _OPEN_QUOTES + _CLOSE_QUOTES + '"')


def inside_quotes(token: Token, span: Span) -> bool:
    """True when ``token`` lies inside quotation marks opened within ``span``."""
    before = span.text[:token.idx - span.start_char]
    opens = sum(before.count(q) for q in _OPEN_QUOTES)
    closes = sum(before.count(q) for q in _CLOSE_QUOTES)
    return opens > closes or before.count('"') % 2 == 1


def _embedded(token: Token, span: Span) -> bool:
    """True when ``token`` sits in a relative or adjectival clause (not the segment's cue)."""
    for ancestor in [token, *token.ancestors]:
        if ancestor.i < span.start or ancestor.i >= span.end:
            return False
        if ancestor.dep_ in ("relcl", "acl", "pcomp", "csubj"):
            return True
    return False


def find_cue(span: Span) -> Token | None:
    """The outermost reporting verb of the segment that has a speaker and a content."""
    cues = [t for t in span if _is_cue(t, span) and not _embedded(t, span)]
    unquoted = [t for t in cues if not inside_quotes(t, span)]
    cues = unquoted or cues
    if not cues:
        return None
    return min(cues, key=lambda t: (sum(1 for a in t.ancestors if span.start <= a.i < span.end), t.i))


def inner_cue(cue: Token, span: Span) -> Token | None:
    """A reporting verb inside the cue's content ("told X that Y said ..."): the real speaker."""
    for child in cue.children:
        if child.dep_ == "ccomp" and span.start <= child.i < span.end and _is_cue(child) \
                and not inside_quotes(child, span) and subject_of(child) is not None \
                and subject_of(child).pos_ != "PRON":
            return child
    return None


def according_to(span: Span) -> Token | None:
    """The object of "according to X" in the segment, if any."""
    for token in span:
        if token.lower_ == "according" and token.i + 1 < len(span.doc) and span.doc[token.i + 1].lower_ == "to":
            for child in span.doc[token.i + 1].children:
                if child.dep_ == "pobj":
                    return child
    return None


# --- the speaker --------------------------------------------------------------------------

def subject_of(cue: Token) -> Token | None:
    """The speaker token: subject, passive agent, or the object of an inverted quote cue."""
    for child in cue.children:
        if child.dep_ == "nsubj":
            return child
    if any(c.dep_ == "ccomp" and c.i < cue.i for c in cue.children):
        inverted = next((c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i), None)
        if inverted is not None:
            return inverted
    for child in cue.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _phrase(head: Token, drop: tuple[str, ...] = ("relcl", "appos", "acl", "punct", "cc", "conj")) -> list[Token]:
    """The head's subtree without relative clauses, appositions and edge punctuation."""
    keep = [head]
    for child in head.children:
        if child.dep_ in drop and not (child.dep_ == "punct" and child.text in "-'’"):
            continue
        keep.extend(child.subtree)
    keep.sort(key=lambda t: t.i)
    while keep and (keep[-1].is_punct or keep[-1].is_space):
        keep.pop()
    return keep or [head]


def _text(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i:tokens[-1].i + 1].text.strip(" ,\u00a0")


def split_role(head: Token) -> tuple[str, str, list[Token], Token]:
    """``(speaker, role, tokens, name head)``: a named person is separated from the title before it and
    from an apposition ("X, director of Y"); other speakers are taken whole."""
    tokens = _phrase(head)
    appos = [c for c in head.children if c.dep_ == "appos"]
    if appos and head.pos_ == "NOUN" and appos[0].pos_ == "PROPN" and appos[0].ent_type_:
        return _text(_phrase(appos[0])), _text(tokens), tokens + _phrase(appos[0]), appos[0]
    role = _text(_phrase(appos[0], ("relcl", "punct"))) if appos else ""
    person = next((e for e in head.doc.ents if e.label_ in ("PERSON", "ORG", "GPE")
                   and e.start <= head.i < e.end and head.pos_ == "PROPN"), None)
    if person is not None and person.start > tokens[0].i:
        before = [t for t in tokens if t.i < person.start and t.lower_ not in _DETERMINERS]
        role = ", ".join(r for r in (_text(before), role) if r)
        return person.text, role, tokens, head
    return _text(tokens), role, tokens, head


# --- kinds and sides ------------------------------------------------------------------------

def _is_anonymous(tokens: list[Token], head: Token) -> bool:
    if head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") and head.pos_ == "PROPN":
        return False
    if head.lower_ in ("source", "sources", "insider", "insiders"):
        return True
    first = tokens[0].lower_ if tokens else ""
    if head.lower_ in lexicon.OFFICIAL_WORDS and first not in lexicon.ANONYMOUS_MARKERS:
        return False
    return head.lemma_.lower() in lexicon.ANONYMOUS_HEADS or head.lower_ in lexicon.ANONYMOUS_HEADS


def source_kind(tokens: list[Token], head: Token, role: str) -> str:
    """person, organisation, official, anonymous, state_media, monitor, social_media or media."""
    words = {t.lower_ for t in tokens}
    head_words = {head.lower_} | {c.lower_ for c in head.children if c.dep_ in ("compound", "amod")}
    if words & {"facebook", "twitter", "youtube", "telegram", "instagram", "tiktok", "social"} \
            or head.lower_ in ("videos", "video", "recordings", "picture", "pictures", "post", "posts", "page"):
        return "social_media"
    if head_words & lexicon.MEDIA_WORDS and words & lexicon.STATE_MEDIA_WORDS:
        return "state_media"
    if words & lexicon.MONITOR_WORDS and head.lower_ not in ("source", "sources"):
        return "monitor"
    if head_words & lexicon.MEDIA_WORDS or _text(tokens) in lexicon.WIRE_AGENCIES:
        return "media"
    if _is_anonymous(tokens, head):
        return "anonymous"
    common = {t.lower_ for t in tokens if t.pos_ != "PROPN"} | set(_role_head(role))
    if common & lexicon.OFFICIAL_WORDS or head.ent_type_ == "GPE":
        return "official"
    if role and head.pos_ == "PROPN" and not set(_role_head(role)) & (lexicon.ORGANISATION_WORDS | lexicon.MEDIA_WORDS):
        return "person"
    if head.ent_type_ == "PERSON" or head.lower_ in lexicon.PERSON_PRONOUNS:
        return "person"
    if head.pos_ != "PROPN" and head.lower_ not in lexicon.ORGANISATION_WORDS and not head.ent_type_:
        return "anonymous"
    return "organisation"


def _role_head(role: str) -> list[str]:
    """The title word of a role: the last word before its first preposition or comma."""
    head = re.split(r",| (?:of|with|for|at|in|from|to) ", role, maxsplit=1)[0]
    return _words(head)[-1:]


def side_of(tokens: list[Token], head: Token, role: str) -> str:
    """The side the text gives the speaker: "close to X" / "X's" / opposition / government."""
    for token in tokens:
        if token.lower_ in ("close", "loyal") and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to":
            obj = next((c for c in token.doc[token.i + 1].children if c.dep_ == "pobj"), None)
            if obj is not None:
                return _text(_phrase(obj))
        if token.dep_ == "poss" and token.pos_ == "PROPN" and token.head.i == head.i:
            return _text([t for t in token.subtree if t.dep_ != "case"])
        if token.lower_.startswith("pro-") and len(token.text) > 4:
            return token.text[4:]
    words = {t.lower_ for t in tokens if t.pos_ != "PROPN"} | set(_words(role))
    named = {t.lower_ for t in tokens} | set(_words(role))
    if words & lexicon.OPPOSITION_WORDS or named & lexicon.INSURGENT_NAME_WORDS:
        return "opposition"
    if words & lexicon.GOVERNMENT_WORDS:
        return "government"
    if head.lower_ in ("source", "sources"):
        named = [t for t in tokens if t.pos_ == "PROPN" and t.i < head.i]
        return _text(named) if named else ""
    return ""


# --- relays -------------------------------------------------------------------------------

def _is_self(tokens: list[Token]) -> bool:
    return bool(tokens) and tokens[0].lower_ in lexicon.SELF_REFERENCES


def _is_medium(tokens: list[Token]) -> bool:
    if any(t.ent_type_ in ("DATE", "TIME") or t.lower_ in lexicon.WEEKDAYS for t in tokens):
        return False
    words = {t.lower_ for t in tokens}
    if any(t.text[:1].isupper() and not t.is_sent_start for t in tokens):
        return True
    return bool(words & (lexicon.MEDIA_WORDS | {"facebook", "twitter", "youtube", "telegram", "instagram"})) \
        or any(t.pos_ == "PROPN" for t in tokens)


def relays_of(cue: Token) -> list[list[Token]]:
    """Listeners and media the cue names: "told X", "said to X", "said on X TV"."""
    found = []
    for child in cue.children:
        if child.i < cue.i:
            continue
        if cue.lemma_.lower() in lexicon.LISTENER_VERBS and (
                child.dep_ in ("dobj", "dative", "iobj") and child.pos_ in ("PROPN", "NOUN", "PRON")
                or child.dep_ in ("advmod", "npadvmod") and child.text[:1].isupper()):
            found.append(_phrase(child))
        elif child.dep_ in ("prep", "dative") and child.lower_ in lexicon.RELAY_PREPOSITIONS:
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None and (child.lower_ == "to" or _is_medium(_phrase(obj))) \
                    and obj.lower_ not in ("statement", "interview", "conference", "briefing"):
                found.append(_phrase(obj))
    return found


def _spoke_to(subject: Token) -> list[list[Token]]:
    """Relays in the speaker's own clause: "experts, who spoke to X, believe ..."."""
    found = []
    for clause in subject.children:
        if clause.dep_ == "relcl" and clause.lemma_.lower() in ("speak", "talk", "tell"):
            found.extend(relays_of(clause))
    return found


# --- quotes and hedges ----------------------------------------------------------------------

def quoted_share(text: str) -> float:
    """Share of the segment's letters inside quotation marks."""
    inside, total, open_ = 0, 0, False
    for ch in text:
        if ch in _OPEN_QUOTES or (ch == '"' and not open_):
            open_ = True
        elif ch in _CLOSE_QUOTES or ch == '"':
            open_ = False
        elif ch.isalpha():
            total += 1
            inside += open_
    return inside / total if total else 0.0


def quote_type(text: str, cue: Token | None) -> str:
    stripped = text.lstrip()
    if cue is None:
        return "narration"
    if stripped[:1] in _OPEN_QUOTES + '"' or quoted_share(text) >= 0.5:
        return "direct"
    return "indirect"


def hedges(text: str) -> list[str]:
    """Hedging words and phrases in the text, lower-cased, in order, without repeats."""
    found: list[str] = []
    for m in _HEDGE_RE.finditer(text):
        word = m.group(1).lower()
        if m.group(1) == "May":
            continue
        if word not in found:
            found.append(word)
    return found


# --- putting it together --------------------------------------------------------------------

def outlet_name(document: Document) -> str:
    """The publishing outlet as the chain's last link (author, then file, when unknown)."""
    return document.outlet or document.author or document.doc_id


def narration(document: Document, text: str) -> Attribution:
    """The outlet's own voice: no attributed speaker in the segment."""
    name = outlet_name(document)
    return Attribution(speaker=name, speaker_id=slug(name), quote_type="narration",
                       source_kind="outlet", hedges=hedges(text))


def _pronoun_antecedent(head: Token, memory: SpeakerMemory) -> Attribution | None:
    lower = head.lower_
    if lower in lexicon.PERSON_PRONOUNS:
        return memory.last(kinds=("person",)) or memory.last(kinds=("official", "anonymous")) or memory.last()
    if lower in lexicon.THING_PRONOUNS:
        return memory.last(exclude=("person",)) or memory.last()
    if lower in lexicon.PLURAL_PRONOUNS or lower in ("we", "i"):
        return memory.last()
    return None


def entity_before(head: Token, labels: tuple[str, ...], word: str = "") -> Token | None:
    """The root of the latest entity of ``labels`` before ``head`` (containing ``word`` if given)."""
    for ent in reversed([e for e in head.doc.ents if e.end <= head.i and e.label_ in labels]):
        if not word or word.lower() in _words(ent.text):
            return ent.root
    return None


def _earlier_mention(head: Token, tokens: list[Token], memory: SpeakerMemory) -> Attribution | None:
    """A definite short mention ("the source", "the Agency", "Ortiz") of an earlier speaker."""
    first = tokens[0].lower_ if tokens else ""
    definite = first in ("the", "this", "that") or (head.pos_ == "PROPN" and first not in lexicon.ANONYMOUS_MARKERS)
    if not definite or sum(1 for t in tokens if t.is_alpha and t.lower_ != "the") > 3:
        return None
    previous = memory.matching(head.text)
    if previous is not None and len(_words(previous.speaker)) >= len([t for t in tokens if t.lower_ != "the"]):
        return previous
    return None


def _anonymous_id(speaker: str, tokens: list[Token], memory: SpeakerMemory) -> str:
    base = f"anon:{memory.doc_id}:{slug(speaker)}"
    key, n = base, 1
    while key in memory.used_ids and memory.used_ids[key] != speaker.lower() + str(tokens[0].i):
        n += 1
        key = f"{base}-{n}"
    memory.used_ids[key] = speaker.lower() + str(tokens[0].i)
    return key


def identify(head: Token, memory: SpeakerMemory) -> Attribution:
    """Speaker, id, role, kind and side for the subject ``head`` (earlier speakers resolved)."""
    previous = _pronoun_antecedent(head, memory)
    tokens = _phrase(head)
    if previous is None and head.pos_ != "PRON":
        previous = _earlier_mention(head, tokens, memory)
    if previous is None and head.pos_ in ("PRON", "PROPN") and len(tokens) <= 2:
        labels = ("ORG", "GPE", "NORP") if head.lower_ in lexicon.THING_PRONOUNS else ("PERSON",)
        word = "" if head.pos_ == "PRON" else head.text
        earlier = entity_before(head, labels, word) if head.lower_ not in ("i", "we", "you") else None
        if earlier is not None and earlier.i != head.i and (head.pos_ == "PRON" or len(earlier.ent_iob_) and earlier.doc[earlier.i].ent_type_):
            return identify(earlier, memory)
    if previous is not None:
        return Attribution(speaker=previous.speaker, speaker_id=previous.speaker_id,
                           speaker_role=previous.speaker_role, source_kind=previous.source_kind,
                           side=previous.side)
    speaker, role, tokens, head = split_role(head)
    kind = source_kind(tokens, head, role)
    sid = _anonymous_id(speaker, tokens, memory) if kind == "anonymous" else slug(speaker)
    return Attribution(speaker=speaker, speaker_id=sid, speaker_role=role, source_kind=kind,
                       side=side_of(tokens, head, role))


def _relay_texts(groups: list[list[Token]], document: Document) -> tuple[list[str], str]:
    """Relay names (self-references dropped) and the first outlet among them."""
    names, via = [], ""
    for tokens in groups:
        if _is_self(tokens):
            via = via or outlet_name(document)
            continue
        if not _is_medium(tokens) or {t.lower_ for t in tokens} & {"reporters", "journalists"}:
            continue
        name = _text([t for t in tokens if t.lower_ not in _DETERMINERS or t.i != tokens[0].i])
        names.append(name)
        via = via or name
    return names, via


def attribute_cue(cue: Token, span: Span, memory: SpeakerMemory, document: Document) -> Attribution:
    """Attribution read from a cue verb, following a nested "X told Y that Z said" inward."""
    layers = [cue]
    while (inner := inner_cue(layers[-1], span)) is not None and len(layers) < 4:
        layers.append(inner)
    chain: list[str] = []
    via = ""
    result = None
    for layer in reversed(layers):
        subject = subject_of(layer)
        if subject is None:
            continue
        who = identify(subject, memory)
        names, layer_via = _relay_texts(relays_of(layer) + _spoke_to(subject), document)
        if layer is not cue:
            names, layer_via = [], ""
        if result is None:
            result = who
            result.cue, result.cue_force = layer.lemma_.lower(), lexicon.REPORTING_VERBS[layer.lemma_.lower()]
            via = layer_via
        else:
            chain.append(who.speaker)
            via = via or layer_via
        chain.extend(names)
    if result is None:
        return narration(document, span.text)
    result.relays, result.via_outlet = chain, via
    result.quote_type = quote_type(span.text, cue)
    result.hedges = hedges(span.text)
    return result


def attribute_span(span: Span, memory: SpeakerMemory, document: Document,
                   continues_quote: bool = False) -> Attribution:
    """The attribution of one segment, remembered for later carry-over."""
    cue = find_cue(span)
    if cue is not None:
        result = attribute_cue(cue, span, memory, document)
    elif (source := according_to(span)) is not None:
        result = identify(source, memory)
        result.cue, result.cue_force, result.quote_type = "according to", "report", "indirect"
        result.hedges = hedges(span.text)
    elif continues_quote and memory.speakers:
        previous = memory.speakers[-1]
        result = replace(previous, relays=list(previous.relays), quote_type="direct", hedges=hedges(span.text))
    else:
        result = narration(document, span.text)
    memory.remember(result)
    return result


def extract_attributions(spans: Iterable[tuple[Span, bool]], document: Document) -> Iterator[Attribution]:
    """Yield one attribution per ``(segment span, continues_quote)``, in document order."""
    memory = SpeakerMemory(doc_id=document.doc_id)
    for span, continues in spans:
        yield attribute_span(span, memory, document, continues)
