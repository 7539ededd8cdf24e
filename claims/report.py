"""Discrepancy reports people read: one self-contained HTML file and a Markdown twin.

Both render a :class:`claims.pipeline.AnalysisResult` (read by attribute, so any object with
the same fields works) in order of importance: summary, conflicts side by side, topics with
every source's account, corroborations, sources, timeline, and what cleaning removed.

Article text is untrusted. The HTML is rendered by Jinja2 with autoescaping; data for the
interactive parts travels as JSON inside ``<script type="application/json">`` with ``<``, ``>``
and ``&`` escaped, is read with ``JSON.parse`` and written to the page with ``textContent``
only. A Content-Security-Policy allows just the report's own script (by hash) and no network,
so even a missed escape could not run injected script or fetch anything.
"""
from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Iterable, Sequence

import jinja2
from markupsafe import Markup

from . import store
from .records import FINDING_CONFLICT_KINDS as CONFLICT_KINDS, column_names, speaker_name
from .timescope import PUBLICATION

TEMPLATES = Path(__file__).resolve().parent / "templates"
REPORT_FORMATS = ("html", "md")
CONTEXT_CHARS = 600
FINDINGS_PER_TOPIC = 3  # conflicts shown per topic before "show all"
KIND_LABELS = {
    "contradiction": "Contradiction",
    "competing_explanation": "Competing explanation",
    "numeric_mismatch": "Numeric mismatch",
    "date_mismatch": "Date mismatch",
    "headline_body": "Headline vs body",
    "corroboration": "Corroboration",
    "elaboration": "Elaboration",
    "unrelated": "Unrelated",
}
SETTLE = {
    "contradiction": "What record or independent witness would show which account is true?",
    "competing_explanation": "Could both causes be true at once, and what evidence would tell them apart?",
    "numeric_mismatch": "Which figure rests on a documented count, and were both counted at the same time?",
    "date_mismatch": "Which date is backed by a dated record, such as a timestamped report or document?",
    "headline_body": "Read the whole article: does anything in it back the headline as worded, and who wrote the headline?",
}


# --- small value helpers ------------------------------------------------------------------

def _topic(cluster: Any) -> str:
    """A topic id for display and filters; -1 (claims in no topic, or in two) shows none."""
    text = _s(cluster).removesuffix(".0")
    return "" if text in ("", "-1") else text


def finding_topic(finding: Any) -> str:
    """The topic a finding is shown under: its cluster, else the cluster of either claim, else a
    topic of its own named by its question (``q`` + a stable hash), never empty."""
    for cluster in (finding.cluster, finding.a.get("cluster"), finding.b.get("cluster")):
        if _topic(cluster):
            return _topic(cluster)
    key = _s(getattr(finding, "topic", "")) or _s(finding.id)
    return "q" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]


def _s(value: Any) -> str:
    """A display string for a value that may be None, NaN or a number."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    return str(value).strip()


def _factors(value: Any) -> str:
    """Grade factors (dict, list or string) as one readable line."""
    if isinstance(value, dict):
        return "; ".join(f"{k.replace('_', ' ')} {_fmt_num(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "; ".join(_s(v) for v in value if _s(v))
    return _s(value)


def _fmt_num(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:+.2f}" if value else "0"
    return _s(value)


def kind_label(kind: str) -> str:
    """Human label for a relation kind (``numeric_mismatch`` -> ``Numeric mismatch``)."""
    return KIND_LABELS.get(kind, _s(kind).replace("_", " ").capitalize())


def is_anonymous(side: dict) -> bool:
    """Whether a claim's speaker is unnamed (anonymous source or no attribution at all)."""
    speaker_id = _s(side.get("speaker_id"))
    kind = _s(side.get("source_kind")).lower()
    return speaker_id.startswith("anon:") or "anon" in kind or not speaker_name(side)


def split_highlight(sentence: str, quote: str) -> tuple[str, str, str]:
    """Split ``sentence`` around ``quote`` so the exact words can be marked.

    Falls back to a whitespace- and case-insensitive match, and to showing the quote alone
    when it is not inside the sentence (so the claimed words are never lost).
    """
    sentence, quote = _s(sentence), _s(quote)
    if not quote:
        return sentence, "", ""
    at = sentence.find(quote)
    if at >= 0:
        return sentence[:at], quote, sentence[at + len(quote):]
    pattern = r"\s+".join(re.escape(w) for w in quote.split())
    found = re.search(pattern, sentence, flags=re.IGNORECASE)
    if found:
        return sentence[:found.start()], found.group(0), sentence[found.end():]
    return "", quote, ""


def time_scope(side: dict) -> str:
    """``2013-06-04`` or ``2013-06-04 – 2013-06-05``, with the words that set it."""
    start, end = _s(side.get("time_start")), _s(side.get("time_end"))
    span = start if not end or end == start else f"{start} – {end}"
    words = _s(side.get("time_text"))
    if span and words:
        return f"{span} (“{words}”)"
    return span or (f"“{words}”" if words else "")


def relay_chain(side: dict) -> list[str]:
    """The hops from speaker to reader: speaker, intermediaries, relaying outlet, outlet."""
    hops = [h.strip() for h in _s(side.get("chain")).split(">") if h.strip()]
    if not hops:
        hops = [speaker_name(side) or "Unattributed"]
    for extra in (_s(side.get("via_outlet")), _s(side.get("outlet"))):
        if extra and extra.lower() not in (h.lower() for h in hops):
            hops.append(extra)
    return hops


