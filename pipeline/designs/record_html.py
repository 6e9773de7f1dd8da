"""A document's own page (/document/<slug>) on the current design: the fields the archive catalogues.

Selectors are those public scrapers used on the live site; labelled lists are an h2.title with the
label, then pills in the next element; single values are .information-block boxes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup

from pipeline.designs.common import Entry, Extraction, Issue, collapse, find_date_string, make_soup, record_path
from pipeline.reading.decode import DecodedPage

LAYOUT = "record-html"

SELECTORS = {
    "title": "h1.title",
    "date": ".date",
    "summary": ".text-block",
    "list_label": "h2.title",
    "list_value": ".pill .name span",
    "info_block": ".information-block",
    "info_label": ".sub-title",
    "info_value": ".text",
    "canonical": 'link[rel="canonical"]',
}
LISTS = {
    "Author(s)": "authors",
    "Associated People & Organizations": "people_orgs",
    "Associated Places": "places",
    "Subjects Discussed": "subjects",
    "Original Archive": "original_archive",
    "Language": "language",
    "Donors": "donors",
}
SINGLES = {
    "Source": "source_citation",
    "Original Uploaded Date": "upload_date",
    "Record ID": "record_id",
    "Original Classification": "original_classification",
    "Type": "record_type",
}


@dataclass
class Record:
    """What a document page says about its document, as written."""

    title: str | None = None
    date_raw: str | None = None
    summary: str | None = None
    record_url: str | None = None  # from the page's canonical link, when it has one
    record_type: str | None = None
    source_citation: str | None = None
    record_id: str | None = None
    original_classification: str | None = None
    upload_date: str | None = None
    authors: list[str] = field(default_factory=list)
    people_orgs: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    original_archive: list[str] = field(default_factory=list)
    language: list[str] = field(default_factory=list)
    donors: list[str] = field(default_factory=list)


SIGNATURE = re.compile(r"\bclass=[\"'][^\"'<>]*\binformation-block\b", re.I)  # never across a "<" or ">"
ONLY = None  # a document page is read whole


def recognize(page: DecodedPage) -> bool:
    return page.is_html and SIGNATURE.search(page.text) is not None


def extract(page: DecodedPage) -> Extraction:
    """A document page is one entry (its title, date and summary) plus its catalogue fields."""
    record = _parse_record(make_soup(page.text, ONLY))
    if not record.title:
        return Extraction(issues=[Issue(None, "no_entries", "document page without a title (h1.title)")])
    entry = Entry(1, record.date_raw, record.title, record.summary, record.record_url)
    return Extraction(entries=[entry], record=record)


def _parse_record(soup: BeautifulSoup) -> Record:
    record = Record(
        title=_parse_title(soup), date_raw=_parse_date(soup), summary=_parse_summary(soup), record_url=_parse_link(soup)
    )
    for heading in soup.select(SELECTORS["list_label"]):
        attr = LISTS.get(collapse(heading.get_text()) or "")
        box = heading.find_next_sibling()
        if attr and box is not None:
            setattr(record, attr, [v for v in (collapse(s.get_text()) for s in box.select(SELECTORS["list_value"])) if v])
    for block in soup.select(SELECTORS["info_block"]):
        label, value = block.select_one(SELECTORS["info_label"]), block.select_one(SELECTORS["info_value"])
        attr = SINGLES.get(collapse(label.get_text()) or "") if label else None
        if attr and value is not None:
            setattr(record, attr, collapse(value.get_text(" ")))
    return record


def _parse_title(soup: BeautifulSoup) -> str | None:
    title = soup.select_one(SELECTORS["title"])
    return collapse(title.get_text()) if title else None


def _parse_date(soup: BeautifulSoup) -> str | None:
    box = soup.select_one(SELECTORS["date"])
    date = find_date_string(box) if box else None
    return collapse(str(date)) if date is not None else None


def _parse_summary(soup: BeautifulSoup) -> str | None:
    summary = soup.select_one(SELECTORS["summary"])
    return collapse(summary.get_text(" ")) if summary else None


def _parse_link(soup: BeautifulSoup) -> str | None:
    canonical = soup.select_one(SELECTORS["canonical"])
    return record_path(canonical.get("href")) if canonical else None
