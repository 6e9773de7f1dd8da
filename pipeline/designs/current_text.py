"""Text renderings of current-design search pages (like the seeds): date / title / summary blocks.

Some renderings lose the titles and keep date / summary pairs (seed 003). Navigation, facet
and count lines around the results are not entries.
"""

from __future__ import annotations

from pipeline.normalizing.dates import looks_like_date
from pipeline.designs.common import Entry, Extraction, Issue, lines_stated_count
from pipeline.reading.decode import DecodedPage

LAYOUT = "current-text"

# The rendering's landmarks, in one place.
MARKERS = {
    "results_start": "Documents",
    "results_end": "Pagination",
}


def recognize(page: DecodedPage) -> bool:
    return not page.is_html and any(_parse_date(line) for line in page.lines)


def extract(page: DecodedPage) -> Extraction:
    lines = page.lines
    found = Extraction()
    count_at, found.stated = lines_stated_count(lines)

    start_marker = _index(lines, MARKERS["results_start"])
    if start_marker is not None:
        start = start_marker + 1
    elif count_at is not None:
        start = count_at + 1
    else:
        # No landmark: what precedes the first date is facet widgets whose names were lost
        # ("1893-1976", "(372) documents", "-"), not results.
        start = next((i for i, line in enumerate(lines) if _parse_date(line)), len(lines))
    end = _index(lines, MARKERS["results_end"], start) or len(lines)

    groups: list[tuple[str | None, list[str]]] = []
    for line in lines[start:end]:
        date = _parse_date(line)
        if date:
            groups.append((date, []))
        elif not groups:
            groups.append((None, [line]))
        else:
            groups[-1][1].append(line)

    # A rendering either has titles (date, title, summary) or has lost them (date, summary).
    titled = any(len(block) >= 2 for _, block in groups)
    position = 0
    for date, block in groups:
        if not block:
            position += 1
            found.issues.append(Issue(position, "entry_text", f"date line '{date}' is followed by no title or summary"))
        elif not titled:
            for line in block:
                position += 1
                found.entries.append(Entry(position, date, None, _parse_summary([line]), None))
                date = None  # further lines before the next date would be undated entries
        elif len(block) % 2:
            position += 1
            found.issues.append(
                Issue(
                    position,
                    "entry_text",
                    f"{len(block)} lines after date line '{date}': titles and summaries come in pairs, "
                    f"so which line is which cannot be told (first line: '{block[0][:80]}')",
                )
            )
        else:
            # Pairs after one date: the first is dated, the rest are undated entries.
            for i in range(0, len(block), 2):
                position += 1
                found.entries.append(Entry(position, date if i == 0 else None, _parse_title(block[i]),
                                           _parse_summary(block[i + 1:i + 2]), None))
    return found


def _parse_date(line: str) -> str | None:
    """A line that is a date, whole."""
    return line if looks_like_date(line) else None


def _parse_title(line: str) -> str:
    return line


def _parse_summary(lines: list[str]) -> str | None:
    return " ".join(lines) or None


# A text rendering has no links: its entries have no record URL.


def _index(lines: list[str], marker: str, start: int = 0) -> int | None:
    for i in range(start, len(lines)):
        if lines[i] == marker:
            return i
    return None

