"""The opt-in track record (--registry): per-source counts across analyses in one SQLite file."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import asdict
from pathlib import Path

import pandas as pd
import pytest

from claims.errors import InputError
from claims.records import Claim, Document, Finding, to_frame
from claims.registry import Registry, registry_key, run_fingerprint
from claims.reliability import assess
from claims.settings import ReliabilitySettings

ROOT = Path(__file__).resolve().parents[1]


def sources(*rows) -> pd.DataFrame:
    cols = ["speaker_id", "kind", "outlet", "source", "n_claims", "n_corroborated", "n_contradicted_by_better"]
    return pd.DataFrame([dict(zip(cols, r)) for r in rows], columns=cols)


def test_record_sums_other_runs_and_a_rerun_replaces_its_own(tmp_path):
    reg = Registry(tmp_path / "track.sqlite")
    reg.add("run1", "week 1", sources(("lena-berg", "official", "Ledger", "Lena Berg", 4, 3, 0)))
    reg.add("run2", "week 2", sources(("lena-berg", "official", "Post", "Lena Berg", 2, 1, 1),
                                      ("anon:b.txt:a-source", "anonymous", "Post", "a source", 1, 0, 1)))
    reg.add("run2", "week 2 again", sources(("lena-berg", "official", "Post", "Lena Berg", 2, 1, 1),
                                            ("anon:b.txt:a-source", "anonymous", "Post", "a source", 1, 0, 1)))
    record = reg.record().set_index("key")
    assert record.loc["lena-berg"].tolist() == [2, 6, 4, 1]
    assert record.loc["anonymous@post"].tolist() == [1, 1, 0, 1]
    assert reg.record(exclude_run="run2").set_index("key").loc["lena-berg"].tolist() == [1, 4, 3, 0]


def test_anonymous_sources_of_one_outlet_add_up(tmp_path):
    reg = Registry(tmp_path / "track.sqlite")
    assert reg.add("r", "c", sources(("anon:a.txt:a-source", "anonymous", "Post", "a source", 2, 1, 0),
                                     ("anon:b.txt:an-insider", "anonymous", "Post", "an insider", 3, 0, 2))) == 1
    assert reg.record().set_index("key").loc["anonymous@post"].tolist() == [1, 5, 1, 2]


def test_user_generated_sources_are_not_recorded(tmp_path):
    reg = Registry(tmp_path / "track.sqlite")
    assert reg.add("r", "c", sources(("fan99", "reader_comment", "Ledger", "fan99", 1, 1, 0))) == 0
    assert reg.record().empty


def test_anonymous_sources_are_remembered_per_outlet():
    assert registry_key("anon:x.txt:a-source", "anonymous", "Daily Ledger; Post") == "anonymous@daily-ledger"
    assert registry_key("lena-berg", "official", "Daily Ledger") == "lena-berg"


WRITER = textwrap.dedent("""
    import sys
    import pandas as pd
    from claims.registry import Registry
    path, worker = sys.argv[1], sys.argv[2]
    reg = Registry(path)
    for i in range(25):
        rows = pd.DataFrame([{"speaker_id": "shared-source", "kind": "official", "outlet": "Ledger", "source": "Shared",
                              "n_claims": 1, "n_corroborated": 1, "n_contradicted_by_better": 0}])
        reg.add(f"{worker}-{i}", f"corpus {worker}", rows)
""")


def test_concurrent_runs_lose_no_update(tmp_path):
    """Two processes write 25 runs each to one registry at the same time; all 50 count."""
    path = tmp_path / "track.sqlite"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name], env=env, stderr=subprocess.PIPE)
             for name in ("a", "b")]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
    record = Registry(path).record().set_index("key")
    assert record.loc["shared-source"].tolist() == [50, 50, 50, 0]


def test_a_file_that_is_not_a_registry_is_refused_in_one_line(tmp_path):
    bad = tmp_path / "notes.sqlite"
    bad.write_text("not a database", encoding="utf-8")
    with pytest.raises(InputError) as err:
        Registry(bad).record()
    assert "notes.sqlite" in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(InputError, match="existing folder"):
        Registry(tmp_path / "missing" / "track.sqlite").record()


# --- the track record as a grading factor -----------------------------------------------------

def story(outlet: str, agree: bool, week: int):
    """One week's corpus: a named official and an independent witness who agrees or not."""
    text_a, text_b = f"Week {week}: the bridge reopened on Monday.", f"Week {week}, seen from the river: traffic crossed the bridge again."
    docs = [Document(doc_id=f"a{week}.txt", path=f"a{week}.txt", raw=text_a, text=text_a, offsets=list(range(len(text_a))), outlet=outlet),
            Document(doc_id=f"b{week}.txt", path=f"b{week}.txt", raw=text_b, text=text_b, offsets=list(range(len(text_b))), outlet="Post")]
    a = Claim(id=f"a{week}.txt:0001", doc=f"a{week}.txt", path=f"a{week}.txt", start=0, end=len(text_a), cstart=0,
              cend=len(text_a), text=text_a, speaker="Lena Berg", speaker_id="lena-berg", source_kind="official",
              speaker_role="transport ministry spokeswoman", outlet=outlet)
    b = Claim(id=f"b{week}.txt:0001", doc=f"b{week}.txt", path=f"b{week}.txt", start=0, end=len(text_b), cstart=0,
              cend=len(text_b), text=text_b, speaker=f"Ana Ruiz{week}", speaker_id=f"ana-ruiz{week}", source_kind="person",
              speaker_role="ferry captain", outlet="Post", quote_type="direct")
    relation, kind = ("corroboration", "corroboration") if agree else ("conflict", "contradiction")
    finding = Finding(id=f"F{week}", relation=relation, kind=kind, score=0.9, explanation="", cluster=0, a=asdict(a), b=asdict(b))
    return to_frame([a, b], Claim), [finding], docs


