"""Who said it, to whom, how surely: attribution of claim segments from the dependency parse.

Textacy-style: :func:`find_cue` and :func:`extract_attributions` read a parsed segment and
yield small :class:`Attribution` records. A :class:`SpeakerMemory` (one per document, passed
explicitly) carries speakers across sentences so that "He also told ...", "it added", "the
source" and quote continuations resolve to the earlier speaker.
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field, replace
from typing import Iterable, Iterator

from spacy.tokens import Span, Token
from unidecode import unidecode

from . import cuemodel, lexicon
from .records import Document

_SUBJECTS = ("nsubj", "nsubjpass")
_CONTENT_DEPS = ("ccomp", "xcomp", "parataxis")
_OBJECT_CUES = frozenset({"report", "confirm", "deny", "reject", "dismiss", "dispute", "announce",
                          "reveal", "show", "acknowledge", "predict", "describe", "allege",
                          "hail", "praise", "condemn", "welcome", "blame", "admit", "indicate",
                          "accuse", "criticize", "recall", "recount", "mention", "explain", "cite"})
_XCOMP_CUES = frozenset({"vow", "pledge", "promise", "threaten", "claim", "deny", "warn",
                         "urge", "admit", "report", "appear", "seem"})
_PARTICIPLE_CONTENT = frozenset({"ccomp", "dobj", "prep", "oprd", "xcomp"})
_EVIDENCE_CUES = frozenset({"show", "indicate", "suggest", "demonstrate", "testify", "reveal"})
_EVIDENCE_WORDS = frozenset({"video", "videos", "image", "images", "picture", "pictures", "photo",
                             "photos", "footage", "recording", "recordings", "report", "reports",
                             "data", "figures", "documents", "records", "study", "survey", "poll",
                             "tests", "results", "statement", "statements", "letter", "letters", "memo",
                             "memos", "email", "emails", "missive", "filing", "filings", "ruling",
                             "analysis", "analyses", "audit", "review", "assessment", "investigation",
                             "inquiry", "probe", "findings", "evidence", "research", "studies", "surveys",
                             "polls", "polling", "estimate", "estimates", "forecast", "projections",
                             "numbers", "tally", "count"})
_OPEN_QUOTES = "\u201c\u201e\u00ab"
_CLOSE_QUOTES = "\u201d\u00bb"
# Forces of a cue verb that is itself a clause ("X said Y agreed to ..."): saying, or taking a
# position whose object is the content (agree, deny, admit); not a request ("Y asked for a meeting").
_CLAUSE_CUE_FORCES = frozenset({"say", "confirm", "deny", "concede"})
_PREPOSITIONS = frozenset({"in", "by", "from", "at", "on", "with", "for", "to", "of"})
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx"})
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
    gender: str = ""
    plural: bool = False
    human: bool = False
    at: int = -1
    evidence: str = ""
    written: str = ""
    carried: bool = False  # no cue of its own: it continues the previous speaker's quotation


@dataclass
class SpeakerMemory:
    """Speakers seen so far in one document, most recent last, for carry-over."""

    doc_id: str
    speakers: list[Attribution] = field(default_factory=list)
    used_ids: dict[str, str] = field(default_factory=dict)
    by_head: dict[str, list[Attribution]] = field(default_factory=dict, repr=False)

    def remember(self, attribution: Attribution) -> None:
        if attribution.speaker and attribution.quote_type != "narration":
            self.speakers.append(attribution)
            for head in _name_heads(attribution.speaker):
                self.by_head.setdefault(head, []).append(attribution)

    def last(self, kinds: Iterable[str] | None = None, exclude: Iterable[str] = ()) -> Attribution | None:
        """The most recent speaker, optionally of one of ``kinds`` or none of ``exclude``."""
        exclude = set(exclude)
        for previous in reversed(self.speakers):
            if (kinds is None or previous.source_kind in kinds) and previous.source_kind not in exclude:
                return previous
        return None

    def matching(self, head: str, gender: str = "") -> Attribution | None:
        """The most recent speaker whose name ends in the word ``head`` ("the Agency", "Ortiz"), of
        no other gender ("Mr. Hart" is not "Ellen Hart"; "Hart" is not "the Hart
        Foundation")."""
        for previous in reversed(self.by_head.get(head.lower(), ())):
            if not (gender and previous.gender and previous.gender != gender):
                return previous
        return None


def slug(text: str) -> str:
    """Lower-case ASCII slug: "The National Weather Service" -> "national-weather-service"."""
    words = re.findall(r"[a-z0-9]+", unidecode(str(text)).lower())
    while words and words[0] in ("the", "mr", "mrs", "ms", "mx", "dr"):
        words = words[1:]
    return "-".join(words)


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'-]+", text.lower())


def _name_head(name: str) -> str:
    """The last word of a name, possessive dropped: "The New York Post's" -> "post"."""
    words = _words(re.sub(r"['\u2019]s?$", "", name.strip()))
    return words[-1] if words else ""


@lru_cache(maxsize=1 << 14)
def _name_heads(name: str) -> frozenset[str]:
    """Words a short mention of ``name`` may use: its last word before a preposition ("the
    Institute" for "The National Institute for Marine Research") and its last word, unless that
    follows a preposition ("the Herald" is not "a new article in the Herald"). Cached: a long
    document asks it of every earlier speaker for each short mention."""
    words = _words(re.sub(r"['\u2019]s?$", "", name.strip()))
    cut = next((i for i, w in enumerate(words) if w in _PREPOSITIONS and i > 0), len(words))
    heads = {words[cut - 1]} if cut else set()
    if words and not (len(words) > 1 and words[-2] in _PREPOSITIONS):
        heads.add(words[-1])
    return frozenset(heads)


# --- the cue ------------------------------------------------------------------------------

def participle_cue(token: Token) -> bool:
    """A reporting participle after a comma with a content of its own ("X defended the budget,
    citing a drop in crime", "..., saying that ..."): a second statement by the governing verb's subject."""
    return token.dep_ == "advcl" and token.tag_ == "VBG" and token.i > 0 and token.doc[token.i - 1].text == "," \
        and token.lemma_.lower() in lexicon.REPORTING_VERBS and token.head.pos_ in ("VERB", "AUX") \
        and any(c.dep_ in _PARTICIPLE_CONTENT and not _reaction(token, c) for c in token.children)


def _reaction(verb: Token, child: Token) -> bool:
    """"adding to her lead", "responding to the question": what the verb is added or reacts to,
    not something said."""
    return child.dep_ == "prep" and child.lower_ == "to" and verb.lemma_.lower() in lexicon.REACTION_VERBS


def coordinated_cue(token: Token) -> bool:
    """A reporting verb coordinated with another verb whose subject it shares, with a content
    clause of its own ("He visited the plant and said there were no problems")."""
    head = token.head
    return token.dep_ == "conj" and token.lemma_.lower() in lexicon.REPORTING_VERBS and head.pos_ in ("VERB", "AUX") \
        and any(c.dep_ == "ccomp" for c in token.children) \
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children) \
        and any(c.dep_ == "nsubj" for c in head.children)


