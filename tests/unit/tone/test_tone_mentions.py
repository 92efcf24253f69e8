"""mention_tone: the lexicon rules (the words that bear on each mention: clause, negation, judge vs
judged, speaker), which the learned model reads as features, and the learned model on top."""
from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

from newsflow.tasks.tone import MENTION_TONE, mention_tone

OFFSET = 100  # sentences start inside their article: entity offsets are article offsets


def run(text: str, names: list[str], learned: bool = False, labels: list[str] | None = None
        ) -> dict[str, tuple[float, str]]:
    """Tone and label of each named mention of one sentence (all mentions passed together); the
    rules alone unless `learned`."""
    sents = pd.DataFrame({"article_id": ["art"], "sentence_idx": [3], "start_char": [OFFSET], "text": [text]})
    rows = []
    for name in names:
        start = text.index(name)
        rows.append({"article_id": "art", "sentence_idx": 3, "start_char": OFFSET + start,
                     "end_char": OFFSET + start + len(name), "label": (labels or ["PERSON"] * len(names))[len(rows)],
                     "entity_key": name})
    out = mention_tone(sents, pd.DataFrame(rows), learned=learned)
    assert out.columns.tolist() == MENTION_TONE.names
    assert out["start_char"].tolist() == [r["start_char"] for r in rows]
    return {n: (t, lab) for n, t, lab in zip(names, out["tone"], out["tone_label"])}


def test_critics_slammed_smith_but_praised_jones():
    got = run("Critics slammed Smith, but praised Jones.", ["Smith", "Jones"])
    assert got["Smith"][1] == "negative" and got["Jones"][1] == "positive"


def test_judged_takes_more_of_a_judgement_than_the_judge():
    got = run("Smith praised Jones.", ["Smith", "Jones"])
    assert got["Jones"][1] == "positive"
    assert 0 < got["Smith"][0] < got["Jones"][0]


def test_passive_judgement_goes_to_the_subject_not_the_by_agent():
    got = run("Smith was condemned by Jones.", ["Smith", "Jones"])
    assert got["Smith"][1] == "negative"
    assert got["Smith"][0] < got["Jones"][0] < 0


def test_negation_flips_the_mention_tone():
    assert run("Smith is a good leader.", ["Smith"])["Smith"][1] == "positive"
    assert run("Smith is not a good leader.", ["Smith"])["Smith"][1] == "negative"


def test_speaker_does_not_take_the_tone_of_the_quote():
    assert run('"The plan is a terrible disaster," Smith said.', ["Smith"])["Smith"] == (0.0, "neutral")
    assert run("\u201cIt is a disaster,\u201d said Smith.", ["Smith"])["Smith"] == (0.0, "neutral")
    assert run("Smith said the plan was a terrible failure.", ["Smith"])["Smith"] == (0.0, "neutral")
    assert run("According to Smith, the attack killed dozens.", ["Smith"])["Smith"] == (0.0, "neutral")
    # an apostrophe inside the quotation does not close it
    assert run("\u201cThe workers\u2019 union is a disgrace,\u201d Smith told us.", ["Smith"])["Smith"] == (0.0, "neutral")


def test_someone_described_inside_reported_speech_does_take_its_tone():
    got = run("Smith said Jones was a corrupt liar.", ["Smith", "Jones"])
    assert got["Smith"] == (0.0, "neutral") and got["Jones"][1] == "negative"


def test_clauses_keep_tones_apart():
    got = run("Smith won the award, while Jones was arrested for fraud.", ["Smith", "Jones"])
    assert got["Smith"][1] == "positive" and got["Jones"][1] == "negative"


def test_words_of_names_carry_no_tone():
    assert run("Hope Hicks met Grant Shapps on Monday.", ["Hope Hicks", "Grant Shapps"]) == {
        "Hope Hicks": (0.0, "neutral"), "Grant Shapps": (0.0, "neutral")}
    # a Title-case word mid-sentence is a name NER missed: "Justice" is not praise
    assert run("Smith joined the Justice Department.", ["Smith"])["Smith"] == (0.0, "neutral")