# --- teaching prompts and ranking -----------------------------------------------------------

def _who(side: dict) -> str:
    return speaker_name(side) or "the unnamed source"


def _could_know(side: dict) -> str | None:
    """The 'who could know this?' prompt for one side, or None when nothing stands out."""
    who, role = _who(side), _s(side.get("speaker_role"))
    if is_anonymous(side):
        return f"{who[0].upper() + who[1:]} is not named: how close were they to the events, and who else could confirm it?"
    if _s(side.get("hedges")):
        return f"{who} hedges (“{_s(side.get('hedges'))}”): what is the claim based on?"
    if len(relay_chain(side)) > 2:
        return f"{who}'s words reach us through {' → '.join(relay_chain(side)[1:])}: what did the original say?"
    if role:
        return f"Was {who} ({role}) in a position to see this first-hand?"
    return None


def _who_gains(finding: Any) -> str:
    a, b = finding.a, finding.b
    sa, sb = _s(a.get("side")), _s(b.get("side"))
    if sa and sb and sa != sb:
        return f"{_who(a)} ({sa}) and {_who(b)} ({sb}) speak for different sides: what does each gain if its version is believed?"
    if sa or sb:
        side, name = (a, sa) if sa else (b, sb)
        return f"{_who(side)} speaks for a party to the events ({name}): what would they gain if their version is believed?"
    return "Does either speaker, or the outlet relaying them, gain if their version is believed?"


def questions_to_ask(finding: Any) -> list[tuple[str, str]]:
    """Three teaching prompts for a finding: who could know this, who gains, what would settle it.

    Built from the finding's fields (anonymous, hedged or relayed sources, the parties' sides,
    the relation kind and time scopes), so each conflict gets questions about itself.
    """
    a, b = finding.a, finding.b
    know = [q for q in (_could_know(a), _could_know(b)) if q]
    if not know:
        know = [f"Were {_who(a)} and {_who(b)} both in a position to know this first-hand?"]
    if finding.relation == "corroboration":
        settle = "Are these accounts truly independent, or could both trace back to one original source?"
    else:
        settle = SETTLE.get(finding.kind, "What evidence would show which account is right?")
    ta, tb = time_scope(a), time_scope(b)
    if ta and tb and ta != tb:
        settle += f" Check both speak about the same time ({ta} vs {tb})."
    return [("Who could know this?", " ".join(know[:2])), ("Who gains?", _who_gains(finding)),
            ("What would settle it?", settle)]


def _narrated(side: dict) -> bool:
    """Whether a claim is the outlet's own narration rather than an attributed source."""
    speaker = speaker_name(side).lower()
    return _s(side.get("source_kind")) == "outlet" or (bool(speaker) and speaker == _s(side.get("outlet")).lower())


def importance(finding: Any) -> float:
    """Rank for ordering conflicts: the relation score, adjusted by who is in conflict.

    A desk must first resolve clashes between attributed sources: each side that is only the
    outlet's narration lowers the rank a little, one speaker disagreeing with themself (more
    often an extraction artefact) lowers it a lot, and two different quoted sources clashing
    inside one article (the outlet printed both) raises it a little. An article's headline set
    against its own body (``headline_body``) ranks below disagreements between sources.
    """
    a, b = finding.a, finding.b
    same = bool(speaker_name(a)) and speaker_name(a).lower() == speaker_name(b).lower()
    narrated = _narrated(a) + _narrated(b)
    one_article = bool(_s(a.get("doc"))) and _s(a.get("doc")) == _s(b.get("doc")) and not same and not narrated
    if finding.kind == "headline_body":
        return float(finding.score or 0.0) - 0.1
    return float(finding.score or 0.0) - 0.15 * same - 0.03 * narrated + 0.02 * one_article


def ranked_conflicts(findings: Iterable[Any]) -> list[Any]:
    """Conflict findings, most important first (ties by kind order, then id)."""
    conflicts = [f for f in findings if f.relation != "corroboration" and f.kind in CONFLICT_KINDS]
    order = {k: i for i, k in enumerate(CONFLICT_KINDS)}
    return sorted(conflicts, key=lambda f: (-importance(f), order.get(f.kind, 9), f.id))


def ranked_corroborations(findings: Iterable[Any]) -> list[Any]:
    """Corroborations, most independent sources first, then by score."""
    found = [f for f in findings if f.relation == "corroboration"]
    return sorted(found, key=lambda f: (-len(f.independent_sources or []), -float(f.score or 0), f.id))


# --- lookups over the result ----------------------------------------------------------------

def _rows(frame: Any) -> list[dict]:
    """DataFrame rows as dicts; an empty list for None or an empty frame."""
    if frame is None or len(frame) == 0:
        return []
    return frame.to_dict("records")


def _documents_by_key(documents: Sequence[Any]) -> dict[str, Any]:
    """Documents by doc_id and by file path (first part), since findings may use either."""
    lookup: dict[str, Any] = {}
    for doc in documents:
        lookup.setdefault(doc.path, doc)
        lookup[doc.doc_id] = doc
    return lookup


def _claims_by_id(claims: Any) -> dict[str, dict]:
    return {_s(row.get("id")): row for row in _rows(claims)}


def source_key(side: dict) -> str:
    """The filter key of a claim's source: its speaker id, else its speaker's name."""
    return _s(side.get("speaker_id")) or speaker_name(side).lower() or "unattributed"


