"""The archive's current design (2023+, Drupal): results in `td.document` cells of the results table."""

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

LAYOUT = "current-html"

# What this design reads, each a test of one tag with its CSS selector beside it: a markup change is a one-line fix
# here. Tests, not selectors: on a page's few hundred elements, a CSS engine costs more than reading the results.
def _is_result(tag: Tag) -> bool:  # table.table td.document
    return tag.name == "td" and class_has(tag.attrs, "document") and any(
        parent.name == "table" and class_has(parent.attrs, "table") for parent in tag.parents)


def _is_title_link(tag: Tag) -> bool:  # a[href*="/document/"]
    return tag.name == "a" and "/document/" in (tag.get("href") or "")


def _is_next_link(tag: Tag) -> bool:  # a[rel="next"], .pager__item--next a
    return tag.name == "a" and (" ".join(tag.get_attribute_list("rel")) == "next" or any(
        class_has(parent.attrs, "pager__item--next") for parent in tag.parents))


# Recognized from the markup's text, before any tree is built: a td whose classes include "document".
# Never across a "<" or ">": linear however the markup is broken.
SIGNATURE = re.compile(r"<td\b[^<>]*?\bclass=[\"'][^\"'<>]*\bdocument\b", re.I)
# One result item, counted in the markup before any tree is built (pipeline/limits.py).
RESULT_MARK = SIGNATURE
# The parts read: the results table and the pager (the count is read from the text).
ONLY = Parts(lambda name, attrs: name in ("table", "nav"))
# Where the parts read are, for the cut (pipeline/designs/region.py): every td tag that may be a result (looser than
# RESULT_MARK, so none is left out), and every link that may be the pager's next one.
# They are looked for in the page's tags, lower-cased.
_RESULT_SPOT = re.compile(r"<td\b[^<>]*document")
_NEXT_SPOT = re.compile(r"rel\s*=\s*[\"']?[^\"'<>]*\bnext\b|pager__item--next")  # in a tag that holds "next"


def recognize(page: DecodedPage) -> bool:
    return page.is_html and SIGNATURE.search(page.text) is not None


def extract(page: DecodedPage) -> Extraction:
    return extract_from(page, results_region(page.text))


def results_region(html: str) -> str:
    """The results table and the pager cut out of the page (the whole page when the cut is not plain)."""
    return region.cut(html, _spans)


def _spans(tags: str) -> list:
    containers = region.Containers(tags, ("table", "nav"))
    results = [containers.around(m.start()) for m in _RESULT_SPOT.finditer(tags)]
    # A next link outside every table and nav is not read, cut or not.
    pager = [span for span in (containers.around(at) for at in region.tags_with(tags, ("next",), _NEXT_SPOT))
             if span is not None]
    return results + pager


def extract_from(page: DecodedPage, html: str) -> Extraction:
    """The page's entries, read from `html`: the page's text, or the part of it that holds everything read."""
    soup = make_soup(html, ONLY)
    next_link = next((a for a in soup.find_all(_is_next_link) if not is_hidden(a)), None)
    found = Extraction(stated=text_stated_count(page.text), next_page=next_link.get("href") if next_link else None)
    cells = soup.find_all(_is_result)
    hidden = {id(cell) for cell in cells if is_hidden(cell)}  # by identity: bs4 compares tags by content
    if hidden:
        found.issues.append(hidden_issue(len(hidden)))
    for position, cell in enumerate((c for c in cells if id(c) not in hidden), start=1):
        link = cell.find(_is_title_link)
        if link is None:
            found.issues.append(Issue(position, "title_link", "result cell has no link to a /document/ page"))
            continue
        # The markup around the date is not known for sure: it is the first text shaped like a date. The summary is
        # the rest of the cell's text, in reading order.
        date, summary = date_and_text(cell, skip=(link,))
        found.entries.append(
            Entry(
                position=position,
                date_raw=collapse(str(date)) if date is not None else None,
                title_raw=_parse_title(link),
                summary_raw=summary,
                record_url=_parse_link(link),
            )
        )
    return found


def _parse_title(link: Tag) -> str | None:
    return collapse(link.get_text())


def _parse_link(link: Tag) -> str | None:
    return record_path(link.get("href"))
