"""Text renderings of old-design search pages: "Search in / Digital Archive International History Declassified"
(the banner may be missing), "SEARCH RESULTS", then bulleted items: a "•" or a "-" line, the date, the title and
the summary (which may run over several paragraphs).

A dated item is a document whatever its bullet. An undated item is a document under a "•" bullet or under the
"Documents" heading, and a collection (which the old design listed among results) under a "-" bullet elsewhere or
under "Collections". An item cut off by the end of the page is reported, never kept as a complete one.
"""

from __future__ import annotations

from pipeline.designs.common import Entry, Extraction, Issue, is_notice, lines_stated_count, report_cut_last, summary_of
from pipeline.normalizing.dates import looks_like_date
from pipeline.reading.decode import DecodedPage

LAYOUT = "legacy-text"

MARKERS = {
    "banner": "Digital Archive International History Declassified",
    "results": "SEARCH RESULTS",
    "documents": "Documents",
    "collections": "Collections",
    "document_bullet": "•",
    "dash_bullet": "-",
}


def recognize(page: DecodedPage) -> bool:
    if page.is_html:
        return False
    lines = page.lines
    return (MARKERS["banner"] in lines or MARKERS["results"] in lines
            or any(line.startswith(MARKERS["document_bullet"]) for line in lines))


def extract(page: DecodedPage) -> Extraction:
    lines = page.lines
    found = Extraction(stated=lines_stated_count(lines)[1])
    if MARKERS["results"] in lines:
        lines = lines[lines.index(MARKERS["results"]) + 1:]

    items: list[tuple[str, str | None, list[str]]] = []  # (bullet, section, lines)
    section = None
    for line in lines:
        bullet = _bullet(line)
        if line in (MARKERS["documents"], MARKERS["collections"]):
            section = line
        elif bullet is not None:
            rest = line[1:].strip()
            items.append((bullet, section, [rest] if rest else []))
        elif items and not is_notice(line):
            items[-1][2].append(line)

    for position, (bullet, section, block) in enumerate(items, start=1):
        date = _parse_date(block)
        rest = block[1:] if date is not None else block
        if date is None and _is_collection(bullet, section):
            found.other_items += 1
            name = block[0] if block else "?"
            found.issues.append(Issue(position, "not_a_document", f"'{name}' is a collection listed among the results; not a document"))
            continue
        if not rest:
            found.issues.append(Issue(position, "entry_text", f"bulleted entry '{date}' has no title"))
            continue
        found.entries.append(Entry(position, date, _parse_title(rest), _parse_summary(rest), None))
    report_cut_last(found)
    return found


def _is_collection(bullet: str, section: str | None) -> bool:
    if section is not None:
        return section == MARKERS["collections"]
    return bullet == "dash"


def _parse_date(block: list[str]) -> str | None:
    """The item's first line, when it is a date."""
    return block[0] if block and looks_like_date(block[0]) else None


def _parse_title(rest: list[str]) -> str:
    return rest[0]


def _parse_summary(rest: list[str]) -> str | None:
    return summary_of(rest[1:])


# A text rendering has no links: its entries have no record URL.


def _bullet(line: str) -> str | None:
    if line.startswith(MARKERS["document_bullet"]):
        return "bullet"
    if line == MARKERS["dash_bullet"] or line.startswith(MARKERS["dash_bullet"] + " "):
        return "dash"
    return None