def _is_cue(token: Token, span: Span | None = None) -> bool:
    lemma = token.lemma_.lower()
    if cuemodel.headline_passive(token):
        return False
    if participle_cue(token) and subject_of(token) is not None:
        return True
    if lemma not in lexicon.REPORTING_VERBS or token.pos_ not in ("VERB", "AUX"):
        return False
    if subject_of(token) is None or cuemodel.misread_label(token):
        return False
    if lemma in _EVIDENCE_CUES and not _evidence_subject(subject_of(token)):
        return False
    deps = {c.dep_ for c in token.children}
    if deps & {"ccomp", "parataxis"} or token.dep_ == "parataxis" and lemma != "show" \
            or token.dep_ == "ccomp" and lexicon.REPORTING_VERBS[lemma] in _CLAUSE_CUE_FORCES:
        return True
    if lexicon.REPORTING_VERBS[lemma] == "say" and _has_quote(span if span is not None else token.sent):
        return True
    if "xcomp" in deps and lemma in _XCOMP_CUES:
        return can_hold_views(subject_of(token))  # not "the storm threatens to flood ..."
    return "dobj" in deps and lemma in _OBJECT_CUES


def _evidence_subject(subject: Token) -> bool:
    """Show/indicate/reveal attribute a claim only to evidence or to people, not to events."""
    lower = subject.lower_
    return (lower in _EVIDENCE_WORDS or lower in lexicon.ANONYMOUS_HEADS or subject.pos_ in ("PROPN", "PRON")
            or lower in lexicon.MEDIA_WORDS) and lower not in ("it", "this", "that")


def plain_quotes(text: str) -> str:
    """Doubled apostrophes and backticks used as quotation marks (''...'', ``...'') read as '"'."""
    return text.replace("``", '"').replace("''", '"')


def _has_quote(span: Span) -> bool:
    return any(q in plain_quotes(span.text) for q in _OPEN_QUOTES + _CLOSE_QUOTES + '"')


def typographic_quotes(text: str) -> str:
    """``text`` with each straight double quote turned into an opening or closing mark by what
    stands beside it: after a space or an opening bracket it opens, before a space or punctuation
    it closes ('I think so," she said.' closes a quotation that began in an earlier sentence)."""
    out = list(text.replace("``", '"\u2060').replace("''", '"\u2060'))  # same length as ``text``
    depth = 0
    for i, ch in enumerate(out):
        if ch != '"':
            continue
        j = i + 2 if i + 1 < len(out) and out[i + 1] == "\u2060" else i + 1
        before, after = (out[i - 1] if i else " "), (out[j] if j < len(out) else " ")
        if before.isspace() and after.isspace() and i > 1 and out[i - 2] in ",.;!?":
            opening = False  # 'doing this, " Trump said': a closing mark set off by a stray space
        elif before.isspace() or before in "([{\u2014\u2013-":
            opening = True
        elif after.isspace() or after in ".,;:!?)]}\u2014\u2013":
            opening = False
        else:
            opening = depth == 0
        out[i] = "\u201c" if opening else "\u201d"
        depth = max(0, depth + (1 if opening else -1))
    return "".join(out)


def inside_quotes(token: Token, span: Span) -> bool:
    """True when ``token`` lies inside a quotation in ``span``: one opened before it, or one that
    the span closes without opening (it began in an earlier sentence)."""
    text = typographic_quotes(span.text)
    marks = [ch for ch in text if ch in _OPEN_QUOTES or ch in _CLOSE_QUOTES]
    depth = 1 if marks and marks[0] in _CLOSE_QUOTES else 0
    for ch in text[:token.idx - span.start_char]:
        if ch in _OPEN_QUOTES:
            depth += 1
        elif ch in _CLOSE_QUOTES:
            depth = max(0, depth - 1)
    return depth > 0


def _embedded(token: Token, span: Span) -> bool:
    """True when ``token`` sits in a relative or adjectival clause (not the segment's cue)."""
    for ancestor in [token, *token.ancestors]:
        if ancestor.i < span.start or ancestor.i >= span.end:
            return False
        if ancestor.dep_ in ("relcl", "acl", "pcomp", "csubj"):
            return True
    return False


_BARE_DEPS = frozenset({"nsubj", "aux", "neg", "advmod", "punct", "prt", "npadvmod", "cc", "mark"})
_BARE_PREPOSITIONS = frozenset({"to", "in", "at", "on", "during", "with", "via", "through"})
_SAYING = frozenset({"say", "tell", "ask", "add", "speak", "talk", "reply", "shout", "write", "tweet", "post"})
_OCCASIONS = frozenset({"statement", "interview", "speech", "remark", "briefing", "conference", "rally", "event",
                        "appearance", "hearing", "debate", "meeting", "call", "email", "post", "tweet", "show"})


def reports_nothing(span: Span) -> bool:
    """The segment is an attribution and nothing more: a reporting verb with its speaker, its
    listener or where it was said ("he told the cheering crowd.", "Clinton said to People.",
    "X said in a statement."); what was said stands in the quotation next to it."""
    root = span.root
    if root.lemma_.lower() not in _SAYING or any(t.is_quote or t.text == ":" for t in span) \
            or sum(c.dep_ == "nsubj" for c in root.children) > 1:  # "26 percent said the same", misparsed
        return False
    for child in root.children:
        if child.dep_ in _BARE_DEPS:
            continue
        if child.dep_ in ("dobj", "dative") and _listener(child):
            continue
        if child.dep_ == "prep" and child.lower_ in _BARE_PREPOSITIONS \
                and all(_listener(c) for c in child.children) and any(c.dep_ == "pobj" for c in child.children):
            continue
        return False
    return True


def _listener(noun: Token) -> bool:
    """A person, audience, outlet or occasion with no clause of its own ("the cheering crowd",
    "People", "a statement", "a crowd of about 500")."""
    lemma = noun.lemma_.lower()
    if not (noun.pos_ in ("PROPN", "PRON") or lemma in lexicon.HUMAN_NOUNS or lemma in lexicon.MEDIA_WORDS
            or lemma in _OCCASIONS or lemma in lexicon.SOURCE_NOUNS and lemma not in lexicon.NOMINAL_CUES):
        return False
    return not any(t.dep_ in ("relcl", "acl", "ccomp", "xcomp", "advcl") for t in noun.subtree)


def find_cue(span: Span) -> Token | None:
    """The outermost reporting verb of the segment that has a speaker and a content."""
    cues = [t for t in span if _is_cue(t, span) and not _embedded(t, span)]
    unquoted = [t for t in cues if not inside_quotes(t, span)]
    cues = unquoted or cues
    if not cues:
        return None
    return min(cues, key=lambda t: (sum(1 for a in t.ancestors if span.start <= a.i < span.end), t.i))


def inner_cue(cue: Token, span: Span) -> Token | None:
    """A reporting verb inside the cue's content ("told X that Y said ..."): the real speaker; not
    a belief the outer speaker ascribes ("X said Y hopes ..." is X's claim about Y).
    A negated, modal or tenseless one reports nothing ("X says Y never told them what to say", "X
    says the museum will tell ...", "X says the refugees admitted are ..." stay X's)."""
    for child in cue.children:
        if child.dep_ == "ccomp" and span.start <= child.i < span.end and _is_cue(child) and _reports_content(child) \
                and lexicon.REPORTING_VERBS.get(child.lemma_.lower()) != "belief" \
                and not inside_quotes(child, span) and subject_of(child) is not None \
                and subject_of(child).pos_ != "PRON" and can_hold_views(subject_of(child)) and not _negated(child) \
                and not any(c.dep_ == "aux" and c.tag_ == "MD" for c in child.children) \
                and (child.tag_ != "VBN" or any(c.dep_ in ("aux", "auxpass") for c in child.children)):
            return child
    return None


