"""One row per document: listings of the same document on several pages are merged, keeping the best of each.

Two listings are the same document when they share a record URL, or the same date and the same
title, or the same date and the same summary. A merge that would join different record URLs or
different titles is refused: different documents with the same date are never merged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from pipeline.doc_ids import doc_id
from pipeline.normalizing.authority import fold
from pipeline.normalizing.dates import PRECISIONS, parse_date


@dataclass(slots=True)
class MergedDocument:
    """One document, as normalizing reads it (a row of the table merge_listings returns)."""

    doc_id: str
    record_url: str | None
    title: str | None
    summary: str | None
    date_raw: str | None
    n_listings: int
    sources: list[str]
    record_pages: list[str] = field(default_factory=list)  # page_ids of the document's own pages, if harvested


MERGED_SCHEMA = pa.schema(
    [("doc_id", pa.string()), ("record_url", pa.string()), ("title", pa.string()), ("summary", pa.string()),
     ("date_raw", pa.string()), ("n_listings", pa.int64()), ("sources", pa.list_(pa.string())),
     ("record_pages", pa.list_(pa.string()))]
)


class _Groups:
    """Union-find over listings, refusing unions that would join conflicting documents.

    A listing's URL and title are integer codes (-1: none). A group never holds two different URLs
    or titles (such unions are refused), so one code per group root says all."""

    def __init__(self, urls: list[int], titles: list[int]):
        self.parent = list(range(len(urls)))
        self.urls = urls
        self.titles = titles

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        urls, titles = self.urls, self.titles
        if (urls[ra] >= 0 and urls[rb] >= 0 and urls[ra] != urls[rb]) or (
            titles[ra] >= 0 and titles[rb] >= 0 and titles[ra] != titles[rb]
        ):
            return
        self.parent[rb] = ra
        if urls[ra] < 0:
            urls[ra] = urls[rb]
        if titles[ra] < 0:
            titles[ra] = titles[rb]


def merge_listings(listings: pd.DataFrame) -> pa.Table:
    """Group staged listings into documents (MERGED_SCHEMA), in the order their first listing appears.

    Texts are compared as integer codes and the groups are built column by column: no Python object
    per listing is kept, so merging 100,000 entries costs little more memory than the listings
    themselves."""
    n = len(listings)
    text = {c: _text(listings[c]) for c in ("source", "date_raw", "title_raw", "summary_raw", "record_url")}
    urls = _codes(text["record_url"])
    titles = _codes(text["title_raw"], _same)
    summaries = _codes(text["summary_raw"], lambda s: _same(s) or " ")  # a summary of spaces is still a key
    dates = _codes(text["date_raw"], _date_key, missing="undated")
    groups = _Groups(urls.tolist(), titles.tolist())

    # Strongest evidence first: the record URL, then date + title, then date + summary.
    for key in (urls, _pair(dates, titles), _pair(dates, summaries)):
        for first, later in _repeats(key):
            groups.union(first, later)

    root = np.fromiter((groups.find(i) for i in range(n)), dtype=np.int64, count=n)
    # Groups in the order of their first listing (listings come in page order).
    order = pd.unique(root)
    url = _chosen(root, text["record_url"], order)
    title = _chosen(root, text["title_raw"], order)
    summary = _chosen(root, text["summary_raw"], order, score=text["summary_raw"].str.len(), largest=True)
    # The most precise readable date any listing gives; listings of one document agree on it
    # or differ only in how much they say ("1951" on one page, "June 13, 1951" on another).
    date_raw = _chosen(root, text["date_raw"], order, score=_ranks(text["date_raw"]))
    sizes = pd.Series(root).value_counts(sort=False).reindex(order).to_numpy()
    sources = _lists(root, text["source"].array, order, distinct_sorted=True)
    record_pages = _lists(root, listings["page_id"].where(listings["layout"] == "record-html").array, order)
    ids = _doc_ids(url, date_raw, title, summary)
    return pa.Table.from_arrays([ids, url, title, summary, date_raw, pa.array(sizes, type=pa.int64()), sources,
                                 record_pages], schema=MERGED_SCHEMA)


def documents_of(merged: pa.Table) -> list[MergedDocument]:
    """The rows of a (slice of a) merged table as documents: for a batch, never for the whole archive."""
    return [MergedDocument(**row) for row in merged.to_pylist()]


def _text(column: pd.Series) -> pd.Series:
    """A text column with empty strings as missing: an empty value says nothing."""
    return column.mask(column == "").astype("string[pyarrow]")


def _codes(column: pd.Series, key=None, missing: str | None = None) -> np.ndarray:
    """An integer per listing, equal where the keys are equal, -1 where there is no key. `key` gives a
    value's key (computed once per distinct value; empty: no key); `missing` is the key of a missing value."""
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    keys = [key(u) for u in uniques.tolist()] if key else uniques.tolist()
    keys.append(missing)  # last, where a missing value's code (-1) points
    key_codes, _ = pd.factorize(pd.array([k or None for k in keys], dtype="string[pyarrow]"), use_na_sentinel=True)
    return key_codes[codes].astype(np.int64)