def _merged(side: dict, claims_by_id: dict[str, dict]) -> dict:
    """A finding side completed with its claim row (speaker id, time words, topic)."""
    row = claims_by_id.get(_s(side.get("id")), {})
    return {**row, **{k: v for k, v in side.items() if _s(v)}}


def line_number(raw: str, pos: int) -> int:
    """1-based line of raw index ``pos``."""
    return raw.count("\n", 0, max(0, pos)) + 1


def document_context(doc: Any, start: int, end: int, width: int = CONTEXT_CHARS) -> dict:
    """The raw file text around ``[start, end)``, split for highlighting, with its position."""
    raw = doc.raw or ""
    start, end = max(0, min(int(start), len(raw))), max(0, min(int(end), len(raw)))
    lo, hi = max(0, start - width), min(len(raw), end + width)
    return {
        "doc": doc.doc_id, "path": doc.path, "title": _s(doc.title), "outlet": _s(doc.outlet),
        "published": _s(doc.published), "start": start, "end": end,
        "line": line_number(raw, start), "before": ("…" if lo else "") + raw[lo:start],
        "match": raw[start:end], "after": raw[end:hi] + ("…" if hi < len(raw) else ""),
    }


# --- the view model: plain dicts the templates render -----------------------------------------

def claim_view(side: dict) -> dict:
    """One claim as shown on a card: the sentence split around the exact words, and who said it."""
    before, mark, after = split_highlight(side.get("sentence") or side.get("text"), side.get("text"))
    return {"whole": not before.strip() and not after.strip(), "short": _excerpt(mark, 120),
        "id": _s(side.get("id")), "doc": _s(side.get("doc")), "before": before, "mark": mark,
        "after": after, "text": _s(side.get("text")), "speaker": speaker_name(side) or "Unattributed",
        "role": _s(side.get("speaker_role")), "anonymous": is_anonymous(side),
        "chain": relay_chain(side), "outlet": _s(side.get("outlet")) or "Unknown outlet",
        "published": _s(side.get("published")), "time": time_scope(side),
        "hedges": _s(side.get("hedges")), "source_grade": _s(side.get("source_grade")),
        "claim_grade": _s(side.get("claim_grade")), "factors": _factors(side.get("grade_factors")),
        "source": source_key(side), "topic": _topic(side.get("cluster")),
        "start": _s(side.get("start")), "end": _s(side.get("end")),
    }


def finding_view(finding: Any, claims_by_id: dict[str, dict], rank: int) -> dict:
    """A conflict or corroboration card: both claims, the verdict, and the teaching prompts."""
    a, b = _merged(finding.a, claims_by_id), _merged(finding.b, claims_by_id)
    sides = [claim_view(a), claim_view(b)]
    return {
        "id": _s(finding.id), "rank": rank, "relation": finding.relation, "kind": finding.kind,
        "kind_label": kind_label(finding.kind), "score": float(finding.score or 0.0),
        "explanation": _s(finding.explanation), "topic": finding_topic(finding),
        "question": _s(getattr(finding, "topic", "")),
        "a": sides[0], "b": sides[1], "questions": questions_to_ask(finding),
        "independent": [_s(s) for s in finding.independent_sources or []],
        "sources": sorted({s["source"] for s in sides}), "outlets": sorted({s["outlet"] for s in sides}),
    }


def _topic_label(rows: list[dict], findings: list[Any]) -> str:
    """A topic's title: the question its claims answer (the ``topic`` column or the findings'
    topic), else the claim most often involved in its findings, else its shortest claim."""
    for question in [_s(r.get("topic")) for r in rows] + [_s(getattr(f, "topic", "")) for f in findings]:
        if question:
            return question
    counts = Counter(_s(side.get("id")) for f in findings for side in (f.a, f.b))
    texts = {_s(r.get("id")): _s(r.get("text")) for r in rows}
    ranked = [i for i, _ in counts.most_common() if i in texts]
    text = texts[ranked[0]] if ranked else min(texts.values(), key=len) if texts else "What do the sources say?"
    text = text[:1].upper() + text[1:]
    return text if len(text) <= 110 else text[:107].rsplit(" ", 1)[0] + " …"


def topics_view(claims: Any, findings: Sequence[Any]) -> list[dict]:
    """Each topic (cluster of claims about one fact) with every source's account of it; a
    finding whose claims sit in no common cluster joins the topic of either claim, or forms a
    topic of its own named by its question."""
    by_topic: dict[str, list[dict]] = defaultdict(list)
    for row in _rows(claims):
        cluster = _topic(row.get("cluster"))
        if cluster and row.get("is_claim", True) is not False:
            by_topic[cluster].append(row)
    by_finding: dict[str, list[Any]] = defaultdict(list)
    for f in findings:
        by_finding[finding_topic(f)].append(f)
    rows_by_id = {_s(r.get("id")): r for r in _rows(claims)}
    for topic, related in by_finding.items():
        if topic not in by_topic:
            seen = {}
            for f in related:
                for side in (f.a, f.b):
                    seen.setdefault(_s(side.get("id")), {**rows_by_id.get(_s(side.get("id")), {}), **side})
            by_topic[topic] = list(seen.values())
    topics = []
    for topic, rows in by_topic.items():
        related = by_finding.get(topic, [])
        conflicts = [f for f in related if f.relation != "corroboration"]
        involved = {_s(side.get("id")) for f in related for side in (f.a, f.b)}
        accounts = [{**claim_view(r), "topic": topic, "in_finding": _s(r.get("id")) in involved} for r in rows]
        accounts.sort(key=lambda c: (not c["in_finding"], c["outlet"], c["speaker"], c["id"]))
        topics.append({
            "id": topic, "label": _topic_label(rows, related), "accounts": accounts,
            "n_conflicts": len(conflicts), "n_corroborations": len(related) - len(conflicts),
            "n_sources": len({c["source"] for c in accounts}),
            "sources": sorted({c["source"] for c in accounts}), "outlets": sorted({c["outlet"] for c in accounts}),
            "weight": max((importance(f) for f in conflicts), default=0.0),
        })
    return sorted(topics, key=lambda t: (-t["n_conflicts"], -t["weight"], -t["n_sources"], -len(t["accounts"]), t["id"]))


