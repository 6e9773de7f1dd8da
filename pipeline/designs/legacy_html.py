"""The archive's old design (2013 to about 2022): results in `.search-res li`, titles in `.itm-title`."""

from __future__ import annotations

import re

from bs4 import Tag

from pipeline.designs import region
from pipeline.designs.common import (
    Entry,
    Extraction,
    Issue,
    Parts,
    class_has,
    collapse,
    date_and_text,
    hidden_issue,
    is_hidden,
    make_soup,
    record_path,
    text_stated_count,
)
from pipeline.reading.decode import DecodedPage

LAYOUT = "legacy-html"

# What this design reads, each a test of one tag with its CSS selector beside it: a markup change is a one-line fix
# here. Tests, not selectors: on a page's few hundred elements, a CSS engine costs more than reading the results.
def _is_result(tag: Tag) -> bool:  # .search-res li
    return tag.name == "li" and any(class_has(parent.attrs, "search-res") for parent in tag.parents)


def _is_link(tag: Tag) -> bool:  # a.lnk-res[href]
    return tag.name == "a" and class_has(tag.attrs, "lnk-res") and tag.has_attr("href")


def _is_title(tag: Tag) -> bool:  # .itm-title
    return class_has(tag.attrs, "itm-title")


# Never across a "<" or ">": linear. No \b before "class": a pattern that starts with a word boundary is tried at every
# character of the page.
SIGNATURE = re.compile(r"class=[\"'][^\"'<>]*\bsearch-res\b", re.I)
# The result list; the count is read from the text.
ONLY = Parts(lambda name, attrs: class_has(attrs, "search-res"))
# Result items, counted in the markup before any tree is built (pipeline/limits.py): the result links.
RESULT_MARK = re.compile(r"\bclass=[\"'][^\"'<>]*\blnk-res\b", re.I)
# Where the parts read are, for the cut (pipeline/designs/region.py): every "search-res" in the markup, each of which
# must be in an opening tag (looser than SIGNATURE, so none is left out).
_LIST_SPOT = re.compile(r"search-res")  # looked for in the page's tags, lower-cased


def recognize(page: DecodedPage) -> bool:
    return page.is_html and SIGNATURE.search(page.text) is not None


def extract(page: DecodedPage) -> Extraction:
    return extract_from(page, results_region(page.text))


def results_region(html: str) -> str:
    """The result lists cut out of the page (the whole page when the cut is not plain)."""
    return region.cut(html, _spans)


def _spans(tags: str) -> list:
    spots = region.at_most(m.start() for m in _LIST_SPOT.finditer(tags))
    return [None] if spots is None else [region.element_at(tags, at) for at in spots]


def extract_from(page: DecodedPage, html: str) -> Extraction:
    """The page's entries, read from `html`: the page's text, or the part of it that holds everything read."""
    soup = make_soup(html, ONLY)
    found = Extraction(stated=text_stated_count(page.text))
    items = soup.find_all(_is_result)
    hidden = {id(item) for item in items if is_hidden(item)}  # by identity: bs4 compares tags by content
    if hidden:
        found.issues.append(hidden_issue(len(hidden)))
    for position, item in enumerate((i for i in items if id(i) not in hidden), start=1):
        link = item.find(_is_link)
        title = item.find(_is_title) or link
        url = _parse_link(link)
        name = _parse_title(title)
        if url is None or "/document/" not in url:
            # Collections are listed among the old design's results; they are not documents.
            found.other_items += 1
            found.issues.append(
                Issue(position, "not_a_document", f"'{name or '?'}' links to {url or 'nothing'}, not to a /document/ page; not a document")
            )
            continue
        date, summary = date_and_text(item, skip=tuple(n for n in (title, link) if n is not None))
        found.entries.append(
            Entry(
                position=position,
                date_raw=collapse(str(date)) if date is not None else None,
                title_raw=name,
                summary_raw=summary,
                record_url=url,
            )
        )
    return found


def _parse_title(title: Tag | None) -> str | None:
    return collapse(title.get_text()) if title is not None else None


def _parse_link(link: Tag | None) -> str | None:
    return record_path(link.get("href")) if link is not None else None
