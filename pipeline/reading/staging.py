"""The staging/ tables: what each page holds, as written, with provenance.

- pages.parquet: one row per page (status, stated count, entries found, parser version);
- listings.parquet: one row per result entry, values as written on the page;
- page_issues.parquet: what a page held that was not accepted (they become reject rows);
- records.parquet: one row per document page (/document/<slug>): the fields the archive catalogues.

A page already staged with the same content hash and parser version is not parsed again.

The four tables change as one: manifest.json, written after them, gives the sha256 of each. Tables that do not
match it (a run killed between two writes) are not used: every page is read again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pyarrow as pa

from pipeline import raw, storage
from pipeline.raw import RawPage
from pipeline.designs.common import Issue
from pipeline.reading.page import ACCEPTED, PARSER_VERSION, UNREADABLE, ParsedPage, read_page
from pipeline.tables import REJECTS, STAGING, Table, arrow_schema, rows_arrow, rows_frame

MANIFEST = "manifest.json"


@dataclass
class Staged:
    """The staging tables, as pandas frames with Arrow-backed dtypes."""

    pages: pd.DataFrame
    listings: pd.DataFrame
    issues: pd.DataFrame
    records: pd.DataFrame

    @classmethod
    def empty(cls) -> Staged:
        return cls(*(_frame(table, []) for table in STAGING.values()))

    def tables(self) -> list[pd.DataFrame]:
        return [self.pages, self.listings, self.issues, self.records]


def parse_pages(pages: Iterable[tuple[RawPage, bytes | raw.Unreadable]]) -> Staged:
    """Read each page's bytes and stage what it holds. A bad page becomes a row saying why, never an exception; so
    does a file that could not be read (raw.read_file's Unreadable in place of its bytes)."""
    page_rows, listing_rows, issue_rows, record_rows = [], [], [], []
    for page, data in pages:
        if isinstance(data, raw.Unreadable):  # gone or changed into something else since the inventory
            parsed = ParsedPage(layout=None, status=UNREADABLE, error=data.reason,
                                issues=[("read", Issue(None, data.check, data.reason))])
        else:
            # Known by the bytes parsed now: a page changed since the inventory hashed it is staged as what was read.
            page = replace(page, page_id=raw.page_id(data))
            parsed = read_page(data)
        stated = parsed.stated or (None, None, None)
        accepted = parsed.entries if parsed.status in ACCEPTED else []
        if parsed.record is not None:
            # A harvested document page is known by the URL it was fetched from.
            url = parsed.record.record_url or _document_path(page.source)
            accepted = [replace(e, record_url=url) for e in accepted]
            record_rows.append({**asdict(parsed.record), "record_url": url, "page_id": page.page_id, "source": page.source})
        page_rows.append(
            dict(page_id=page.page_id, source=page.source, layout=parsed.layout, stated_start=stated[0],
                 stated_end=stated[1], stated_total=stated[2], entries=len(accepted), status=parsed.status,
                 error=parsed.error, parser_version=PARSER_VERSION)
        )
        for e in accepted:
            listing_rows.append(
                dict(page_id=page.page_id, source=page.source, layout=parsed.layout, position=e.position,
                     date_raw=e.date_raw, title_raw=e.title_raw, summary_raw=e.summary_raw, record_url=e.record_url)
            )
        for stage, issue in parsed.issues:
            issue_rows.append(
                dict(page_id=page.page_id, source=page.source, position=issue.position, stage=stage,
                     check=issue.check, reason=issue.reason)
            )
    return Staged(*(_frame(table, rows) for table, rows in
                    zip(STAGING.values(), (page_rows, listing_rows, issue_rows, record_rows))))


def plan(pages: list[RawPage], previous: Staged) -> tuple[list[RawPage], Staged, pd.DataFrame]:
    """Split raw pages into those to parse and those whose staged rows can be reused.

    Returns (to_parse, reused rows re-labelled with today's source paths, duplicate-page rejects).
    A page whose bytes equal an earlier page's is a duplicate: it is reported, not staged twice.
    """
    known = set(previous.pages.loc[previous.pages["parser_version"] == PARSER_VERSION, "page_id"])
    seen: dict[str, RawPage] = {}
    to_parse, reuse, duplicates = [], {}, []
    for page in pages:
        if page.page_id in seen:
            duplicates.append((page, seen[page.page_id].source))
            continue
        seen[page.page_id] = page
        if page.page_id in known:
            reuse[page.page_id] = page.source
        else:
            to_parse.append(page)
    reused = Staged(*(_relabel(df, reuse) for df in previous.tables()))
    duplicate_rejects = rows_frame(REJECTS, [
        dict(source=page.source, position=None, stage="read", check="duplicate_page",
             reason=f"same bytes as {original}; read once, as {original}") for page, original in duplicates])
    return to_parse, reused, duplicate_rejects


def as_read(pages: list[RawPage], staged: Staged) -> list[RawPage]:
    """The pages as this run read them: one whose bytes changed between the inventory and its parsing is known by
    the bytes parsed, so that what the run's fingerprint says is what it curated. (Several files may share a
    source, a URL fetched at different times: only a page whose inventoried bytes were not staged takes, by its
    source, the id of bytes no inventoried page has.)"""
    staged_ids = set(staged.pages["page_id"])
    inventoried = {page.page_id for page in pages}
    changed: dict[str, str] = {}
    for source, pid in zip(staged.pages["source"], staged.pages["page_id"]):
        if pid not in inventoried:
            changed.setdefault(source, pid)
    return [page if page.page_id in staged_ids else replace(page, page_id=changed.get(page.source, page.page_id))
            for page in pages]


def combine(parts: list[Staged]) -> Staged:
    """One set of tables from several, in page order."""
    frames = [p for p in parts if p is not None]
    if not frames:
        return Staged.empty()
    out = Staged(*(pd.concat(tables, ignore_index=True) for tables in zip(*(p.tables() for p in frames))))
    out.pages = out.pages.sort_values(["source"], kind="stable", ignore_index=True)
    out.listings = out.listings.sort_values(["source", "position"], kind="stable", ignore_index=True)
    out.issues = out.issues.sort_values(["source", "position"], kind="stable", na_position="first", ignore_index=True)
    out.records = out.records.sort_values(["source"], kind="stable", ignore_index=True)
    return out


def load(staging_dir: str | Path) -> Staged:
    """The tables a previous run staged, or empty tables when there are none or they are not the whole set the
    manifest names."""
    paths = [storage.join(staging_dir, table.file) for table in STAGING.values()]
    if not all(storage.exists(p) for p in paths) or not whole(staging_dir):
        return Staged.empty()
    try:
        frames = [storage.read_parquet(p) for p in paths]
    except Exception:  # an unreadable staging table only costs a re-parse
        return Staged.empty()
    if "parser_version" not in frames[0].columns:
        return Staged.empty()
    return Staged(*frames)


def write(staging_dir: str | Path, staged: Staged) -> None:
    """Write the tables, then the manifest that makes them a set (last: a crash before it leaves the old manifest,
    which the new tables do not match)."""
    files = {}
    for table, frame in zip(STAGING.values(), staged.tables()):
        files[table.file] = storage.write_parquet(
            pa.Table.from_pandas(frame, schema=arrow_schema(table), preserve_index=False),
            storage.join(staging_dir, table.file))
    storage.write_json({"files": files}, storage.join(staging_dir, MANIFEST))


def whole(staging_dir: str | Path) -> bool:
    """Whether the staging tables are the set their manifest names."""
    try:
        files = json.loads(storage.read_text(storage.join(staging_dir, MANIFEST)))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return set(files) == {table.file for table in STAGING.values()} and storage.whole(staging_dir, files)


def _document_path(source: str) -> str | None:
    if source.startswith(("http://", "https://")):
        path = urlsplit(source).path.rstrip("/")
        return path if path.startswith("/document/") else None
    return None


def _frame(table: Table, rows: list[dict]) -> pd.DataFrame:
    return rows_arrow(table, rows).to_pandas(types_mapper=pd.ArrowDtype)


def _relabel(df: pd.DataFrame, sources: dict[str, str]) -> pd.DataFrame:
    out = df[df["page_id"].isin(list(sources))].copy()
    out["source"] = out["page_id"].map(sources).astype(df["source"].dtype)
    return out
