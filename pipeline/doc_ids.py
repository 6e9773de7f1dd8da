"""Document ids, frozen: analysts join on them, so no change to name matching, title reading or date
normalization may change one.

This module therefore imports nothing else of the pipeline: its text folding and its reading of dates are
its own copies, as they were when ids were first published (rule version 1), and stay so. Improving how
the pipeline reads dates or names happens elsewhere and leaves these alone. A test pins the ids of every
document of the sample pages, the seeds, the stand-in corpus and the labelled titles.

The rule: the record's slug (or number) from its URL (/document/<slug>); else "h-" and the first 16 hex
digits of the sha256 of "<date key>|<folded text>", where the text is the title, or the summary when no
page gives a title, and the date key is the date as ISO 8601 when it can be read, "raw:<folded date>" when
it cannot, and "undated" when there is none.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date, datetime
from functools import lru_cache

from dateutil import parser as _dateutil


def doc_id(record_url: str | None, date_raw: str | None, text: str | None) -> str:
    if record_url:
        return record_url.rstrip("/").rsplit("/", 1)[-1]
    key = f"{_date_key(date_raw)}|{_fold(text or '')}"
    return "h-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _fold(text: str) -> str:
    """No case, no diacritics, no possessive, no punctuation ("Satō's, Eisaku" -> "sato eisaku")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"['’‘`]s\b", "", text.casefold())
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


@lru_cache(maxsize=65536)
def _date_key(date_raw: str | None) -> str:
    iso = _iso(date_raw) if date_raw else None
    if iso:
        return iso
    return f"raw:{_fold(date_raw)}" if date_raw else "undated"


def _iso(date_raw: str) -> str | None:
    """The date as ISO 8601 (a day, a month, a year or an interval), or None when it cannot be read."""
    text = " ".join(date_raw.split())
    if not text or _UNDATED.match(text):
        return None
    for qualifier in (_INFERRED, _APPROXIMATE, _UNCERTAIN):
        m = qualifier.match(text)
        if m:
            text = m["inner"].strip()
    return _read(text) or _read_fallback(text)


_MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
           "nov": 11, "dec": 12}
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_YEAR = r"[12]\d{3}"
_DASH = r"\s*[-–]\s*"
_INFERRED = re.compile(r"^\[(?P<inner>.+)\]$")
_APPROXIMATE = re.compile(r"^(?:ca|c|circa|approx|about)\.?\s*(?P<inner>.+)$", re.I)
_UNCERTAIN = re.compile(r"^(?P<inner>.+?)\s*\?$")
_UNDATED = re.compile(r"^\[?(?:undated|n\.\s?d\.|no date)\]?$", re.I)
_SHAPES = (
    ("day", re.compile(rf"^(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>{_YEAR})$", re.I)),
    ("day", re.compile(rf"^(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH}),?\s+(?P<year>{_YEAR})$", re.I)),
    ("days", re.compile(rf"^(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}}){_DASH}(?P<day2>\d{{1,2}}),?\s+(?P<year>{_YEAR})$", re.I)),
    ("days", re.compile(rf"^(?P<day>\d{{1,2}}){_DASH}(?P<day2>\d{{1,2}})\s+(?P<month>{_MONTH}),?\s+(?P<year>{_YEAR})$", re.I)),
    ("day", re.compile(rf"^(?P<year>{_YEAR})-(?P<month>\d{{2}})-(?P<day>\d{{2}})$")),
    ("day", re.compile(rf"^(?P<year>{_YEAR})(?P<month>\d{{2}})(?P<day>\d{{2}})$")),
    ("month", re.compile(rf"^(?P<month>{_MONTH}),?\s+(?P<year>{_YEAR})$", re.I)),
    ("season", re.compile(rf"^(?P<season>spring|summer|autumn|fall|winter),?\s+(?P<year>{_YEAR})$", re.I)),
    ("year", re.compile(rf"^(?P<year>{_YEAR})$")),
    ("decade", re.compile(r"^(?P<decade>[12]\d{2})0s$")),
)


def _read(text: str) -> str | None:
    for shape, pattern in _SHAPES:
        m = pattern.match(text)
        if not m:
            continue
        if shape == "decade":
            first = int(m["decade"]) * 10
            return f"{first}/{first + 9}"
        year = int(m["year"])
        if shape == "year":
            return f"{year:04d}"
        if shape == "season":
            first, last = _SEASONS[m["season"].lower()]
            return f"{year:04d}-{first:02d}/{year + 1 if last < first else year:04d}-{last:02d}"
        month = _month(m["month"])
        if shape == "month":
            return f"{year:04d}-{month:02d}"
        start = _day(year, month, int(m["day"]))
        if shape == "day":
            return start
        end = _day(year, month, int(m["day2"]))
        return f"{start}/{end}" if start and end and start < end else None
    return None


def _month(written: str) -> int:
    return int(written) if written.isdigit() else _MONTHS[written.rstrip(".").lower()[:3]]


def _day(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


_DEFAULTS = (datetime(1004, 1, 1), datetime(1008, 2, 2))


def _read_fallback(text: str) -> str | None:
    """Shapes no pattern above knows, read by dateutil; kept only when the text writes the year as four digits."""
    try:
        a, b = (_dateutil.parse(text, default=d, fuzzy=False) for d in _DEFAULTS)
    except (ValueError, OverflowError):
        return None
    if a.year != b.year or not re.search(rf"(?<![0-9]){a.year:04d}(?![0-9])", text):
        return None
    if a.month != b.month:
        return f"{a.year:04d}"
    if a.day != b.day:
        return f"{a.year:04d}-{a.month:02d}"
    return _day(a.year, a.month, a.day)

