"""Harvesting a search's result pages into raw/, incrementally, and carrying on after a crash.

The archive lists newest uploads first. So a re-harvest reads from page 0 and stops at the first
page whose documents are all already in raw/: three new documents cost one or two requests. A crawl
that was cut short (Ctrl-C, a crash, --max-pages) is remembered in raw/harvest_state.json and the next
run carries on from where it stopped. --full reads every page.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable
from urllib.parse import urljoin, urlsplit

from pipeline.harvesting.fetch import Fetched, FetchError, Fetcher, HostAsksToWait
from pipeline.reading.page import ACCEPTED, read_page
from pipeline.raw import ManifestEntry, append_manifest, read_manifest, store_page
from pipeline.harvesting.search import Search
from pipeline import storage

STATE = "harvest_state.json"
# A crawl stops after this many result pages whatever the pager says: the whole archive (about 16,000 documents) is
# about 1,600 pages of 10.
MAX_CRAWL_PAGES = 10_000
# Pages that fail one after another: the site is down or refusing; stop instead of asking thousands of times.
MAX_FAILURES_IN_A_ROW = 5


@dataclass
class HarvestResult:
    search_requests: int = 0
    document_requests: int = 0
    pages_added: int = 0  # new files in raw/
    pages_unchanged: int = 0  # same bytes as a page already kept, or 304 Not Modified
    new_documents: list[str] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)
    stopped: str = ""  # why the crawl stopped


def harvest(
    search: Search,
    raw_dir: str | Path,
    fetcher: Fetcher,
    max_pages: int | None = None,
    full: bool = False,
    records: bool = False,
    log: Callable[[str], None] = lambda message: None,
    max_crawl_pages: int = MAX_CRAWL_PAGES,
    progress: Callable[[int, int | None], None] = lambda done, total: None,
) -> HarvestResult:
    """Fetch the search's result pages (and, with `records`, new documents' pages) into raw_dir.

    The crawl ends at the last page, when it has caught up with what raw/ holds, or, to stay bounded, when the
    pager runs past the pages the listing states, when a page states a count beyond any archive, after
    max_crawl_pages pages, after MAX_FAILURES_IN_A_ROW pages failed one after another, or when the site asks to
    wait longer than the fetcher waits. What is not done is kept in raw/harvest_state.json for the next harvest.
    `progress` is told after every result page: how many were fetched, and of how many (None until known)."""
    manifest = read_manifest(raw_dir)
    known = {r for e in manifest if e.kind == "search" for r in e.records}
    latest = {e.url: e for e in manifest if e.sha256}
    states = _load_state(raw_dir)
    state = states.get(search.key, {})
    result = HarvestResult()

    # Where to carry on after the head of the listing: a cut-short crawl, or pages that failed last time.
    pending = [p for p in [state.get("resume_from"), *state.get("failed_pages", [])] if p is not None]
    resume_from = None if full else (min(pending) if pending else None)
    page, head = 0, not full
    pages_total = state.get("total")
    fetched = 0
    failed: list[int] = []
    in_a_row = 0

    def carry_on_from(at: int) -> int:
        # While the head of the listing is read again, an older cut-short crawl's page stays where to carry on:
        # the head is read first by every harvest anyway.
        return resume_from if head and resume_from is not None and resume_from > at else at

    def save(resume: int | None) -> None:
        states[search.key] = {
            "resume_from": resume,
            "failed_pages": sorted(set(failed)),
            "total": pages_total,
            "updated_at": _now(),
        }
        storage.write_json(states, storage.join(raw_dir, STATE))

    while True:
        if max_pages is not None and fetched >= max_pages:
            result.stopped = f"--max-pages {max_pages} reached"
            save(carry_on_from(page))
            break
        if fetched >= max_crawl_pages:
            result.stopped = f"stopped after {max_crawl_pages} pages, the most one crawl reads"
            save(carry_on_from(page))
            break
        fetched += 1
        try:
            outcome = _search_page(search, page, raw_dir, fetcher, latest.get(search.url(page)), result, log)
            progress(fetched, min(filter(None, (pages_total, max_pages)), default=None))
        except HostAsksToWait as err:
            result.stopped = f"{err.reason}: run the harvest again later; it carries on from page {page}"
            log(result.stopped)
            save(carry_on_from(page))
            break
        if outcome is None:
            failed.append(page)
            in_a_row += 1
            if in_a_row >= MAX_FAILURES_IN_A_ROW:
                result.stopped = (f"{in_a_row} pages failed in a row: the site seems down; the next harvest tries "
                                  "them again")
                save(carry_on_from(page + 1))
                break
            if pages_total is not None and page + 1 < pages_total:
                page += 1
                save(carry_on_from(page))
                continue
            result.stopped = "a page could not be read and the number of pages is unknown"
            save(carry_on_from(page))
            break
        in_a_row = 0
        listed, stated, has_next, count_error = outcome
        if count_error:
            result.stopped = f"page {page} {count_error.removeprefix('the page ')}: the listing cannot be trusted"
            save(carry_on_from(page))
            break
        # The number of pages is read from page 0 of this crawl (a listing grows between harvests).
        if stated and (page == 0 or pages_total is None):
            pages_total = _pages_in_listing(stated, page)
        new = [r for r in listed if r not in known]
        known.update(listed)
        result.new_documents += new
        log(f"page {page}: {len(listed)} documents, {len(new)} new")

        if head and listed and not new:
            head = False
            if resume_from is not None and resume_from > page:
                log(f"caught up with the head of the listing; carrying on from page {resume_from}")
                page = resume_from
                save(page)
                continue
            result.stopped = "caught up: every document on this page was already in raw/"
            save(None)  # pages that failed are in failed_pages and are tried again next time
            break
        last = (stated[1] >= stated[2]) if stated else not has_next
        if last:
            result.stopped = "reached the last page"
            save(None)
            break
        if pages_total is not None and page + 1 >= pages_total:
            result.stopped = f"the pager runs past the {pages_total} pages the listing states: stopped at its end"
            save(None)
            break
        page += 1
        save(carry_on_from(page))

    if records:
        _harvest_records(search, raw_dir, fetcher, manifest, known, result, log)
    return result


def _search_page(search: Search, page: int, raw_dir: str | Path, fetcher: Fetcher, previous: ManifestEntry | None,
                 result: HarvestResult, log: Callable[[str], None]):
    """Fetch, keep and read one result page: (record paths listed, stated count, has a next page), or None."""
    url = search.url(page)
    result.search_requests += 1
    try:
        got = fetcher.get(url, etag=previous.etag if previous else None,
                          last_modified=previous.last_modified if previous else None, origin=search.base_url)
    except HostAsksToWait:
        raise
    except FetchError as err:
        log(f"could not get {url}: {err.reason}")
        result.failures.append((url, err.reason))
        return None
    if got.status == 304:  # unchanged since we kept it: what it lists is what it listed
        result.pages_unchanged += 1
        _record_search(raw_dir, got, search, page, previous.sha256, previous.bytes, previous.records, previous.stated,
                       previous.has_next)
        return previous.records, tuple(previous.stated) if previous.stated else None, previous.has_next, None
    sha, added = store_page(raw_dir, got.body, got.content_type)
    result.pages_added += added
    result.pages_unchanged += not added
    parsed = read_page(got.body)
    if parsed.status not in ACCEPTED:
        reason = f"page holds no readable results ({parsed.status}: {parsed.error})"
        log(f"{url}: {reason}")
        result.failures.append((url, reason))
        _record_search(raw_dir, got, search, page, sha, len(got.body), [], None, False)
        return None
    listed = [e.record_url for e in parsed.entries if e.record_url]
    has_next = parsed.next_page is not None
    _record_search(raw_dir, got, search, page, sha, len(got.body), listed, parsed.stated, has_next)
    count_error = next((i.reason for _, i in parsed.issues if i.check == "count_out_of_range"), None)
    return listed, parsed.stated, has_next, count_error


def _harvest_records(search: Search, raw_dir: str | Path, fetcher: Fetcher, manifest, known: set[str], result: HarvestResult,
                     log: Callable[[str], None]) -> None:
    """Fetch the page of every listed document not fetched before."""
    have = {urlsplit(e.url).path for e in manifest if e.kind == "document" and e.status in (200, 304)}
    for path in sorted(known - have):
        # Joined as a link is (a path that is not one, such as "@host/…", is made one): what it names on the
        # archive's host is fetched, or it is refused as leading elsewhere.
        url = urljoin(search.base_url.rstrip("/") + "/", path if path.startswith("/") else "/" + path)
        result.document_requests += 1
        try:
            got = fetcher.get(url, origin=search.base_url)
        except HostAsksToWait as err:
            # As for result pages: not a failure; the pages not fetched are fetched by the next harvest.
            result.stopped += f"; {err.reason}: the remaining document pages are fetched by the next harvest"
            log(result.stopped)
            break
        except FetchError as err:
            log(f"could not get {url}: {err.reason}")
            result.failures.append((url, err.reason))
            continue
        sha, added = store_page(raw_dir, got.body, got.content_type)
        result.pages_added += added
        _record(raw_dir, got, "document", sha, len(got.body))


def _record(raw_dir: str | Path, got: Fetched, kind: str, sha: str | None, size: int | None, **listing) -> None:
    """One manifest line for a fetch; a search page adds what it lists (ManifestEntry's search fields)."""
    append_manifest(raw_dir, ManifestEntry(
        url=got.url, kind=kind, fetched_at=_iso(got.fetched_at), status=got.status, sha256=sha, bytes=size,
        content_type=got.content_type, etag=got.etag, last_modified=got.last_modified, **listing,
    ))


def _record_search(raw_dir: str | Path, got: Fetched, search: Search, page: int, sha: str | None, size: int | None,
                   listed: list[str], stated, has_next: bool) -> None:
    _record(raw_dir, got, "search", sha, size, query=search.query, filters=list(search.filters), page=page,
            records=listed, stated=list(stated) if stated else None, has_next=has_next)


def _pages_in_listing(stated: tuple[int, int, int], page: int) -> int:
    """How many result pages the listing has, from page `page`'s "start - end of total".

    The page size is read from the page rather than assumed: any page but the first starts at
    page * size + 1, and the first page shows a whole page unless it is also the last.
    """
    start, end, total = stated
    size = (start - 1) // page if page else end - start + 1
    return max(1, math.ceil(total / max(1, size)))


def _load_state(raw_dir: str | Path) -> dict:
    path = storage.join(raw_dir, STATE)
    if not storage.exists(path):
        return {}
    try:
        return json.loads(storage.read_text(path))
    except json.JSONDecodeError:
        return {}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, timezone.utc).isoformat(timespec="seconds")
