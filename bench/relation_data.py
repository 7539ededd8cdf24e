"""Training and held-out pairs for the relation model: real labelled pairs and FactCC-style
synthetic pairs made from real news sentences.

Real pairs
- Emergent train (``emergent-train/labels.json``): headlines about one claim; for vs against =
  contradiction, for vs for and against vs against = corroboration, observing vs for = elaboration,
  headlines of two different claims = unrelated. Split by claim id (``is_heldout_claim``).
- FNC-1 (see train_relations.load_fnc): headline vs body snippet, split by headline.
- SNLI dev subset (a minor share), bench/data/news_pairs.jsonl train split.

Synthetic pairs (``synthetic_pairs``): sentences of PolNeAR train articles and FNC-1 bodies,
parsed once, transformed by one labelled edit each: a number, a count in words, a date, a clock
time, a place, an agent, negation, an antonym or evaluation flip, a swapped cause
(conflicts); a shortened copy, a re-attribution, digits written as words (corroboration);
another sentence of the same article sharing words ("same event, different facet",
elaboration) and a sentence of another article (unrelated). Generator v2 adds, from its own
random stream (the v1 pairs are unchanged), rewordings of the same sentences (an adverbial
moved, the tense shifted, listed synonyms, often with a shortening: corroboration) and conflict
edits whose edited side is also reworded (``paraphrase_pairs``). ``GENERATOR`` and the seed are
recorded with the set so it rebuilds identically.
"""
from __future__ import annotations

import hashlib
import json
import random
import re
from collections import defaultdict
from pathlib import Path

GENERATOR = "relation_data.synthetic_pairs v2"


def claim(text: str, speaker: str = "") -> dict:
    """A minimal claim row for a bare sentence."""
    return {"text": text, "sentence": text, "speaker": speaker, "speaker_id": speaker.lower().replace(" ", "-")}


def _bucket(key: str) -> int:
    return int(hashlib.md5(key.encode("utf-8")).hexdigest(), 16) % 4


def is_heldout_claim(claim_id: str) -> bool:
    """A stable 25 % of Emergent claims is held out for evaluation (split by claim, never by pair)."""
    return _bucket(claim_id) == 0


# ---- Emergent -----------------------------------------------------------------------------------

def load_emergent(data: Path, heldout: bool, per_claim: int = 12, seed: int = 0,
                  exclude_headlines: frozenset = frozenset()) -> list[tuple]:
    """(a, b, label, group) headline pairs within Emergent claims of one side of the split."""
    path = data / "emergent-train" / "labels.json"
    if not path.is_file():
        return []
    rows = json.loads(path.read_text(encoding="utf-8"))
    by_claim: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        head = " ".join(str(r.get("headline") or "").split())
        if head and is_heldout_claim(r["claim"]) == heldout and head not in exclude_headlines:
            if head not in by_claim[r["claim"]][r["stance"]]:
                by_claim[r["claim"]][r["stance"]].append(head)
    rng = random.Random(seed)
    out: list[tuple] = []
    claims = sorted(by_claim)
    for cid in claims:
        side = by_claim[cid]
        fors, against, obs = side.get("for", []), side.get("against", []), side.get("observing", [])
        groups = (([(x, y) for x in fors for y in against], "contradiction"),
                  (_within(fors) + _within(against), "corroboration"),
                  ([(x, y) for x in obs for y in fors], "elaboration"))
        for pairs, label in groups:
            rng.shuffle(pairs)
            out += [(claim(x, "outlet a"), claim(y, "outlet b"), label, f"emergent:{cid}") for x, y in pairs[:per_claim]]
    heads = [(cid, h) for cid in claims for stance in by_claim[cid].values() for h in stance]
    for _ in range(len(claims) * 2):
        (ca, ha), (cb, hb) = rng.sample(heads, 2) if len(heads) > 1 else (heads[0], heads[0])
        if ca != cb:
            out.append((claim(ha, "outlet a"), claim(hb, "outlet b"), "unrelated", f"emergent:{ca}"))
    return out