def test_nearer_words_weigh_more():
    near = run("Smith was brilliant on a day of routine meetings and paperwork in town.", ["Smith"])["Smith"][0]
    far = run("Smith met officials on a day of routine meetings and paperwork, brilliant.", ["Smith"])["Smith"][0]
    assert near > far > 0


def test_mention_inside_a_token_and_order_and_missing_sentences():
    sents = pd.DataFrame({"article_id": ["a", "a"], "sentence_idx": [0, 1], "start_char": [0, 30],
                          "text": ["Nothing to report here at all.", "\u201cSmith is wonderful,\u201d he wrote."]})
    ents = pd.DataFrame({
        "article_id": ["a", "a", "a", "b"], "sentence_idx": [1, 1, 0, 0],
        "start_char": [31, 30 + 23, 0, 0], "end_char": [36, 30 + 25, 7, 5],
        "label": ["PERSON", "PERSON", "ORG", "PERSON"], "entity_key": ["Smith", "he", "Nothing", "x"]})
    out = mention_tone(sents, ents, learned=False)
    assert out["start_char"].tolist() == [31, 53, 0, 0]
    assert out["tone_label"].tolist() == ["positive", "neutral", "neutral", "neutral"]
    assert out["tone"].iloc[3] == 0.0  # its sentence is absent
    pa.Table.from_pandas(out, schema=MENTION_TONE, preserve_index=False)


def test_span_outside_its_sentence_is_neutral():
    sents = pd.DataFrame({"article_id": ["a"], "sentence_idx": [0], "start_char": [10], "text": ["Smith is great."]})
    ents = pd.DataFrame({"article_id": ["a"], "sentence_idx": [0], "start_char": [0], "end_char": [5],
                         "label": ["PERSON"], "entity_key": ["Smith"]})
    assert mention_tone(sents, ents)["tone"].tolist() == [0.0]


def test_empty_input():
    sents = pd.DataFrame({"article_id": [], "sentence_idx": [], "start_char": [], "text": []})
    ents = pd.DataFrame({"article_id": [], "sentence_idx": [], "start_char": [], "end_char": [], "label": [],
                         "entity_key": []})
    assert len(mention_tone(sents, ents)) == 0


@pytest.mark.parametrize("threshold, expected", [(0.02, "positive"), (0.99, "neutral")])
def test_threshold_is_a_parameter(threshold, expected):
    sents = pd.DataFrame({"article_id": ["a"], "sentence_idx": [0], "start_char": [0], "text": ["Smith is fine."]})
    ents = pd.DataFrame({"article_id": ["a"], "sentence_idx": [0], "start_char": [0], "end_char": [5],
                         "label": ["PERSON"], "entity_key": ["Smith"]})
    assert mention_tone(sents, ents, threshold=threshold, learned=False)["tone_label"].tolist() == [expected]


def test_the_learned_model_sets_the_tone_of_people_organisations_and_places():
    got = run("Critics slammed Smith, but praised Jones.", ["Smith", "Jones"], learned=True)
    assert got["Smith"][1] == "negative" and got["Jones"][1] == "positive"
    assert run("Smith was arrested for fraud and corruption.", ["Smith"], learned=True)["Smith"][1] == "negative"
    assert run("Smith is not a good leader.", ["Smith"], learned=True)["Smith"][1] == "negative"
    assert [lab for _, lab in run("Smith met Jones on Monday.", ["Smith", "Jones"], learned=True).values()] == [
        "neutral", "neutral"]
    tone, label = run("Smith won the award and was praised by colleagues.", ["Smith"], learned=True)["Smith"]
    assert label == "positive" and 0.5 < tone <= 1.0     # P(positive) - P(negative)
    # a group (NORP) keeps the rules' tone: the model was fitted on named people
    assert run("Democrats slammed the plan.", ["Democrats"], learned=True, labels=["NORP"]) == \
        run("Democrats slammed the plan.", ["Democrats"], labels=["NORP"])


def test_the_packaged_model_is_the_one_documented():
    from newsflow.tasks.tone.model import MODEL_FILE, SELECTED_C, load_model

    model = load_model()
    assert MODEL_FILE.stat().st_size < 2_000_000
    assert model.classifier.C == SELECTED_C and list(model.classifier.classes_) == ["negative", "neutral", "positive"]
