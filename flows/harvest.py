"""The harvest-archive flow (search result pages into raw/) and refresh-archive (harvest, then curate)."""

from __future__ import annotations

import os

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import deployment
from prefect.tasks import exponential_backoff
from prefect.variables import Variable

from flows.curate import curate_archive
from flows.progress import Stages
from pipeline import locks, storage
from pipeline.harvesting.fetch import CONTACT_VARIABLE, DEFAULT_CONTACT, FetchConfig, Fetcher, resolve_contact
from pipeline.harvesting.harvest import HarvestResult, harvest
from pipeline.harvesting.search import DEFAULT_BASE_URL, Search, parse_filter
from pipeline.run_rules import MAX_REJECT_SHARE


class HarvestIncomplete(RuntimeError):
    """Some pages could not be got; the message names every one."""


# The network task retries as a whole (say the machine lost its connection); each request inside it
# already has its own retries. An incremental re-run costs little: kept pages answer 304.
@task(name="harvest-pages", retries=2, retry_delay_seconds=exponential_backoff(backoff_factor=30),
      retry_jitter_factor=0.5, cache_policy=NO_CACHE)
def harvest_pages(search: Search, raw_dir: str, config: FetchConfig, max_pages: int | None, full: bool,
                  records: bool) -> HarvestResult:
    log = get_run_logger()
    with Stages("harvest-archive-progress", f"Harvesting {search.url(0)}", {"fetch result pages": 1}) as stages:
        stages.start("fetch result pages", max_pages, "pages")

        def progress(done: int, total: int | None) -> None:
            if total:
                stages.total(total)
            stages.advance(1)

        return harvest(search, raw_dir, Fetcher(config), max_pages=max_pages, full=full, records=records,
                       log=log.info, progress=progress)


# The two flows repeat the harvest's parameters on purpose: Prefect builds each deployment's parameters
# (prefect.yaml) from the flow's own signature. What they share is done once, in _harvest.
@flow(name="harvest-archive")
def harvest_archive(
    base_url: str = DEFAULT_BASE_URL,
    query: str | None = None,
    filters: list[str] | None = None,
    max_pages: int | None = None,
    delay: float = 1.0,
    full: bool = False,
    raw_dir: str = "raw",
    records: bool = False,
    contact: str = DEFAULT_CONTACT,
    lock_wait: float = 0.0,
) -> dict:
    """Fetch a search's result pages politely into raw_dir; only what is new unless `full`. One harvest at a time
    writes raw_dir: a second one waits up to lock_wait seconds, then is refused."""
    result = _harvest(base_url, query, filters, max_pages, delay, full, raw_dir, records, contact, lock_wait)
    _raise_if_incomplete(result)
    return _summary(result)


@flow(name="refresh-archive")
def refresh_archive(
    base_url: str = DEFAULT_BASE_URL,
    query: str | None = None,
    filters: list[str] | None = None,
    max_pages: int | None = None,
    delay: float = 1.0,
    full: bool = False,
    raw_dir: str = "raw",
    records: bool = False,
    contact: str = DEFAULT_CONTACT,
    staging_dir: str = "staging",
    curated_dir: str = "curated",
    max_reject_share: float = MAX_REJECT_SHARE,
) -> dict:
    """Harvest, then curate everything in raw_dir. Pages that could not be got fail the run after curating."""
    result = _harvest(base_url, query, filters, max_pages, delay, full, raw_dir, records, contact)
    counts = curate_archive(raw_dir=raw_dir, staging_dir=staging_dir, curated_dir=curated_dir,
                            max_reject_share=max_reject_share)
    _raise_if_incomplete(result)
    return {**_summary(result), **counts}


def _harvest(base_url, query, filters, max_pages, delay, full, raw_dir, records, contact,
             lock_wait: float = 0.0) -> HarvestResult:
    search = Search(base_url=base_url, query=query or None, filters=tuple(parse_filter(f) for f in filters or ()))
    configured = os.environ.get("ARCHIVE_PIPELINE_CONTACT") or Variable.get(CONTACT_VARIABLE, default=None)
    config = FetchConfig(contact=resolve_contact(contact, configured, scheduled=bool(deployment.id)),
                         delay=delay)
    with locks.holding(raw_dir, wait=lock_wait):
        for debris in storage.remove_temporary(raw_dir):
            get_run_logger().warning("removed %s, left by a harvest that did not finish", debris)
        result = harvest_pages(search, raw_dir, config, max_pages, full, records)
    log = get_run_logger()
    summary = _summary(result)
    log.info("harvest of %s: %s", search.url(0), ", ".join(f"{k} {v}" for k, v in summary.items()))
    create_table_artifact(
        key="harvest-archive-counts",
        table=[{"count": k, "value": v} for k, v in summary.items()],
        description=f"Harvest of {search.url(0)}",
    )
    return result


def _summary(result: HarvestResult) -> dict:
    return {
        "search_requests": result.search_requests,
        "document_requests": result.document_requests,
        "pages_added": result.pages_added,
        "pages_unchanged": result.pages_unchanged,
        "new_documents": len(result.new_documents),
        "failed_pages": len(result.failures),
        "stopped": result.stopped,
    }


def _raise_if_incomplete(result: HarvestResult) -> None:
    if result.failures:
        raise HarvestIncomplete(
            f"{len(result.failures)} page(s) could not be got: "
            + "; ".join(f"{url} ({reason})" for url, reason in result.failures)
        )