def shown_per_topic(cards: Sequence[dict], per_topic: int, per_claim_source: int = 2) -> tuple[list[dict], list[dict]]:
    """(shown, more): the first ``per_topic`` cards of each topic in rank order, skipping a card
    that pairs one claim with one other source more than ``per_claim_source`` times (a variant of
    a disagreement already shown); ``more`` lists the rest of each topic (the "show all" part)."""
    shown, seen, partners = [], Counter(), Counter()
    rest: dict[str, list[dict]] = defaultdict(list)
    for card in cards:
        sides = ((card["a"]["id"], card["b"]["source"]), (card["b"]["id"], card["a"]["source"]))
        if seen[card["topic"]] < per_topic and all(partners[s] < per_claim_source for s in sides):
            seen[card["topic"]] += 1
            partners.update(sides)
            shown.append(card)
        else:
            rest[card["topic"]].append(card)
    order = list(dict.fromkeys(c["topic"] for c in cards))
    more = [{"topic": t, "question": next((c["question"] for c in rest[t] if c["question"]), ""),
             "shown": seen[t], "cards": rest[t]} for t in order if rest[t]]
    return shown, more


def sources_view(sources: Any) -> list[dict]:
    """The sources table: one row per source with its grade, counts, the factors behind it
    (largest effect first) and the 2-3 claims that moved the grade; ``rank`` sorts by grade
    (A first, F last, higher score first inside a letter)."""
    rows = []
    for i, row in enumerate(_rows(sources)):
        grade = _s(row.get("grade"))
        rows.append({
            "source": _s(row.get("source")), "outlet": _s(row.get("outlet")), "kind": _s(row.get("kind")),
            "n_claims": _s(row.get("n_claims")), "n_corroborated": _s(row.get("n_corroborated")),
            "n_contradicted": _s(row.get("n_contradicted")),
            "n_contradicted_by_better": _s(row.get("n_contradicted_by_better")),
            "share_anonymous": _pct(row.get("share_anonymous")), "share_hedged": _pct(row.get("share_hedged")),
            "grade": grade, "factors": _factors(row.get("factors")), "rank": i,
            "key_claims": [c for c in _s(row.get("key_claims")).split(" | ") if c],
        })
    return rows


def _pct(value: Any) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return _s(value)
    return "" if math.isnan(number) else f"{number:.0%}"


def _explicitly_dated(row: dict) -> bool:
    """Whether a claim names its own time, rather than inheriting its article's publication date."""
    return bool(_s(row.get("time_start"))) and _s(row.get("time_text")) != PUBLICATION


def timeline_view(claims: Any) -> list[dict]:
    """Claims that say when something happened, grouped by that time (earliest first).

    Claims dated only by their article's publication date are counted, not listed, since their
    date says when it was reported rather than when it happened.
    """
    rows = [r for r in _rows(claims) if r.get("is_claim", True) is not False]
    dated = sorted((r for r in rows if _explicitly_dated(r)),
                   key=lambda r: (_s(r.get("time_start")), _s(r.get("time_end")), _s(r.get("id"))))
    groups: dict[str, list[dict]] = {}
    for row in dated:
        end = _s(row.get("time_end"))
        label = _s(row.get("time_start")) + (f" – {end}" if end and end != _s(row.get("time_start")) else "")
        groups.setdefault(label, []).append(claim_view(row))
    return [{"when": when, "claims": items} for when, items in groups.items()]


def undated_count(claims: Any) -> int:
    """Claims the timeline leaves out: no time of their own, only the publication date."""
    return sum(1 for r in _rows(claims) if r.get("is_claim", True) is not False and not _explicitly_dated(r))


def _excerpt(text: str, limit: int = 280) -> str:
    text = re.sub(r"\s+", " ", _s(text))
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _cleaning_notes(doc: Any, parts: Counter) -> list[str]:
    notes = []
    if doc.duplicate_of:
        notes.append(f"Duplicate of {doc.duplicate_of} ({float(doc.duplicate_share or 0):.0%} shared text): "
                     "not counted as an independent source.")
    said = " ".join(_s(n) for n in doc.metadata_notes or []).lower()
    if doc.part > 1 and "split" not in said:
        notes.append(f"Article {doc.part} split out of {doc.path}: a separate article appended to the same file.")
    elif parts[doc.path] > 1:
        notes.append(f"The file {doc.path} held {parts[doc.path]} articles; the others are listed separately.")
    return notes + [_s(n) for n in doc.metadata_notes or [] if _s(n)]