def _reports_content(verb: Token) -> bool:
    """The verb governs a content of its own ("Y said that ...", "Y vowed to ..."), not only an
    object ("Y asked for the meeting")."""
    deps, lemma = {c.dep_ for c in verb.children}, verb.lemma_.lower()
    if lexicon.REPORTING_VERBS.get(lemma) in ("confirm", "deny", "concede") and deps & {"dobj", "prep", "xcomp"}:
        return True  # "Y agreed to the ceasefire", "Y denied the charges"
    return bool(deps & {"ccomp", "parataxis"}) or "xcomp" in deps and lemma in _XCOMP_CUES \
        or "dobj" in deps and lemma in _OBJECT_CUES \
        or lexicon.REPORTING_VERBS.get(lemma) == "say" and _has_quote(verb.sent)  # "“...,” X added"


def _negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in ("never", "not") for c in verb.children)


def colon_speaker(span: Span) -> list[Token] | None:
    """The name before a colon that opens the segment ("Smith: 'We will win'", "Poll: ...",
    "TAPPER: ...", "Q: ..."), as in headlines and transcripts; not a label ("Exclusive:")."""
    for token in span[:6]:
        if token.text == ":":
            name = [t for t in span.doc[span.start:token.i] if not (t.is_punct and t.text in ".'’")]
            if not name or token.i + 3 >= span.end:
                return None
            named = name[:-1] if len(name) > 1 and name[-1].lemma_.lower() in lexicon.SOURCE_NOUNS else name
            if name[-1].lower_ in lexicon.HEADLINE_LABELS and (named is name or named[-1].pos_ != "PROPN"):
                return None  # "Exclusive:", "Breaking news:"; not "WSJ editorial:"
            if all(t.pos_ == "PROPN" or t.is_alpha and t.text[:1].isupper() for t in named) \
                    and not any(t.lower_ in _DETERMINERS or t.pos_ in ("PRON", "ADP", "VERB") for t in name):
                return name  # "Smith:", "WSJ editorial:", "Kremlin spokesman:"
            return None
    return None


def _verb_forms(word: str) -> set[str]:
    """Lemmas a verb form may have: "says" -> say, "tells" -> tell, "slammed" -> slam."""
    forms = {word, lexicon.IRREGULAR_PAST.get(word, word)}
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            stem = word[:len(word) - len(suffix)] + repl
            forms |= {stem, stem[:-1]} if len(stem) > 3 and stem[-1] == stem[-2] else {stem}
    return forms


def nominal_cue(span: Span) -> tuple[Token, Token] | None:
    """A noun that carries its holder's view, with that holder: "his claim that ...", "Smith's view
    is that ...", "her call to ban ...", "criticism of the plan from economists". The noun needs a
    holder (a possessor, or "from"/"by" someone) and a content (a clause, an infinitive, an
    "of/on/about/against" object, or the complement of "is")."""
    for token in span:
        if token.pos_ != "NOUN" or token.lower_ not in lexicon.NOMINAL_CUES and \
                token.lemma_.lower() not in lexicon.NOMINAL_CUES or inside_quotes(token, span):
            continue
        holder = _nominal_holder(token)
        if holder is not None and span.start <= holder.i < span.end and _speaker_token(holder) \
                and can_hold_views(holder) and _nominal_content(token):
            return token, holder
    return None


def _nominal_holder(noun: Token) -> Token | None:
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("from", "by"):
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    verb = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "with" else noun.head
    if (noun.dep_ == "dobj" or verb is not noun.head) and verb.pos_ == "VERB" \
            and verb.lemma_.lower() in lexicon.NOMINAL_CUE_VERBS and not any(c.dep_ == "det" and c.lower_ == "no"
                                                                          for c in noun.children):
        return cuemodel.nearest_subject(verb)  # "X voiced support for ...", "X roused the crowd with criticism of ..."
    return None


def _nominal_content(noun: Token) -> bool:
    for child in noun.children:
        if child.dep_ in ("acl", "ccomp") and child.pos_ in ("VERB", "AUX"):
            return True
        if child.dep_ == "prep" and child.lower_ in ("of", "on", "about", "against", "for", "toward", "towards") \
                and any(g.dep_ in ("pobj", "pcomp") for g in child.children):
            return True
    return noun.dep_ == "nsubj" and noun.head.lemma_ == "be" and any(
        c.dep_ in ("attr", "ccomp", "acomp", "xcomp") for c in noun.head.children)


def title_case(span: Span, min_words: int = 4) -> bool:
    """Most words capitalised, as in a headline or a subheading ("Senator Questioned What It Means")."""
    words = [t for t in span if t.is_alpha]
    return len(words) >= min_words and sum(t.text[:1].isupper() for t in words) >= 0.8 * len(words)


def title_case_cue(span: Span) -> tuple[Token, list[Token]] | None:
    """(cue, speaker) in a title-case headline the parser misreads ("Guns Are a Crisis, Ann Roe
    Tells Convention", "Senator Slams Plan", "Economists Warn ..."): a capitalised reporting verb
    right after a name or a noun for a source."""
    words = [t for t in span if t.is_alpha]
    if not title_case(span):
        return None
    for token in span[1:]:
        lemma = next((f for f in _verb_forms(token.lower_) if f in lexicon.REPORTING_VERBS), None)
        before = token.doc[token.i - 1]
        if not lemma or token.i - 1 < span.start or token.i >= words[-1].i or cuemodel.headline_passive(token):
            continue  # nothing reported after it: the end of a name ("... Rise of Islamic State")
        if before.ent_type_ in ("PERSON", "ORG", "NORP"):
            start = entity_at(before).start
        elif _opening_name(span, before):
            start = span.start  # a name the tagger saw but the NER missed: "Gina Rodriguez Questioned ..."
        elif before.lemma_.lower() in lexicon.SOURCE_NOUNS or before.lower_.rstrip("s") in lexicon.SOURCE_NOUNS:
            start = before.i  # "Black Lawmakers Rip ...", "Economists Warn ..."
        else:
            continue
        while start > span.start and token.doc[start - 1].text[:1].isupper() and token.doc[start - 1].is_alpha \
                and token.doc[start - 1].lower_ not in _DETERMINERS:
            start -= 1  # a title before the name: "Senator"
        return token, list(token.doc[max(start, span.start):token.i])
    return None


def _opening_name(span: Span, last: Token) -> bool:
    """The span opens with two to four proper nouns ending at ``last``."""
    run = span.doc[span.start:last.i + 1]
    return 2 <= len(run) <= 4 and all(t.pos_ == "PROPN" and t.is_alpha for t in run)


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
    """The speaker token: subject (the one next to the verb when a descriptor was parsed as a
    second subject: "Damascus' ally Iran"), passive agent, or the object of an inverted quote cue."""
    subjects = [c for c in cue.children if c.dep_ == "nsubj"]
    if len(subjects) > 1 and not inside_quotes(cue, cue.sent):  # "“Meh,” wrote a supporter"
        subjects = [s for s in subjects if not inside_quotes(s, cue.sent)] or subjects
    if subjects and (inverted := _subject_after_comma(cue, subjects[0])) is not None:
        return inverted
    if (after := _subject_inverted(cue, subjects)) is not None:
        return after
    if subjects:
        return subjects[-1] if subjects[-1].i < cue.i else subjects[0]
    if any(c.dep_ == "ccomp" and c.i < cue.i for c in cue.children) and cue.lemma_.lower() not in lexicon.LISTENER_VERBS:
        inverted = next((c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i), None)
        if inverted is not None:
            return inverted
    for child in cue.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    if (holder := cuemodel.object_controller(cue)) is not None:
        return holder  # "the ruling left voters wondering ..."
    if cue.tag_ == "VBG" and cue.dep_ == "advcl" and cue.head.pos_ in ("VERB", "AUX") or coordinated_cue(cue):
        return cuemodel.nearest_subject(cue.head)  # "X hit back, saying ...", "X called ... and said ..."
    if cue.dep_ == "xcomp" and cue.head.pos_ == "ADJ" and cue.head.dep_ == "acomp":
        return cuemodel.nearest_subject(cue.head.head)  # "X was quick to add"
    return _misparsed_inverted(cue) or _named_after_quote(cue) or _subject_before_relative(cue)


