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
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Sequence

import jinja2

from . import store
from .records import CONFLICT_KINDS

TEMPLATES = Path(__file__).resolve().parent / "templates"
REPORT_FORMATS = ("html", "md")
CONTEXT_CHARS = 600
KIND_LABELS = {
    "contradiction": "Contradiction",
    "competing_explanation": "Competing explanation",
    "numeric_mismatch": "Numeric mismatch",
    "date_mismatch": "Date mismatch",
    "corroboration": "Corroboration",
    "elaboration": "Elaboration",
    "unrelated": "Unrelated",
}
SETTLE = {
    "contradiction": "What record or independent witness would show which account is true?",
    "competing_explanation": "Could both causes be true at once, and what evidence would tell them apart?",
    "numeric_mismatch": "Which figure rests on a documented count, and were both counted at the same time?",
    "date_mismatch": "Which date is backed by a dated record, such as a timestamped report or document?",
}


# --- small value helpers ------------------------------------------------------------------

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
    return speaker_id.startswith("anon:") or "anon" in kind or not _s(side.get("speaker"))


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
        hops = [_s(side.get("speaker")) or "Unattributed"]
    for extra in (_s(side.get("via_outlet")), _s(side.get("outlet"))):
        if extra and extra.lower() not in (h.lower() for h in hops):
            hops.append(extra)
    return hops
