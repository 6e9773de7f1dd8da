"""The archive's old design (2013 to about 2022): results in `.search-res li`, titles in `.itm-title`."""

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

LAYOUT = "legacy-html"

SELECTORS = {
    "result": ".search-res li",
    "link": "a.lnk-res[href]",
    "title": ".itm-title",
}


SIGNATURE = re.compile(r"\bclass=[\"'][^\"']*\bsearch-res\b", re.I)
ONLY = SoupStrainer(class_="search-res")  # the result list; the count is read from the text


def recognize(html: str) -> bool:
    return SIGNATURE.search(html) is not None


def extract(soup: BeautifulSoup, html: str) -> Extraction:
    found = Extraction(stated=text_stated_count(html))
    for position, item in enumerate(soup.select(SELECTORS["result"]), start=1):
        link = item.select_one(SELECTORS["link"])
        title = item.select_one(SELECTORS["title"]) or link
        url = record_path(link.get("href")) if link is not None else None
        name = collapse(title.get_text()) if title is not None else None
        if url is None or "/document/" not in url:
            # Collections are listed among the old design's results; they are not documents.
            found.other_items += 1
            found.issues.append(
                Issue(position, "not_a_document", f"'{name or '?'}' links to {url or 'nothing'}, not to a /document/ page; not a document")
            )
            continue
        skip = tuple(n for n in (title, link) if n is not None)
        date = find_date_string(item, skip=skip)
        found.entries.append(
            Entry(
                position=position,
                date_raw=collapse(str(date)) if date is not None else None,
                title_raw=name,
                summary_raw=text_outside(item, skip=skip + ((date,) if date is not None else ())),
                record_url=url,
            )
        )
    return found