def emergent_headlines(data: Path, heldout: bool) -> frozenset:
    path = data / "emergent-train" / "labels.json"
    if not path.is_file():
        return frozenset()
    rows = json.loads(path.read_text(encoding="utf-8"))
    return frozenset(" ".join(str(r.get("headline") or "").split()) for r in rows if is_heldout_claim(r["claim"]) == heldout)


def _within(items: list[str]) -> list[tuple[str, str]]:
    return [(items[i], items[j]) for i in range(len(items)) for j in range(i + 1, len(items))]


# ---- source sentences ---------------------------------------------------------------------------

def _split_sentences(text: str) -> list[str]:
    parts = re.split(r"(?:(?<=[.!?])|(?<=[.!?][\"”’']))\s+(?=[A-Z“\"])|\n+", text)
    return [" ".join(p.split()) for p in parts]


def _good(sentence: str) -> bool:
    words = sentence.split()
    return 8 <= len(words) <= 40 and sentence[-1] in ".\"”" and sentence[0].isupper() and "http" not in sentence \
        and sentence.count('"') % 2 == 0 and not re.search(r"[|@#]|\b(click|subscribe|photo|image)\b", sentence, re.I)


def news_sentences(data: Path, n_articles: int = 700, per_article: int = 6, seed: int = 0,
                   fnc_bodies: bool = True) -> list[tuple[str, str]]:
    """(article id, sentence) from PolNeAR train articles and FNC-1 bodies, a seeded sample."""
    import csv

    rng = random.Random(seed)
    articles: list[tuple[str, str]] = []
    folder = data / "polnear-train" / "docs"
    if folder.is_dir():
        articles += [(f"polnear:{p.name}", p.read_text(encoding="utf-8", errors="replace")) for p in sorted(folder.glob("*.txt"))]
    bodies = data / "fnc1" / "train_bodies.csv"
    if fnc_bodies and bodies.is_file():
        csv.field_size_limit(10_000_000)
        with open(bodies, encoding="utf-8") as fh:
            articles += [(f"fnc:{r['Body ID']}", r["articleBody"]) for r in csv.DictReader(fh)]
    rng.shuffle(articles)
    out = []
    for aid, text in articles[:n_articles]:
        sents = [s for s in _split_sentences(text) if _good(s)]
        rng.shuffle(sents)
        out += [(aid, s) for s in sents[:per_article]]
    return out


# ---- edits ---------------------------------------------------------------------------------------

COUNT_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
               "fifteen", "twenty", "thirty", "forty", "fifty", "a dozen", "dozens of", "hundreds of", "thousands of")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# surface-form opposites (evaluations, outcomes, directions); both directions are used