def _subject_inverted(cue: Token, subjects: list[Token]) -> Token | None:
    """The subject after an inverted cue that the parser also gave the content's subject
    ("The vote signals “the end”, said Ann Roe": both "vote" and "Roe" hang on "said")."""
    after = [s for s in subjects if s.i > cue.i]
    if after and len(after) < len(subjects) and cue.i > 0 and cue.doc[cue.i - 1].text in (",", "\u201d", '"') \
            and lexicon.REPORTING_VERBS.get(cue.lemma_.lower()) == "say":
        return after[0]
    return None


def _subject_after_comma(cue: Token, subject: Token) -> Token | None:
    """The source of an inverted cue set off by commas that the parser gave to the content ("Part
    of the problem, say experts like Ann Roe, is the ground": "Part" cannot hold a view, "experts" can)."""
    if subject.i > cue.i or cue.i == 0 or cue.doc[cue.i - 1].text != "," or can_hold_views(subject) \
            or lexicon.REPORTING_VERBS.get(cue.lemma_.lower()) != "say":
        return None
    for clause in cue.children:
        if clause.dep_ == "ccomp" and clause.i > cue.i:
            after = next((c for c in clause.children if c.dep_ == "nsubj" and c.left_edge.i == cue.i + 1), None)
            if after is not None and can_hold_views(after):
                return after
    return None


def _subject_before_relative(cue: Token) -> Token | None:
    """The subject the parser gave to a relative clause it took for fronted content ("Sanders,
    who sits at zero endorsements, said that ..." parsed as "[Sanders who sits ...] said")."""
    for child in cue.children:
        if child.dep_ == "ccomp" and child.i < cue.i:
            subjects = [c for c in child.children if c.dep_ == "nsubj"]
            if len(subjects) >= 2 and subjects[-1].lower_ in ("who", "which", "that") \
                    and subjects[0].pos_ in ("PROPN", "NOUN") and cue.doc[subjects[-1].i - 1].text == ",":
                return subjects[0]
    return None


def _named_after_quote(cue: Token) -> Token | None:
    """The name between a closing quotation mark and its cue that the parser hung on the quotation
    ("“...,” delegate Bill Eastland, wearing a hat, said")."""
    if lexicon.REPORTING_VERBS.get(cue.lemma_.lower()) != "say" or not (
            cue.dep_ == "ROOT" or cue.dep_ == "conj" and cue.head.i < cue.i and inside_quotes(cue.head, cue.sent)):
        return None  # a cue the parser coordinated with the quotation: "“...,” Roe, 58, told AFP"
    sent = cue.sent
    closes = [t.i for t in sent if t.i < cue.i and (t.text in _CLOSE_QUOTES or t.text in ('"', "''"))]
    if not closes:
        return None
    for token in cue.doc[closes[-1] + 1:cue.i]:
        if token.ent_type_ in ("PERSON", "ORG", "NORP") and (entity := entity_at(token)) is not None:
            return entity[-1]
    return None


def _misparsed_inverted(cue: Token) -> Token | None:
    """The name after a quote's cue the parser took for an adverb ("“...,” said Okafor")."""
    if cue.i + 1 >= len(cue.doc) or lexicon.REPORTING_VERBS.get(cue.lemma_.lower()) != "say" \
            or cue.tag_ in ("VBG", "VBN") or cue.lemma_.lower() in lexicon.LISTENER_VERBS:
        return None  # "..., telling Fox 35 that", "“...,” Roe, 58, told AFP": a listener
    name = cue.doc[cue.i + 1]
    if name.head.i != cue.i or name.dep_ not in ("advmod", "npadvmod", "dobj", "attr", "oprd") \
            or not (name.is_alpha and name.text[:1].isupper()) or name.ent_type_ in ("DATE", "TIME") \
            or name.lower_ in lexicon.WEEKDAYS:
        return None
    before = plain_quotes(cue.doc[cue.sent.start:cue.i].text)
    return name if any(q in before for q in _CLOSE_QUOTES + '"') else None


def _phrase(head: Token, drop: tuple[str, ...] = ("relcl", "appos", "acl", "punct", "cc", "conj")) -> list[Token]:
    """The head's subtree without relative clauses, appositions, clauses the parser hung on a
    name (a quotation before "delegate Bill Eastland said") and edge punctuation."""
    keep = [head]
    for child in head.children:
        if child.dep_ in drop and not (child.dep_ == "punct" and child.text in "-'’"):
            continue
        keep.extend(child.subtree)
    clauses = [t for t in keep if t is not head and (t.dep_ in ("ccomp", "parataxis") or _aside(t))]
    if clauses:
        cut = {t.i for c in clauses for t in c.subtree}
        keep = [t for t in keep if t.i not in cut]
    keep.sort(key=lambda t: t.i)
    while keep and (keep[-1].is_punct and keep[-1].text != "%" or keep[-1].is_space):
        keep.pop()
    return keep or [head]


def _aside(token: Token) -> bool:
    """A relative clause set off by a comma ("an adviser to Roe, who declined to be named"):
    a description of the name before it, not part of the speaker's name."""
    first = min(t.i for t in token.subtree)
    return token.dep_ == "relcl" and first > 0 and token.doc[first - 1].text == ","


def _text(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i:tokens[-1].i + 1].text.strip(" ,\u00a0")


def entity_at(token: Token) -> Span | None:
    """The named entity containing ``token``, read from its IOB tags (no scan of the document)."""
    if not token.ent_type_:
        return None
    doc, start, end = token.doc, token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=token.ent_type_)


def ents_before(token: Token, window: int) -> list[Span]:
    """Named entities ending before ``token`` within ``window`` characters, nearest first."""
    doc, found, i = token.doc, [], token.i - 1
    floor = token.idx - window
    while i >= 0 and doc[i].idx >= floor:
        if doc[i].ent_type_:
            ent = entity_at(doc[i])
            found.append(ent)
            i = ent.start - 1
        else:
            i -= 1
    return found


def _name_part(token: Token) -> bool:
    """A given name the NER cut off a person's name: a known given name, or a capitalised word
    outside the English alphabet ("Иван Петров"); titles ("Striker", "Councillor") stay roles."""
    if token.pos_ != "PROPN" or not token.is_alpha or not token.text[:1].isupper():
        return False
    if token.lower_ in lexicon.PERSON_TITLES or token.lower_ in lexicon.OFFICIAL_WORDS:
        return False
    return token.lower_ in lexicon.MALE_NAMES or token.lower_ in lexicon.FEMALE_NAMES \
        or not token.text.isascii() or token.dep_ == "compound" and not token.ent_type_ \
        and token.head.ent_type_ == "PERSON"


