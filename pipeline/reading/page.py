"""Reading one saved page: decode it, recognize its design, extract its entries and check its count."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline import designs, limits
from pipeline.designs.common import TAG, Entry, Extraction, Issue, count_out_of_range, cut_issue, nesting_depth
from pipeline.designs.record_html import Record
from pipeline.reading.decode import UnreadablePage, decode_page

# Bump when a change to reading pages changes what comes out of them: staged pages
# parsed by another version are parsed again.
PARSER_VERSION = "8"

_HTML_END = re.compile(r"</html\s*>", re.I)

# Page statuses. Entries are staged from the ACCEPTED ones.
OK = "ok"
COUNT_MISMATCH = "count_mismatch"
EMPTY = "empty"
UNREADABLE = "unreadable"
TRUNCATED = "truncated"
UNRECOGNIZED = "unrecognized"
OVER_LIMIT = "over_limit"  # beyond a bound of pipeline/limits.py: not read further
STATUSES = (OK, COUNT_MISMATCH, EMPTY, UNREADABLE, TRUNCATED, UNRECOGNIZED, OVER_LIMIT)
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
    """Read a page's bytes into entries. Never raises for bad input: it says what was wrong. No page costs more
    than the bounds of pipeline/limits.py allow: one beyond them is refused before any tree is built."""
    if len(data) > limits.MAX_PAGE_BYTES:
        return _refused(None, OVER_LIMIT, "read", "too_large",
                        f"{len(data):,} bytes, over the {limits.MAX_PAGE_BYTES:,} a page may have")
    try:
        decoded = decode_page(data)
    except UnreadablePage as err:
        return _refused(None, UNREADABLE, "read", err.check, err.reason)
    nul = decoded.text.find("\x00")
    if nul >= 0:
        return _refused(None, UNREADABLE, "read", "nul", f"a NUL character at character {nul:,}: a page as received "
                                                          "has none (the file is damaged or not a saved page)")

    design = designs.recognize(decoded)
    # The part of the markup the design reads, cut out before any tree is built (the whole page when it cannot be).
    # The bounds apply to what is read: a tree is built of it alone.
    read = design.results_region(decoded.text) if hasattr(design, "results_region") else decoded.text
    if decoded.is_html:
        over = _over_limits(design, read)
        if over:
            return _refused(design.LAYOUT if design else None, OVER_LIMIT, "parse", *over)
    if decoded.is_html and not _HTML_END.search(decoded.text):
        return _truncated(design, decoded, len(data))
    if design is None:
        if decoded.is_html:
            return _refused(None, UNRECOGNIZED, "parse", "layout",
                            "HTML page of no known design: no results table (td.document), no .search-res list, "
                            "and not a document page")
        return _refused(None, UNRECOGNIZED, "parse", "layout", "text page of no known rendering: no line has a date's shape")
    found = design.extract_from(decoded, read) if hasattr(design, "results_region") else design.extract(decoded)
    page = _checked(design.LAYOUT, found)
    if page.stated is None and getattr(design, "STATES_A_COUNT", True):
        # A count read means it was in range: the text is scanned again only when none was.
        out_of_range = count_out_of_range(TAG.sub(" ", decoded.text) if decoded.is_html else decoded.text)
        if out_of_range:
            page.issues.append(("parse", out_of_range))
    return page


def _over_limits(design, html: str) -> tuple[str, str] | None:
    """(check, reason) when reading the markup would cost more than a page may: too deep, or too many results."""
    depth = nesting_depth(html, limits.MAX_DEPTH)
    if depth > limits.MAX_DEPTH:
        return "too_deep", f"elements nest more than {limits.MAX_DEPTH} deep (real pages: about 20): not read"
    mark = getattr(design, "RESULT_MARK", None)
    if mark is not None:
        results = sum(1 for _, _ in zip(mark.finditer(html), range(limits.MAX_RESULTS + 1)))
        if results > limits.MAX_RESULTS:
            return "too_many_results", f"more than {limits.MAX_RESULTS:,} result items on one page (the archive " \
                                       "lists at most 50): not read"
    return None


def _checked(layout: str, found: Extraction) -> ParsedPage:
    entries, too_long = _bounded(found.entries)
    page = ParsedPage(layout=layout, status=OK, stated=found.stated, next_page=found.next_page, entries=entries,
                      record=found.record)
    found.entries = entries
    found.issues += too_long
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


def _bounded(entries: list[Entry]) -> tuple[list[Entry], list[Issue]]:
    """The entries whose title and summary are within limits.py, and an issue for each that is not."""
    kept, issues = [], []
    for e in entries:
        for what, text, bound in (("title", e.title_raw, limits.MAX_TITLE_CHARS),
                                  ("summary", e.summary_raw, limits.MAX_SUMMARY_CHARS)):
            if text and len(text) > bound:
                issues.append(Issue(e.position, "entry_text", f"a {what} of {len(text):,} characters, over the "
                                                              f"{bound:,} one may have: not a {what}, not read"))
                break
        else:
            kept.append(e)
    return kept, issues


def _truncated(design, decoded, size: int) -> ParsedPage:
    """An HTML page cut off before </html>: the entries before the cut are whole and kept; the last one may be
    cut inside and is reported, never stored as complete. The page's count is not checked: the cut explains it."""
    found = design.extract(decoded) if design is not None else Extraction()
    (kept, too_long), cut = _bounded(found.entries[:-1]), found.entries[-1:]
    found.issues += too_long
    reason = f"HTML ends after {size:,} bytes without </html>: the page was cut off"
    page = ParsedPage(layout=design.LAYOUT if design else None, status=TRUNCATED, error=reason, entries=kept,
                      issues=[("read", Issue(None, "truncated", reason + (
                          f"; the {len(kept)} entries before the cut are kept" if kept else "; no entry is whole")))])
    page.issues += [("parse", issue) for issue in found.issues]
    page.issues += [("parse", cut_issue(e)) for e in cut]
    return page


def _refused(layout: str | None, status: str, stage: str, check: str, reason: str) -> ParsedPage:
    return ParsedPage(layout=layout, status=status, error=reason, issues=[(stage, Issue(None, check, reason))])