def lena(result) -> dict:
    return result.sources.set_index("speaker_id").loc["lena-berg"].to_dict()


def test_track_record_is_a_factor_with_its_own_weight(tmp_path):
    settings = ReliabilitySettings(registry=str(tmp_path / "track.sqlite"))
    for week in range(1, 4):
        assess(*story("Ledger", True, week), settings=settings)
    claims, findings, docs = story("Ledger", False, 9)  # a lone week with nothing corroborated
    without = lena(assess(claims, findings, docs))
    with_record = lena(assess(claims, findings, docs, settings=settings))
    assert "in 3 earlier analyses: 3 claims corroborated, 0 contradicted" in with_record["factors"]
    assert with_record["score"] > without["score"]
    assert "ABCDEF".index(with_record["grade"]) < "ABCDEF".index(without["grade"])
    off = ReliabilitySettings(registry=settings.registry, weights={"track_record": 0.0})
    assert "earlier analyses" not in lena(assess(claims, findings, docs, settings=off))["factors"]


def test_rerunning_one_corpus_does_not_count_it_as_an_earlier_analysis(tmp_path):
    settings = ReliabilitySettings(registry=str(tmp_path / "track.sqlite"))
    claims, findings, docs = story("Ledger", True, 1)
    first = lena(assess(claims, findings, docs, settings=settings))
    again = lena(assess(claims, findings, docs, settings=settings))
    assert "earlier analys" not in again["factors"] and first["grade"] == again["grade"]
    assert run_fingerprint(docs) == run_fingerprint(list(reversed(docs)))


def anonymous_week(week: int, contradicted: bool):
    """An anonymous source in the Ledger, contradicted (or not) by a named official elsewhere."""
    text_a, text_b = f"Week {week}: a source said the mine will close.", f"Week {week}: the mine stays open, the minister said."
    docs = [Document(doc_id=f"l{week}.txt", path=f"l{week}.txt", raw=text_a, text=text_a, offsets=list(range(len(text_a))), outlet="Ledger"),
            Document(doc_id=f"p{week}.txt", path=f"p{week}.txt", raw=text_b, text=text_b, offsets=list(range(len(text_b))), outlet="Post")]
    a = Claim(id=f"l{week}.txt:0001", doc=f"l{week}.txt", path=f"l{week}.txt", start=0, end=len(text_a), cstart=0, cend=len(text_a),
              text=text_a, speaker="a source", speaker_id=f"anon:l{week}.txt:a-source", source_kind="anonymous", outlet="Ledger")
    b = Claim(id=f"p{week}.txt:0001", doc=f"p{week}.txt", path=f"p{week}.txt", start=0, end=len(text_b), cstart=0, cend=len(text_b),
              text=text_b, speaker=f"Minister Number{week}", speaker_id=f"minister-{week}", source_kind="official",
              speaker_role="mining minister", outlet="Post")
    findings = [Finding(id=f"F{week}", relation="conflict", kind="contradiction", score=0.9, explanation="", cluster=0,
                        a=asdict(a), b=asdict(b))] if contradicted else []
    return to_frame([a, b], Claim), findings, docs


def test_a_record_of_contradictions_by_better_graded_sources_allows_e(tmp_path):
    settings = ReliabilitySettings(registry=str(tmp_path / "track.sqlite"))
    for week in range(1, 4):
        assess(*anonymous_week(week, contradicted=True), settings=settings)
    claims, findings, docs = anonymous_week(9, contradicted=False)
    alone = assess(claims, findings, docs).sources.set_index("speaker_id").loc["anon:l9.txt:a-source"]
    remembered = assess(claims, findings, docs, settings=settings).sources.set_index("speaker_id").loc["anon:l9.txt:a-source"]
    assert alone["grade"] == "D", "weak access without a record is D, never E"
    assert remembered["grade"] == "E", remembered["factors"]
    assert "in 3 earlier analyses: 0 claims corroborated, 3 contradicted by better-graded sources" in remembered["factors"]
