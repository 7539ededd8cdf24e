"""Generate a synthetic news corpus: many small event stories told by several outlets.

Usage: .venv/bin/python bench/make_corpus.py OUT_DIR --articles 1000 [--seed 0]

Each story (a fire, flood, clash, strike, crash, protest, outbreak or election in an invented
town on a random date between 2010 and 2024) is reported by 3-6 outlets. Outlets disagree in
known ways: death tolls and crowd sizes (numeric mismatch), causes (competing explanation),
who holds a town (contradiction), and they spell the town differently ("al-Qusar", "Kusar",
"Qousar"). Articles quote named and anonymous sources, relay wire copy and carry background
sentences. Files are Markdown with front matter (outlet, published, title); ``OUT_gold.json``
(beside the folder) lists each story's planted conflicts. Deterministic for a given seed.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

OUTLETS = ["Daily Ledger", "Morning Post", "Evening Gazette", "Coastal Courier", "The Herald", "Valley Times",
           "Wire Service", "Capital Observer", "Northern Star", "The Chronicle", "Metro Daily", "Frontier News"]
CONSONANTS = ["b", "d", "h", "k", "kh", "m", "n", "q", "r", "s", "sh", "t", "z", "f", "l", "j"]
VOWELS = ["a", "i", "u", "ay", "ou"]
FIRST = ["Ahmad", "Karim", "Lena", "Maria", "Omar", "Sara", "Yusuf", "Nadia", "Tomas", "Elif", "Rania", "David"]
LAST = ["Haddad", "Nasser", "Okafor", "Petrov", "Silva", "Kowalski", "Mansour", "Brennan", "Tanaka", "Rahimi"]

STORIES = {
    "fire": dict(
        event="a fire at a {facility} in {town}", facility=["textile factory", "warehouse", "market", "hotel"],
        numbers=("people were killed", "dead"), causes=["an electrical fault", "arson", "a gas leak", "a discarded cigarette"],
        speakers=["the fire chief", "a police spokesman", "the owner", "a witness"]),
    "flood": dict(
        event="flooding in {town}", numbers=("people died", "dead"),
        causes=["days of heavy rain", "the failure of an upstream dam", "blocked drainage canals"],
        speakers=["the regional governor", "a rescue worker", "an engineer", "a resident"]),
    "clash": dict(
        event="fighting in {town}", numbers=("fighters were killed", "killed"),
        causes=["a lack of ammunition", "a deal negotiated by local elders", "hunger after a long siege"],
        speakers=["an army spokesman", "a rebel commander", "a monitoring group", "a local official"]),
    "strike": dict(
        event="a strike at the port of {town}", numbers=("workers walked out", "strikers"),
        causes=["a dispute over pay", "safety concerns after an accident", "plans to privatise the port"],
        speakers=["the union leader", "the port authority", "a dock worker", "the labour minister"]),
    "crash": dict(
        event="a train crash near {town}", numbers=("passengers were killed", "dead"),
        causes=["brake failure", "driver error", "a signalling fault", "poor maintenance of the track"],
        speakers=["the transport ministry", "a railway union official", "a survivor", "the investigators"]),
    "protest": dict(
        event="a protest in central {town}", numbers=("people joined the march", "protesters"),
        causes=["rising bread prices", "a disputed election", "the arrest of an opposition leader"],
        speakers=["the organisers", "the police", "a protester", "the mayor"]),
    "outbreak": dict(
        event="a cholera outbreak in {town}", numbers=("cases were confirmed", "cases"),
        causes=["contaminated well water", "spoiled food at a wedding", "a broken sewage pipe"],
        speakers=["the health ministry", "a doctor at the district hospital", "an aid agency", "a local teacher"]),
}
BACKGROUND = [
    "{town} lies about {km} kilometres from the regional capital and has a population of roughly {pop},000.",
    "The area has seen repeated unrest over the past decade, residents say.",
    "Local markets remained closed on {weekday} as residents waited for news.",
    "Aid convoys were expected to reach the area within days, officials said.",
    "The government has promised an independent inquiry.",
    "Phone lines to {town} were cut for several hours, making reports difficult to verify.",
    "Journalists were not allowed to enter the area independently.",
    "Photographs shared online showed damaged buildings and crowds gathering near the main square.",
]


def town_name(rng: random.Random) -> str:
    parts = [rng.choice(CONSONANTS), rng.choice(VOWELS), rng.choice(CONSONANTS), rng.choice(VOWELS), rng.choice(["r", "n", "d", "m", "l"])]
    return "".join(parts).capitalize()


def spelling(name: str, rng: random.Random) -> str:
    """A transliteration variant: article prefix, q/k, ay/ai, ou/u, doubled letters."""
    variant = name
    swaps = [("Q", "K"), ("q", "k"), ("ay", "ai"), ("ou", "u"), ("u", "ou"), ("i", "ee"), ("sh", "ch")]
    for old, new in rng.sample(swaps, 2):
        variant = variant.replace(old, new, 1)
    if rng.random() < 0.3:
        variant = "al-" + variant
    return variant[0].upper() + variant[1:]


def make_story(sid: int, rng: random.Random) -> dict:
    kind = rng.choice(sorted(STORIES))
    spec = STORIES[kind]
    day = date(2010, 1, 1) + timedelta(days=rng.randrange(0, 15 * 365))
    base = rng.choice([12, 18, 25, 40, 60, 150, 300, 1200])
    causes = rng.sample(spec["causes"], 2)
    town = town_name(rng)
    people = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in spec["speakers"]]
    return dict(id=f"S{sid:04d}", kind=kind, town=town, day=day, official=base, alternative=int(base * rng.choice([2, 3, 0.5])) or 1,
                causes=causes, facility=rng.choice(spec.get("facility", [""])), people=people,
                outlets=rng.sample(OUTLETS, rng.randint(3, 6)))


def article(story: dict, outlet: str, index: int, rng: random.Random) -> tuple[str, str, list[str]]:
    """(title, body, planted conflict notes) of one outlet's account."""
    spec = STORIES[story["kind"]]
    town = spelling(story["town"], rng) if index else story["town"]
    event = spec["event"].format(town=town, facility=story["facility"])
    day = story["day"]
    weekday = day.strftime("%A")
    use_alt = index % 2 == 1
    n = story["alternative"] if use_alt else story["official"]
    cause = story["causes"][1] if index % 3 == 2 else story["causes"][0]
    s_idx = rng.sample(range(len(spec["speakers"])), 3)
    speaker = lambda k: f"{story['people'][s_idx[k]]}, {spec['speakers'][s_idx[k]]}"
    lines = [
        f"{town.upper()}, {day.strftime('%B')} {day.day} — At least {n} {spec['numbers'][0]} in {event} on {weekday}, {speaker(0)} said.",
        f"\"This was caused by {cause},\" {speaker(1)} told {outlet}.",
        f"{story['people'][s_idx[1]].split()[1]} said that the authorities had been warned weeks earlier.",
        f"According to {speaker(2)}, the toll could rise to {n + rng.randint(1, 9)} as rescuers search the area.",
    ]
    if story["kind"] == "clash":
        lines.append(f"The army said it had taken full control of {town}." if index % 2 == 0 else f"Fighting continued in parts of {town} on {weekday}, residents said.")
    if use_alt:
        lines.append(f"Officials denied reports that the number of {spec['numbers'][1]} was lower than {n}.")
    other = story["causes"][1] if cause == story["causes"][0] else story["causes"][0]
    if rng.random() < 0.4:
        lines.append(f"A source close to the investigation, who asked not to be named, said {other} was to blame.")
    if rng.random() < 0.5:
        lines.append(f"The Wire Service quoted a local official as saying {n} {spec['numbers'][1]} had been counted by {weekday} evening.")
    for template in rng.sample(BACKGROUND, 4):
        lines.append(template.format(town=town, km=rng.randint(20, 200), pop=rng.randint(10, 90), weekday=weekday))
    body = "\n\n".join(lines)
    notes = [f"numeric: {n}" , f"cause: {cause}"]
    return f"{event[0].upper() + event[1:]} leaves {n} {spec['numbers'][1]}", body, notes


