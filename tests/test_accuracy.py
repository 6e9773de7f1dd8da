"""The title reader measured on the labelled set (tests/labelled/): at least 1,000 real titles from across the
archive, split once into a development part and a test part; the README's tables come from the last measurement."""

import json
from collections import Counter

import pytest

from conftest import ROOT
from pipeline.evaluate import FIELDS, PARTS, by_part, part, read_labels

LABELS = read_labels(ROOT / "tests" / "labelled" / "titles.csv")
RECORDED = json.loads((ROOT / "tests" / "labelled" / "accuracy.json").read_text(encoding="utf-8"))
# A reading may move by a title or two as rules change; more than this below the recorded measurement is a regression.
TOLERANCE = 0.005


@pytest.fixture(scope="module")
def scores(authority):
    return {name: score for name, (score, _) in by_part(LABELS, authority).items()}


def test_the_set_holds_1000_distinct_real_titles_with_their_sources():
    assert len({label["title"] for label in LABELS}) == len(LABELS) >= 1000
    assert all(label["source"] for label in LABELS)


def test_the_test_part_holds_at_least_400_titles_none_of_the_first_batch():
    parts = Counter(part(label) for label in LABELS)
    assert parts["test"] >= 400
    assert all(part(label) == "development" for label in LABELS if label["batch"] == "1")


def test_no_region_is_more_than_a_quarter_of_the_set():
    regions = Counter(label["region"] for label in LABELS)
    assert "" not in regions
    assert max(regions.values()) <= len(LABELS) / 4, regions.most_common(3)


@pytest.mark.parametrize("title, batch, expected", [
    # The last hex digit of each title's sha256 (computed with hashlib, apart from the code): 9, 7, c.
    ("Telegram from Warsaw", "2", "development"),
    ("Cable, Terebin to Stalin", "2", "test"),
    ("Letter from Ulbricht to Khrushchev", "2", "development"),
    ("Cable, Terebin to Stalin", "1", "development"),  # the first batch is all development
])
def test_the_split_is_fixed_by_the_title_alone(title, batch, expected):
    assert part({"title": title, "batch": batch}) == expected


@pytest.mark.parametrize("name", PARTS)
@pytest.mark.parametrize("field", FIELDS)
def test_no_field_falls_below_its_recorded_accuracy(scores, name, field):
    right, total = scores[name][field]
    recorded_right, recorded_total = RECORDED["parts"][name][field]
    assert total == recorded_total, "the labelled set changed: measure again (make readme)"
    assert right / total >= recorded_right / recorded_total - TOLERANCE, f"{name} {field}: {right}/{total}"


def test_the_second_reading_is_of_test_titles_and_the_readme_gives_its_agreement(authority):
    """The blind second reading is of titles of the test part, each once, and the README gives its agreement with
    the set as measured."""
    from pipeline.evaluate import agreement

    second = read_labels(ROOT / "tests" / "labelled" / "second_reading.csv")
    by_title = {label["title"]: label for label in LABELS}
    assert len(second) == len({r["title"] for r in second}) >= 200
    assert all(r["title"] in by_title and part(by_title[r["title"]]) == "test" for r in second)
    score = agreement(LABELS, second, authority)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for field, (agree, total) in score.items():  # the README says what was measured
        stated = f"{agree / total:.1%}".replace(".0%", "%")
        assert f"{field} {stated}" in readme, (field, stated)