def _lone_name(name: Token) -> bool:
    """A name set off by commas, not one of a list ("one of his rivals (Sanders, Clinton or Trump)")."""
    first = min(t.i for t in name.subtree)
    return first > 0 and name.doc[first - 1].text == "," and not any(c.dep_ == "conj" for c in name.children)


def _name_of_head(head: Token) -> Token | None:
    """A person's name the parser hung on the object of the head's preposition ("a spokeswoman
    for the company, Hope Hicks", "an aide to Mr. Roe, Ann Lee"): a company or another named
    person has no personal name in apposition, so the name is the head's. After a role noun
    ("a spokesman for the governor, Rick Scott") the name may be the governor's: left alone."""
    objects = [o for p in head.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
    for obj in objects:
        named_thing = obj.ent_type_ in ("PERSON", "ORG") or obj.pos_ == "NOUN" and obj.lower_ in lexicon.ORGANISATION_WORDS
        if not named_thing or obj.lower_ in lexicon.PERSON_TITLES:
            continue
        name = next((c for c in obj.children if c.dep_ == "appos" and c.pos_ == "PROPN" and c.ent_type_ == "PERSON"), None)
        if name is not None and _lone_name(name):
            return name
    return None


def split_role(head: Token) -> tuple[str, str, list[Token], Token]:
    """``(speaker, role, tokens, name head)``: a named person is separated from the title before it and
    from an apposition ("X, director of Y"); other speakers are taken whole."""
    if head.lower_ in lexicon.NON_SPEAKERS and head.pos_ in ("PRON", "DET"):
        tokens = _phrase(head, ("punct", "cc", "conj", "appos"))  # "those surveyed", "some who voted"
        return _text(tokens), "", tokens, head
    tokens = _phrase(head)
    appos = [c for c in head.children if c.dep_ == "appos"]
    if head.pos_ in ("NOUN", "NUM") and (misplaced := _name_of_head(head)) is not None:
        cut = {t.i for t in misplaced.subtree}
        role = [t for t in tokens if t.i not in cut]
        while role and role[-1].is_punct:
            role.pop()
        return _text(_phrase(misplaced)), _text(role), tokens, misplaced
    if appos and head.pos_ in ("NOUN", "NUM") and appos[0].pos_ == "PROPN" and appos[0].ent_type_ not in ("", "NORP") \
            and (head.pos_ == "NOUN" or _lone_name(appos[0])):
        return _text(_phrase(appos[0])), _text(tokens), tokens + _phrase(appos[0]), appos[0]
    named = [c for c in head.children if c.dep_ == "conj" and c.ent_type_ == "PERSON"]
    if named and head.pos_ == "NOUN" and not any(c.dep_ in ("det", "poss") for c in head.children):
        speaker, role, tokens, name = split_role(named[0])  # "GOP contender and former surgeon Ben Carson"
        return speaker, ", ".join(r for r in (_text(_phrase(head)), role) if r), tokens, name
    role = _text(_phrase(appos[0], ("relcl", "punct"))) if appos else ""
    person = entity_at(head) if head.pos_ == "PROPN" and head.ent_type_ in ("PERSON", "ORG", "GPE") else None
    if person is not None and person.start > tokens[0].i:
        start = person.start
        while start > tokens[0].i and _name_part(head.doc[start - 1]):
            start -= 1
        if start < person.start:
            person = head.doc[start:person.end]
    partners = [c for c in head.children if c.dep_ == "conj" and c.pos_ == "PROPN"] if head.pos_ == "PROPN" else []
    if partners:
        whole = sorted({t for t in [*tokens, *(t for p in partners for t in _phrase(p))]}, key=lambda t: t.i)
        return _text(whole), "", whole, head
    if person is not None and person.start > tokens[0].i:
        before = [t for t in tokens if t.i < person.start and t.lower_ not in _DETERMINERS]
        if all(t.lower_.rstrip(".") in _HONORIFICS for t in before):
            return _text(tokens), role, tokens, head
        role = ", ".join(r for r in (_text(before), role) if r)
        return person.text, role, tokens, head
    return _text(tokens), role, tokens, head


# --- kinds and sides ------------------------------------------------------------------------

def _is_anonymous(tokens: list[Token], head: Token) -> bool:
    if head.pos_ == "PROPN" or _capitalised_name(head):
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
    if head.pos_ != "PROPN" and head.lower_ not in lexicon.ORGANISATION_WORDS and not head.ent_type_ \
            and not _capitalised_name(head):
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
    for ch in plain_quotes(text):
        if ch in _OPEN_QUOTES or (ch == '"' and not open_):
            open_ = True
        elif ch in _CLOSE_QUOTES or ch == '"':
            open_ = False
        elif ch.isalpha():
            total += 1
            inside += open_
    return inside / total if total else 0.0


def quote_type(text: str, cue: Token | None) -> str:
    stripped = plain_quotes(text).lstrip()
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
    """The outlet's own voice: no attributed speaker in the segment (the speaker is left empty
    when the outlet is unknown: a file name is not a source)."""
    name = document.outlet or document.author or ""
    return Attribution(speaker=name, speaker_id=slug(outlet_name(document)), quote_type="narration",
                       source_kind="outlet", hedges=hedges(text))


def gender_of(tokens: list[Token]) -> str:
    """"m", "f" or "" for a person named by ``tokens``: from a title (Mr., Ms.), a given name, or
    another mention of the same surname in the document that has one ("Trump" after "Donald Trump")."""
    words = [t.lower_ for t in tokens if t.is_alpha or t.text.endswith(".")]
    for word in words:
        if word in lexicon.MALE_TITLES:
            return "m"
        if word in lexicon.FEMALE_TITLES:
            return "f"
    names = [t for t in tokens if t.pos_ == "PROPN" or t.ent_type_ == "PERSON"]
    if not names:
        head = next((t for t in tokens if t.head.i == t.i or t.head not in tokens), None)
        lemma = head.lemma_.lower() if head is not None else ""
        return "m" if lemma in lexicon.MALE_NOUNS else "f" if lemma in lexicon.FEMALE_NOUNS else ""
    if names[0].lower_ in lexicon.MALE_NAMES:
        return "m"
    if names[0].lower_ in lexicon.FEMALE_NAMES:
        return "f"
    return _surname_genders(names[0].doc).get(names[-1].lower_, "")


def _surname_genders(doc) -> dict[str, str]:
    """Surname -> gender from the document's full-name mentions, computed once per parse."""
    cached = doc.user_data.get("claims_surname_genders")
    if cached is None:
        cached, clash = {}, set()
        for ent in doc.ents:
            if ent.label_ != "PERSON" or len(ent) < 2:
                continue
            first, last = ent[0].lower_.rstrip("."), ent[-1].lower_
            gender = "m" if first in lexicon.MALE_NAMES or first in lexicon.MALE_TITLES else \
                "f" if first in lexicon.FEMALE_NAMES or first in lexicon.FEMALE_TITLES or first + "." in lexicon.FEMALE_TITLES else ""
            if gender and cached.get(last, gender) != gender:
                clash.add(last)
            elif gender:
                cached[last] = gender
        for last in clash:
            cached.pop(last, None)
        doc.user_data["claims_surname_genders"] = cached
    return cached


def _agrees(pronoun: str, kind: str, gender: str, plural: bool, human: bool = True) -> bool:
    """Whether an earlier speaker can be what ``pronoun`` refers to: "he" and "she" only a person
    (not "the region" or "the playbook") of no other gender."""
    if pronoun in lexicon.MALE_PRONOUNS or pronoun in lexicon.FEMALE_PRONOUNS:
        clash = "f" if pronoun in lexicon.MALE_PRONOUNS else "m"
        return kind in ("person", "official", "anonymous") and (human or bool(gender)) and not plural \
            and gender != clash
    if pronoun in lexicon.PLURAL_PRONOUNS:  # not a "he" or "she" of no name either
        return plural or kind not in ("person", "outlet") and not gender
    if pronoun in lexicon.THING_PRONOUNS:
        return kind not in ("person",) and not plural
    return True


_NOMINATIVE = {"his": "he", "him": "he", "her": "she", "hers": "she", "their": "they", "them": "they", "its": "it"}


def pronoun_form(head: Token) -> str:
    """The pronoun as a subject would be written: "his comment" is a comment of a "he"."""
    return _NOMINATIVE.get(head.lower_, head.lower_)


def _pronoun_antecedent(head: Token, memory: SpeakerMemory) -> Attribution | None:
    """The latest earlier speaker that agrees with the pronoun in gender and number."""
    lower = pronoun_form(head)
    if lower in ("we", "i"):  # not the interviewer of a transcript ("Q: ...")
        return next((p for p in reversed(memory.speakers) if not (p.cue == ":" and len(p.speaker) == 1)), None)
    if lower not in lexicon.PERSON_PRONOUNS | lexicon.THING_PRONOUNS | lexicon.PLURAL_PRONOUNS:
        return None
    for previous in reversed(memory.speakers):
        if _agrees(lower, previous.source_kind, previous.gender, previous.plural, previous.human):
            return previous
    return None


def _mention_before(head: Token, window: int = 600) -> Token | None:
    """The nearest earlier named mention (subjects first) that agrees with the pronoun ``head``."""
    lower = pronoun_form(head)
    person = lower in lexicon.PERSON_PRONOUNS
    labels = ("PERSON",) if person else ("ORG", "GPE", "NORP", "PERSON")
    found = []
    for ent in ents_before(head, window):
        if ent.label_ not in labels or inside_quotes(ent.root, ent.root.sent) or not _plausible_name(ent):
            continue
        root = ent.root
        plural = root.tag_ in ("NNS", "NNPS") or ent.label_ == "NORP" and root.lower_.endswith("s")
        kind = "person" if ent.label_ == "PERSON" else "organisation"
        if ent.label_ == "PERSON" and not person and lower != "they":
            continue
        if _agrees(lower, kind, gender_of(list(ent)), plural if lower != "it" else False):
            found.append((root.dep_ in _SUBJECTS, ent.start, root))
    if lower in lexicon.PERSON_PRONOUNS | lexicon.PLURAL_PRONOUNS:
        found += [(True, t.i, t) for t in _people_before(head, window)
                  if (t.tag_ == "NNS") == (lower in lexicon.PLURAL_PRONOUNS) and _agrees(lower, "person", gender_of([t]), t.tag_ == "NNS")]
    if not found:
        return None
    same_or_last = [f for f in found if f[0]]
    return max(same_or_last or found, key=lambda f: f[1])[2]


def _people_before(head: Token, window: int) -> list[Token]:
    """Unnamed people who are the subject of an earlier clause ("The mayor was asked ...",
    "Residents fled ..."), outside quotations: what a later "he" or "they" may stand for."""
    doc, floor, out = head.doc, head.idx - window, []
    for token in doc[max(0, head.sent.start - 200):head.i]:
        if token.idx >= floor and token.dep_ in ("nsubj", "nsubjpass") and token.pos_ == "NOUN" \
                and token.lemma_.lower() in lexicon.HUMAN_NOUNS and not inside_quotes(token, token.sent):
            out.append(token)
    return out


def _plausible_name(ent: Span) -> bool:
    """Not a title-case headline the tagger took for a name ("Pastor Wants Leaders To Be ...")."""
    return len(ent) <= 6 and not any(t.pos_ in ("VERB", "AUX") for t in ent)


def entity_before(head: Token, labels: tuple[str, ...], word: str = "", gender: str = "") -> Token | None:
    """The root of the latest entity of ``labels`` before ``head`` (ending in ``word`` and of no
    other ``gender`` if given)."""
    for ent in ents_before(head, 5000):
        if ent.label_ not in labels or not _plausible_name(ent):
            continue
        if gender and gender_of(list(ent)) not in ("", gender):
            continue
        if not word or _name_head(ent.text) == word.lower():
            return ent.root
    return None


def _earlier_mention(head: Token, tokens: list[Token], memory: SpeakerMemory) -> Attribution | None:
    """A definite short mention ("the source", "the Agency", "Ortiz") of an earlier speaker."""
    first = tokens[0].lower_ if tokens else ""
    definite = first in ("the", "this", "that") or (head.pos_ == "PROPN" and first not in lexicon.ANONYMOUS_MARKERS)
    if not definite or sum(1 for t in tokens if t.is_alpha and t.lower_ != "the") > 3:
        return None
    previous = memory.matching(head.text, gender_of(tokens))
    if previous is not None and len(_words(previous.speaker)) >= len([t for t in tokens if t.lower_ != "the"]):
        return previous
    return None


def _anonymous_id(speaker: str, head: Token, memory: SpeakerMemory) -> str:
    """A document-scoped id; a second, different mention with the same words gets "-2"."""
    base = f"anon:{memory.doc_id}:{slug(speaker) or 'source'}"
    mention = f"{speaker.lower()}@{head.i}"
    key, n = base, 1
    while key in memory.used_ids and memory.used_ids[key] != mention:
        n += 1
        key = f"{base}-{n}"
    memory.used_ids[key] = mention
    return key


_AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "ee")