def cleaning_view(documents: Sequence[Any]) -> list[dict]:
    """Per document: duplicates, splits, reader comments and removed text, so nothing is hidden."""
    parts = Counter(doc.path for doc in documents)
    views = []
    for doc in documents:
        comments = [_excerpt(doc.text[r.start:r.end]) for r in doc.regions or [] if r.label == "comment"]
        labels = Counter(r.label for r in doc.regions or [] if r.label != "comment")
        removed = [{"reason": _s(r.reason).replace("_", " "), "chars": len(r.text or ""),
                    "text": _excerpt(r.text)} for r in doc.removed or []]
        views.append({
            "doc": doc.doc_id, "title": _s(doc.title), "outlet": _s(doc.outlet) or "Unknown outlet",
            "published": _s(doc.published), "kind": _s(doc.kind), "notes": _cleaning_notes(doc, parts),
            "comments": comments, "regions": ", ".join(f"{n} {lab}" for lab, n in sorted(labels.items())),
            "removed": removed, "chars_raw": len(doc.raw or ""), "chars_clean": len(doc.text or ""),
        })
    return views


def groups_view(groups: Any) -> dict[str, dict]:
    """Independent groups by id: their member sources and outlets, for corroboration cards."""
    view = {}
    for row in _rows(groups):
        members, outlets = row.get("members"), row.get("outlets")
        view[_s(row.get("group"))] = {
            "members": _listish(members), "outlets": _listish(outlets),
        }
    return view


def _listish(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in re.split(r"[;|]", value) if v.strip()]
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    return [_s(v) for v in value]


def summary_view(result: Any, conflicts: Sequence[Any], corroborations: Sequence[Any]) -> dict:
    """Headline numbers: documents, outlets, speakers, independent groups, findings by kind."""
    rows = [r for r in _rows(result.claims) if r.get("is_claim", True) is not False]
    speakers = {source_key(r) for r in rows if speaker_name(r)}
    outlets = {_s(d.outlet) for d in result.documents if _s(d.outlet)}
    groups = len(result.groups) if result.groups is not None and len(result.groups) else \
        len({_s(r.get("group")) for r in rows if _s(r.get("group"))})
    by_kind = Counter(f.kind for f in conflicts)
    return {
        "documents": len(result.documents), "files": len({d.path for d in result.documents}),
        "duplicates": sum(1 for d in result.documents if d.duplicate_of),
        "outlets": len(outlets), "outlet_names": sorted(outlets), "speakers": len(speakers),
        "groups": groups, "claims": len(rows), "conflicts": len(conflicts),
        "corroborations": len(corroborations), "problems": len(result.problems or []),
        "by_kind": [(k, kind_label(k), by_kind[k]) for k in CONFLICT_KINDS if by_kind[k]],
        "pairs_scored": _s(result.stats.get("pairs_scored")) if result.stats else "",
    }


def build_view(result: Any, title: str | None = None, per_topic: int = FINDINGS_PER_TOPIC) -> dict:
    """Everything a report shows, as plain data, in the order the report shows it; conflicts
    beyond the first ``per_topic`` of a topic go to that topic's "show all" part."""
    claims_by_id = _claims_by_id(result.claims)
    conflicts = ranked_conflicts(result.findings)
    corroborations = ranked_corroborations(result.findings)
    conflict_views = [finding_view(f, claims_by_id, i) for i, f in enumerate(conflicts, 1)]
    corroboration_views = [finding_view(f, claims_by_id, i) for i, f in enumerate(corroborations, 1)]
    topics = topics_view(result.claims, result.findings)
    labels = {t["id"]: t["label"] for t in topics}
    for card in conflict_views + corroboration_views:
        card["question"] = card["question"] or labels.get(card["topic"], "")
    shown, more = shown_per_topic(conflict_views, per_topic)
    kinds_by_topic: dict[str, set[str]] = defaultdict(set)
    for f in result.findings:
        kinds_by_topic[finding_topic(f)].add(f.kind)
    for topic in topics:
        topic["kinds"] = sorted(kinds_by_topic[topic["id"]])
    view = {
        "title": title or Path(_s(result.root) or "corpus").name or "corpus",
        "root": _s(result.root), "summary": summary_view(result, conflicts, corroborations),
        "conflicts": conflict_views, "shown_conflicts": shown, "more_conflicts": more,
        "per_topic": per_topic, "corroborations": corroboration_views, "topics": topics,
        "groups": groups_view(result.groups), "sources": sources_view(result.sources),
        "timeline": timeline_view(result.claims), "undated": undated_count(result.claims), "cleaning": cleaning_view(result.documents),
        "problems": [{"path": _s(p.path), "message": _s(p.message)} for p in result.problems or []],
        "stats": {k: _s(v) for k, v in sorted((result.stats or {}).items())},
    }
    view["filters"] = filter_options(view)
    view["contexts"] = contexts(result, view)
    return view


def _shown_claims(view: dict) -> Iterable[dict]:
    for card in view["conflicts"] + view["corroborations"]:
        yield card["a"]
        yield card["b"]
    for topic in view["topics"]:
        yield from topic["accounts"]
    for moment in view["timeline"]:
        yield from moment["claims"]


def contexts(result: Any, view: dict) -> dict[str, dict]:
    """Raw-file context of every claim the report shows, keyed by claim id (for the click panel)."""
    docs = _documents_by_key(result.documents)
    spans = {_s(r.get("id")): r for r in _rows(result.claims)}
    for f in result.findings:
        for side in (f.a, f.b):
            spans[_s(side.get("id"))] = {**spans.get(_s(side.get("id")), {}), **side}
    found = {}
    for claim in _shown_claims(view):
        row = spans.get(claim["id"], {})
        doc = docs.get(_s(row.get("doc"))) or docs.get(_s(row.get("path")))
        if doc is not None and _s(row.get("start")) and claim["id"] not in found:
            found[claim["id"]] = document_context(doc, int(float(row["start"])), int(float(row["end"])))
    return found


