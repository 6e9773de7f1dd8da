"""The archive's current design (2023+, Drupal): results in `td.document` cells of the results table."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, SoupStrainer

from pipeline.designs.common import (
    Entry,
    Extraction,
    Issue,
    collapse,
    find_date_string,
    record_path,
    text_stated_count,
    text_outside,
)

LAYOUT = "current-html"

# Every selector of this design, in one place: a markup change is a one-line fix here.
SELECTORS = {
    "result": "table.table td.document",
    "title_link": 'a[href*="/document/"]',
    "next_page": 'a[rel="next"], .pager__item--next a',
}


# Recognized from the markup's text, before any tree is built: a td whose classes include "document".
SIGNATURE = re.compile(r"<td\b[^>]*\bclass=[\"'][^\"']*\bdocument\b", re.I)
# The parts read: the results table and the pager (the count is read from the text).
ONLY = SoupStrainer(["table", "nav"])


def recognize(html: str) -> bool:
    return SIGNATURE.search(html) is not None


def extract(soup: BeautifulSoup, html: str) -> Extraction:
    next_link = soup.select_one(SELECTORS["next_page"])
    found = Extraction(stated=text_stated_count(html), next_page=next_link.get("href") if next_link else None)
    for position, cell in enumerate(soup.select(SELECTORS["result"]), start=1):
        link = cell.select_one(SELECTORS["title_link"])
        if link is None:
            found.issues.append(Issue(position, "title_link", "result cell has no link to a /document/ page"))
            continue
        date = find_date_string(cell, skip=(link,))
        found.entries.append(
            Entry(
                position=position,
                date_raw=collapse(str(date)) if date is not None else None,
                title_raw=collapse(link.get_text()),
                summary_raw=text_outside(cell, skip=(link,) + ((date,) if date is not None else ())),
                record_url=record_path(link.get("href")),
            )
        )
    return found