def _pair(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Both keys as one (-1 when either is missing)."""
    return np.where((a < 0) | (b < 0), -1, a * (int(b.max(initial=0)) + 1) + b)


def _repeats(key: np.ndarray):
    """(first listing with this key, listing) for each later listing with a key seen before, in order."""
    valid = np.flatnonzero(key >= 0)
    _, first_at, inverse = np.unique(key[valid], return_index=True, return_inverse=True)
    first = valid[first_at][inverse.ravel()]
    later = first != valid
    return zip(first[later].tolist(), valid[later].tolist())


def _chosen(root: np.ndarray, column: pd.Series, order: np.ndarray, score=None, largest: bool = False) -> pa.Array:
    """Per group (in `order`), the value of its best listing: the highest (or lowest) score, the first
    listing among equals, the first listing with a value when there is no score; null when none has one."""
    present = np.flatnonzero(column.notna().to_numpy())
    scores = np.zeros(len(column), dtype=np.int64) if score is None else pd.Series(score).fillna(0).to_numpy(np.int64)
    ranked = pd.DataFrame({"root": root[present], "row": present, "score": scores[present]})
    best = ranked.sort_values(["root", "score"], ascending=[True, not largest], kind="stable").drop_duplicates("root")
    rows = pd.Series(best["row"].to_numpy(), index=best["root"].to_numpy()).reindex(order).fillna(-1).to_numpy(np.int64)
    return _strings(column.array).take(pa.array(rows, mask=rows < 0))


def _doc_ids(url: pa.Array, date_raw: pa.Array, title: pa.Array, summary: pa.Array) -> pa.Array:
    ids = []
    # A slice at a time: four columns of every document as Python strings at once would be most of
    # the memory merging takes.
    for start in range(0, len(url), 10_000):
        values = [column.slice(start, 10_000).to_pylist() for column in (url, date_raw, title, summary)]
        ids += [doc_id(u, d, t or s) for u, d, t, s in zip(*values)]
    return pa.array(ids, type=pa.string())


def _ranks(dates: pd.Series) -> np.ndarray:
    codes, uniques = pd.factorize(dates, use_na_sentinel=True)
    ranks = np.array([_precision_rank(d) for d in uniques.tolist()] + [len(PRECISIONS) + 1], dtype=np.int64)
    return ranks[codes]


def _lists(root: np.ndarray, values, order: np.ndarray, distinct_sorted: bool = False) -> pa.ListArray:
    """Per group (in `order`), its present values: distinct and sorted, or all in listing order."""
    frame = pd.DataFrame({"root": root, "value": values}).dropna()
    if distinct_sorted:
        frame = frame.drop_duplicates().sort_values(["root", "value"], kind="stable")
    else:
        frame = frame.sort_values("root", kind="stable")
    roots = frame["root"].to_numpy()
    starts = np.flatnonzero(np.r_[True, roots[1:] != roots[:-1]]) if len(roots) else np.zeros(0, dtype=np.int64)
    # One list per group that has values, then an empty one for the groups that have none.
    offsets = pa.array(np.r_[starts, len(roots), len(roots)], type=pa.int32())
    lists = pa.ListArray.from_arrays(offsets, _strings(frame["value"].array))
    where = pd.Series(np.arange(len(starts)), index=roots[starts]).reindex(order).fillna(len(starts))
    return lists.take(pa.array(where.to_numpy(np.int64)))


def _strings(values) -> pa.Array:
    """Text values as one Arrow array (pandas may hold them in several chunks)."""
    array = pa.array(values, type=pa.string(), from_pandas=True)
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


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