def filter_options(view: dict) -> dict[str, list[tuple[str, str]]]:
    """(value, label) choices for the kind, source, outlet and topic filters."""
    cards = view["conflicts"] + view["corroborations"]
    kinds = sorted({c["kind"] for c in cards})
    names: dict[str, str] = {}
    for claim in _shown_claims(view):
        names.setdefault(claim["source"], claim["speaker"])
    outlets = sorted({claim["outlet"] for claim in _shown_claims(view)})
    return {
        "kind": [(k, kind_label(k)) for k in kinds],
        "source": sorted(names.items(), key=lambda kv: kv[1].lower()),
        "outlet": [(o, o) for o in outlets],
        "topic": [(t["id"], t["label"] if t["id"].startswith("q") else f"Topic {t['id']}: {t['label']}") for t in view["topics"]],
    }


# --- rendering ------------------------------------------------------------------------------

def json_for_script(data: Any) -> str:
    """JSON safe inside a ``<script type="application/json">`` block: no ``<``, ``>`` or ``&``.

    Escaping those (and the JavaScript line separators) means no text, however hostile, can
    close the block or open a new tag.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(script: str, style: str) -> str:
    """A policy allowing only the report's own script and style (by hash) and no network at all."""
    return (f"default-src 'none'; script-src {_csp_hash(script)}; style-src {_csp_hash(style)}; "
            "img-src data:; base-uri 'none'; form-action 'none'")


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render_html(result: Any, title: str | None = None, generated: str | None = None,
                per_topic: int = FINDINGS_PER_TOPIC) -> str:
    """The interactive report as one self-contained HTML page (inline CSS/JS, no network).

    ``generated`` is an optional timestamp for the header; without it the same input gives
    byte-identical output.
    """
    view = build_view(result, title, per_topic)
    script = (TEMPLATES / "report.js").read_text(encoding="utf-8")
    style = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    if "</script" in script.lower() or "</style" in style.lower():
        raise ValueError("report.js/report.css must not contain closing script or style tags")
    template = _environment().get_template("report.html.j2")
    return template.render(
        view=view, script=Markup(script), style=Markup(style),
        csp=content_security_policy(script, style), generated=generated or "",
        data=Markup(json_for_script({"contexts": view["contexts"]})),
    )


def write_reports(result: Any, out_dir: str | Path, formats: Sequence[str] = REPORT_FORMATS,
                  generated: str | None = None, per_topic: int = FINDINGS_PER_TOPIC) -> list[Path]:
    """Write ``report.html`` and/or ``report.md`` under ``out_dir`` (each atomically)."""
    unknown = sorted(set(formats) - set(REPORT_FORMATS))
    if unknown:
        raise ValueError(f"unknown report format {', '.join(unknown)}; use {', '.join(REPORT_FORMATS)}")
    out_dir = Path(out_dir)
    written = []
    if "html" in formats:
        written.append(store.write_text(out_dir / "report.html", render_html(result, generated=generated, per_topic=per_topic)))
    if "md" in formats:
        written.append(store.write_text(out_dir / "report.md", render_markdown(result, generated=generated, per_topic=per_topic)))
    return written


# --- Markdown -------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


def md(text: Any) -> str:
    """Escape untrusted text for Markdown: inline markup, table pipes and raw HTML all neutralised."""
    text = re.sub(r"\s+", " ", "" if _s(text) == "" else str(text))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_claim(c: dict) -> str:
    if c["whole"]:
        return md(c["mark"])
    mark = f"**{md(c['mark'])}**" if c["mark"] else ""
    return f"{md(c['before'])}{mark}{md(c['after'])}".strip()


def _md_grades(c: dict) -> str:
    grades = " · ".join(x for x in (c["source_grade"] and f"source {md(c['source_grade'])}",
                                    c["claim_grade"] and f"claim {md(c['claim_grade'])}") if x)
    return grades + (f" ({md(c['factors'])})" if c["factors"] else "")


def _md_card(card: dict) -> list[str]:
    a, b = card["a"], card["b"]
    rows = [("Claim", _md_claim), ("Speaker", lambda c: md(c["speaker"] + (f", {c['role']}" if c["role"] else ""))
             + (" (unnamed)" if c["anonymous"] else "")),
            ("Relayed", lambda c: " → ".join(md(h) for h in c["chain"])),
            ("Outlet, date", lambda c: md(c["outlet"]) + (f", {md(c['published'])}" if c["published"] else "")),
            ("Time scope", lambda c: md(c["time"]) or "not stated"), ("Hedges", lambda c: md(c["hedges"]) or "none"),
            ("Grades", _md_grades), ("Where", lambda c: md(f"{c['doc']}, characters {c['start']}–{c['end']}"))]
    lines = ["| | Account A | Account B |", "|---|---|---|"]
    lines += [f"| {name} | {fn(a)} | {fn(b)} |" for name, fn in rows]
    return lines


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _md_summary(s: dict) -> list[str]:
    kinds = ", ".join(f"{n} {label.lower()}" for _, label, n in s["by_kind"]) or "none"
    return [
        f"- **{s['documents']}** documents ({_plural(s['files'], 'file')}, {_plural(s['duplicates'], 'duplicate')}) from "
        f"**{s['outlets']}** outlets: {md(', '.join(s['outlet_names'])) or 'unknown'}",
        f"- **{s['speakers']}** speakers in **{s['groups']}** independent groups; **{s['claims']}** claims",
        f"- **Conflicts: {s['conflicts']}** ({kinds})",
        f"- **Corroborations: {s['corroborations']}**",
    ] + ([f"- **{_plural(s['problems'], 'file')}** could not be read (see the end)"] if s["problems"] else [])


