"""Dates as the archive writes them, normalized without ever filling a part from today."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.dates import looks_like_date, parse_date


@pytest.mark.parametrize(
    "raw, date, precision, start, end",
    [
        ("June 13, 1951", "1951-06-13", "day", "1951-06-13", "1951-06-13"),
        ("13 June 1951", "1951-06-13", "day", "1951-06-13", "1951-06-13"),
        ("November 01, 1934", "1934-11-01", "day", "1934-11-01", "1934-11-01"),
        ("June, 1934", "1934-06", "month", "1934-06-01", "1934-06-30"),
        ("August 1949", "1949-08", "month", "1949-08-01", "1949-08-31"),
        ("February 1952", "1952-02", "month", "1952-02-01", "1952-02-29"),
        ("1948", "1948", "year", "1948-01-01", "1948-12-31"),
        ("Sept. 8, 1951", "1951-09-08", "day", "1951-09-08", "1951-09-08"),
        ("  June   30,  1951 ", "1951-06-30", "day", "1951-06-30", "1951-06-30"),
    ],
)
def test_known_shapes(raw, date, precision, start, end):
    parsed = parse_date(raw)
    assert (parsed.date, parsed.precision, parsed.start, parsed.end, parsed.readable) == (date, precision, start, end, True)


@pytest.mark.parametrize("raw", [None, "", "   ", "undated", "Undated", "n.d."])
def test_undated_is_empty_not_unreadable(raw):
    parsed = parse_date(raw)
    assert (parsed.date, parsed.precision, parsed.start, parsed.end, parsed.readable) == (None, "none", None, None, True)


@pytest.mark.parametrize("raw", ["February 30, 1951", "Juen 13, 1951", "ca. 1951", "June 13-14, 1951", "1950s", "Summer 1951"])
def test_unreadable_stays_empty_and_is_flagged(raw):
    parsed = parse_date(raw)
    assert (parsed.date, parsed.precision, parsed.readable) == (None, "none", False)


@pytest.mark.parametrize(
    "text, is_date",
    [
        ("June 13, 1951", True), ("1948", True), ("April, 1950", True), ("ca. 1951", True), ("June 13-14, 1951", True),
        ("Summer 1951", True), ("[1951]", True), ("1893-1976", False), ("1893- 1976", False), ("(372) documents", False),
        ("-", False), ("Eastern Europe", False), ("Telegram from Mao to Stalin, June 13, 1951", False), ("Pagination", False),
    ],
)
def test_date_shape(text, is_date):
    assert looks_like_date(text) is is_date


@given(st.text(max_size=40))
def test_never_invents_a_year(text):
    parsed = parse_date(text)
    if parsed.date:
        assert parsed.date[:4] in text
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", parsed.date)
