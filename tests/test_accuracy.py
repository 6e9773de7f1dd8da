"""Measured accuracy of the title reader on 225 real archive titles labelled by hand (tests/labelled/)."""

import pytest

from conftest import ROOT
from pipeline.evaluate import FIELDS, evaluate, read_labels

LABELS = read_labels(ROOT / "tests" / "labelled" / "titles.csv")
THRESHOLD = 0.95


@pytest.fixture(scope="module")
def score(authority):
    return evaluate(LABELS, authority)[0]


def test_the_labelled_set_has_150_distinct_real_titles():
    assert len({label["title"] for label in LABELS}) == len(LABELS) >= 150


@pytest.mark.parametrize("field", FIELDS)
def test_field_accuracy_is_at_least_95_percent(score, field):
    right, total = score[field]
    assert right / total >= THRESHOLD, f"{field}: {right}/{total}"