def _md_conflict(card: dict) -> list[str]:
    lines = [f"### {card['rank']}. {card['kind_label']} (score {card['score']:.2f}, topic {md(card['topic'])}: "
             f"{md(card['question'])})", "", f"> {md(card['explanation'])}", ""] + _md_card(card) + [""]
    return lines + ["**Questions to ask.** " + " ".join(f"*{q}* {md(t)}" for q, t in card["questions"]), ""]


def _md_conflicts(view: dict) -> list[str]:
    lines = ["## Conflicts, most important first", ""]
    if not view["conflicts"]:
        lines += ["No conflicts were found.", ""]
    for card in view["shown_conflicts"]:
        lines += _md_conflict(card)
    if view["more_conflicts"]:
        hidden = sum(len(m["cards"]) for m in view["more_conflicts"])
        lines += [f"{_plural(hidden, 'more conflict')} (the first {view['per_topic']} of each topic are shown above; "
                  "all are in report.html under \"Show all\" and in findings.json):", ""]
        lines += [f"- {md(m['question'] or 'topic ' + m['topic'])} (topic {md(m['topic'])}): {len(m['cards'])} more, "
                  f"ranks {', '.join(str(c['rank']) for c in m['cards'][:10])}{' …' if len(m['cards']) > 10 else ''}"
                  for m in view["more_conflicts"]]
        lines.append("")
    return lines


def _md_topics(view: dict) -> list[str]:
    lines = ["## Topics: every source's account of each fact", ""]
    for topic in view["topics"]:
        lines += [f"### Topic {md(topic['id'])}: {md(topic['label'])}" if not topic["id"].startswith("q")
                  else f"### {md(topic['label'])}", "",
                  f"{topic['n_sources']} sources, {topic['n_conflicts']} conflicts, "
                  f"{topic['n_corroborations']} corroborations.", ""]
        lines += [f"- **{md(c['speaker'])}**{', ' + md(c['role']) if c['role'] else ''} · {md(c['outlet'])}: "
                  f"“{md(c['text'])}” {_md_grades(c)}".rstrip() for c in topic["accounts"]]
        lines.append("")
    return lines


def _md_corroborations(view: dict) -> list[str]:
    lines = ["## Corroborations", ""]
    if not view["corroborations"]:
        lines += ["No corroborations were found.", ""]
    for card in view["corroborations"]:
        lines += [f"### {card['rank']}. {card['kind_label']} (score {card['score']:.2f}, topic {md(card['topic'])}: "
                  f"{md(card['question'])})", "", f"> {md(card['explanation'])}", ""]
        lines += [f"- {label}: “{md(c['text'])}” ({md(c['speaker'])}, {md(c['outlet'])})"
                  for label, c in (("A", card["a"]), ("B", card["b"]))]
        for group in card["independent"]:
            info = view["groups"].get(group, {})
            detail = "; ".join(md(m) for m in info.get("members", []))
            lines.append(f"- Independent group {md(group)}" + (f": {detail}" if detail else ""))
        lines.append("")
    return lines


def _md_sources(view: dict) -> list[str]:
    lines = ["## Sources", "", "Grades: source reliability A (reliable) to F (cannot be judged); "
             "claim credibility 1 (confirmed) to 6 (cannot be judged). Best grade first; factors "
             "largest effect first.", ""]
    if not view["sources"]:
        return lines + ["No source grades were computed.", ""]
    lines += ["| Source | Outlet | Kind | Claims | Corroborated | Contradicted (by better-graded) | Anonymous | Hedged "
              "| Grade | Factors | Claims that moved the grade |",
              "|---|---|---|---|---|---|---|---|---|---|---|"]
    for row in view["sources"]:
        cells = [row[k] for k in ("source", "outlet", "kind", "n_claims", "n_corroborated")]
        cells += [f"{row['n_contradicted']} ({row['n_contradicted_by_better'] or 0})", row["share_anonymous"],
                  row["share_hedged"], row["grade"], row["factors"], "<br>".join(row["key_claims"])]
        lines.append("| " + " | ".join(md(c) if not str(c).count("<br>") else "<br>".join(md(x) for x in str(c).split("<br>"))
                                       for c in cells) + " |")
    return lines + [""]


def _md_timeline(view: dict) -> list[str]:
    lines = ["## Timeline of claims by the time they speak about", ""]
    for moment in view["timeline"]:
        lines.append(f"- **{md(moment['when'])}**")
        lines += [f"  - {md(c['speaker'])} ({md(c['outlet'])}): “{md(c['text'])}”" for c in moment["claims"]]
    return lines + ([""] if view["timeline"] else ["No claim states when it happened.", ""])


