"""Document dates: recognize a date by its shape and normalize it to ISO 8601 at the precision it is known."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date as _date
from functools import lru_cache

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

_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_SEASON = r"(?:spring|summer|autumn|fall|winter)"
_YEAR = r"[12]\d{3}"

# Everything a date line on a listing can look like, including shapes this version
# does not yet normalize ("ca. 1951", "June 13-14, 1951", "1950s"): recognizing them
# keeps them out of titles and summaries, and they are then counted as unreadable.
_SHAPE = re.compile(
    rf"""^\[?(?:(?:ca|c|circa)\.?\s*)?
    (?:{_MONTH}\s+\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?,?\s+{_YEAR}
      |\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?\s+{_MONTH},?\s+{_YEAR}
      |(?:{_MONTH}|{_SEASON}),?\s+{_YEAR}
      |{_YEAR}s?
    )\??\]?$
    |^(?:undated|n\.\s?d\.|no\ date)$""",
    re.IGNORECASE | re.VERBOSE,
)

_MONTH_DAY_YEAR = re.compile(rf"^(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}}),?\s+(?P<year>{_YEAR})$", re.I)
_DAY_MONTH_YEAR = re.compile(rf"^(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH}),?\s+(?P<year>{_YEAR})$", re.I)
_MONTH_YEAR = re.compile(rf"^(?P<month>{_MONTH}),?\s+(?P<year>{_YEAR})$", re.I)
_YEAR_ONLY = re.compile(rf"^(?P<year>{_YEAR})$")
_UNDATED = re.compile(r"^(?:undated|n\.\s?d\.|no date)$", re.I)

PRECISIONS = ("day", "month", "year", "none")


@dataclass(frozen=True)
class DocDate:
    """A normalized date. `readable` is False when a date was written but could not be read."""

    date: str | None
    precision: str
    start: str | None
    end: str | None
    readable: bool = True


UNDATED = DocDate(None, "none", None, None, True)
UNREADABLE = DocDate(None, "none", None, None, False)


def looks_like_date(text: str) -> bool:
    """True when the whole text has the shape of a date expression."""
    return bool(_SHAPE.match(" ".join(text.split())))


@lru_cache(maxsize=65536)
def parse_date(raw: str | None) -> DocDate:
    """Normalize a date as written on a listing. Never fills a missing part from today."""
    if raw is None or not raw.strip():
        return UNDATED
    text = " ".join(raw.split())
    if _UNDATED.match(text):
        return UNDATED
    for pattern in (_MONTH_DAY_YEAR, _DAY_MONTH_YEAR):
        m = pattern.match(text)
        if m:
            return _day(int(m["year"]), _month_number(m["month"]), int(m["day"]))
    m = _MONTH_YEAR.match(text)
    if m:
        return _month(int(m["year"]), _month_number(m["month"]))
    m = _YEAR_ONLY.match(text)
    if m:
        year = int(m["year"])
        return DocDate(f"{year:04d}", "year", f"{year:04d}-01-01", f"{year:04d}-12-31")
    return UNREADABLE


def _month_number(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def _day(year: int, month: int, day: int) -> DocDate:
    try:
        iso = _date(year, month, day).isoformat()
    except ValueError:  # "February 30, 1951" has a date's shape but is no date
        return UNREADABLE
    return DocDate(iso, "day", iso, iso)


def _month(year: int, month: int) -> DocDate:
    last = calendar.monthrange(year, month)[1]
    return DocDate(f"{year:04d}-{month:02d}", "month", f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}")
