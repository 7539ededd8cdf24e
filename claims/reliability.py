"""Source reliability and information credibility: an explained grade for every source and claim.

Two axes, as analysts grade them in the Admiralty (NATO AJP-2.1, US Army FM 2-22.3) system: the
source letter (A completely reliable ... E unreliable, F cannot be judged) and the claim number
(1 confirmed by independent sources ... 5 improbable, 6 cannot be judged). Both are sums of
weighted factors read from ``claims/reliability.toml`` (or the user's copy), mapped to grades by
thresholds and record rules in the same file. The factors that applied are kept in plain words,
largest effect first, because the reasons are what a reader learns from.

The letter rests on access (named or anonymous, role, first-hand, user-generated, partisan) and
on the source's record: its claims corroborated by independent sources and contradicted by
*better-graded* ones. Who is better-graded is decided by standing letters from access, prior
ratings and the track record of earlier runs (``claims.registry``) alone, so a clash between
sources of equal or unknown standing lowers both claims, never the sources, and E needs a
record of claims contradicted by better-graded sources. User-generated content never counts as
independent corroboration or contradiction.

Corroboration and contradiction count independence groups, never copies: a duplicate file,
syndicated wire text or one speaker relayed by two outlets is one group
(``claims.independence.source_groups``), and agreement inside a group counts for nothing.
The tool holds no opinion about any outlet; prior outlet ratings come only from the user.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import Counter, namedtuple
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

from . import lexicon
from .attribute import slug
from .errors import InputError, SettingsError
from .independence import document_label
from .records import Claim, Document, Finding, column_names, speaker_name
from .settings import ReliabilitySettings

SOURCE_GRADES = {
    "A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
    "D": "not usually reliable", "E": "unreliable", "F": "cannot be judged",
}
CLAIM_GRADES = {
    1: "confirmed by independent sources", 2: "probably true", 3: "possibly true",
    4: "doubtful", 5: "improbable", 6: "cannot be judged",
}
PROFILE_COLUMNS = [
    "n_claims", "n_corroborated", "n_contradicted", "n_contradicted_by_better", "share_anonymous", "share_hedged",
    "party_to_events", "primary", "state_or_partisan", "user_generated",
]
SOURCES_COLUMNS = ["source", "outlet", "kind", "side", *PROFILE_COLUMNS, "grade", "factors", "key_claims", "score", "group", "speaker_id"]
GROUPS_COLUMNS = ["group", "name", "members", "outlets", "n_sources", "n_claims", "speaker_ids"]
TABLES = ("weights", "source_grades", "claim_weights", "claim_grades", "rules", "prior_grade_scores")
USER_GENERATED_KINDS = ("reader_comment", "social_media")
UNNAMED_KINDS = ("anonymous", "reader_comment", "outlet", "")
INSTITUTION_KINDS = ("official", "organisation", "monitor", "media", "state_media")
SIGNAL_COLUMNS = [
    "id", "is_claim", "copy", "source_key", "source_label", "kind", "side", "outlet", "role", "ugc", "anonymous",
    "hedged", "hedges", "named", "own_reporting", "named_with_role", "party", "primary", "relays", "text",
]


@dataclass
class Reliability:
    """The grades: ``sources`` (one row per speaker_id), ``claims`` (input plus grade columns),
    ``groups`` (independence groups with their members and outlets)."""

    sources: pd.DataFrame
    claims: pd.DataFrame
    groups: pd.DataFrame
    user_generated: frozenset[str] = frozenset()  # ids of claims that are reader comments or social posts


# --- settings ------------------------------------------------------------------------------

def _read_rules(path: str | Path) -> dict[str, Any]:
    """The tables of a rules TOML; a full settings file's ``[reliability]`` table also works."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"{path}: cannot read reliability rules ({exc}); fix the TOML or give another file") from exc
    data = data.get("reliability", data)
    unknown = sorted(set(data) - set(TABLES) - {"rules_file", "prior_ratings", "registry"})
    if unknown:
        raise SettingsError(f"{path}: unknown reliability table(s) {', '.join(unknown)}; known: {', '.join(TABLES)}")
    return {t: data[t] for t in TABLES if t in data}


