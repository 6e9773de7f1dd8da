"""Reading one saved page: decode it, recognize its design, extract its entries and check its count."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline import designs
from pipeline.designs.common import Entry, Extraction, Issue, cut_issue
from pipeline.designs.record_html import Record
from pipeline.reading.decode import UnreadablePage, decode_page

# Bump when a change to reading pages changes what comes out of them: staged pages
# parsed by another version are parsed again.
PARSER_VERSION = "5"

_HTML_END = re.compile(r"</html\s*>", re.I)

# Page statuses. Entries are staged from the ACCEPTED ones.
OK = "ok"
COUNT_MISMATCH = "count_mismatch"
EMPTY = "empty"
UNREADABLE = "unreadable"
TRUNCATED = "truncated"
UNRECOGNIZED = "unrecognized"
STATUSES = (OK, COUNT_MISMATCH, EMPTY, UNREADABLE, TRUNCATED, UNRECOGNIZED)
# A truncated page keeps the entries before the cut: each of them was closed before the page ended.
ACCEPTED = (OK, COUNT_MISMATCH, TRUNCATED)


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

    design = designs.recognize(decoded)
    if decoded.is_html and not _HTML_END.search(decoded.text):
        return _truncated(design, decoded, len(data))
    if design is None:
        if decoded.is_html:
            return _refused(None, UNRECOGNIZED, "parse", "layout",
                            "HTML page of no known design: no results table (td.document), no .search-res list, "
                            "and not a document page")
        return _refused(None, UNRECOGNIZED, "parse", "layout", "text page of no known rendering: no line has a date's shape")
    return _checked(design.LAYOUT, design.extract(decoded))


def _checked(layout: str, found: Extraction) -> ParsedPage:
    page = ParsedPage(layout=layout, status=OK, stated=found.stated, next_page=found.next_page, entries=found.entries,
                      record=found.record)
    page.issues = [("parse", issue) for issue in found.issues]
    items = len(found.entries) + found.other_items + sum(1 for i in found.issues if i.check == "entry_text")
    if not found.entries:
        page.status = EMPTY
        said = next((i.reason for i in found.issues if i.check == "no_entries"), None)
        if said:  # the design has said why (a document page without a title)
            page.error = said
            return page
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


def _truncated(design, decoded, size: int) -> ParsedPage:
    """An HTML page cut off before </html>: the entries before the cut are whole and kept; the last one may be
    cut inside and is reported, never stored as complete. The page's count is not checked: the cut explains it."""
    found = design.extract(decoded) if design is not None else Extraction()
    kept, cut = found.entries[:-1], found.entries[-1:]
    reason = f"HTML ends after {size:,} bytes without </html>: the page was cut off"
    page = ParsedPage(layout=design.LAYOUT if design else None, status=TRUNCATED, error=reason, entries=kept,
                      issues=[("read", Issue(None, "truncated", reason + (
                          f"; the {len(kept)} entries before the cut are kept" if kept else "; no entry is whole")))])
    page.issues += [("parse", issue) for issue in found.issues]
    page.issues += [("parse", cut_issue(e)) for e in cut]
    return page


def _refused(layout: str | None, status: str, stage: str, check: str, reason: str) -> ParsedPage:
    return ParsedPage(layout=layout, status=status, error=reason, issues=[(stage, Issue(None, check, reason))])