def _capitalised_name(token: Token) -> bool:
    """A sentence-initial word the tagger took for a common noun ("Sanders said") that the
    document also capitalises mid-sentence: a name."""
    return token.is_sent_start and token.is_title and any(
        t.text == token.text and not t.is_sent_start for t in token.doc)


def can_hold_views(subject: Token) -> bool:
    """A person, group, outlet, document or named medium, not an event or a thing ("the loss of
    the route", "the party's fighting"): names, pronouns and nouns of the source lexicons."""
    if subject.pos_ in ("PROPN", "PRON") or subject.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") \
            or subject.is_title and not subject.is_sent_start or _share_of_people(subject) or _capitalised_name(subject):
        return True
    forms = {subject.lemma_.lower(), subject.lower_}
    lemma = subject.lemma_.lower()
    members = [g for c in subject.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    if lemma in lexicon.QUANTITY_NOUNS and members:  # "a trio of PACs", "a number of senators"
        return can_hold_views(members[0])
    if subject.pos_ == "NOUN" and lemma.endswith(_AGENT_SUFFIXES) and not lemma.endswith("ment") and len(lemma) > 5 \
            and lemma not in lexicon.NOMINAL_CUES:
        return True  # "the fact-checker", "marchers", "the novelist", "a historian", "applicants"
    return any(form in words for form in forms for words in (
        lexicon.SOURCE_NOUNS, lexicon.VAGUE_SOURCES, lexicon.SHARE_WORDS, lexicon.ANONYMOUS_HEADS,
        lexicon.OFFICIAL_WORDS, lexicon.ORGANISATION_WORDS, lexicon.MEDIA_WORDS, lexicon.MONITOR_WORDS))


def _speaker_token(head: Token) -> bool:
    """A token that can stand for a source at all (not punctuation, a number or a symbol), or a
    share of people ("85% of Democrats", "two in three") as polls report them."""
    if _share_of_people(head):
        return True
    return any(ch.isalpha() for ch in head.text) and not head.is_punct and head.pos_ not in ("NUM", "SYM", "X")


def _share_of_people(head: Token) -> bool:
    """A number or percentage of a group ("85% of Democrats", "two in three", "nine out of 10",
    "4 in 10" parsed as a quantity of "10")."""
    if head.pos_ != "NUM" and head.text != "%" and head.lower_ != "percent":
        return False
    if head.lower_ in ("%", "percent") and head.dep_ == "nsubj" and head.head.lemma_.lower() in lexicon.REPORTING_VERBS:
        return True  # "42% say they are liberal": the poll's respondents
    if any(c.lower_ in ("those", "people", "voters") for c in head.children) and any(
            c.dep_ in ("quantmod", "advmod", "prep") and c.lower_ in ("over", "under", "above", "below", "aged")
            for c in head.children):
        return True  # "Those over 60 say ...": an age group
    return any(c.dep_ == "quantmod" and c.lower_ in ("in", "of") for c in head.children) or any(
        c.dep_ == "prep" and c.lower_ in ("of", "in", "out") and any(
            g.dep_ == "pobj" or g.dep_ == "prep" and g.lower_ == "of" for g in c.children)
        for c in head.children)


def identify(head: Token, memory: SpeakerMemory) -> Attribution:
    """Speaker, id, role, kind and side for the subject ``head`` (earlier speakers resolved);
    ``written`` keeps the mention as this sentence words it ("he", "Clinton")."""
    result = _identify(head, memory)
    if result.at != head.idx and not _relative(head):
        result.written = _written(head)
    return result


def _relative(head: Token) -> bool:
    """A relative pronoun whose antecedent is right before it ("Republicans, who said ...")."""
    return head.lower_ in lexicon.RELATIVE_PRONOUNS and head.head.dep_ in ("relcl", "acl") \
        and head.head.head is not head


def _written(head: Token) -> str:
    """A mention as written: the pronoun itself, or the name without its title."""
    if head.pos_ == "PRON" or head.lower_ in lexicon.RELATIVE_PRONOUNS:
        return head.text
    return _possessive(split_role(head)[0])


def _possessive(speaker: str) -> str:
    return re.sub(r"(?<=\w)(?:['\u2019]s|s['\u2019])$", lambda m: "s" if m.group(0)[0] == "s" else "", speaker)


def _identify(head: Token, memory: SpeakerMemory) -> Attribution:
    if _relative(head):
        return identify(head.head.head, memory)
    lower = pronoun_form(head)
    if lower in lexicon.PERSON_PRONOUNS | lexicon.THING_PRONOUNS | lexicon.PLURAL_PRONOUNS:
        named = _mention_before(head)
        previous = _pronoun_antecedent(head, memory)
        if named is not None and (previous is None or named.idx > previous.at):
            return identify(named, memory)
        if previous is not None:
            return _copy(previous)
    previous = _pronoun_antecedent(head, memory) if head.pos_ == "PRON" else None
    tokens = _phrase(head)
    if previous is None and head.pos_ != "PRON":
        previous = _earlier_mention(head, tokens, memory)
    if previous is None and head.pos_ == "PROPN" and len(tokens) <= 2:
        earlier = entity_before(head, ("PERSON",), head.text, gender_of(tokens))
        if earlier is not None and earlier.i != head.i and earlier.ent_type_:
            return identify(earlier, memory)
    if previous is not None:
        return _copy(previous)
    if lower in lexicon.PERSON_PRONOUNS | lexicon.PLURAL_PRONOUNS:
        return _unresolved(head, memory)
    speaker, role, tokens, head = split_role(head)
    speaker = _possessive(speaker)
    vague = head.lower_ in lexicon.VAGUE_SOURCES or _share_of_people(head) or head.lemma_.lower() in lexicon.SHARE_WORDS \
        and any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children)
    kind = "anonymous" if vague else source_kind(tokens, head, role)
    sid = _anonymous_id(speaker, head, memory) if kind == "anonymous" else slug(speaker)
    return Attribution(speaker=speaker, speaker_id=sid, speaker_role=role, source_kind=kind,
                       side=side_of(tokens, head, role), gender=gender_of(tokens),
                       plural=head.tag_ in ("NNS", "NNPS"), at=head.idx, human=is_human(head, kind),
                       written=speaker)


