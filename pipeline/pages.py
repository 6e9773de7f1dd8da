"""Reading one saved page: decode it, recognize its design, extract its entries and check its count."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.decode import UnreadablePage, decode_page
from pipeline.designs import current_html, current_text, legacy_html, legacy_text, record_html
from pipeline.designs.common import Entry, Extraction, Issue, make_soup, split_lines
from pipeline.designs.record_html import Record

# Bump when a change to reading pages changes what comes out of them: staged pages
# parsed by another version are parsed again.
PARSER_VERSION = "3"

HTML_DESIGNS = (current_html, legacy_html, record_html)
TEXT_DESIGNS = (legacy_text, current_text)  # the old design's banner is the more specific test

_HTML_END = re.compile(r"</html\s*>", re.I)

# Page statuses. Entries are staged from pages that are "ok" or "count_mismatch".
OK = "ok"
COUNT_MISMATCH = "count_mismatch"
EMPTY = "empty"
UNREADABLE = "unreadable"
TRUNCATED = "truncated"
UNRECOGNIZED = "unrecognized"
STATUSES = (OK, COUNT_MISMATCH, EMPTY, UNREADABLE, TRUNCATED, UNRECOGNIZED)
ACCEPTED = (OK, COUNT_MISMATCH)


@dataclass
class ParsedPage:
    """What one page yielded, and what about it was not accepted (issues become reject rows)."""

    layout: str | None
    status: str
    error: str | None = None
    stated: tuple[int, int, int] | None = None
    next_page: str | None = None
    entries: list[Entry] = field(default_factory=list)
    issues: list[tuple[str, Issue]] = field(default_factory=list)  # (stage, issue)
    record: Record | None = None  # a document's own page: its catalogue fields


def read_page(data: bytes) -> ParsedPage:
    """Read a page's bytes into entries. Never raises for bad input: it says what was wrong."""
    try:
        decoded = decode_page(data)
    except UnreadablePage as err:
        return _refused(None, UNREADABLE, "read", err.check, err.reason)

    if decoded.is_html:
        if not _HTML_END.search(decoded.text):
            return _refused(
                None, TRUNCATED, "read", "truncated",
                f"HTML ends after {len(data):,} bytes without </html>: the page was cut off; its entries are not used",
            )
        design = next((d for d in HTML_DESIGNS if d.recognize(decoded.text)), None)
        if design is None:
            return _refused(None, UNRECOGNIZED, "parse", "layout",
                            "HTML page of no known design: no results table (td.document), no .search-res list, "
                            "and not a document page")
        found = design.extract(make_soup(decoded.text, design.ONLY), decoded.text)
        if design is record_html:
            return _record_page(found)
    else:
        lines = split_lines(decoded.text)
        design = next((d for d in TEXT_DESIGNS if d.recognize(lines)), None)
        if design is None:
            return _refused(None, UNRECOGNIZED, "parse", "layout", "text page of no known rendering: no line has a date's shape")
        found = design.extract(lines)
    return _checked(design.LAYOUT, found)


def _checked(layout: str, found: Extraction) -> ParsedPage:
    page = ParsedPage(layout=layout, status=OK, stated=found.stated, next_page=found.next_page, entries=found.entries)
    page.issues = [("parse", issue) for issue in found.issues]
    items = len(found.entries) + found.other_items + sum(1 for i in found.issues if i.check == "entry_text")
    if not found.entries:
        page.status = EMPTY
        page.error = "the page yielded no result entries" + (
            f" (it says {found.stated[0]} - {found.stated[1]} of {found.stated[2]})" if found.stated else ""
        )
        page.issues.append(("parse", Issue(None, "no_entries", page.error)))
        return page
    if found.stated is not None:
        start, end, total = found.stated
        expected = end - start + 1
        if items != expected:
            page.status = COUNT_MISMATCH
            page.error = (
                f"page says {start} - {end} of {total} ({expected} results) but {items} result item(s) were found "
                f"({len(found.entries)} documents accepted)"
            )
            page.issues.append(("parse", Issue(None, "stated_count", page.error)))
    return page


def _record_page(record: Record) -> ParsedPage:
    """A document page is one entry (its title, date and summary) plus its catalogue fields."""
    if not record.title:
        return _refused(record_html.LAYOUT, EMPTY, "parse", "no_entries", "document page without a title (h1.title)")
    entry = Entry(1, record.date_raw, record.title, record.summary, record.record_url)
    return ParsedPage(layout=record_html.LAYOUT, status=OK, entries=[entry], record=record)


def _refused(layout: str | None, status: str, stage: str, check: str, reason: str) -> ParsedPage:
    return ParsedPage(layout=layout, status=status, error=reason, issues=[(stage, Issue(None, check, reason))])
