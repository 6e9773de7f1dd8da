"""Document dates: recognize a date by its shape and normalize it, never filling a missing part from today.

Every date becomes, as archival practice (DACS) has it, the expression as written plus:
- `date`: ISO 8601 at the precision known (1951-06-13, 1949-08, 1948), or an ISO interval for a range,
  a season or a decade (1951-06-13/1951-06-14, 1951-06/1951-08, 1950/1959);
- `date_edtf`: the Extended Date/Time Format string (1951-06-13, 1949-08, 1951~, 1951?, 195X, 1951-22);
- `date_precision`: day, month, season, year, decade, or none;
- `date_qualifier`: exact, approximate ("ca. 1951"), uncertain ("1951?"), inferred ("[1951]"), or undated;
- `date_start`, `date_end`: the first and last day the date covers.

Known shapes are read by regular expressions (fast, exact). Anything else goes to dateutil, and its
answer is kept only if every part of it is in the input: the year must occur in the text as written.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date as _date
from datetime import datetime
from functools import lru_cache

from dateutil import parser as _dateutil

MONTHS = {
    "january": 1, "jan": 1,
    "february": 2, "feb": 2,
    "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "may": 5,
    "june": 6, "jun": 6,
    "july": 7, "jul": 7,
    "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
# EDTF season codes, and the months each covers (meteorological seasons, northern hemisphere).
SEASONS = {"spring": (21, 3, 5), "summer": (22, 6, 8), "autumn": (23, 9, 11), "fall": (23, 9, 11), "winter": (24, 12, 2)}

_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_SEASON = r"(?:spring|summer|autumn|fall|winter)"
_YEAR = r"[12]\d{3}"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DASH = r"\s*[-–]\s*"

# Everything a date line on a listing can look like. Recognizing a shape keeps it out of titles and
# summaries even when its value cannot be read ("February 30, 1951" is then unreadable, and counted).
_SHAPE = re.compile(
    rf"""^\[?(?:(?:ca|c|circa)\.?\s*)?
    (?:{_MONTH}\s+{_DAY}(?:{_DASH}{_DAY})?,?\s+{_YEAR}
      |{_DAY}(?:{_DASH}{_DAY})?\s+{_MONTH},?\s+{_YEAR}
      |(?:{_MONTH}|{_SEASON}),?\s+{_YEAR}
      |{_YEAR}s?
      |{_YEAR}-\d{{2}}-\d{{2}}
    )\??\]?$
    |^(?:undated|n\.\s?d\.|no\ date)$""",
    re.IGNORECASE | re.VERBOSE,
)

_INFERRED = re.compile(r"^\[(?P<inner>.+)\]$")
_APPROXIMATE = re.compile(r"^(?:ca|c|circa|approx|about)\.?\s*(?P<inner>.+)$", re.I)
_UNCERTAIN = re.compile(r"^(?P<inner>.+?)\s*\?$")
_UNDATED = re.compile(r"^\[?(?:undated|n\.\s?d\.|no date)\]?$", re.I)

_MONTH_DAY_YEAR = re.compile(rf"^(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>{_YEAR})$", re.I)
_DAY_MONTH_YEAR = re.compile(rf"^(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH}),?\s+(?P<year>{_YEAR})$", re.I)
_MONTH_DAYS_YEAR = re.compile(
    rf"^(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}}){_DASH}(?P<day2>\d{{1,2}}),?\s+(?P<year>{_YEAR})$", re.I)
_DAYS_MONTH_YEAR = re.compile(
    rf"^(?P<day>\d{{1,2}}){_DASH}(?P<day2>\d{{1,2}})\s+(?P<month>{_MONTH}),?\s+(?P<year>{_YEAR})$", re.I)
_MONTH_YEAR = re.compile(rf"^(?P<month>{_MONTH}),?\s+(?P<year>{_YEAR})$", re.I)
_SEASON_YEAR = re.compile(rf"^(?P<season>{_SEASON}),?\s+(?P<year>{_YEAR})$", re.I)
_YEAR_ONLY = re.compile(rf"^(?P<year>{_YEAR})$")
_DECADE = re.compile(r"^(?P<decade>[12]\d{2})0s$")
_ISO_DAY = re.compile(rf"^(?P<year>{_YEAR})-(?P<month>\d{{2}})-(?P<day>\d{{2}})$")
_COMPACT_DAY = re.compile(rf"^(?P<year>{_YEAR})(?P<month>\d{{2}})(?P<day>\d{{2}})$")  # the old API's 19510613

PRECISIONS = ("day", "month", "season", "year", "decade", "none")
QUALIFIERS = ("exact", "approximate", "uncertain", "inferred", "undated")
_EDTF_MARK = {"exact": "", "approximate": "~", "uncertain": "?", "inferred": "", "approximate-uncertain": "%"}


@dataclass(frozen=True)
class DocDate:
    """A normalized date. `readable` is False when a date was written but could not be read."""

    date: str | None
    precision: str
    start: str | None
    end: str | None
    edtf: str | None = None
    qualifier: str | None = None
    readable: bool = True


UNDATED = DocDate(None, "none", None, None, None, "undated", True)
UNREADABLE = DocDate(None, "none", None, None, None, None, False)


def looks_like_date(text: str) -> bool:
    """True when the whole text has the shape of a date expression."""
    return bool(_SHAPE.match(" ".join(text.split())))


@lru_cache(maxsize=65536)
def parse_date(raw: str | None) -> DocDate:
    """Normalize a date as written. Never fills a missing part from today."""
    if raw is None or not raw.strip():
        return UNDATED
    text = " ".join(raw.split())
    if _UNDATED.match(text):
        return UNDATED
    qualifier = "exact"
    m = _INFERRED.match(text)
    if m:
        qualifier, text = "inferred", m["inner"].strip()
    m = _APPROXIMATE.match(text)
    if m:
        qualifier, text = "approximate", m["inner"].strip()
    m = _UNCERTAIN.match(text)
    if m:
        qualifier = "approximate-uncertain" if qualifier == "approximate" else "uncertain"
        text = m["inner"].strip()
    parsed = _core(text) or _fallback(text)
    if parsed is None:
        return UNREADABLE
    mark = _EDTF_MARK[qualifier]
    edtf = parsed.edtf + mark if "/" not in parsed.edtf else "/".join(p + mark for p in parsed.edtf.split("/"))
    return replace(parsed, edtf=edtf, qualifier="uncertain" if qualifier == "approximate-uncertain" else qualifier)


def _core(text: str) -> DocDate | None:
    """The known shapes, by regular expression."""
    for pattern in (_MONTH_DAY_YEAR, _DAY_MONTH_YEAR):
        m = pattern.match(text)
        if m:
            return _day(int(m["year"]), _month_number(m["month"]), int(m["day"]))
    for pattern in (_MONTH_DAYS_YEAR, _DAYS_MONTH_YEAR):
        m = pattern.match(text)
        if m:
            return _day_range(int(m["year"]), _month_number(m["month"]), int(m["day"]), int(m["day2"]))
    for pattern in (_ISO_DAY, _COMPACT_DAY):
        m = pattern.match(text)
        if m:
            return _day(int(m["year"]), int(m["month"]), int(m["day"]))
    m = _MONTH_YEAR.match(text)
    if m:
        return _month(int(m["year"]), _month_number(m["month"]))
    m = _SEASON_YEAR.match(text)
    if m:
        return _season(int(m["year"]), m["season"].lower())
    m = _YEAR_ONLY.match(text)
    if m:
        return _year(int(m["year"]))
    m = _DECADE.match(text)
    if m:
        first = int(m["decade"]) * 10
        return DocDate(f"{first}/{first + 9}", "decade", f"{first}-01-01", f"{first + 9}-12-31", f"{m['decade']}X")
    return None


# Two defaults that differ in every field: a field dateutil did not find in the text differs
# between the two answers, so nothing is ever filled in silently.
_DEFAULTS = (datetime(1004, 1, 1), datetime(1008, 2, 2))


def _fallback(text: str) -> DocDate | None:
    """dateutil for shapes the regular expressions do not know; kept only if its year is in the text."""
    try:
        a, b = (_dateutil.parse(text, default=d, fuzzy=False) for d in _DEFAULTS)
    except (ValueError, OverflowError):
        return None
    if a.year != b.year or not re.search(rf"(?<![0-9]){a.year:04d}(?![0-9])", text):
        return None  # no year, or not one the text writes as four digits ("10-100" is no year 100)
    if a.month != b.month:
        return _year(a.year)
    if a.day != b.day:
        return _month(a.year, a.month)
    return _day(a.year, a.month, a.day)


def _month_number(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def _day(year: int, month: int, day: int) -> DocDate | None:
    try:
        iso = _date(year, month, day).isoformat()
    except ValueError:  # "February 30, 1951" has a date's shape but is no date
        return None
    return DocDate(iso, "day", iso, iso, iso)


def _day_range(year: int, month: int, first: int, last: int) -> DocDate | None:
    start, end = _day(year, month, first), _day(year, month, last)
    if start is None or end is None or start.date >= end.date:
        return None
    interval = f"{start.date}/{end.date}"
    return DocDate(interval, "day", start.date, end.date, interval)


def _year(year: int) -> DocDate:
    iso = f"{year:04d}"
    return DocDate(iso, "year", f"{iso}-01-01", f"{iso}-12-31", iso)


def _month(year: int, month: int) -> DocDate:
    last = calendar.monthrange(year, month)[1]
    iso = f"{year:04d}-{month:02d}"
    return DocDate(iso, "month", f"{iso}-01", f"{iso}-{last:02d}", iso)


def _season(year: int, season: str) -> DocDate:
    code, first_month, last_month = SEASONS[season]
    end_year = year + 1 if last_month < first_month else year  # winter runs into the next year
    last_day = calendar.monthrange(end_year, last_month)[1]
    start, end = f"{year:04d}-{first_month:02d}", f"{end_year:04d}-{last_month:02d}"
    return DocDate(f"{start}/{end}", "season", f"{start}-01", f"{end}-{last_day:02d}", f"{year:04d}-{code}")
