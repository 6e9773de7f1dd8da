"""Text renderings of current-design search pages (like the seeds): date / title / summary blocks.

An entry is a date line (none for an undated document), its title, and its summary, which may run over several
paragraphs and may carry a notice (that it was machine-generated): the notice is not part of it. Some renderings lose
the titles and keep date / summary pairs (seed 003). Navigation, facet and count lines around the results are not
entries, and an entry cut off by the end of a page is reported, never kept as a complete one.
"""

from __future__ import annotations

from pipeline.designs.common import (
    Entry,
    Extraction,
    Issue,
    is_notice,
    lines_stated_count,
    report_cut_last,
    summary_of,
    titled_entries,
)
from pipeline.normalizing.dates import looks_like_date
from pipeline.reading.decode import DecodedPage

LAYOUT = "current-text"

# The rendering's landmarks, in one place: where the results start and where they end.
MARKERS = {
    "results_start": ("Documents", "Results:", "Results"),
    "results_end": ("Pagination",),
}


def recognize(page: DecodedPage) -> bool:
    return not page.is_html and any(_parse_date(line) for line in page.lines)


def extract(page: DecodedPage) -> Extraction:
    lines = page.lines
    found = Extraction()
    count_at, found.stated = lines_stated_count(lines)

    # The results start after the last landmark ("Results:", the count, "Documents") before the first date line.
    # Without a landmark, what precedes the first date is facet widgets whose names were lost ("1893-1976",
    # "(372) documents", "-"), not results.
    first_date = next((i for i, line in enumerate(lines) if _parse_date(line)), len(lines))
    landmarks = [i for i in range(first_date) if lines[i] in MARKERS["results_start"] or i == count_at]
    start = landmarks[-1] + 1 if landmarks else first_date
    end_marker = _index(lines, MARKERS["results_end"], start)
    end = len(lines) if end_marker is None else end_marker

    groups: list[tuple[str | None, list[str]]] = []
    for line in lines[start:end]:
        date = _parse_date(line)
        if date:
            groups.append((date, []))
        elif is_notice(line):
            continue
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
        else:
            # The entries after one date: the first is dated, the rest are undated.
            for i, (title, paragraphs) in enumerate(titled_entries(block)):
                position += 1
                found.entries.append(Entry(position, date if i == 0 else None, _parse_title(title),
                                           _parse_summary(paragraphs), None))
    if titled and end_marker is None:
        report_cut_last(found)
    return found


def _parse_date(line: str) -> str | None:
    """A line that is a date, whole."""
    return line if looks_like_date(line) else None


def _parse_title(line: str) -> str:
    return line


def _parse_summary(paragraphs: list[str]) -> str | None:
    return summary_of(paragraphs)


# A text rendering has no links: its entries have no record URL.


def _index(lines: list[str], markers: tuple[str, ...], start: int = 0) -> int | None:
    for i in range(start, len(lines)):
        if lines[i] in markers:
            return i
    return None

