"""Bad input is reported, never fatal, and never silently dropped."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FILES, FIXTURES
from pipeline.reading.page import read_page

BAD = FIXTURES / "bad"


def read(name):
    return read_page((BAD / name).read_bytes())


@pytest.mark.parametrize(
    "name, status, checks",
    [
        ("empty.html", "unreadable", [("read", "empty")]),
        ("truncated.html", "truncated", [("read", "truncated"), ("parse", "cut")]),
        ("binary.bin", "unreadable", [("read", "binary")]),
        ("bot_challenge.html", "unrecognized", [("parse", "layout")]),
        ("short_page.html", "count_mismatch", [("parse", "stated_count")]),
        ("no_results.html", "empty", [("parse", "title_link"), ("parse", "no_entries")]),
    ],
)
def test_bad_page_is_reported(name, status, checks):
    page = read(name)
    assert page.status == status
    assert [(stage, issue.check) for stage, issue in page.issues] == checks


def test_truncated_page_keeps_the_entries_before_the_cut_and_reports_the_cut_one():
    """The page is cut off inside its fourth result: the three before it are whole, the fourth is reported."""
    page = read("truncated.html")
    assert [e.position for e in page.entries] == [1, 2, 3]
    assert [(i.position, i.check) for _, i in page.issues if i.check == "cut"] == [(4, "cut")]
    whole = read_page((FILES / "current-html" / "current-design_search_page-0.html").read_bytes())
    assert page.entries == whole.entries[:3]


def test_short_page_keeps_the_entries_it_has():
    page = read("short_page.html")
    assert [e.date_raw for e in page.entries] == ["June 13, 1951", "June 14, 1951", "June 30, 1951", "June 30, 1951",
                                                  "June 30, 1951", "August 27, 1951", "November 19, 1951"]


def test_short_page_reason_names_both_counts():
    reason = read("short_page.html").issues[0][1].reason
    assert reason == "page says 1 - 10 of 18 (10 results) but 7 result item(s) were found (7 documents accepted)"


@pytest.mark.parametrize("name", ["latin1_declared.html", "latin1_undeclared.html"])
def test_latin1_title_reads_right(name):
    assert read(name).entries[0].title_raw == (
        "Letter of Hungarian Ambassador Sándor Nógrádi to the Hungarian Foreign Ministry on the Meeting of "
        "Hungarian President István Dobi and Mao Zedong"
    )


@pytest.mark.parametrize("name", ["latin1_declared.html", "latin1_undeclared.html"])
def test_latin1_summary_reads_right(name):
    assert read(name).entries[1].summary_raw == "Mao and Jacobo Árbenz discuss Guatemala and the struggle against colonialism."


def test_utf8_bom_page_reads_right():
    page = read_page(b"\xef\xbb\xbf" + (FILES / "current-text" / "000_4c535edfbda7ab4e.txt").read_bytes())
    assert (page.layout, len(page.entries), page.entries[0].date_raw) == ("current-text", 10, "June 13, 1951")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_never_raise(data):
    page = read_page(data)
    assert page.status in {"ok", "count_mismatch", "empty", "unreadable", "truncated", "unrecognized"}
    if page.status not in ("ok", "count_mismatch"):
        assert page.issues  # every refusal says why
