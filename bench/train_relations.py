"""Train the shipped relation model (claims/data/relation_model.joblib).

Training data (never SICK, never any held-out split):
- FNC-1 headline vs a body snippet (the lead sentence plus the two sentences sharing most words
  with the headline), claims (headlines) hashed into train/test;
  agree -> corroboration, disagree -> contradiction, discuss -> elaboration, unrelated -> unrelated;
- the SNLI dev subset (entailment -> corroboration, contradiction -> contradiction, neutral -> elaboration);
- the train split of bench/data/news_pairs.jsonl (hand-written, several domains);
- synthetic pairs made by transforming those news sentences and FNC train headlines
  (swap numbers, shift dates, negate, replace a cause, re-attribute).
That is ``--mix v1`` (the default, the shipped model's recipe). ``--mix factcc`` adds Emergent
train claims and FactCC-style edits of PolNeAR / FNC-1 body sentences (``relation_data``); it
measured worse on every held-out set (claims/data/RELATION_MODEL.md).

    .venv/bin/python bench/train_relations.py [--data ../shared/data] [--out claims/data/relation_model.joblib]

Parses and embeddings are cached in bench/out/relation_features.pkl (text -> facts / vector), so
a rerun or the evaluation only parses texts it has not seen; the facts are dropped when
claims/detectors/ or claims/lexicon.py change.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import pickle
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

NEWS = ROOT / "bench" / "data" / "news_pairs.jsonl"
FEATURE_CACHE = ROOT / "bench" / "out" / "relation_features.pkl"
FNC_MAP = {"agree": "corroboration", "disagree": "contradiction", "discuss": "elaboration", "unrelated": "unrelated"}
NLI_MAP = {"entailment": "corroboration", "contradiction": "contradiction", "neutral": "elaboration"}


def claim(text: str, speaker: str = "") -> dict:
    """A minimal claim row for a bare sentence."""
    return {"text": text, "sentence": text, "speaker": speaker, "speaker_id": speaker.lower().replace(" ", "-")}


def is_test_headline(headline: str) -> bool:
    """A stable 25 % of FNC-1 claims (headlines) is held out for evaluation."""
    return int(hashlib.md5(headline.encode("utf-8")).hexdigest(), 16) % 4 == 0


def _sentences(body: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+|\n+", body)
    return [p.strip() for p in parts if 30 <= len(p.strip()) <= 400]


def body_snippet(headline: str, body: str, best: int = 2) -> str:
    """The lead sentence plus the ``best`` sentences sharing most words with the headline, in body order."""
    words = {w for w in re.findall(r"[a-z]{4,}", headline.lower())}
    sents = _sentences(body) or [body[:300]]
    ranked = sorted(range(len(sents)), key=lambda i: -len(words & set(re.findall(r"[a-z]{4,}", sents[i].lower()))))
    keep = sorted({0, *ranked[:best]})
    return " ".join(sents[i] for i in keep)


def load_fnc(data: Path, test: bool, per_class: dict[str, int] | None = None, seed: int = 0) -> list[tuple]:
    """(a, b, label, stance) pairs from FNC-1: headline vs a body snippet (see ``body_snippet``)."""
    folder = data / "fnc1"
    if not (folder / "train_stances.csv").is_file():
        return []
    csv.field_size_limit(10_000_000)
    with open(folder / "train_bodies.csv", encoding="utf-8") as fh:
        bodies = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(fh)}
    with open(folder / "train_stances.csv", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if is_test_headline(r["Headline"]) == test and r["Body ID"] in bodies]
    random.Random(seed).shuffle(rows)
    counts: Counter = Counter()
    out = []
    for r in rows:
        stance = r["Stance"]
        if per_class is not None and counts[stance] >= per_class.get(stance, 0):
            continue
        counts[stance] += 1
        out.append((claim(r["Headline"]), claim(body_snippet(r["Headline"], bodies[r["Body ID"]])), FNC_MAP[stance], stance))
    return out


def load_snli(data: Path, split: str) -> list[tuple]:
    path = data / "nli" / f"snli_1.0_{split}.jsonl"
    if not path.is_file():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row.get("gold_label") in NLI_MAP:
            out.append((claim(row["sentence1"]), claim(row["sentence2"]), NLI_MAP[row["gold_label"]], row["gold_label"]))
    return out


def load_news(split: str) -> list[tuple]:
    rows = [json.loads(line) for line in NEWS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(r["a"], r["b"], r["label"], r["group"]) for r in rows if r["split"] == split]


# ---- synthetic transformations ----------------------------------------------------------------

EVENTS = ("The rebels withdrew from the city", "The plant was shut down", "The talks collapsed",
          "The minister resigned", "Flights were cancelled", "The bridge collapsed", "Prices rose sharply",
          "The team lost the match", "The hospital closed its emergency ward", "The outbreak spread quickly",
          "The company cut 500 jobs", "The trial was postponed", "Turnout fell", "The ceasefire broke down",
          "The power grid failed", "The harvest failed", "Thousands of people left the region",
          "The strike ended", "The prisoners were released", "The road was closed")
CAUSES = {
    "deal": ("an agreement brokered by mediators", "a deal between the two sides", "negotiations with the government"),
    "shortage": ("a lack of ammunition and weapons", "a shortage of fuel", "a lack of funding", "a shortage of food"),
    "force": ("heavy bombardment", "an armed assault on the area", "sustained pressure from the army"),
    "weather": ("a severe storm", "record rainfall", "extreme heat"),
    "technical": ("a software failure", "a mechanical fault", "poor maintenance"),
    "crime": ("sabotage", "fraud by senior managers", "a cyberattack"),
    "health": ("a virus outbreak among staff", "contaminated water"),
    "market": ("falling demand", "higher interest rates", "rising prices"),
}
CUES = ("due to", "because of", "as a result of", "following", "owing to")
SPEAKERS = ("officials", "witnesses", "a spokesman", "the agency", "local media", "analysts")


def _cause_pairs(rng: random.Random, n: int) -> list[tuple]:
    out = []
    frames = list(CAUSES)
    for _ in range(n):
        event = rng.choice(EVENTS)
        fa = rng.choice(frames)
        a = f"{event} {rng.choice(CUES)} {rng.choice(CAUSES[fa])}, {rng.choice(SPEAKERS)} said."
        if rng.random() < 0.6:
            fb = rng.choice([f for f in frames if f != fa])
            label = "competing_explanation"
        else:
            fb, label = fa, "corroboration"
        b = f"{event} {rng.choice(CUES)} {rng.choice(CAUSES[fb])}, according to {rng.choice(SPEAKERS)}."
        if rng.random() < 0.15 and label == "competing_explanation":
            a = f"Even without {rng.choice(CAUSES[fb])}, {event[0].lower() + event[1:]} anyway, {rng.choice(SPEAKERS)} said."
        out.append((claim(a, "source a"), claim(b, "source b"), label, "synthetic-cause"))
    return out


# v1 negates after these auxiliaries only (relation_data.AUX, the newer generator's, has more)
V1_AUX = ("was", "were", "is", "are", "has", "have", "had", "will", "would", "can", "could")


def _swap_number(text: str, rng: random.Random) -> str | None:
    nums = [m for m in re.finditer(r"\b\d[\d,]*\b", text) if not re.fullmatch(r"(19|20)\d\d", m.group())]
    if not nums:
        return None
    m = rng.choice(nums)
    value = int(m.group().replace(",", ""))
    new = value * rng.choice((3, 4, 5)) + rng.randint(2, 9) if rng.random() < 0.5 \
        else max(1, value // rng.choice((3, 4))) if value > 8 else value + 6
    return text[:m.start()] + f"{new:,}" + text[m.end():]


def _shift_date(text: str, rng: random.Random) -> str | None:
    from relation_data import MONTHS, WEEKDAYS

    for names in (WEEKDAYS, MONTHS):
        for name in names:
            if re.search(rf"\b{name}\b", text):
                other = rng.choice([n for n in names if n != name])
                return re.sub(rf"\b{name}\b", other, text, count=1)
    return None


def _negate(text: str) -> str | None:
    for aux in V1_AUX:
        m = re.search(rf"\b{aux}\b(?! not)", text)
        if m:
            return text[:m.end()] + " not" + text[m.end():]
    return None


def _reattribute(text: str, rng: random.Random) -> str:
    base = re.sub(r",? (the )?\w+( \w+)? said\.?$", ".", text).rstrip(".")
    return f"{rng.choice(SPEAKERS).capitalize()} said {base[0].lower() + base[1:]}." if base else text


def templated_pairs(sentences: list[str], seed: int = 0) -> list[tuple]:
    """The v1 synthetic pairs: each sentence with a number swapped, a weekday or month shifted,
    "not" inserted, or re-attributed (a corroboration), plus the cause templates and unrelated pairs."""
    rng = random.Random(seed)
    out = []
    for s in sentences:
        for make, label in ((lambda t: _swap_number(t, rng), "numeric_mismatch"), (lambda t: _shift_date(t, rng), "date_mismatch"),
                            (_negate, "contradiction"), (lambda t: _reattribute(t, rng), "corroboration")):
            new = make(s)
            if new and new != s:
                out.append((claim(s, "source a"), claim(new, "source b"), label, "synthetic"))
    out += _cause_pairs(rng, 400)
    others = list(sentences)
    rng.shuffle(others)
    out += [(claim(a, "source a"), claim(b, "source b"), "unrelated", "synthetic") for a, b in zip(sentences, others[:200]) if a != b]
    return out


def training_pairs_v1(data: Path, with_fnc: bool = True, with_snli: bool = True) -> list[tuple]:
    """The mix the shipped model was fitted on (2026-11-21): FNC-1 train claims (all agree and
    disagree rows), SNLI dev, own news train split x3 and ``templated_pairs`` of those sentences
    and FNC-1 headlines. Its FNC-1 rows include headlines of Emergent held-out claims (FNC-1 is
    built from Emergent), so its Emergent held-out figure is optimistic."""
    fnc = load_fnc(data, test=False, per_class={"agree": 10_000, "disagree": 10_000, "discuss": 1200, "unrelated": 600}) \
        if with_fnc else []
    news = load_news("train")
    sentences = [p[0]["text"] for p in news] + [p[1]["text"] for p in news]
    sentences += list(dict.fromkeys(p[0]["text"] for p in fnc if p[3] != "unrelated"))[:600]
    return fnc + (load_snli(data, "dev") if with_snli else []) + news * 3 + templated_pairs(list(dict.fromkeys(sentences)))


def training_pairs(data: Path, nlp=None, with_fnc: bool = True, with_emergent: bool = True, with_snli: bool = True,
                   n_articles: int = 700, seed: int = 0, facts: dict | None = None) -> list[tuple]:
    """Real labelled pairs (FNC-1 train claims, Emergent train claims with FNC-1 headline pairs, SNLI
    dev, own news train split x3) plus synthetic pairs from real news sentences and the cause
    templates; see the docstring. The headline pairs need both FNC-1 and Emergent switched on."""
    import relation_data as rd

    fnc = []
    if with_fnc:
        held = rd.emergent_headlines(data, heldout=True)
        fnc = [p for p in load_fnc(data, test=False, per_class={"agree": 10_000, "disagree": 10_000, "discuss": 1200, "unrelated": 600})
               if " ".join(p[0]["text"].split()) not in held]
    emergent = []
    if with_emergent:
        fnc_test = frozenset(" ".join(p[0]["text"].split()) for p in load_fnc(data, test=True))
        emergent = rd.load_emergent(data, heldout=False, per_claim=30, seed=seed, exclude_headlines=fnc_test)
        if with_fnc:
            emergent += rd.load_fnc_headlines(data, test=False, seed=seed, exclude_headlines=held)
    synth = synthetic_set(data, nlp, with_fnc=with_fnc, n_articles=n_articles, seed=seed, facts=facts) if nlp is not None else []
    news = load_news("train")
    causes = _cause_pairs(random.Random(seed), 400)
    return fnc + emergent + (load_snli(data, "dev") if with_snli else []) + news * 3 + causes + synth


SYNTH_CACHE = ROOT / "bench" / "out" / "relation_pairs_synthetic.jsonl"


def synthetic_set(data: Path, nlp, with_fnc: bool, n_articles: int, seed: int, facts: dict | None = None) -> list[tuple]:
    """The synthetic pairs, rebuilt when the generator, seed or sources change (else read back)."""
    import relation_data as rd

    meta = {"generator": rd.GENERATOR, "seed": seed, "n_articles": n_articles, "fnc_bodies": with_fnc,
            "source": "polnear-train docs + fnc1 train_bodies" if with_fnc else "polnear-train docs"}
    path = SYNTH_CACHE.with_name(f"{SYNTH_CACHE.stem}{'' if with_fnc else '_nofnc'}.jsonl")
    if path.is_file():
        lines = path.read_text(encoding="utf-8").splitlines()
        if json.loads(lines[0]).get("meta") == meta:
            rows = [json.loads(line) for line in lines[1:]]
            return [(claim(r["a"], "source a"), claim(r["b"], "source b"), r["label"], r["group"]) for r in rows]
    t0 = time.time()
    sentences = rd.news_sentences(data, n_articles=n_articles, seed=seed, fnc_bodies=with_fnc)
    pairs = rd.synthetic_pairs(nlp, sentences, seed=seed, facts=facts)
    rd.write_jsonl(pairs, path, meta)
    print(f"synthetic: {len(pairs)} pairs from {len(sentences)} sentences in {time.time() - t0:.0f} s -> {path}", flush=True)
    return pairs


def detectors_fingerprint() -> str:
    """Hash of the detector code and word lists: cached facts are stale when either changes."""
    digest = hashlib.md5()
    for path in sorted((ROOT / "claims" / "detectors").glob("*.py")) + [ROOT / "claims" / "lexicon.py"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load_store(path: Path = FEATURE_CACHE) -> dict:
    """The on-disk cache of parses and vectors (facts dropped when the detectors changed)."""
    store = pickle.loads(path.read_bytes()) if path.is_file() else {"facts": {}, "vectors": {}}
    if store.get("detectors") != detectors_fingerprint():
        store.update(facts={}, detectors=detectors_fingerprint())
    return store


def prepare(pairs: list, nlp, embedder, path: Path = FEATURE_CACHE, store: dict | None = None) -> tuple:
    """(FactCache, (ea, eb)) for the pairs, reading and extending the on-disk cache of parses and vectors."""
    import numpy as np

    from claims.detectors import FactCache
    from claims.relations import _normalise

    store = store if store is not None else load_store(path)
    cache = FactCache(nlp, facts=store["facts"], n_process=1)
    texts = list(dict.fromkeys(c["text"] for pair in pairs for c in pair[:2]))
    new = [t for t in texts if t not in cache.facts or t not in store["vectors"]]
    if new:
        t0 = time.time()
        cache.get(new)
        print(f"parsed {len(new)} texts in {time.time() - t0:.0f} s", flush=True)
        todo = [t for t in new if t not in store["vectors"]]
        if todo:
            vecs = _normalise(embedder.encode(todo, batch_size=64, show_progress_bar=False))
            store["vectors"].update(zip(todo, vecs.astype("float32")))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(store, protocol=pickle.HIGHEST_PROTOCOL))
        print(f"parsed and embedded {len(new)} new texts in {time.time() - t0:.0f} s", flush=True)
    vec = store["vectors"]
    return cache, (np.stack([vec[p[0]["text"]] for p in pairs]), np.stack([vec[p[1]["text"]] for p in pairs]))


def fit_scorer(pairs: list, labels: list, nlp, embedder, store: dict | None = None, **params):
    """A RelationScorer fitted on the pairs, using the feature cache."""
    from claims.relations import RelationScorer

    cache, emb = prepare(pairs, nlp, embedder, store=store)
    scorer = RelationScorer(nlp=nlp, embedder=embedder, cache=cache, **params)
    return scorer.fit([(p[0], p[1]) for p in pairs], labels, embeddings=emb)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--out", default=str(ROOT / "claims" / "data" / "relation_model.joblib"))
    parser.add_argument("--mix", default="v1", choices=("v1", "factcc"),
                        help="v1: the shipped model's training mix (templated edits); factcc: adds Emergent pairs and "
                             "FactCC-style edits of PolNeAR/FNC-1 sentences (measured worse on every held-out set)")
    parser.add_argument("--class-weight", default=None, choices=("none", "balanced"), help="default: none for v1, balanced for factcc")
    parser.add_argument("--no-fnc", action="store_true", help="leave FNC-1 (research-use data) out: its pairs and its bodies as sentence source")
    parser.add_argument("--no-emergent", action="store_true", help="leave the Emergent headline pairs out")
    parser.add_argument("--no-snli", action="store_true", help="leave the SNLI pairs (CC BY-SA 4.0) out")
    parser.add_argument("--articles", type=int, default=700, help="articles sampled for synthetic pairs")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic generator and samples")
    parser.add_argument("--calibration", default="isotonic", choices=("isotonic", "sigmoid", "none"))
    parser.add_argument("--single-model", action="store_true",
                        help="one calibrated boosted model instead of the 3 cross-validation models (a third of the trees to apply)")
    parser.add_argument("--rule-weight", type=float, default=None,
                        help="weight of the detectors' verdict when a structural detector fired (default: RelationScorer's)")
    parser.add_argument("--silent-rule-weight", type=float, default=None,
                        help="weight of the detectors' verdict when none fired (default: RelationScorer's)")
    parser.add_argument("--no-stack", action="store_true", help="no stacked logistic regression over the pair embedding (faster fit)")
    args = parser.parse_args()
    import torch

    torch.set_num_threads(2)
    from claims.models import load_embedder, load_nlp

    t0 = time.time()
    nlp = load_nlp()
    store = load_store()
    if args.mix == "v1":
        pairs = training_pairs_v1(Path(args.data), with_fnc=not args.no_fnc, with_snli=not args.no_snli)
    else:
        pairs = training_pairs(Path(args.data), nlp, with_fnc=not args.no_fnc, with_emergent=not args.no_emergent,
                               with_snli=not args.no_snli, n_articles=args.articles, seed=args.seed, facts=store["facts"])
    class_weight = args.class_weight or ("none" if args.mix == "v1" else "balanced")
    print("training pairs:", len(pairs), dict(Counter(p[2] for p in pairs)), flush=True)
    params = {"class_weight": None if class_weight == "none" else class_weight, "calibration": args.calibration,
              "stack_embeddings": not args.no_stack, "ensemble": not args.single_model}
    params.update({k: v for k, v in (("rule_weight", args.rule_weight), ("silent_rule_weight", args.silent_rule_weight))
                   if v is not None})
    scorer = fit_scorer(pairs, [p[2] for p in pairs], nlp, load_embedder(), store=store, **params)
    scorer.cache = None
    path = scorer.save(args.out)
    print(f"trained in {time.time() - t0:.0f} s (features cached in {FEATURE_CACHE.relative_to(ROOT)}); "
          f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
