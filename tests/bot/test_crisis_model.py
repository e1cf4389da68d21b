"""The crisis risk model (bot/crisis/model.py, train.py) and the verdict of the whole net (risk.py)."""
from __future__ import annotations

import json

import numpy as np
import pytest
from crisis import assess, train
from crisis.model import WEIGHTS_FILE, CrisisModel, features, load_model

SMALL = [
    ("ik wil niet meer leven", "suicide"), ("ik ga mezelf iets aandoen vanavond", "suicide"),
    ("ik heb mezelf weer gesneden", "self_harm"), ("ik kras in mijn armen", "self_harm"),
    ("mijn vader ademt niet meer", "emergency"), ("er is brand in de keuken", "emergency"),
    ("mijn man slaat me", "violence"), ("hij heeft me gewurgd", "violence"),
    ("kan ik nog tozo aanvragen", "none"), ("ik heb schulden", "none"),
    ("waar is de voedselbank", "none"), ("mijn telefoon is dood", "none"),
]


def test_weights_were_trained_on_the_current_corpus_and_settings() -> None:
    stored = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))["inputs_sha256"]
    assert stored == train.inputs_digest(), "the corpus or NLU data changed: run `make crisis-model`"


def test_features_are_binary_l2_normalised_words_pairs_and_char_ngrams() -> None:
    found = features("Ik WIL dood!!")
    assert {"w:ik", "w:wil", "w:dood", "b:ik_wil", "b:wil_dood", "c: do", "c:dood "} <= set(found)
    assert sum(v * v for v in found.values()) == pytest.approx(1.0)
    assert features("") == {}


def test_pure_python_inference_matches_scikit_learn() -> None:
    texts, labels = [t for t, _ in SMALL], [label for _, label in SMALL]
    dense = np.vstack([np.asarray(train.embedding(t)) for t in texts])
    vectoriser, classifier = train.fit(texts, dense, labels)
    model = CrisisModel.from_dict(train.export(vectoriser, classifier, {"crisis": 0.5, "possible": 0.3}))
    expected = classifier.predict_proba(train.matrix(vectoriser, texts, dense))
    for text, row in zip(texts, expected, strict=True):
        got = model.probabilities(text)
        assert [got[c] for c in classifier.classes_] == pytest.approx(list(row), abs=2e-3)


def test_thresholds_are_ordered() -> None:
    model = load_model()
    assert 0.0 < model.possible_threshold < model.crisis_threshold < 1.0


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # The kinds issue 16 names as missed (written here, not taken from any evaluation set).
        ("het hoeft allemaal niet meer", "suicide"),
        ("ik wil dat het ophoudt, voorgoed", "suicide"),
        ("ik heb afscheidsbrieven geschreven voor mijn kinderen", "suicide"),
        ("ik heb mezelf gesneden, het bloeden stopt niet", "suicide"),
        ("my boyfriend is hitting me right now", "violence"),
        ("kan ik anoniem bellen met Veilig Thuis? hij mag het niet zien op de telefoonrekening", "violence"),
    ],
)
def test_the_missed_kinds_of_issue_16_are_crises(text: str, kind: str) -> None:
    verdict = assess(text)
    assert (verdict.level, verdict.crisis) == ("crisis", kind)


@pytest.mark.parametrize(
    "text",
    [
        "ik ga dood van de stress haha",
        "mijn telefoon is dood",
        "deze schuld is de doodsteek voor mijn zaak",
        "ik sla die afspraak over",
        "waar vind ik een training over huiselijk geweld voor mijn werk?",
    ],
)
def test_the_near_misses_of_issue_16_get_no_crisis_reply(text: str) -> None:
    assert assess(text).level != "crisis"


def test_a_topic_word_alone_is_at_least_a_possible_risk() -> None:
    verdict = assess("zelfmoordpreventie")
    assert verdict.level in ("crisis", "possible")