OPPOSITES = (
    ("approved", "rejected"), ("rose", "fell"), ("increased", "decreased"), ("won", "lost"), ("accepted", "rejected"),
    ("confirmed", "denied"), ("opened", "closed"), ("passed", "failed"), ("supported", "opposed"), ("allowed", "banned"),
    ("safe", "unsafe"), ("higher", "lower"), ("more", "fewer"), ("before", "after"), ("guilty", "innocent"),
    ("legal", "illegal"), ("increase", "decrease"), ("rise", "fall"), ("success", "failure"),
    ("successful", "unsuccessful"), ("strong", "weak"), ("stronger", "weaker"), ("large", "small"), ("first", "last"),
    ("majority", "minority"), ("positive", "negative"), ("agreed", "refused"), ("arrested", "released"),
    ("improved", "worsened"), ("gained", "lost"), ("raised", "lowered"), ("expanded", "reduced"), ("true", "false"),
    ("alive", "dead"), ("included", "excluded"), ("lifted", "imposed"), ("began", "ended"), ("started", "stopped"),
    ("easy", "difficult"), ("cheap", "expensive"), ("early", "late"), ("best", "worst"), ("always", "never"),
    ("support", "oppose"), ("win", "lose"), ("wins", "loses"), ("winning", "losing"), ("leading", "trailing"),
    ("ahead", "behind"), ("praised", "criticized"), ("welcomed", "condemned"), ("allies", "rivals"),
    ("friendly", "hostile"), ("growth", "decline"), ("gains", "losses"), ("profit", "loss"), ("surplus", "deficit"),
    ("popular", "unpopular"), ("likely", "unlikely"), ("possible", "impossible"), ("able", "unable"),
    ("Democrat", "Republican"), ("Democrats", "Republicans"), ("Democratic", "Republican"), ("liberal", "conservative"),
    ("up", "down"), ("high", "low"), ("full", "empty"), ("entered", "left"), ("joined", "quit"), ("hired", "fired"),
)
AUX = ("was", "were", "is", "are", "has", "have", "had", "will", "would", "can", "could", "did", "does", "do", "should")
CAUSE_CUE = r"\b(because of|due to|as a result of|owing to|in response to|following|after|because)\b"
SPEAKERS = ("officials", "witnesses", "a spokesman", "the agency", "local media", "analysts", "police", "the company")
NAME_LABELS = {"GPE": "place", "LOC": "place", "FAC": "place", "PERSON": "agent", "ORG": "agent", "NORP": "agent"}


def _opposites() -> dict[str, str]:
    out: dict[str, str] = {}
    for x, y in OPPOSITES:
        out.setdefault(x, y)
        out.setdefault(y, x)
    return out