def write_corpus(out: Path, n_articles: int, seed: int = 0) -> dict:
    """Write ``n_articles`` Markdown articles under ``out`` and the gold beside it; returns the gold."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    written, gold, sid = 0, {"stories": []}, 0
    while written < n_articles:
        story = make_story(sid, rng)
        sid += 1
        accounts = []
        for index, outlet in enumerate(story["outlets"]):
            if written >= n_articles:
                break
            title, body, notes = article(story, outlet, index, rng)
            published = (story["day"] + timedelta(days=rng.randint(0, 2))).isoformat()
            name = f"{story['id']}_{index}.md"
            front = f"---\noutlet: {outlet}\npublished: '{published}'\ntitle: \"{title}\"\n---\n"
            (out / name).write_text(front + body + "\n", encoding="utf-8")
            accounts.append({"file": name, "outlet": outlet, "notes": notes})
            written += 1
        gold["stories"].append({"id": story["id"], "kind": story["kind"], "town": story["town"], "day": story["day"].isoformat(),
                                "official": story["official"], "alternative": story["alternative"], "causes": story["causes"],
                                "accounts": accounts})
    (out.parent / f"{out.name}_gold.json").write_text(json.dumps(gold, indent=1), encoding="utf-8")
    return gold


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    gold = write_corpus(Path(args.out), args.articles, args.seed)
    print(f"wrote {args.articles} articles from {len(gold['stories'])} stories to {args.out}")


if __name__ == "__main__":
    main(sys.argv[1:])
