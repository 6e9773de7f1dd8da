"""The archive's old design (2013 to about 2022): results in `.search-res li`, titles in `.itm-title`."""

from __future__ import annotations

import re

from bs4 import Tag

from pipeline.designs.common import (
    Entry,
    Extraction,
    Issue,
    Parts,
    class_has,
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

LAYOUT = "legacy-html"

SELECTORS = {
    "result": ".search-res li",
    "link": "a.lnk-res[href]",
    "title": ".itm-title",
}

SIGNATURE = re.compile(r"\bclass=[\"'][^\"'<>]*\bsearch-res\b", re.I)  # never across a "<" or ">": linear
# The result list; the count is read from the text.
ONLY = Parts(lambda name, attrs: class_has(attrs, "search-res"))
# Result items, counted in the markup before any tree is built (pipeline/limits.py): the result links.
RESULT_MARK = re.compile(r"\bclass=[\"'][^\"'<>]*\blnk-res\b", re.I)


def recognize(page: DecodedPage) -> bool:
    return page.is_html and SIGNATURE.search(page.text) is not None


def extract(page: DecodedPage) -> Extraction:
    soup = make_soup(page.text, ONLY)
    found = Extraction(stated=text_stated_count(page.text))
    items = soup.select(SELECTORS["result"])
    hidden = {id(item) for item in items if is_hidden(item)}  # by identity: bs4 compares tags by content
    if hidden:
        found.issues.append(hidden_issue(len(hidden)))
    for position, item in enumerate((i for i in items if id(i) not in hidden), start=1):
        link = item.select_one(SELECTORS["link"])
        title = item.select_one(SELECTORS["title"]) or link
        url = _parse_link(link)
        name = _parse_title(title)
        if url is None or "/document/" not in url:
            # Collections are listed among the old design's results; they are not documents.
            found.other_items += 1
            found.issues.append(
                Issue(position, "not_a_document", f"'{name or '?'}' links to {url or 'nothing'}, not to a /document/ page; not a document")
            )
            continue
        skip = tuple(n for n in (title, link) if n is not None)
        date = _parse_date(item, skip)
        found.entries.append(
            Entry(
                position=position,
                date_raw=collapse(str(date)) if date is not None else None,
                title_raw=name,
                summary_raw=_parse_summary(item, skip, date),
                record_url=url,
            )
        )
    return found


def _parse_date(item: Tag, skip: tuple):
    return find_date_string(item, skip=skip)


def _parse_title(title: Tag | None) -> str | None:
    return collapse(title.get_text()) if title is not None else None


def _parse_summary(item: Tag, skip: tuple, date) -> str | None:
    return text_outside(item, skip=skip + ((date,) if date is not None else ()))


def _parse_link(link: Tag | None) -> str | None:
    return record_path(link.get("href")) if link is not None else None
