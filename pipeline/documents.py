"""One row per document: listings of the same document on several pages are merged, keeping the best of each.

Two listings are the same document when they share a record URL, or the same date and the same
title, or the same date and the same summary. A merge that would join different record URLs or
different titles is refused: different documents with the same date are never merged.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pandas as pd

from pipeline.authority import fold
from pipeline.dates import PRECISIONS, parse_date


@dataclass(slots=True)
class MergedDocument:
    doc_id: str
    record_url: str | None
    title: str | None
    summary: str | None
    date_raw: str | None
    n_listings: int
    sources: list[str]
    listings: list[int] = field(default_factory=list)  # row labels in the listings frame
    record_pages: list[str] = field(default_factory=list)  # page_ids of the document's own pages, if harvested


class _Groups:
    """Union-find over listings, refusing unions that would join conflicting documents."""

    def __init__(self, n: int, urls: list, titles: list):
        self.parent = list(range(n))
        # A group never holds two different URLs or titles (such unions are refused), so one
        # value per group root says all: no set per listing.
        self.urls = list(urls)
        self.titles = list(titles)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if (self.urls[ra] and self.urls[rb] and self.urls[ra] != self.urls[rb]) or (
            self.titles[ra] and self.titles[rb] and self.titles[ra] != self.titles[rb]
        ):
            return
        self.parent[rb] = ra
        self.urls[ra] = self.urls[ra] or self.urls[rb]
        self.titles[ra] = self.titles[ra] or self.titles[rb]


_COLUMNS = ("page_id", "source", "layout", "date_raw", "title_raw", "summary_raw", "record_url")


def merge_listings(listings: pd.DataFrame) -> list[MergedDocument]:
    """Group staged listings into documents, in the order their first listing appears."""
    # Column by column as plain Python lists (None for missing): a dict per row would hold the
    # whole listings table again, several times over, at 100,000 entries.
    cols = {c: listings[c].to_numpy(dtype=object, na_value=None).tolist() for c in _COLUMNS}
    labels = list(listings.index)
    urls = [u or None for u in cols["record_url"]]
    titles = [_same(t) for t in cols["title_raw"]]
    dates = [_date_key(d) for d in cols["date_raw"]]
    groups = _Groups(len(labels), urls, titles)

    # Strongest evidence first: the record URL, then date + title, then date + summary.
    for keys in (
        ((u,) if u else None for u in urls),
        ((d, t) if t else None for d, t in zip(dates, titles)),
        ((d, _same(s)) if s else None for d, s in zip(dates, cols["summary_raw"])),
    ):
        first: dict[tuple, int] = {}
        for i, key in enumerate(keys):
            if key is None:
                continue
            if key in first:
                groups.union(first[key], i)
            else:
                first[key] = i
    del urls, titles, dates

    members: dict[int, list[int]] = {}
    for i in range(len(labels)):
        members.setdefault(groups.find(i), []).append(i)
    documents = [_merge(cols, idx, [labels[i] for i in idx]) for idx in members.values()]
    documents.sort(key=lambda d: d.listings[0])
    return documents


def _merge(cols: dict[str, list], idx: list[int], labels: list[int]) -> MergedDocument:
    def values(column):
        return [cols[column][i] for i in idx if cols[column][i]]

    url = next(iter(values("record_url")), None)
    title = next(iter(values("title_raw")), None)
    summaries = values("summary_raw")
    summary = max(summaries, key=len) if summaries else None
    # The most precise readable date any listing gives; listings of one document agree on it
    # or differ only in how much they say ("1951" on one page, "June 13, 1951" on another).
    dated = values("date_raw")
    date_raw = min(dated, key=lambda d: _precision_rank(d)) if dated else None
    return MergedDocument(
        doc_id=doc_id(url, date_raw, title or summary),
        record_url=url,
        title=title,
        summary=summary,
        date_raw=date_raw,
        n_listings=len(idx),
        sources=sorted(set(values("source"))),
        listings=sorted(labels),
        record_pages=[cols["page_id"][i] for i in idx if cols["layout"][i] == "record-html"],
    )


def doc_id(record_url: str | None, date_raw: str | None, text: str | None) -> str:
    """Stable id: the record's slug or number from its URL, else a hash of the normalized date and text."""
    if record_url:
        return record_url.rstrip("/").rsplit("/", 1)[-1]
    key = f"{_date_key(date_raw)}|{fold(text or '')}"
    return "h-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _same(text: str | None) -> str | None:
    """What two listings of one text share: the words, whatever their case and spacing."""
    return " ".join(text.casefold().split()) if text else None


def _date_key(date_raw: str | None) -> str:
    parsed = parse_date(date_raw)
    if parsed.date:
        return parsed.date
    return f"raw:{fold(date_raw)}" if date_raw else "undated"


def _precision_rank(date_raw: str) -> int:
    parsed = parse_date(date_raw)
    return PRECISIONS.index(parsed.precision) if parsed.readable else len(PRECISIONS)