def _md_cleaning(view: dict) -> list[str]:
    lines = ["## What was cleaned away or split", ""]
    for doc in view["cleaning"]:
        head = " · ".join(x for x in (md(doc["outlet"]), md(doc["published"]), md(doc["title"])) if x)
        lines += [f"### {md(doc['doc'])}", "", head, ""]
        lines += [f"- {md(note)}" for note in doc["notes"]]
        lines += [f"- Reader comment (not the outlet's reporting): “{md(c)}”" for c in doc["comments"]]
        lines += [f"- Removed ({md(r['reason'])}, {r['chars']} characters): “{md(r['text'])}”" for r in doc["removed"]]
        if not (doc["notes"] or doc["comments"] or doc["removed"]):
            lines.append("- Nothing removed.")
        lines.append("")
    if view["problems"]:
        lines += ["### Files not read", ""] + [f"- {md(p['path'])}: {md(p['message'])}" for p in view["problems"]] + [""]
    return lines


def render_markdown(result: Any, title: str | None = None, generated: str | None = None,
                    per_topic: int = FINDINGS_PER_TOPIC) -> str:
    """The report as Markdown (same content and order as the HTML, without interactivity; it
    says how many more conflicts each topic has where the HTML offers "show all")."""
    view = build_view(result, title, per_topic)
    lines = [f"# Discrepancy report: {md(view['title'])}", "",
             f"Generated{(' ' + md(generated)) if generated else ''} from `{view['root'].replace('`', '')}`.", "",
             "## Summary", ""] + _md_summary(view["summary"]) + [""]
    for part in (_md_conflicts, _md_topics, _md_corroborations, _md_sources, _md_timeline, _md_cleaning):
        lines += part(view)
    if view["stats"]:
        lines += ["## Method", ""] + [f"- {md(k)}: {md(v)}" for k, v in view["stats"].items()] + [""]
    return "\n".join(lines).rstrip() + "\n"


# --- plain text (the CLI's `claims show`) -------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # terminal escapes in untrusted text


def _as_finding(finding: Any) -> Any:
    """A Finding from a findings.json dict (or the Finding itself)."""
    if not isinstance(finding, dict):
        return finding
    from .records import Finding

    names = set(column_names(Finding))
    return Finding(**{k: v for k, v in finding.items() if k in names})


def _text_side(label: str, side: dict) -> list[str]:
    c = claim_view(side)
    where = f"{c['doc']} characters {_s(side.get('start'))}–{_s(side.get('end'))}"
    grades = ", ".join(x for x in (c["source_grade"] and f"source {c['source_grade']}",
                                   c["claim_grade"] and f"claim {c['claim_grade']}") if x)
    lines = [f"{label}  {c['outlet']}" + (f", {c['published']}" if c["published"] else ""),
             f"   | {c['text']}", f"   Speaker: {c['speaker']}" + (f", {c['role']}" if c["role"] else "")
             + (" (unnamed)" if c["anonymous"] else ""), f"   Relayed: {' → '.join(c['chain'])}"]
    lines += [f"   Time scope: {c['time']}"] if c["time"] else []
    lines += [f"   Hedged: {c['hedges']}"] if c["hedges"] else []
    lines += [f"   Grades: {grades}" + (f" ({c['factors']})" if c["factors"] else "")] if grades else []
    return lines + [f"   Where: {where}"]


def render_finding_text(finding: Any) -> str:
    """One finding as plain text for a terminal: verdict, both claims, and questions to ask."""
    f = _as_finding(finding)
    question = _s(getattr(f, "topic", ""))
    lines = [f"{f.id}  {kind_label(f.kind)} (score {float(f.score or 0):.2f}, topic {finding_topic(f)})"
             + (f"\n{question}" if question else ""), _s(f.explanation), ""]
    lines += _text_side("A", f.a) + [""] + _text_side("B", f.b) + [""]
    if f.independent_sources:
        lines += ["Independent groups: " + ", ".join(_s(g) for g in f.independent_sources), ""]
    lines += ["Questions to ask:"] + [f"  {q} {t}" for q, t in questions_to_ask(f)]
    return _CONTROL.sub("", "\n".join(lines)) + "\n"


# --- exports --------------------------------------------------------------------------------

def claimreview_jsonld(finding: Any, rating: str | None = None, url: str = "", author: str = "",
                       date_published: str = "") -> dict:
    """A schema.org ``ClaimReview`` for one finding, for a fact-checker to confirm and publish.

    The reviewed claim is side A; ``rating`` (e.g. "Disputed") defaults to the relation
    kind. Only publish after a person has checked the finding.
    """
    a, b = finding.a, finding.b
    appearance = {"@type": "CreativeWork", "headline": _s(a.get("title")) or None,
                  "publisher": {"@type": "Organization", "name": _s(a.get("outlet"))} if _s(a.get("outlet")) else None,
                  "datePublished": _s(a.get("published")) or None}
    review = {
        "@context": "https://schema.org", "@type": "ClaimReview", "url": url or None,
        "claimReviewed": _s(a.get("text")), "datePublished": date_published or None,
        "author": {"@type": "Organization", "name": author} if author else None,
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person" if not is_anonymous(a) else "Thing",
                                                      "name": speaker_name(a) or "unattributed"},
                         "appearance": {k: v for k, v in appearance.items() if v}},
        "reviewRating": {"@type": "Rating", "alternateName": rating or kind_label(finding.kind)},
        "reviewBody": f"{_s(finding.explanation)} Compare: “{_s(b.get('text'))}” ({speaker_name(b) or 'unattributed'}, {_s(b.get('outlet'))}).",
    }
    return {k: v for k, v in review.items() if v is not None}