def _default_rules() -> dict[str, Any]:
    text = resources.files("claims").joinpath("reliability.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _check_thresholds(values: dict[str, float], where: str) -> None:
    ordered = [values[k] for k in sorted(values)]
    if any(a < b for a, b in zip(ordered, ordered[1:])):
        raise SettingsError(f"{where}: grade thresholds must fall from best to worst grade; got {values}")


def resolve_settings(settings: ReliabilitySettings | None = None) -> ReliabilitySettings:
    """Every table filled: packaged defaults, then ``rules_file``, then the settings' own tables.

    Unknown keys are refused, so a typo in a weight name cannot pass silently.
    """
    settings = settings or ReliabilitySettings()
    merged = _default_rules()
    layers = [(settings.rules_file, _read_rules(settings.rules_file))] if settings.rules_file else []
    layers.append(("settings [reliability]", {t: getattr(settings, t) for t in TABLES}))
    for where, layer in layers:
        for table, values in layer.items():
            unknown = sorted(set(values) - set(merged[table]))
            if unknown:
                raise SettingsError(f"{where}: unknown key(s) {', '.join(unknown)} in [{table}]; known: {', '.join(merged[table])}")
            merged[table] = {**merged[table], **values}
    _check_thresholds(merged["source_grades"], f"{settings.rules_file or 'settings'} [source_grades]")
    _check_thresholds(merged["claim_grades"], f"{settings.rules_file or 'settings'} [claim_grades]")
    return replace(settings, **merged)


def load_reliability_settings(path: str | Path) -> ReliabilitySettings:
    """Resolved settings from a rules file shaped like ``claims/reliability.toml`` (may be partial)."""
    return resolve_settings(ReliabilitySettings(rules_file=str(path)))


def load_prior_ratings(path: str | Path) -> pd.DataFrame:
    """User outlet ratings from a CSV with columns ``outlet`` and ``grade`` (A-E) or ``score``."""
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(f"{path}: cannot read prior ratings ({exc.__class__.__name__}); give a UTF-8 CSV with columns outlet,grade or outlet,score") from exc
    cols = {c.strip().lower(): c for c in df.columns}
    if "outlet" not in cols or not {"grade", "score"} & set(cols):
        raise InputError(f"{path}: prior ratings need a header with outlet and grade or score; add a first line like 'outlet,grade'")
    out = pd.DataFrame({"outlet": df[cols["outlet"]].str.strip()})
    out["grade"] = df[cols["grade"]].str.strip().str.upper() if "grade" in cols else ""
    out["score"] = pd.to_numeric(df[cols["score"]], errors="coerce") if "score" in cols else float("nan")
    bad = out[~out["grade"].isin(["", *"ABCDE"]) | (out["grade"].eq("") & out["score"].isna())]
    if len(bad):
        raise InputError(f"{path}: row {bad.index[0] + 2} needs a grade A-E or a numeric score; fix or delete it")
    return out


# --- per-claim signals ---------------------------------------------------------------------

def _words(text: str) -> list[str]:
    """Lower-case ASCII words (accents folded, hyphenated compounds kept whole)."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", text.lower())


@lru_cache(maxsize=32)
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(re.escape(" ".join(_words(p))) for p in phrases)
    return re.compile(rf"\b(?:{alternatives})\b")


def _has_phrase(text: str, phrases: Iterable[str]) -> bool:
    """Whether any phrase occurs in ``text`` as whole words (case, accents and punctuation ignored)."""
    return bool(_phrase_pattern(tuple(phrases)).search(" ".join(_words(text))))


def _truthy(value: Any) -> bool:
    return str(value).strip().lower() not in ("false", "0", "", "nan", "none")


def _prepare(claims: pd.DataFrame) -> pd.DataFrame:
    """A copy with every Claim column present (empty strings where missing) and a fresh index."""
    table = claims.reset_index(drop=True).copy()
    for name in column_names(Claim):
        if name not in table:
            table[name] = True if name == "is_claim" else ""
    text_cols = [c for c in column_names(Claim) if c not in ("start", "end", "cstart", "cend", "is_claim")]
    table[text_cols] = table[text_cols].fillna("").astype(str)
    table["is_claim"] = table["is_claim"].map(_truthy)
    return table


def _rows(table: pd.DataFrame) -> list[Any]:
    """The rows as named tuples, read column by column (far faster than ``itertuples`` on
    Arrow-backed string columns)."""
    Row = namedtuple("Row", list(table.columns), rename=True)
    return [Row(*values) for values in zip(*(table[c].tolist() for c in table.columns))]


def _dicts(table: pd.DataFrame) -> list[dict[str, Any]]:
    columns = list(table.columns)
    return [dict(zip(columns, values)) for values in zip(*(table[c].tolist() for c in columns))]


def _in_comment(row: Any, docs: dict[str, Document]) -> bool:
    doc = docs.get(row.doc)
    try:
        return bool(doc and doc.region_at(int(row.cstart)) == "comment")
    except (TypeError, ValueError):
        return False


def _claim_kind(row: Any, docs: dict[str, Document]) -> str:
    """The source kind, with reader comments recognised from the document's comment region."""
    if _in_comment(row, docs):
        return "reader_comment"
    if row.source_kind:
        return row.source_kind
    return "anonymous" if row.speaker_id.startswith("anon:") else ("outlet" if not row.speaker_id else "person")


def _source_key(row: Any, canonical_doc: str) -> str:
    """speaker_id; an anonymous speaker in a duplicate file is the original file's speaker."""
    if not row.speaker_id or (row.outlet and row.speaker_id == slug(row.outlet)):
        return f"outlet:{slug(row.outlet or row.via_outlet or row.doc)}"
    if canonical_doc != row.doc:
        return row.speaker_id.replace(f"anon:{row.doc}:", f"anon:{canonical_doc}:")
    return row.speaker_id


def _content(row: Any) -> str:
    """The claim text without its attribution (the first mention of the speaker and its role),
    so the speaker's own name there does not count as a topic; later mentions stay."""
    text = row.text or row.sentence
    for part in (row.speaker_role, row.speaker):
        if part.strip():
            text = _mention(part).sub(" ", text, count=1)
    return text


@lru_cache(maxsize=1 << 14)
def _mention(part: str) -> re.Pattern:
    """A speaker's mention, with its "according to" and article (compiled once per name: a
    corpus has thousands, more than ``re`` keeps)."""
    return re.compile(rf"(according to\s+)?(the\s+)?{re.escape(part)}", flags=re.I)


def _side_vocabulary(side: str) -> tuple[set[str], set[str]]:
    """Words naming the speaker's own side, and words naming its opponents."""
    own = {w for w in _words(side) if len(w) > 2 and w not in lexicon.NAME_STOPWORDS}
    camps = (set(lexicon.OPPOSITION_WORDS), set(lexicon.GOVERNMENT_WORDS) - {"state"})
    for camp in camps:
        if own & camp:
            own |= camp
    others = set().union(*camps) - own
    return own, others


def _party_to_events(row: Any, side: str) -> str:
    """Why the speaker is a party to what it describes ("opposition speaking about its own
    losses"), or "" when the claim is not about its side or its opponents."""
    if not side:
        return ""
    own, others = _side_vocabulary(side)
    content = _content(row)
    words = set(_words(content))
    if words & own or _first_person(content):
        victory, loss = words & lexicon.VICTORY_WORDS, words & lexicon.LOSS_WORDS
        topic = "victory and losses" if victory and loss else "victory" if victory else "losses" if loss else "conduct"
        return f"{side} speaking about its own {topic}"
    if words & others:
        camp = any(own & set(c) for c in (lexicon.OPPOSITION_WORDS, lexicon.GOVERNMENT_WORDS))
        return f"{side} speaking about {'its opponents' if camp else 'the other parties'}"
    return ""


def _first_person(text: str) -> bool:
    tokens = re.findall(r"[A-Za-z]+", text)
    return any(t == "I" or (t.lower() in lexicon.FIRST_PERSON_WORDS and t != t.upper()) for t in tokens)


def _is_primary(row: Any, kind: str) -> bool:
    """Eyewitness or participant: a participant's role, first-hand phrasing, or "we" in a quote.

    A reader comment's "I" is no evidence of having been there, so comments are never primary.
    """
    if kind == "reader_comment":
        return False
    if set(_words(f"{row.speaker} {row.speaker_name} {row.speaker_role}")) & lexicon.PARTICIPANT_WORDS:
        return True
    if _has_phrase(row.text, lexicon.EYEWITNESS_PHRASES):
        return True
    direct = "direct" in row.quote_type.lower() and "indirect" not in row.quote_type.lower()
    return direct and _first_person(row.text)


def _relays(row: Any) -> bool:
    return row.cue_force in lexicon.RELAY_FORCES or _has_phrase(_content(row), lexicon.RELAY_PHRASES)


def not_a_source(speaker: str) -> bool:
    """A speaker that names nobody: pictures or videos as subjects, a bare pronoun or
    determiner, a possessive cut from its noun. Their claims are the publishing outlet's."""
    words = re.findall(r"[\w'’-]+", speaker.lower())
    if not words:
        return False
    if words[-1] in lexicon.VISUAL_EVIDENCE_WORDS or re.search(r"\w['’]s?$", speaker.strip()):
        return True
    return all(w in lexicon.NON_SOURCE_WORDS or w in ("a", "an", "the") for w in words)


def claim_signals(claims: pd.DataFrame, documents: list[Document]) -> pd.DataFrame:
    """One row per claim (aligned with ``claims``) with the facts the grades are built from."""
    docs = {d.doc_id: d for d in documents}
    rows = []
    for row in _rows(_prepare(claims)):
        canonical = _canonical_doc(row.doc, docs)
        file_names = (row.doc, row.path, Path(row.path).name)
        if row.via_outlet in file_names:
            row = row._replace(via_outlet="")
        name = speaker_name(row)
        if name and (not_a_source(name) or name in file_names):
            row = row._replace(speaker="", speaker_name="", speaker_id="", speaker_role="", source_kind="outlet",
                               side="")
            name = ""
        kind = _claim_kind(row, docs)
        label = name or row.outlet or row.via_outlet or document_label(docs.get(canonical, docs.get(row.doc)))
        rows.append({
            "id": row.id, "is_claim": row.is_claim, "copy": canonical != row.doc,
            "source_key": _source_key(row, canonical), "source_label": label,
            "kind": kind, "side": row.side, "outlet": row.outlet or document_label(docs.get(row.doc)),
            "role": row.speaker_role or (kind.replace("_", " ") if kind in INSTITUTION_KINDS else ""), "ugc": kind in USER_GENERATED_KINDS,
            "anonymous": kind == "anonymous", "hedged": bool(row.hedges.strip()), "hedges": row.hedges,
            "named": kind not in UNNAMED_KINDS and kind not in USER_GENERATED_KINDS and bool(name),
            "own_reporting": kind == "outlet" and bool(row.outlet) and _source_key(row, canonical).startswith("outlet:"),
            "named_with_role": kind not in UNNAMED_KINDS and bool(row.speaker_role.strip() or kind in INSTITUTION_KINDS),
            "party": _party_to_events(row, row.side), "primary": _is_primary(row, kind), "relays": _relays(row),
            "text": row.text or row.sentence,
        })
    return pd.DataFrame(rows, columns=SIGNAL_COLUMNS)


# --- independence ----------------------------------------------------------------------------

def _canonical_doc(doc_id: str, docs: dict[str, Document]) -> str:
    seen = set()
    while doc_id in docs and docs[doc_id].duplicate_of and doc_id not in seen:
        seen.add(doc_id)
        doc_id = docs[doc_id].duplicate_of
    return doc_id


def fallback_groups(claims: pd.DataFrame, documents: list[Document]) -> pd.Series:
    """Groups when ``claims.independence`` is absent: one per speaker, duplicates folded in.

    A claim in a duplicate document belongs to the original's group, including anonymous
    speakers, whose ids are scoped to their document.
    """
    docs = {d.doc_id: d for d in documents}
    table = _prepare(claims)
    labels = []
    for row in _rows(table):
        canon = _canonical_doc(row.doc, docs)
        key = _source_key(row, canon)
        if canon != row.doc and not row.speaker_id and canon in docs:
            key = f"outlet:{slug(docs[canon].outlet or canon)}"
        labels.append(key)
    return pd.Series(labels, index=claims.index, name="group")


def independence_groups(claims: pd.DataFrame, documents: list[Document]) -> pd.Series:
    """The ``group`` column when the comparison stage set it, else ``independence.source_groups``."""
    if "group" in claims and claims["group"].notna().all() and claims["group"].astype(str).str.len().gt(0).all():
        return claims["group"].astype(str)
    try:
        from .independence import source_groups
    except ModuleNotFoundError as exc:
        if exc.name != "claims.independence":
            raise
        return fallback_groups(claims, documents)
    return source_groups(claims, documents).astype(str)


def group_table(signals: pd.DataFrame) -> pd.DataFrame:
    """One row per independence group: its members (sources as written) and outlets."""
    rows = []
    for group, part in signals.groupby("group", sort=True):
        members = list(dict.fromkeys(part["source_label"]))
        rows.append({
            "group": group, "name": Counter(part["source_label"]).most_common(1)[0][0],
            "members": "; ".join(members), "outlets": "; ".join(dict.fromkeys(o for o in part["outlet"] if o)),
            "n_sources": part["source_key"].nunique(), "n_claims": len(part),
            "speaker_ids": "; ".join(dict.fromkeys(part["source_key"])),
        })
    return pd.DataFrame(rows, columns=GROUPS_COLUMNS)


# --- evidence from findings ----------------------------------------------------------------

EVIDENCE = ("support", "against", "disputed")
STANDINGS = ("better", "peer", "lower")
SPLIT = tuple(f"{kind}_{standing}" for kind in ("against", "disputed") for standing in STANDINGS)
STANDING_ORDER = "ABCFDE"


def _side_of(claim: dict[str, Any], known: dict[str, tuple]) -> tuple[str, str, str, str, bool]:
    """(claim id, group, display name, source key, user-generated) of one side of a finding."""
    cid = str(claim.get("id", ""))
    if cid in known:
        return cid, *known[cid][1:]
    group = str(claim.get("group") or claim.get("speaker_id") or claim.get("outlet") or cid)
    kind = str(claim.get("source_kind") or "")
    return cid, group, speaker_name(claim) or str(claim.get("outlet") or "an unnamed source"), \
        str(claim.get("speaker_id") or ""), kind in USER_GENERATED_KINDS


def _evidence_kind(finding: Finding, rules: dict[str, Any]) -> str:
    if finding.relation == "corroboration" or finding.kind == "corroboration":
        return "support"
    if finding.relation == "conflict" and finding.kind in rules["conflict_kinds"]:
        return "against"
    if finding.relation == "conflict" and finding.kind in rules["soft_conflict_kinds"]:
        return "disputed"
    return ""


def finding_evidence(findings: list[Finding], signals: pd.DataFrame, rules: dict[str, Any]) -> pd.DataFrame:
    """Per claim: the other independence groups that corroborate it (``support``), contradict it
    (``against``) and offer a competing explanation (``disputed``), each a dict
    ``{group: (display name, source key)}``; ``ugc`` counts user-generated groups that agree or
    disagree, which are shown but never count.

    A finding between two claims of one group adds nothing, which is how copies and relays are
    kept from counting twice.
    """
    rows = zip(signals["id"].astype(str), signals["group"], signals["source_label"], signals["source_key"], signals["ugc"])
    known = {cid: (i, group, label, key, bool(ugc)) for i, (cid, group, label, key, ugc) in enumerate(rows)}
    table = {name: [dict() for _ in range(len(signals))] for name in (*EVIDENCE, "ugc")}
    for finding in findings:
        kind = _evidence_kind(finding, rules)
        if not kind:
            continue
        a, b = _side_of(finding.a, known), _side_of(finding.b, known)
        if a[1] == b[1]:
            continue
        for (cid, *_), (_, group, name, key, ugc) in ((a, b), (b, a)):
            if cid in known:
                if ugc:
                    table["ugc"][known[cid][0]].setdefault(group, kind)
                else:
                    table[kind][known[cid][0]].setdefault(group, (name, key))
    return pd.DataFrame({"id": signals["id"], **table})


def _rank(letter: str) -> int:
    """Standing order: a source that cannot be judged (F, or unknown) sits between C and D,
    below good access and above weak access."""
    return STANDING_ORDER.index(letter) if letter in STANDING_ORDER else STANDING_ORDER.index("F")


def split_by_standing(evidence: pd.DataFrame, signals: pd.DataFrame, letters: dict[str, str]) -> pd.DataFrame:
    """``against`` and ``disputed`` split by the other source's standing relative to this
    claim's source (``better``, ``peer`` or ``lower``), from the preliminary ``letters``."""
    out = evidence.copy()
    for kind in ("against", "disputed"):
        parts = {standing: [] for standing in STANDINGS}
        for own_key, found in zip(signals["source_key"], evidence[kind]):
            mine = _rank(letters.get(own_key, ""))
            split = {standing: {} for standing in STANDINGS}
            for group, (name, key) in found.items():
                theirs = _rank(letters.get(key, ""))
                split["better" if theirs < mine else "lower" if theirs > mine else "peer"][group] = (name, key)
            for standing in STANDINGS:
                parts[standing].append(split[standing])
        for standing in STANDINGS:
            out[f"{kind}_{standing}"] = parts[standing]
    return out


def _other_groups(dicts: Iterable[dict[str, Any]], own: set[str]) -> dict[str, str]:
    merged: dict[str, str] = {}
    for d in dicts:
        for group, value in d.items():
            if group not in own:
                merged.setdefault(group, value[0] if isinstance(value, tuple) else value)
    return merged


def _collect(parts: dict[str, Iterable[dict[str, Any]]], own: set[str]) -> dict[str, dict[str, str]]:
    """Evidence groups over several claims, ``{group: name}`` per evidence column; a group that
    contradicts is not also counted as disputing, a better-graded one not also as a peer."""
    found = {name: _other_groups(parts[name], own) for name in parts}
    against = set().union(*(found[k] for k in found if k.startswith("against")))
    for name in [k for k in found if k.startswith("disputed")]:
        found[name] = {g: n for g, n in found[name].items() if g not in against}
    for kind in ("against", "disputed"):
        seen: set[str] = set()
        for standing in STANDINGS:
            name = f"{kind}_{standing}"
            if name in found:
                found[name] = {g: n for g, n in found[name].items() if g not in seen}
                seen |= set(found[name])
    return found


# --- profiles and grades -------------------------------------------------------------------

def _most_common(values: Iterable[str]) -> str:
    counted = Counter(v for v in values if v)
    return counted.most_common(1)[0][0] if counted else ""


def _share(rows: list[dict[str, Any]], key: str) -> float:
    return sum(bool(r[key]) for r in rows) / len(rows)


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    return [c for c in (*EVIDENCE, *SPLIT) if c in rows[0]]


def _profile(key: str, rows: list[dict[str, Any]], rules: dict[str, Any]) -> dict[str, Any]:
    """The profile of one source from its claims' signals and evidence."""
    found = _collect({name: [r[name] for r in rows] for name in _columns(rows)}, {r["group"] for r in rows})
    kind, side = _most_common(r["kind"] for r in rows), _most_common(r["side"] for r in rows)
    primary = _share(rows, "primary") >= rules["primary_min_share"]
    return {
        "speaker_id": key, "source": _most_common(r["source_label"] for r in rows),
        "outlet": "; ".join(o for o, _ in Counter(r["outlet"] for r in rows if r["outlet"]).most_common()),
        "kind": kind, "side": side, "role": _most_common(r["role"] for r in rows), "n_claims": len(rows),
        "n_corroborated": sum(bool(r["support"]) for r in rows),
        "n_contradicted": sum(bool(r["against"] or r["disputed"]) for r in rows),
        "n_contradicted_by_better": sum(bool(r.get("against_better") or r.get("disputed_better")) for r in rows),
        "share_anonymous": _share(rows, "anonymous"), "share_hedged": _share(rows, "hedged"),
        "share_party": _share(rows, "party"), "party": _most_common(r["party"] for r in rows),
        "party_to_events": any(r["party"] for r in rows), "primary": primary,
        "relays_only": _share(rows, "relays") >= rules["relay_min_share"] and not primary,
        "state_or_partisan": kind == "state_media" or bool(side), "user_generated": kind in USER_GENERATED_KINDS,
        "named_with_role": _share(rows, "named_with_role") >= 0.5, "named": _share(rows, "named") >= 0.5,
        "own_reporting": _share(rows, "own_reporting") >= 0.5,
        "group": _most_common(r["group"] for r in rows), "claim_rows": rows, **found,
    }


def source_profiles(signals: pd.DataFrame, evidence: pd.DataFrame, rules: dict[str, Any]) -> pd.DataFrame:
    """One row per source (speaker_id) over its claims: counts, shares and yes/no traits.

    Claims in a duplicate file are left out: a copy says nothing new about its source.
    """
    by_source: dict[str, list[dict[str, Any]]] = {}
    for sig, ev in zip(_dicts(signals), _dicts(evidence)):
        if sig["is_claim"] and not sig["copy"]:
            by_source.setdefault(sig["source_key"], []).append({**sig, **ev})
    return pd.DataFrame([_profile(key, by_source[key], rules) for key in sorted(by_source)])


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _group_words(verb: str, groups: dict[str, str], quality: str = "") -> str:
    what = _plural(len(groups), f"{quality + ' ' if quality else ''}independent source")
    return f"{verb} {what}: {', '.join(sorted(set(groups.values())))}"


def _source_evidence(found: dict[str, dict[str, str]], cap: int, with_conflicts: bool) -> list[tuple[str, bool, float, str]]:
    """Candidate evidence factors of a source: corroboration always; conflicts only in the
    final pass (the preliminary grade, which decides who is better-graded, rests on access
    and corroboration alone)."""
    n = {name: min(len(found[name]), cap) for name in ("support", *SPLIT) if name in found}
    out = [("corroborated_by_independent", n["support"] > 0, n["support"], _group_words("corroborated by", found["support"]))]
    if with_conflicts:
        peers = {**found["against_peer"], **found["disputed_peer"]}
        out += [
            ("contradicted_by_better", n["against_better"] > 0, n["against_better"],
             _group_words("contradicted by", found["against_better"], "better-graded")),
            ("disputed_by_better", n["disputed_better"] > 0, n["disputed_better"],
             _group_words("competing explanation from", found["disputed_better"], "better-graded")),
            ("conflict_with_peer", bool(peers), min(len(peers), cap),
             _group_words("in conflict with", peers, "equally graded") + " (says little about either)"),
        ]
    return out


def _prior_score(p: dict[str, Any], prior: pd.DataFrame | None, grade_scores: dict[str, float]) -> tuple[float, str] | None:
    """The user's prior rating matching this source by name (or its outlet, for an outlet's own voice)."""
    if prior is None or prior.empty:
        return None
    names = {slug(p["source"]), slug(p["speaker_id"].removeprefix("outlet:"))}
    if p["kind"] in ("outlet", "media", "state_media"):
        names |= {slug(o) for o in p["outlet"].split("; ") if o}
    for row in prior.itertuples(index=False):
        if slug(row.outlet) in names:
            if row.grade:
                return float(grade_scores[row.grade]), row.grade
            return float(row.score), f"score {row.score:g}"
    return None


def _record_of(p: dict[str, Any], record: pd.DataFrame | None) -> dict[str, int] | None:
    """This source's counts in earlier analyses (from the registry), if it has any."""
    if record is None or record.empty:
        return None
    from .registry import registry_key

    key = registry_key(p["speaker_id"], p["kind"], p["outlet"])
    rows = record[record["key"] == key]
    if rows.empty or int(rows.iloc[0]["corroborated"]) + int(rows.iloc[0]["contradicted"]) == 0:
        return None
    return {k: int(rows.iloc[0][k]) for k in ("analyses", "claims", "corroborated", "contradicted")}


def source_factors(p: dict[str, Any], settings: ReliabilitySettings, prior: pd.DataFrame | None = None,
                   record: pd.DataFrame | None = None, with_conflicts: bool = True) -> list[tuple[str, float, str]]:
    """The factors that apply to one source profile: (weight name, contribution, plain words),
    largest effect first.

    A factor whose weight is 0 is left out, so setting a weight to 0 switches it off.
    """
    w = settings.weights
    partisan = "state media" if p["kind"] == "state_media" else f"partisan: speaks for one side ({p['side']})"
    candidates = [
        ("own_reporting", p["kind"] == "outlet" and p["own_reporting"], 1.0, "the outlet's own reporting, on record"),
        ("named_on_record", p["named"], 1.0, "named, on record"),
        ("named_with_role", p["named_with_role"], 1.0, f"role given: {p['role']}"),
        ("primary", p["primary"], 1.0, "first-hand: eyewitness or participant"),
        *_source_evidence(p, int(settings.rules["max_groups_counted"]), with_conflicts),
        ("anonymous", p["share_anonymous"] >= 0.5, 1.0, "anonymous"),
        ("reader_comment", p["kind"] == "reader_comment", 1.0, "reader comment: user-generated"),
        ("social_media", p["kind"] == "social_media", 1.0, "social media: user-generated"),
        ("state_or_partisan", p["state_or_partisan"] and (p["kind"] == "state_media" or not p["party_to_events"]), 1.0, partisan),
        ("party_to_events", p["party_to_events"], p["share_party"], f"party to the events ({p['party']})"),
        ("hedged", p["share_hedged"] > 0, p["share_hedged"], f"hedged in {round(p['share_hedged'] * p['n_claims'])} of {_plural(p['n_claims'], 'claim')}"),
        ("relays_only", p["relays_only"], 1.0, "relays what others reported"),
    ]
    found = [(name, w[name] * amount, words) for name, applies, amount, words in candidates if applies and w[name]]
    rating = _prior_score(p, prior, settings.prior_grade_scores)
    if rating and w["prior_rating"]:
        found.append(("prior_rating", w["prior_rating"] * rating[0], f"prior rating supplied by the user: {rating[1]}"))
    past = _record_of(p, record)
    if past and w["track_record"]:
        net = (past["corroborated"] - past["contradicted"]) / (
            past["corroborated"] + past["contradicted"] + float(settings.rules["track_record_prior"]))
        found.append(("track_record", w["track_record"] * net,
                      f"in {past['analyses']} earlier {'analysis' if past['analyses'] == 1 else 'analyses'}: "
                      f"{_plural(past['corroborated'], 'claim')} corroborated, {past['contradicted']} contradicted by better-graded sources"))
    return sorted(found, key=lambda f: -abs(f[1]))


def _grade(score: float, thresholds: dict[str, float], worst: str) -> str:
    for grade in sorted(thresholds):
        if score >= thresholds[grade] - 1e-9:
            return grade
    return worst


RECORD_FACTORS = ("corroborated_by_independent", "contradicted_by_better", "disputed_by_better", "prior_rating", "track_record")


def _letter(found: list[tuple[str, float, str]], settings: ReliabilitySettings) -> tuple[float, str]:
    """(score, letter) by the thresholds, with the record rules of ``reliability.toml``:
    without any record (no corroboration, contradiction by better-graded sources, prior rating
    or track record) access alone decides: good access gives C, weak access D, anything in
    between F (conflicts with equals change nothing); E needs claims contradicted by
    better-graded independent sources."""
    score = round(sum(c for _, c, _ in found), 3)
    if not any(name in RECORD_FACTORS for name, _, _ in found):
        rules, access = settings.rules, sum(c for name, c, _ in found if name != "conflict_with_peer")
        if access >= rules["no_record_best"] - 1e-9:
            return score, "C"
        return score, "D" if access <= rules["no_record_worst"] + 1e-9 else "F"
    letter = _grade(score, settings.source_grades, "E")
    bad_record = any(name in ("contradicted_by_better", "disputed_by_better")
                     or (name in ("track_record", "prior_rating") and c < 0) for name, c, _ in found)
    if letter == "E" and not bad_record:
        letter = "D"
    return score, letter


def standing_letters(profiles: pd.DataFrame, settings: ReliabilitySettings, prior: pd.DataFrame | None = None,
                     record: pd.DataFrame | None = None) -> dict[str, str]:
    """The letters that decide who is better-graded in a conflict: access (named, role,
    first-hand, anonymous, user-generated, partisan, hedged ...), the user's prior rating and the
    track record of earlier analyses; never this corpus' corroborations or conflicts, so a source
    sinking in one story cannot drag others' standing with it."""
    letters = {}
    for p in profiles.to_dict("records"):
        found = [f for f in source_factors(p, settings, prior, record, with_conflicts=False)
                 if f[0] != "corroborated_by_independent"]
        letters[p["speaker_id"]] = _letter(found, settings)[1]
    return letters


def _claim_effect(row: dict[str, Any], w: dict[str, float], cap: int) -> float:
    return sum(w[name] * min(len(row.get(col) or {}), cap) for name, col in (
        ("corroborated_by_independent", "support"), ("contradicted_by_better", "against_better"),
        ("disputed_by_better", "disputed_better")))


def _claim_verdict(row: dict[str, Any]) -> str:
    parts = []
    for col, verb in (("support", "corroborated by"), ("against_better", "contradicted by better-graded"),
                      ("disputed_better", "competing explanation from better-graded")):
        if row.get(col):
            parts.append(f"{verb} {', '.join(sorted({v[0] if isinstance(v, tuple) else v for v in row[col].values()}))}")
    return "; ".join(parts)


def key_claims(rows: list[dict[str, Any]], settings: ReliabilitySettings, limit: int = 3) -> str:
    """The claims that moved a source's grade most (corroborated, or contradicted by better-graded
    sources), each as “excerpt” (what happened), joined by " | "."""
    cap = int(settings.rules["max_groups_counted"])
    moved = [(abs(_claim_effect(r, settings.weights, cap)), r) for r in rows]
    moved = sorted((m for m in moved if m[0] > 0), key=lambda m: (-m[0], str(m[1]["id"])))[:limit]
    out = []
    for _, r in moved:
        text = " ".join(str(r["text"]).split())
        out.append(f"“{text[:97].rstrip()}…” ({_claim_verdict(r)})" if len(text) > 100 else f"“{text}” ({_claim_verdict(r)})")
    return " | ".join(out)


def grade_sources(profiles: pd.DataFrame, settings: ReliabilitySettings, prior: pd.DataFrame | None = None,
                  record: pd.DataFrame | None = None) -> pd.DataFrame:
    """Profiles plus ``score``, ``grade`` (A-F), ``factors`` (plain words, largest effect first,
    joined by "; ") and ``key_claims`` (the claims that moved the grade)."""
    graded = []
    for p in profiles.to_dict("records"):
        found = source_factors(p, settings, prior, record)
        score, grade = _letter(found, settings)
        words = [w for _, _, w in found]
        if grade == "F":
            words.insert(0, f"cannot be judged: nothing known beyond {_plural(p['n_claims'], 'unhedged claim')}"
                         if not found else "cannot be judged: no record yet (no claim corroborated, none contradicted by a better-graded source)")
        graded.append({**p, "score": score, "grade": grade, "factors": "; ".join(words),
                       "key_claims": key_claims(p["claim_rows"], settings)})
    columns = [c for c in profiles.columns if c != "claim_rows"]
    out = pd.DataFrame(graded, columns=[*columns, "score", "grade", "factors", "key_claims"]) if graded else pd.DataFrame(columns=SOURCES_COLUMNS)
    for col in ("share_anonymous", "share_hedged"):
        out[col] = out[col].astype(float).round(2)
    return out


def claim_factors(sig: dict[str, Any], found: dict[str, dict[str, str]], source_grade: str,
                  settings: ReliabilitySettings) -> list[tuple[str, float, str]]:
    """The factors that apply to one claim: (weight name, contribution, plain words), largest first.

    The source grade is always listed, even where its weight is 0.
    """
    w = settings.claim_weights
    cap = int(settings.rules["max_groups_counted"])
    disputed = {**found["disputed_better"], **found["disputed_peer"], **found["disputed_lower"]}
    evidence = [
        ("corroborated_by_independent", found["support"], _group_words("corroborated by", found["support"])),
        ("contradicted_by_better", found["against_better"], _group_words("contradicted by", found["against_better"], "better-graded")),
        ("contradicted_by_peer", found["against_peer"], _group_words("contradicted by", found["against_peer"], "equally graded")),
        ("contradicted_by_lower", found["against_lower"], _group_words("contradicted by", found["against_lower"], "lower-graded")),
        ("disputed_by_independent", disputed, _group_words("competing explanation from", disputed)),
    ]
    candidates = [
        *((name, bool(groups), min(len(groups), cap), words) for name, groups, words in evidence),
        ("hedged", sig["hedged"], 1.0, f"hedged ({sig['hedges']})"),
        ("party_to_events", bool(sig["party"]), 1.0, f"party to the events ({sig['party']})"),
        (f"source_{source_grade}", source_grade in SOURCE_GRADES, 1.0, f"source graded {source_grade} ({SOURCE_GRADES.get(source_grade, '')})"),
    ]
    out = [
        (name, w.get(name, 0.0) * amount, words) for name, applies, amount, words in candidates
        if applies and (w.get(name, 0.0) or name.startswith("source_"))
    ]
    return sorted(out, key=lambda f: -abs(f[1]))


def _ugc_note(ugc: dict[str, str]) -> str:
    if not ugc:
        return ""
    return f"{_plural(len(ugc), 'user-generated post')} also agree or disagree (never counted as an independent source)"


def _claim_grade(sig: dict[str, Any], found: dict[str, dict[str, str]], source_grade: str,
                 settings: ReliabilitySettings, reason: str, ugc: dict[str, str]) -> tuple[int, str]:
    """(grade 1-6, plain-word factors) for one claim: 5 ("improbable") only when a better-graded
    independent source contradicts it, so a clash between equals leaves both claims at 3-4."""
    if not sig["is_claim"]:
        return 6, f"not a claim{': ' + reason if reason else ''}"
    note = _ugc_note(ugc)
    if not any(found.values()) and source_grade in ("F", ""):
        words = "cannot be judged: no independent source agrees or disagrees and the source cannot be judged"
        return 6, "; ".join(x for x in (words, note) if x)
    factors = claim_factors(sig, found, source_grade, settings)
    grade = int(_grade(sum(c for _, c, _ in factors), settings.claim_grades, "5"))
    if grade == 1 and len(found["support"]) < int(settings.rules["confirmed_min_groups"]):
        grade = 2
    if grade == 5 and not found["against_better"]:
        grade = 4
    return grade, "; ".join([*(w for _, _, w in factors), *([note] if note else [])])


def grade_claims(table: pd.DataFrame, signals: pd.DataFrame, evidence: pd.DataFrame, sources: pd.DataFrame,
                 settings: ReliabilitySettings) -> pd.DataFrame:
    """The claims table plus ``source_grade``, ``claim_grade`` (1-6) and ``grade_factors``."""
    letters = dict(zip(sources["speaker_id"], sources["grade"])) if len(sources) else {}
    results = []
    columns = ("support", *SPLIT)
    for sig, ev, reason in zip(_dicts(signals), _dicts(evidence), table["nonclaim_reason"].tolist()):
        letter = letters.get(sig["source_key"], "")
        found = _collect({name: [ev[name]] for name in columns}, {sig["group"]})
        results.append((letter, *_claim_grade(sig, found, letter, settings, reason, ev["ugc"])))
    out = table.copy()
    out["source_grade"] = [r[0] for r in results]
    out["claim_grade"] = pd.Series([r[1] for r in results], index=out.index, dtype="int64")
    out["grade_factors"] = [r[2] for r in results]
    if "group" not in out:
        out["group"] = signals["group"].values
    return out


# --- public entry points -------------------------------------------------------------------

def assess(claims: pd.DataFrame, findings: list[Finding], documents: list[Document],
           settings: ReliabilitySettings | None = None, prior_ratings: pd.DataFrame | None = None,
           track_record: pd.DataFrame | None = None) -> Reliability:
    """Grade every source (A-F) and claim (1-6) from the claims table and the findings.

    Two passes: a preliminary letter from access and corroboration decides, for every conflict,
    which side is better-graded; only contradiction by a better-graded independent source then
    counts against a source. ``prior_ratings`` (from :func:`load_prior_ratings`) and
    ``track_record`` (from :meth:`claims.registry.Registry.record`) are optional. With
    ``settings.registry`` set and no ``track_record`` given, the registry is read (earlier runs
    only) and this run's counts are added to it.
    """
    settings = resolve_settings(settings)
    if prior_ratings is None and settings.prior_ratings:
        prior_ratings = load_prior_ratings(settings.prior_ratings)
    registry, run = None, ""
    if track_record is None and settings.registry:
        from .registry import Registry, run_fingerprint

        registry, run = Registry(settings.registry), run_fingerprint(documents)
        track_record = registry.record(exclude_run=run)
    table = _prepare(claims)
    signals = claim_signals(table, documents)
    signals["group"] = independence_groups(table, documents).astype(str).values if len(table) else []
    evidence = finding_evidence(findings, signals, settings.rules)
    profiles = source_profiles(signals, evidence, settings.rules)
    letters = standing_letters(profiles, settings, prior_ratings, track_record)
    evidence = split_by_standing(evidence, signals, letters)
    profiles = source_profiles(signals, evidence, settings.rules)
    sources = grade_sources(profiles, settings, prior_ratings, track_record)
    graded = grade_claims(table, signals, evidence, sources, settings)
    sources = _sort_sources(sources.reindex(columns=SOURCES_COLUMNS))
    if registry is not None:
        registry.add(run, _corpus_name(documents), sources)
    ugc = frozenset(signals.loc[signals["ugc"].astype(bool), "id"].astype(str)) if len(signals) else frozenset()
    return Reliability(sources=sources, claims=graded, groups=group_table(signals), user_generated=ugc)


def _corpus_name(documents: list[Document]) -> str:
    outlets = sorted({d.outlet for d in documents if d.outlet})
    return f"{len(documents)} documents" + (f" from {', '.join(outlets[:5])}" if outlets else "")


def _sort_sources(sources: pd.DataFrame) -> pd.DataFrame:
    if sources.empty:
        return sources.reset_index(drop=True)
    order = sources["grade"].map("ABCDEF".index)
    keyed = sources.assign(_order=order, _neg=-sources["score"].astype(float))
    return keyed.sort_values(["_order", "_neg", "source", "speaker_id"]).drop(columns=["_order", "_neg"]).reset_index(drop=True)


def sources_table(reliability: Reliability) -> pd.DataFrame:
    """``sources.csv``: source, outlet, kind, side, profile counts, grade, factors (then score,
    group, speaker_id for tracing), best grade first."""
    return reliability.sources.reindex(columns=SOURCES_COLUMNS).copy()


def annotate_findings(findings: list[Finding], reliability: Reliability) -> list[Finding]:
    """Copies of ``findings`` whose ``a`` and ``b`` claims carry source_grade, claim_grade and
    grade_factors (claims not in the table are left as they are); a user-generated side is
    dropped from ``independent_sources``, since it never counts as one."""
    cols = ["source_grade", "claim_grade", "grade_factors"]
    table = reliability.claims.drop_duplicates("id").set_index("id")[cols]
    lookup = {str(cid): {"source_grade": str(r[0]), "claim_grade": int(r[1]), "grade_factors": str(r[2])}
              for cid, r in zip(table.index, table.itertuples(index=False))}
    out = []
    for f in findings:
        ugc = {str(side.get("group")) for side in (f.a, f.b) if str(side.get("id")) in reliability.user_generated}
        independent = [g for g in f.independent_sources if g not in ugc] if ugc else f.independent_sources
        out.append(replace(f, a={**f.a, **lookup.get(str(f.a.get("id")), {})}, b={**f.b, **lookup.get(str(f.b.get("id")), {})},
                           independent_sources=independent))
    return out
