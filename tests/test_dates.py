"""Dates as the archive writes them, normalized without ever filling a part from today."""

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalizing.dates import looks_like_date, parse_date

FIELDS = ("date", "precision", "start", "end", "edtf", "qualifier")


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("June 13, 1951", ("1951-06-13", "day", "1951-06-13", "1951-06-13", "1951-06-13", "exact")),
        ("13 June 1951", ("1951-06-13", "day", "1951-06-13", "1951-06-13", "1951-06-13", "exact")),
        ("November 01, 1934", ("1934-11-01", "day", "1934-11-01", "1934-11-01", "1934-11-01", "exact")),
        ("June, 1934", ("1934-06", "month", "1934-06-01", "1934-06-30", "1934-06", "exact")),
        ("August 1949", ("1949-08", "month", "1949-08-01", "1949-08-31", "1949-08", "exact")),
        ("February 1952", ("1952-02", "month", "1952-02-01", "1952-02-29", "1952-02", "exact")),
        ("1948", ("1948", "year", "1948-01-01", "1948-12-31", "1948", "exact")),
        ("ca. 1951", ("1951", "year", "1951-01-01", "1951-12-31", "1951~", "approximate")),
        ("1951?", ("1951", "year", "1951-01-01", "1951-12-31", "1951?", "uncertain")),
        ("[1951]", ("1951", "year", "1951-01-01", "1951-12-31", "1951", "inferred")),
        ("June 13-14, 1951", ("1951-06-13/1951-06-14", "day", "1951-06-13", "1951-06-14", "1951-06-13/1951-06-14", "exact")),
        ("1950s", ("1950/1959", "decade", "1950-01-01", "1959-12-31", "195X", "exact")),
        ("Summer 1951", ("1951-06/1951-08", "season", "1951-06-01", "1951-08-31", "1951-22", "exact")),
        ("Winter 1951", ("1951-12/1952-02", "season", "1951-12-01", "1952-02-29", "1951-24", "exact")),
        ("19510613", ("1951-06-13", "day", "1951-06-13", "1951-06-13", "1951-06-13", "exact")),
        ("Sept. 8, 1951", ("1951-09-08", "day", "1951-09-08", "1951-09-08", "1951-09-08", "exact")),
        ("8th September 1951", ("1951-09-08", "day", "1951-09-08", "1951-09-08", "1951-09-08", "exact")),
        ("  June   30,  1951 ", ("1951-06-30", "day", "1951-06-30", "1951-06-30", "1951-06-30", "exact")),
        ("ca. June 1951", ("1951-06", "month", "1951-06-01", "1951-06-30", "1951-06~", "approximate")),
    ],
)
def test_known_shapes(raw, expected):
    parsed = parse_date(raw)
    assert tuple(getattr(parsed, f) for f in FIELDS) == expected


@pytest.mark.parametrize("raw", [None, "", "   ", "undated", "Undated", "n.d.", "[undated]"])
def test_undated_is_empty_not_unreadable(raw):
    parsed = parse_date(raw)
    assert (parsed.date, parsed.precision, parsed.start, parsed.end, parsed.qualifier, parsed.readable) == (
        None, "none", None, None, "undated", True)


@pytest.mark.parametrize("raw", ["February 30, 1951", "Juen 13, 1951", "June 14-13, 1951", "June 1951 or 1952", "13"])
def test_unreadable_stays_empty_and_is_flagged(raw):
    parsed = parse_date(raw)
    assert (parsed.date, parsed.precision, parsed.qualifier, parsed.readable) == (None, "none", None, False)


def test_library_fallback_never_takes_a_year_from_today():
    assert parse_date("June 13").readable is False
    assert parse_date("Tuesday").readable is False


@pytest.mark.parametrize(
    "text, is_date",
    [
        ("June 13, 1951", True), ("1948", True), ("April, 1950", True), ("ca. 1951", True), ("June 13-14, 1951", True),
        ("Summer 1951", True), ("[1951]", True), ("1950s", True), ("1893-1976", False), ("1893- 1976", False),
        ("(372) documents", False), ("-", False), ("Eastern Europe", False),
        ("Telegram from Mao to Stalin, June 13, 1951", False), ("Pagination", False),
    ],
)
def test_date_shape(text, is_date):
    assert looks_like_date(text) is is_date


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_never_invents_a_year(text):
    parsed = parse_date(text)
    if parsed.date:
        assert parsed.date[:4] in text or parsed.date[:3] in text
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?", parsed.date)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([
    ("June 13, 1951", "day"), ("August 1949", "month"), ("1948", "year"), ("Summer 1951", "season"), ("ca. 1951", "year"),
    # Shapes only the dateutil fallback reads: its defaults (today's, unless overridden) must never show through.
    ("1951-06", "month"), ("Jun-1951", "month"), ("1951 June", "month"),
]), st.sampled_from(["", " ", "  "]), st.booleans())
def test_never_fills_a_part_from_today(case, pad, upper):
    raw, precision = case
    parsed = parse_date(pad + (raw.upper() if upper else raw) + pad)
    this_year = str(date.today().year)
    assert parsed.date is not None and this_year not in (parsed.date + (parsed.start or "") + (parsed.end or ""))
    assert parsed.precision == precision  # no day or month beyond what is written


@settings(max_examples=200, deadline=None)
@given(st.builds(lambda y, m, d: f"{m} {d}, {y}", st.integers(1900, 1999),
                 st.sampled_from(["January", "March", "June", "November"]), st.integers(1, 28)))
def test_day_dates_round_trip(text):
    parsed = parse_date(text)
    assert parsed.precision == "day" and parsed.start == parsed.end == parsed.date


@pytest.mark.parametrize("text", ["10-100", "\u0660100", "3/4/100"])
def test_a_year_is_written_in_four_digits(text):
    """The parser behind the regular expressions reads "10-100" as October of the year 100: no such date is written."""
    assert parse_date(text).date is None
