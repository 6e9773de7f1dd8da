"""Every sample page of every design: the exact values of every entry, one assertion per field.

The ground truth (tests/expected/sample_pages.json) was written by hand from the pages; see raw/SOURCES.md.
"""

import pytest

from conftest import EXPECTED, RAW
from pipeline.reading.page import read_page

FIELDS = ("position", "date_raw", "title_raw", "summary_raw", "record_url")
_parsed = {}


def parsed(name):
    if name not in _parsed:
        _parsed[name] = read_page((RAW / name).read_bytes())
    return _parsed[name]


def _entry_cases():
    for name, page in EXPECTED.items():
        for i, entry in enumerate(page["entries"]):
            for field in FIELDS:
                yield pytest.param(name, i, field, entry[field], id=f"{name}-{i + 1}-{field}")


@pytest.mark.parametrize("name, index, field, expected", list(_entry_cases()))
def test_entry_field(name, index, field, expected):
    assert getattr(parsed(name).entries[index], field) == expected


@pytest.mark.parametrize("name", list(EXPECTED))
def test_entry_count(name):
    assert len(parsed(name).entries) == len(EXPECTED[name]["entries"])


@pytest.mark.parametrize("name", list(EXPECTED))
def test_layout(name):
    assert parsed(name).layout == EXPECTED[name]["layout"]


@pytest.mark.parametrize("name", list(EXPECTED))
def test_stated_count(name):
    page = EXPECTED[name]
    expected = None if page["stated_start"] is None else (page["stated_start"], page["stated_end"], page["stated_total"])
    assert parsed(name).stated == expected


@pytest.mark.parametrize("name", list(EXPECTED))
def test_status_ok(name):
    assert parsed(name).status == "ok"


@pytest.mark.parametrize("name", list(EXPECTED))
def test_links_that_are_not_results_are_not_entries(name):
    urls = {e.record_url for e in parsed(name).entries}
    assert not urls & set(EXPECTED[name]["non_results"])


def test_every_raw_page_has_ground_truth():
    pages = {p.name for p in RAW.iterdir() if p.is_file() and p.suffix != ".md"}
    assert pages == set(EXPECTED)


def test_collection_in_old_design_is_reported_not_dropped():
    issues = parsed("old-design_search-results_zedong.html").issues
    assert [(stage, i.position, i.check) for stage, i in issues] == [("parse", 7, "not_a_document")]
