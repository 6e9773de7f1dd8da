"""The archive's current design (2023+, Drupal): results in `td.document` cells of the results table."""

from __future__ import annotations

import re

from bs4 import Tag

from pipeline.designs.common import (
    Entry,
    Extraction,
    Issue,
    Parts,
    collapse,
    find_date_string,
    hidden_issue,
    is_hidden,
    make_soup,
    record_path,
    text_stated_count,
    text_outside,
)
from pipeline.reading.decode import DecodedPage

LAYOUT = "current-html"

# Every selector of this design, in one place: a markup change is a one-line fix here.
SELECTORS = {
    "result": "table.table td.document",
    "title_link": 'a[href*="/document/"]',
    "next_page": 'a[rel="next"], .pager__item--next a',
}

# Recognized from the markup's text, before any tree is built: a td whose classes include "document".
# Never across a "<" or ">": linear however the markup is broken.
SIGNATURE = re.compile(r"<td\b[^<>]*?\bclass=[\"'][^\"'<>]*\bdocument\b", re.I)
# One result item, counted in the markup before any tree is built (pipeline/limits.py).
RESULT_MARK = SIGNATURE
# The parts read: the results table and the pager (the count is read from the text).
ONLY = Parts(lambda name, attrs: name in ("table", "nav"))


def recognize(page: DecodedPage) -> bool:
    return page.is_html and SIGNATURE.search(page.text) is not None


def extract(page: DecodedPage) -> Extraction:
    soup = make_soup(page.text, ONLY)
    next_link = next((a for a in soup.select(SELECTORS["next_page"]) if not is_hidden(a)), None)
    found = Extraction(stated=text_stated_count(page.text), next_page=next_link.get("href") if next_link else None)
    cells = soup.select(SELECTORS["result"])
    hidden = {id(cell) for cell in cells if is_hidden(cell)}  # by identity: bs4 compares tags by content
    if hidden:
        found.issues.append(hidden_issue(len(hidden)))
    for position, cell in enumerate((c for c in cells if id(c) not in hidden), start=1):
        link = cell.select_one(SELECTORS["title_link"])
        if link is None:
            found.issues.append(Issue(position, "title_link", "result cell has no link to a /document/ page"))
            continue
        date = _parse_date(cell, link)
        found.entries.append(
            Entry(
                position=position,
                date_raw=collapse(str(date)) if date is not None else None,
                title_raw=_parse_title(link),
                summary_raw=_parse_summary(cell, link, date),
                record_url=_parse_link(link),
            )
        )
    return found


def _parse_date(cell: Tag, link: Tag):
    # The markup around the date is not known for sure: it is the first text shaped like a date.
    return find_date_string(cell, skip=(link,))


def _parse_title(link: Tag) -> str | None:
    return collapse(link.get_text())


def _parse_summary(cell: Tag, link: Tag, date) -> str | None:
    # The rest of the cell's text, in reading order.
    return text_outside(cell, skip=(link,) + ((date,) if date is not None else ()))


def _parse_link(link: Tag) -> str | None:
    return record_path(link.get("href"))
