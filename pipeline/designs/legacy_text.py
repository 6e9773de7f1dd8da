"""Text renderings of old-design search pages: "Search in / Digital Archive International History
Declassified", then bulleted entries ("• {date}", title, summary). Items with a dash bullet are
collections, which the old design listed among results; they are not documents.
"""

from __future__ import annotations

from pipeline.normalizing.dates import looks_like_date
from pipeline.designs.common import Entry, Extraction, Issue, lines_stated_count
from pipeline.reading.decode import DecodedPage

LAYOUT = "legacy-text"

MARKERS = {
    "banner": "Digital Archive International History Declassified",
    "document_bullet": "•",
    "collection_bullet": "-",
}


def recognize(page: DecodedPage) -> bool:
    if page.is_html:
        return False
    lines = page.lines
    return MARKERS["banner"] in lines or any(line.startswith(MARKERS["document_bullet"]) for line in lines)


def extract(page: DecodedPage) -> Extraction:
    lines = page.lines
    found = Extraction(stated=lines_stated_count(lines)[1])

    items: list[tuple[str, list[str]]] = []
    for line in lines:
        bullet = _bullet(line)
        if bullet is not None:
            rest = line[1:].strip()
            items.append((bullet, [rest] if rest else []))
        elif items:
            items[-1][1].append(line)

    for position, (bullet, block) in enumerate(items, start=1):
        if bullet == "collection":
            found.other_items += 1
            name = block[0] if block else "?"
            found.issues.append(Issue(position, "not_a_document", f"'{name}' is a collection listed among the results; not a document"))
            continue
        date = _parse_date(block)
        rest = block[1:] if date is not None else block
        if not rest:
            found.issues.append(Issue(position, "entry_text", f"bulleted entry '{date}' has no title"))
            continue
        found.entries.append(Entry(position, date, _parse_title(rest), _parse_summary(rest), None))
    return found


def _parse_date(block: list[str]) -> str | None:
    """The item's first line, when it is a date."""
    return block[0] if block and looks_like_date(block[0]) else None


def _parse_title(rest: list[str]) -> str:
    return rest[0]


def _parse_summary(rest: list[str]) -> str | None:
    return " ".join(rest[1:]) or None


# A text rendering has no links: its entries have no record URL.


def _bullet(line: str) -> str | None:
    if line.startswith(MARKERS["document_bullet"]):
        return "document"
    if line == MARKERS["collection_bullet"] or line.startswith(MARKERS["collection_bullet"] + " "):
        return "collection"
    return None