def _unresolved(head: Token, memory: SpeakerMemory) -> Attribution:
    """"He said ..." with nobody named before: someone the text does not name, kept as an
    anonymous source rather than handed to the outlet's voice."""
    lower = pronoun_form(head)
    name = f"unnamed ({lower})"
    return Attribution(speaker=name, speaker_id=_anonymous_id(name, head, memory), source_kind="anonymous",
                       gender="m" if lower in lexicon.MALE_PRONOUNS else "f" if lower in lexicon.FEMALE_PRONOUNS else "",
                       plural=lower in lexicon.PLURAL_PRONOUNS, at=head.idx, human=True, written=head.text)


def is_human(head: Token, kind: str) -> bool:
    """A person: a PERSON name, he/she, or a noun for people ("the spokesman", "an aide")."""
    if head.ent_type_ == "PERSON" or head.lower_ in lexicon.PERSON_PRONOUNS:
        return True
    if head.ent_type_ in ("GPE", "NORP", "LOC", "FAC"):
        return False
    if head.pos_ == "PROPN":  # the tagger calls many people ORG
        return kind in ("person", "official", "anonymous", "organisation") \
            and head.lower_ not in lexicon.ORGANISATION_WORDS | lexicon.MEDIA_WORDS
    return head.lemma_.lower() in lexicon.HUMAN_NOUNS or head.lower_ in lexicon.HUMAN_NOUNS


def identify_tokens(tokens: list[Token], memory: SpeakerMemory) -> Attribution:
    """Speaker read from the words that name it where the parse cannot be trusted (a headline's
    "Poll:" or "Ann Roe Tells ..."): a short name resolves to an earlier speaker."""
    head = tokens[-1]
    previous = memory.matching(head.text, gender_of(tokens)) if len(tokens) <= 2 else None
    if previous is not None:
        return replace(_copy(previous), written=_text(tokens))
    person = [t for t in tokens if t.ent_type_ == "PERSON"]
    speaker, role = _text(tokens), ""
    if person and person[0].i > tokens[0].i:
        speaker, role = _text(person), _text([t for t in tokens if t.i < person[0].i])
    kind = "person" if person else source_kind(tokens, head, role)
    sid = _anonymous_id(speaker, head, memory) if kind == "anonymous" else slug(speaker)
    return Attribution(speaker=speaker, speaker_id=sid, speaker_role=role, source_kind=kind,
                       side=side_of(tokens, head, role), gender=gender_of(tokens),
                       plural=head.tag_ in ("NNS", "NNPS"), at=head.idx, human=is_human(head, kind),
                       written=speaker)


def _copy(previous: Attribution) -> Attribution:
    return Attribution(speaker=previous.speaker, speaker_id=previous.speaker_id,
                       speaker_role=previous.speaker_role, source_kind=previous.source_kind,
                       side=previous.side, gender=previous.gender, plural=previous.plural, at=previous.at,
                       human=previous.human, written=previous.written)


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
        if subject is None or not _speaker_token(subject):
            continue
        if result is None and _is_evidence(subject):
            return evidence_of(subject, layer, span, document)
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


