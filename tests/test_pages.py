"""Every sample page of every design: the exact values of every entry, one assertion per field.

The pages are under tests/files/<design>/ (where each comes from: tests/files/README.md). The ground truth
(tests/expected/sample_pages.json, keyed by the path under tests/files) was written by hand from the pages.
"""

import re

import pytest

from conftest import EXPECTED, FILES, SAMPLE_DESIGNS
from pipeline.designs import LAYOUTS
from pipeline.reading.page import read_page

FIELDS = ("position", "date_raw", "title_raw", "summary_raw", "record_url")
_parsed = {}


def parsed(name):
    if name not in _parsed:
        _parsed[name] = read_page((FILES / name).read_bytes())
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
def test_page_sits_in_the_folder_of_the_layout_it_is_read_as(name):
    assert parsed(name).layout == name.split("/")[0]


@pytest.mark.parametrize("name", list(EXPECTED))
def test_stated_count(name):
    page = EXPECTED[name]
    expected = None if page["stated_start"] is None else (page["stated_start"], page["stated_end"], page["stated_total"])
    assert parsed(name).stated == expected


@pytest.mark.parametrize("name", list(EXPECTED))
def test_status(name):
    assert parsed(name).status == EXPECTED[name].get("status", "ok")


@pytest.mark.parametrize("name", [n for n in EXPECTED if "issues" in EXPECTED[n]])
def test_what_is_not_accepted_is_reported(name):
    """Collections, entries cut off by the end of the page, counts that differ: each a reject, none dropped."""
    issues = [{"position": i.position, "check": i.check} for _, i in parsed(name).issues]
    assert issues == EXPECTED[name]["issues"]


@pytest.mark.parametrize("name", list(EXPECTED))
def test_no_entry_is_invented_or_lost(name):
    """Every item on the page is an entry or a reported issue, once."""
    page = parsed(name)
    positions = [e.position for e in page.entries] + [i.position for _, i in page.issues if i.position is not None]
    assert sorted(positions) == list(range(1, len(positions) + 1))


def _href(url: str) -> re.Pattern:
    """A link to `url` in the page's markup: href="<url>", with or without scheme and host."""
    return re.compile(rb"""href=["'](?:https?://[^/"']+)?""" + re.escape(url.encode()) + rb"""["'?#]""")


@pytest.mark.parametrize("name", list(EXPECTED))
def test_links_that_are_not_results_are_not_entries(name):
    """HTML pages: each listed non-result link is really linked on the page and is no entry's record_url.
    Text pages (no links): each listed non-result line (menu, facet, count, "Pagination") is a line of the
    page and is in no entry's title or summary."""
    page, data = EXPECTED[name], (FILES / name).read_bytes()
    entries = parsed(name).entries
    if name.endswith(".html"):
        assert page["non_results"], "an HTML sample page must list the links on it that are not results"
        urls = {e.record_url for e in entries}
        for url in page["non_results"]:
            assert _href(url).search(data), f"{url} is not linked on the page"
            assert url not in urls, f"{url} was read as a result"
    else:
        assert page["non_result_lines"], "a text sample page must list the lines on it that are not results"
        lines = {line.strip() for line in data.decode("utf-8-sig").splitlines()}
        texts = [t for e in entries for t in (e.title_raw, e.summary_raw) if t]
        for line in page["non_result_lines"]:
            assert line in lines, f"'{line}' is not a line of the page"
            assert not [t for t in texts if line in t], f"'{line}' was read into an entry"


def test_every_fixture_page_has_ground_truth_and_every_ground_truth_has_a_page():
    pages = {f"{design}/{p.name}" for design in SAMPLE_DESIGNS for p in (FILES / design).iterdir()
             if p.is_file() and not p.name.startswith(".")}
    assert pages == set(EXPECTED)


def test_fixture_folders_are_the_designs_and_bad_input():
    """One folder per page design the reader knows, named by its layout; document pages (record-html)
    have their ground truth in test_records.py."""
    folders = {p.name for p in FILES.iterdir() if p.is_dir()}
    assert folders == set(LAYOUTS) | {"bad"}
    assert set(SAMPLE_DESIGNS) == set(LAYOUTS) - {"record-html"}
    assert {name.split("/")[0] for name in EXPECTED} == set(SAMPLE_DESIGNS)
    assert [name for name, page in EXPECTED.items() if name.split("/")[0] != page["layout"]] == []


def test_readme_table_describes_every_file_under_tests_files():
    readme = (FILES / "README.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip().strip("`") for line in readme.splitlines() if line.startswith("| `")}
    files = {p.relative_to(FILES).as_posix() for p in FILES.rglob("*") if p.is_file() and p.name != "README.md"}
    assert rows == files


def test_collection_in_old_design_is_reported_not_dropped():
    issues = parsed("legacy-html/old-design_search-results_zedong.html").issues
    assert [(stage, i.position, i.check) for stage, i in issues] == [("parse", 7, "not_a_document")]
