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


def _hostile(name: bytes) -> bytes:
    import hostile

    return next(content for expect, content, kind in hostile.hostile_files() if expect.name == name)


@pytest.mark.parametrize("name, status, check", [
    (b"huge.html", "over_limit", "too_large"),
    (b"nested_results_4000.html", "over_limit", "too_deep"),
    (b"nested_divs_100000.html", "over_limit", "too_deep"),
    (b"results_50000.html", "over_limit", "too_many_results"),
    (b"legacy_items_1500.html", "over_limit", "too_many_results"),
    (b"nul_after_64k.html", "unreadable", "nul"),
    (b"nul_after_64k.txt", "unreadable", "nul"),
])
def test_a_page_beyond_a_bound_is_refused_before_any_tree_is_built(name, status, check):
    """The bounds of pipeline/limits.py, each breach a reject (the pages come from tests/hostile.py)."""
    page = read_page(_hostile(name))
    assert (page.status, [c for _, c in ((s, i.check) for s, i in page.issues)], page.entries) == (status, [check], [])


@pytest.mark.parametrize("name", [b"count_20_digits.html", b"count_5000_digits.html"])
def test_a_count_no_column_holds_is_a_data_error_and_the_entries_are_kept(name):
    page = read_page(_hostile(name))
    assert page.stated is None and len(page.entries) == 1
    assert [i.check for _, i in page.issues] == ["count_out_of_range"]
    assert "a number over 10,000,000" in page.issues[0][1].reason and len(page.issues[0][1].reason) < 300


@pytest.mark.parametrize("close", ["noscript", "template", "svg", "div", "section"])
def test_results_a_browser_does_not_show_are_not_results(close):
    wrapper = {"div": ("<div hidden>", "</div>"), "section": ('<section style="visibility:hidden">', "</section>")}
    page = read_page(__import__("hostile")._visible_and(*wrapper.get(close, (f"<{close}>", f"</{close}>"))))
    assert [e.title_raw for e in page.entries] == ["Visible Report on Hidden Markup"]
    assert page.status == "ok"


def test_a_title_longer_than_any_title_is_reported_not_kept():
    page = read_page(_hostile(b"title_1mb.html"))
    assert page.entries == [] and [i.check for _, i in page.issues][0] == "entry_text"