def _is_evidence(subject: Token) -> bool:
    return subject.lower_ in lexicon.EVIDENCE_MEDIA or subject.lemma_.lower() in lexicon.EVIDENCE_MEDIA


def evidence_of(subject: Token, cue: Token, span: Span, document: Document) -> Attribution:
    """"Pictures show ...": images are evidence, not sources; the claim stays in the voice of
    whoever published them (the outlet, or the medium named: "videos on Twitter")."""
    result = narration(document, span.text)
    tokens = _phrase(subject)
    result.evidence = _text(tokens)
    result.cue, result.cue_force = cue.lemma_.lower(), "evidence"
    for child in subject.children:
        if child.dep_ == "prep" and child.lower_ in lexicon.RELAY_PREPOSITIONS:
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None and _is_medium(_phrase(obj)):
                result.relays = [_text(_phrase(obj))]
                result.via_outlet = result.relays[0]
    return result


def _not_a_source(speaker: str) -> bool:
    """Determiners, "one", bare pronouns and possessives alone never name a source, nor does a
    label ("Correction: an earlier version said ..."); "others", "many", "both" name a vague one."""
    words = _words(re.sub(r"['\u2019]s?\b", " ", speaker))
    return not words or words[0] in lexicon.HEADLINE_LABELS and len(words) == 1 or all(
        w in lexicon.NON_SPEAKERS for w in words) and not any(w in lexicon.VAGUE_SOURCES for w in words)


def attribute_model_cue(verb: Token, subject: Token, span: Span, memory: SpeakerMemory,
                        document: Document) -> Attribution:
    """Attribution read from a cue the learned model found (any verb of holding a view)."""
    if _is_evidence(subject):
        return evidence_of(subject, verb, span, document)
    result = identify(subject, memory)
    lemma = verb.lemma_.lower()
    result.cue = cuemodel.cue_text(verb)
    result.cue_force = lexicon.REPORTING_VERBS.get(lemma) or lexicon.STANCE_VERBS.get(lemma, "stance")
    result.relays, result.via_outlet = _relay_texts(relays_of(verb), document)
    result.quote_type = quote_type(span.text, verb)
    result.hedges = hedges(span.text)
    return result


def attribute_nominal_cue(noun: Token, holder: Token, span: Span, memory: SpeakerMemory) -> Attribution:
    """Attribution read from a noun cue ("his claim that"): the holder, the noun as the cue, the
    force of its verb ("claim" -> claim, "view" -> belief, "call" -> urge)."""
    result = identify(holder, memory)
    verb = lexicon.NOMINAL_CUES.get(noun.lower_) or lexicon.NOMINAL_CUES[noun.lemma_.lower()]
    result.cue = noun.lemma_.lower()
    result.cue_force = lexicon.REPORTING_VERBS.get(verb) or lexicon.STANCE_VERBS.get(verb, "stance")
    result.quote_type = quote_type(span.text, noun)
    result.hedges = hedges(span.text)
    return result


def _first_person(verb: Token) -> bool:
    subject = subject_of(verb)
    return subject is not None and subject.lower_ in lexicon.FIRST_PERSON_WORDS


def _own_words(verb: Token, subject: Token | None, span: Span) -> bool:
    """A first-person view inside a quotation ("“I think ...”, “We welcome ...”): the quotation's
    speaker is the source, named by its own cue or by the sentences around it."""
    return subject is not None and subject.lower_ in lexicon.FIRST_PERSON_WORDS and inside_quotes(verb, span)


def _quoted_speaker(span: Span, memory: SpeakerMemory) -> Attribution:
    """Whose quotation the segment goes on with: the last speaker, unless the sentence before
    quoted someone and then named another in a clause of its own ("“A,” Roe told the paper, after
    the mayor stated ... “B.”": B is Roe's)."""
    last = memory.speakers[-1]
    if last.quote_type == "direct" or span.start == 0:
        return last
    before = span.doc[span.start - 1].sent
    for previous in reversed(memory.speakers[:-1]):
        if not before.start_char <= previous.at < before.end_char:
            break
        named = span.doc.char_span(previous.at, previous.at + 1, alignment_mode="expand")
        if previous.quote_type == "direct" and before.start_char <= last.at < before.end_char \
                and named is not None and not inside_quotes(named.root, before):
            return previous  # not a speaker the quotation itself names ("“The pope said ...,” X told ...")
    return last


def attribute_span(span: Span, memory: SpeakerMemory, document: Document,
                   continues_quote: bool = False, cue_model=None) -> Attribution:
    """The attribution of one segment, remembered for later carry-over.

    The rules' reporting verbs come first, then "according to", then the continuation of a
    quotation, a "Name:" opening, and last the learned ``cue_model`` (``claims.cuemodel.CueModel``;
    ``None`` = rules only).
    """
    cue = find_cue(span)
    if cue is not None and _first_person(cue) and colon_speaker(span) is not None:
        cue = None  # "Roe: 'I would have told ...'": the named speaker's own words
    if cue is not None and continues_quote and (_has_quote(span[:1]) and inside_quotes(cue, span) or _first_person(cue)):
        cue = None  # "“... presidents can't just say anything ...”", "... I think it's late.": the quoted speaker's
    own = None
    if cue is not None and _own_words(cue, subject_of(cue), span):
        own, cue = cue, None  # "“I think we can win,” she said": hers, whoever says "I"
    if cue is not None:
        result = attribute_cue(cue, span, memory, document)
    elif (source := according_to(span)) is not None:
        result = identify(source, memory)
        result.cue, result.cue_force, result.quote_type = "according to", "report", "indirect"
        result.hedges = hedges(span.text)
    elif continues_quote and memory.speakers:
        previous = _quoted_speaker(span, memory)
        result = replace(previous, relays=list(previous.relays), quote_type="direct", hedges=hedges(span.text), carried=True)
    elif (name := colon_speaker(span)) is not None:
        result = identify_tokens(name, memory)
        result.cue, result.cue_force, result.quote_type = ":", "say", quote_type(span.text, name[-1])
        result.hedges = hedges(span.text)
    elif (found := title_case_cue(span)) is not None:
        result = identify_tokens(found[1], memory)
        lemma = next(f for f in _verb_forms(found[0].lower_) if f in lexicon.REPORTING_VERBS)
        result.cue, result.cue_force = lemma, lexicon.REPORTING_VERBS[lemma]
        result.quote_type, result.hedges = "indirect", hedges(span.text)
    elif cue_model is not None and (found := cue_model.best(span)) is not None and _speaker_token(found[1]) \
            and can_hold_views(found[1]) and not _own_words(found[0], found[1], span):
        result = attribute_model_cue(found[0], found[1], span, memory, document)
    elif (found := nominal_cue(span)) is not None:
        result = attribute_nominal_cue(*found, span, memory)
    elif own is not None:
        result = attribute_cue(own, span, memory, document)
    else:
        result = narration(document, span.text)
    if result.source_kind != "outlet" and _not_a_source(result.speaker):
        result = narration(document, span.text)
    memory.remember(result)
    return result


def extract_attributions(spans: Iterable[tuple[Span, bool]], document: Document,
                         cue_model=None) -> Iterator[Attribution]:
    """Yield one attribution per ``(segment span, continues_quote)``, in document order."""
    memory = SpeakerMemory(doc_id=document.doc_id)
    for span, continues in spans:
        yield attribute_span(span, memory, document, continues, cue_model)
