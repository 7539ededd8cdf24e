"""Topic names: clusters and findings named by the question their claims answer."""
import pandas as pd
import pytest

from claims.records import Finding
from claims.topics import FALLBACK, TopicNamer, best_question, name_topics

GROUPS = [
    (["At least 12 people died in the fire, officials said.", "The fire killed 30 people, residents said.",
      "Twelve people died when the warehouse burned."], "How many people died?"),
    (["The rebels withdrew because of a deal with the army.", "Rebels withdrew due to a lack of ammunition."],
     "Why did the rebels withdraw?"),
    (["The opposition controls the airport.", "Government troops still control the airport, the army said."],
     "Who controls the airport?"),
    (["The strike started on Monday.", "The strike started on 3 March, the union said."], "When did the strike start?"),
    (["The council approved the budget.", "The council did not approve the budget, a councillor said."],
     "Did the council approve the budget?"),
]


@pytest.mark.parametrize("texts,question", GROUPS)
def test_question_type_follows_the_fact_kind(nlp, texts, question):
    assert best_question([nlp(t)[:] for t in texts]) == question


def test_every_cluster_and_finding_gets_a_question(nlp):
    claims = pd.DataFrame({
        "id": ["a:1", "b:1", "c:1", "d:1"], "is_claim": [True] * 4, "cluster": [0, 0, -1, 1],
        "text": ["Police arrested 40 protesters in the capital.", "Officers arrested 25 protesters.",
                 "The bridge reopened in May.", "Hmm, well."],
    })
    side = lambda i: {"id": claims.id[i], "text": claims.text[i], "cluster": int(claims.cluster[i])}
    across = Finding(id="F1", relation="conflict", kind="date_mismatch", score=0.9, explanation="x",
                     cluster=-1, a=side(2), b={"id": "e:1", "text": "The bridge reopened in June.", "cluster": -1})
    inside = Finding(id="F2", relation="conflict", kind="numeric_mismatch", score=0.9, explanation="x",
                     cluster=0, a=side(0), b=side(1))
    out, findings = name_topics(claims, [across, inside], nlp=nlp)
    count = out.topic[0]
    assert count.startswith("How many protesters did ") and count.endswith(" arrest?")
    assert out.topic.tolist()[:3] == [count, count, ""]
    assert out.topic[3]  # never empty, even for a cluster of fragments
    assert findings[1].topic == count
    assert findings[0].topic == "When did the bridge reopen?"


def test_namer_reuses_the_extraction_parse(nlp):
    from claims.detectors import extract_facts

    text = "The factory closed because of falling orders."
    namer = TopicNamer(nlp=None, known={text: extract_facts(nlp(text))})
    claims = pd.DataFrame({"id": ["a:1"], "is_claim": [True], "cluster": [3], "text": [text]})
    assert namer.name_clusters(claims) == {3: "Why did the factory close?"}
    assert TopicNamer(nlp=None).name_clusters(claims) == {3: FALLBACK}


def test_time_scope_adds_the_when_question_to_what_extraction_read(nlp):
    from claims.topics import claim_questions, question_texts

    span = nlp("The council approved the budget.")[:]
    read = claim_questions(span)
    assert "time" not in read.questions() and read.predicate == "approve"
    assert read.questions("last week")["time"] == "When did the council approve the budget?"
    assert question_texts(span, "publication date") == read.questions()