def _replace(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def edit_number(doc, rng) -> str | None:
    nums = [t for t in doc if t.like_num and re.fullmatch(r"\d[\d,.]*", t.text) and not re.fullmatch(r"(19|20)\d\d", t.text)
            and t.ent_type_ not in ("DATE", "TIME", "ORDINAL")]
    if not nums:
        return None
    tok = rng.choice(nums)
    try:
        value = float(tok.text.replace(",", ""))
    except ValueError:
        return None
    factor = rng.choice((0.25, 0.4, 0.5, 2, 3, 5))
    new = value * factor + (rng.randint(1, 9) if value < 20 else 0)
    new_text = f"{new:,.0f}" if value >= 1 or new >= 1 else f"{new:.2f}"
    if new_text == tok.text:
        return None
    return _replace(doc.text, tok.idx, tok.idx + len(tok.text), new_text)


def edit_count_word(doc, rng) -> str | None:
    lower = doc.text.lower()
    hits = [m for w in COUNT_WORDS for m in re.finditer(rf"\b{w}\b", lower)]
    hits = [m for m in hits if not (m.group() == "one" and re.match(r"\s+of\b", lower[m.end():]))]
    if not hits:
        return None
    m = rng.choice(hits)
    other = rng.choice([w for w in COUNT_WORDS if w != m.group() and not (w.endswith(" of") != m.group().endswith(" of"))])
    new = other.capitalize() if doc.text[m.start()].isupper() else other
    return _replace(doc.text, m.start(), m.end(), new)


def edit_date(doc, rng) -> str | None:
    for names in (WEEKDAYS, MONTHS):
        found = [m for n in names for m in re.finditer(rf"\b{n}\b", doc.text)]
        if found:
            m = rng.choice(found)
            return _replace(doc.text, m.start(), m.end(), rng.choice([n for n in names if n != m.group()]))
    years = [t for t in doc if re.fullmatch(r"(19|20)\d\d", t.text) and t.ent_type_ == "DATE"]
    if years:
        tok = rng.choice(years)
        return _replace(doc.text, tok.idx, tok.idx + 4, str(int(tok.text) + rng.choice((-3, -2, -1, 1, 2))))
    return None


def edit_clock(doc, rng) -> str | None:
    m = re.search(r"\b(\d{1,2})(?::(\d\d))?\s?(a\.m\.|p\.m\.|am|pm)|\b(\d{1,2}):(\d\d)\b", doc.text)
    if not m:
        return None
    hour = int(m.group(1) or m.group(4))
    minute = int(m.group(2) or m.group(5) or 0)
    total = (hour * 60 + minute + rng.choice((-1, 1)) * rng.choice((25, 40, 90, 150))) % (12 * 60)
    h, mm = divmod(total, 60)
    h = h or 12
    new = f"{h}:{mm:02d}" + (f" {m.group(3)}" if m.group(3) else "")
    return _replace(doc.text, m.start(), m.end(), new)


def edit_name(doc, rng, pool: dict[str, list[str]], role: str) -> str | None:
    ents = [e for e in doc.ents if NAME_LABELS.get(e.label_) == role]
    if role == "agent":
        ents = [e for e in ents if any(t.dep_ in ("nsubj", "nsubjpass", "poss", "pobj", "dobj", "compound") for t in e)]
    if not ents:
        return None
    ent = rng.choice(ents)
    choices = [x for x in pool.get(ent.label_, []) if x.lower() != ent.text.lower() and x.lower() not in doc.text.lower()]
    if not choices:
        return None
    return _replace(doc.text, ent.start_char, ent.end_char, rng.choice(choices))


def edit_negate(doc, rng) -> str | None:
    text = doc.text
    neg = [t for t in doc if t.dep_ == "neg" and t.lower_ in ("not", "n't", "never")]
    if neg and rng.random() < 0.4:
        tok = neg[0]
        start = tok.idx - (1 if tok.lower_ != "n't" and tok.idx > 0 and text[tok.idx - 1] == " " else 0)
        return _replace(text, start, tok.idx + len(tok.text), "")
    for tok in doc:
        if tok.lower_ in AUX and tok.pos_ == "AUX" and not any(c.dep_ == "neg" for c in tok.head.children):
            return _replace(text, tok.idx + len(tok.text), tok.idx + len(tok.text), " not")
    verbs = [t for t in doc if t.pos_ == "VERB" and t.dep_ == "ROOT" and t.tag_ in ("VBD", "VBZ", "VBP")]
    if verbs:
        tok = verbs[0]
        aux = {"VBD": "did not", "VBZ": "does not", "VBP": "do not"}[tok.tag_]
        return _replace(text, tok.idx, tok.idx + len(tok.text), f"{aux} {tok.lemma_}")
    return None


def edit_opposite(doc, rng) -> str | None:
    opp = _opposites()
    hits = [t for t in doc if t.text in opp or t.lower_ in opp]
    if not hits:
        return None
    tok = rng.choice(hits)
    new = opp.get(tok.text) or opp[tok.lower_]
    new = new.capitalize() if tok.text[0].isupper() and not new[0].isupper() else new
    return _replace(doc.text, tok.idx, tok.idx + len(tok.text), new)


def cause_spans(doc) -> list[str]:
    out = []
    for m in re.finditer(CAUSE_CUE, doc.text):
        tail = re.split(r"[,;.:!?]", doc.text[m.end():], maxsplit=1)[0].strip()
        if 2 <= len(tail.split()) <= 10:
            out.append(tail)
    return out


def edit_cause(doc, rng, causes: list[str]) -> str | None:
    m = next(re.finditer(CAUSE_CUE, doc.text), None)
    if m is None or not causes:
        return None
    tail = re.split(r"[,;.:!?]", doc.text[m.end():], maxsplit=1)[0]
    if not 2 <= len(tail.split()) <= 10:
        return None
    other = rng.choice([c for c in causes if c != tail.strip()] or [""])
    return _replace(doc.text, m.end(), m.end() + len(tail), " " + other) if other else None


def compress(text: str, rng) -> str | None:
    """A shorter copy that keeps the main clause: drop an attribution, a parenthetical or a trailing clause."""
    for pattern in (r",\s+(?:he|she|they|officials?|[A-Z][\w.]*(?:\s[A-Z][\w.]*){0,3})\s+(?:said|says|told [\w\s]+|added)\s*\.$",
                    r"\s+\([^)]{3,80}\)", r",\s+(?:which|who|where|while|although|as)\b[^,]*(?=[,.])"):
        m = re.search(pattern, text)
        if m:
            new = (text[:m.start()] + text[m.end():]).strip()
            new = new if new.endswith(".") else new.rstrip(",;") + "."
            if len(new.split()) >= 6 and new != text:
                return new
    parts = text.rsplit(", ", 1)
    if len(parts) == 2 and len(parts[0].split()) >= 8 and rng.random() < 0.7:
        return parts[0].rstrip(",;") + "."
    return None


LOWER_STARTS = frozenset(("the", "a", "an", "it", "he", "she", "they", "we", "this", "that", "these", "those", "in",
                          "on", "at", "after", "before", "when", "while", "some", "many", "most", "more", "no", "one"))


def reattribute(text: str, rng) -> str | None:
    text = re.sub(r",? (?:the )?\w+(?: \w+)? said\.?$", ".", text).rstrip(".")
    if not text or text.split()[0].lower() not in LOWER_STARTS:
        return None
    return f"{rng.choice(SPEAKERS).capitalize()} said {text[0].lower() + text[1:]}."


NUMBER_NAMES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")


def number_format(doc, rng) -> str | None:
    """The same count written in words (3 -> three) or digits: compatible, not a conflict."""
    for tok in doc:
        if re.fullmatch(r"\d{1,2}", tok.text) and int(tok.text) < len(NUMBER_NAMES) and tok.ent_type_ not in ("DATE", "TIME"):
            return _replace(doc.text, tok.idx, tok.idx + len(tok.text), NUMBER_NAMES[int(tok.text)])
        if tok.lower_ in NUMBER_NAMES[2:]:
            return _replace(doc.text, tok.idx, tok.idx + len(tok.text), str(NUMBER_NAMES.index(tok.lower_)))
    return None


# ---- paraphrases (generator v2): the same claim in other words -------------------------------------

MOVABLE_DEPS = frozenset(("prep", "advmod", "npadvmod", "advcl", "obl"))


def move_adverbial(doc, rng) -> str | None:
    """The same sentence with a fronted adverbial moved to the end, or a final one to the front:
    "In May, the museum closes." <-> "The museum closes in May." A paraphrase, not a conflict."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or len(doc) < 5:
        return None
    text = doc.text.rstrip()
    end_punct = text[-1] if text[-1] in ".!?" else ""
    embedded = any(c.dep_ in ("ccomp", "xcomp") and c.i > root.i for c in root.children)
    for child in root.children:
        if child.dep_ not in MOVABLE_DEPS or child.i >= root.i or embedded:
            continue
        left, right = child.left_edge.i, child.right_edge.i
        if left != 0 or right + 1 >= len(doc) or doc[right + 1].text != ",":
            continue
        phrase = doc[left:right + 1].text
        rest = doc[right + 2:].text.rstrip()
        rest = rest[:-1] if rest and rest[-1] in ".!?" else rest
        if len(rest.split()) < 3 or '"' in rest or "\u201c" in rest:
            return None
        first = doc[left]
        phrase = phrase if first.pos_ == "PROPN" or first.text == "I" else phrase[0].lower() + phrase[1:]
        rest = rest[0].upper() + rest[1:]
        return f"{rest} {phrase}{end_punct or '.'}"
    kids = [c for c in root.children if c.dep_ in MOVABLE_DEPS and c.i > root.i]
    if kids:
        child = kids[-1]
        left, right = child.left_edge.i, child.right_edge.i
        tail = doc[right + 1:]
        if all(t.is_punct for t in tail) and right - left < 8 and doc[left - 1].text != ",":
            phrase = doc[left:right + 1].text
            rest = doc[:left].text.rstrip(" ,")
            first = doc[0]
            rest = rest if first.pos_ == "PROPN" or first.text == "I" else rest[0].lower() + rest[1:]
            if len(rest.split()) >= 3:
                return f"{phrase[0].upper() + phrase[1:]}, {rest}{end_punct or '.'}"
    return None


PRESENT = {"said": "says", "told": "tells", "added": "adds", "warned": "warns", "announced": "announces",
           "reported": "reports", "confirmed": "confirms", "insisted": "insists", "claimed": "claims"}
PAST = {v: k for k, v in PRESENT.items()}


def _plural(verb) -> bool:
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is not None and (subj.tag_ in ("NNS", "NNPS") or subj.lower_ in ("they", "we", "i", "you")
                                 or any(c.dep_ == "cc" for c in subj.children))


def third_person(lemma: str) -> str:
    if re.search(r"(?:s|sh|ch|x|z|o)$", lemma):
        return lemma + "es"
    if re.search(r"[^aeiou]y$", lemma):
        return lemma[:-1] + "ies"
    return lemma + "s"


def shift_tense(doc, rng) -> str | None:
    """The reporting verb in the other tense ("said" <-> "says"), "will close" -> "closes", or
    "has Xed" -> "Xed": the same claim in other words."""
    for tok in doc:
        low = tok.lower_
        if low in PRESENT and tok.tag_ == "VBD":
            return _replace(doc.text, tok.idx, tok.idx + len(tok.text), tok.lemma_.lower() if _plural(tok) else PRESENT[low])
        if low in PAST and tok.tag_ == "VBZ":
            return _replace(doc.text, tok.idx, tok.idx + len(tok.text), PAST[low])
    for tok in doc:
        if tok.lower_ == "will" and tok.dep_ == "aux" and tok.head.tag_ == "VB" and tok.head.i == tok.i + 1 \
                and tok.head.lemma_ not in ("be", "have") and not _plural(tok.head):
            verb = tok.head
            return _replace(doc.text, tok.idx, verb.idx + len(verb.text), third_person(verb.text))
    for tok in doc:
        if tok.lower_ in ("has", "have") and tok.dep_ == "aux" and tok.head.tag_ == "VBN" and tok.head.i == tok.i + 1:
            verb = tok.head
            if verb.text.endswith("ed"):  # a regular participle is also the simple past
                return _replace(doc.text, tok.idx, verb.idx + len(verb.text), verb.text)
    return None


# Word forms that can replace each other in news copy without changing the claim (both ways).
SYNONYMS = (
    ("approved", "backed"), ("rejected", "turned down"), ("began", "started"), ("begin", "start"),
    ("ended", "finished"), ("bought", "purchased"), ("rose", "climbed"), ("fell", "dropped"),
    ("arrested", "detained"), ("resigned", "stepped down"), ("officials", "authorities"),
    ("residents", "locals"), ("children", "kids"), ("car", "vehicle"), ("showed", "indicated"),
    ("big", "large"), ("quickly", "rapidly"), ("announced", "said"), ("attack", "assault"),
    ("soldiers", "troops"), ("nearly", "almost"), ("roughly", "approximately"), ("wants to", "seeks to"),
    ("enough", "sufficient"), ("company", "firm"), ("agreement", "deal"),
)
# ... and these only before a number ("about 40" = "around 40"; "about the plan" is not).
NUMBER_SYNONYMS = (("about", "around"), ("more than", "over"), ("nearly", "close to"), ("at least", "no fewer than"))


def swap_synonyms(text: str, rng, most: int = 2) -> str | None:
    """Up to ``most`` words replaced by a listed synonym (first letter's case kept)."""
    hits = []
    for x, y, after in [(x, y, "") for x, y in SYNONYMS] + [(x, y, r"(?=\s\d)") for x, y in NUMBER_SYNONYMS]:
        for old, new in ((x, y), (y, x)):
            for m in re.finditer(rf"\b{re.escape(old)}\b{after}", text, flags=re.IGNORECASE):
                hits.append((m.start(), m.end(), new))
    rng.shuffle(hits)
    chosen: list[tuple[int, int, str]] = []
    for start, end, new in hits:
        if len(chosen) < most and all(end <= a or start >= b for a, b, _ in chosen):
            chosen.append((start, end, new))
    for start, end, new in sorted(chosen, reverse=True):
        new = new[0].upper() + new[1:] if text[start].isupper() else new
        text = _replace(text, start, end, new)
    return text if chosen else None


def paraphrase_pairs(docs, seed: int = 0) -> list[tuple]:
    """Corroborations that reword a real sentence (an adverbial moved, the tense shifted, synonyms,
    often two at once), and conflicts whose edited side is also reworded, so that neither label
    can be read off how different the wording is. Its own random stream: the v1 pairs stay as they were."""
    rng = random.Random(seed + 7919)
    edits = (edit_number, edit_negate, edit_opposite, edit_date)
    out: list[tuple] = []
    for doc in docs:
        text = doc.text
        moved, shifted = move_adverbial(doc, rng), shift_tense(doc, rng)
        new = moved if moved and (rng.random() < 0.7 or not shifted) else shifted or text
        if rng.random() < 0.6 or new == text:
            new = swap_synonyms(new, rng) or new
        if rng.random() < 0.25:
            new = compress(new, rng) or new
        if new != text:
            out.append(_pair(text, new, "corroboration", "synthetic:paraphrase", rng))
        if rng.random() < 0.3:
            edit = rng.choice(edits)
            label = "numeric_mismatch" if edit is edit_number else "date_mismatch" if edit is edit_date else "contradiction"
            changed = edit(doc, rng)
            reworded = swap_synonyms(changed, rng) if changed and changed != text else None
            if reworded and reworded != changed:
                out.append(_pair(text, reworded, label, "synthetic:reworded-" + edit.__name__[5:], rng))
    return out


CONFLICT_EDITS = (("number", "numeric_mismatch"), ("count", "numeric_mismatch"), ("date", "date_mismatch"),
                  ("clock", "date_mismatch"), ("place", "contradiction"), ("agent", "contradiction"),
                  ("negate", "contradiction"), ("opposite", "contradiction"), ("cause", "competing_explanation"))


def synthetic_pairs(nlp, sentences: list[tuple[str, str]], seed: int = 0, facts: dict | None = None) -> list[tuple]:
    """Labelled (a, b, label, group) pairs from (article id, sentence) rows; see the module docstring.
    ``facts`` (text -> ClaimFacts), when given, receives the facts of the parsed source sentences."""
    from claims.detectors import extract_facts

    rng = random.Random(seed)
    docs = list(nlp.pipe([s for _, s in sentences], batch_size=128))
    if facts is not None:
        facts.update((doc.text, extract_facts(doc)) for doc in docs if doc.text not in facts)
    pool: dict[str, list[str]] = defaultdict(list)
    causes: list[str] = []
    for doc in docs:
        for e in doc.ents:
            if e.label_ in NAME_LABELS and 1 <= len(e) <= 4 and e.text[0].isupper() and e.text not in pool[e.label_]:
                pool[e.label_].append(e.text)
        causes += cause_spans(doc)
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, (aid, _) in enumerate(sentences):
        by_article[aid].append(i)
    edits = {"number": lambda d: edit_number(d, rng), "count": lambda d: edit_count_word(d, rng),
             "date": lambda d: edit_date(d, rng), "clock": lambda d: edit_clock(d, rng),
             "place": lambda d: edit_name(d, rng, pool, "place"), "agent": lambda d: edit_name(d, rng, pool, "agent"),
             "negate": lambda d: edit_negate(d, rng), "opposite": lambda d: edit_opposite(d, rng),
             "cause": lambda d: edit_cause(d, rng, causes)}
    out: list[tuple] = []
    for i, ((aid, text), doc) in enumerate(zip(sentences, docs)):
        made = 0
        order = list(CONFLICT_EDITS)
        rng.shuffle(order)
        for name, label in order:
            new = edits[name](doc)
            if new and new != text and made < 2:
                if rng.random() < 0.3:
                    new = compress(new, rng) or new
                out.append(_pair(text, new, label, f"synthetic:{name}", rng))
                made += 1
        for name, make in (("compress", compress), ("reattribute", reattribute), ("format", number_format)):
            new = make(doc, rng) if name == "format" else make(text, rng)
            if new and new != text and (name != "reattribute" or rng.random() < 0.35):
                out.append(_pair(text, new, "corroboration", f"synthetic:{name}", rng))
        siblings = [j for j in by_article[aid] if j != i]
        if siblings and rng.random() < 0.5:
            j = rng.choice(siblings)
            shared = {t.lemma_.lower() for t in doc if t.pos_ in ("NOUN", "PROPN", "VERB") and not t.is_stop} & \
                     {t.lemma_.lower() for t in docs[j] if t.pos_ in ("NOUN", "PROPN", "VERB") and not t.is_stop}
            if len(shared) >= 2:
                out.append(_pair(text, sentences[j][1], "elaboration", "synthetic:facet", rng))
        if rng.random() < 0.25:
            j = rng.randrange(len(sentences))
            if sentences[j][0] != aid:
                out.append(_pair(text, sentences[j][1], "unrelated", "synthetic:other", rng))
    return out + paraphrase_pairs(docs, seed)


def _pair(a: str, b: str, label: str, group: str, rng) -> tuple:
    """Random side order, so the model cannot learn that the edited text is always b."""
    a_, b_ = (a, b) if rng.random() < 0.5 else (b, a)
    return (claim(a_, "source a"), claim(b_, "source b"), label, group)


def write_jsonl(pairs: list[tuple], path: Path, meta: dict) -> None:
    """The built set with its generator and seed in the first line (for the record, not read back)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps({"meta": meta})] + [json.dumps({"a": a["text"], "b": b["text"], "label": lab, "group": g})
                                            for a, b, lab, g in pairs]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---- FNC-1 headline pairs ------------------------------------------------------------------------

def load_fnc_headlines(data: Path, test: bool, per_body: int = 6, seed: int = 0,
                       exclude_headlines: frozenset = frozenset()) -> list[tuple]:
    """(a, b, label, group) pairs of FNC-1 headlines written about one body: two that agree with it
    are lexically varied wordings of one claim (corroboration), one agreeing and one disagreeing
    conflict. Real paraphrases at scale, which one-word synthetic edits cannot teach."""
    import csv

    from train_relations import is_test_headline

    path = data / "fnc1" / "train_stances.csv"
    if not path.is_file():
        return []
    by_body: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    with open(path, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            head = " ".join(r["Headline"].split())
            if is_test_headline(r["Headline"]) == test and head not in exclude_headlines and head not in by_body[r["Body ID"]][r["Stance"]]:
                by_body[r["Body ID"]][r["Stance"]].append(head)
    rng = random.Random(seed)
    out: list[tuple] = []
    seen: set = set()
    for body in sorted(by_body):
        side = by_body[body]
        agree, disagree = side.get("agree", []), side.get("disagree", [])
        for pairs, label in ((_within(agree), "corroboration"), ([(x, y) for x in agree for y in disagree], "contradiction")):
            pairs = [p for p in pairs if frozenset(p) not in seen and p[0].lower() != p[1].lower()]
            rng.shuffle(pairs)
            for x, y in pairs[:per_body]:
                seen.add(frozenset((x, y)))
                out.append((claim(x, "outlet a"), claim(y, "outlet b"), label, f"fnc-headlines:{body}"))
    return out
