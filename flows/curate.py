"""The curate-archive flow: raw/ pages -> staging/ tables -> curated/ datasets."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.settings import get_current_settings, temporary_settings
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from pipeline import curate, curated, raw, report, staging
from pipeline.authority import shipped
from pipeline.raw import RawPage

# Pages are parsed in batches: one task per batch, never one per page or record
# (each task run costs about 10 ms of orchestration).
BATCH_SIZE = 200
NORMALIZE_BATCH = 5_000  # documents: bounds the memory a batch takes, keeps both workers busy
MAX_REJECT_SHARE = 0.25
MAX_WORKERS = 2  # the default ThreadPoolTaskRunner is unbounded


class TooManyRejects(RuntimeError):
    """More of the input was rejected than the run allows."""


class NothingReadable(RuntimeError):
    """Every page failed: the run has nothing to curate."""


# Parsing is cached by the staging tables, keyed on each page's content hash and the parser
# version (see pipeline/staging.py), not by Prefect's INPUTS policy, which hashes a path by its
# name and would return stale results for a page changed in place.
@task(name="take-inventory", cache_policy=NO_CACHE)
def take_inventory(raw_dir: str) -> list[RawPage]:
    return raw.inventory(raw_dir)


class Parcel:
    """Work handed to a task on a worker, as it is. Prefect looks inside lists and dataclasses passed
    to a task for futures, which on large batches costs as much as the work; it does not look in here.
    (quote() does the same for tasks run in this process, but Dask workers receive it unwrapped.)"""

    __slots__ = ("items",)

    def __init__(self, items):
        self.items = items


@task(name="parse-pages", cache_policy=NO_CACHE)
def parse_pages(batch: Parcel) -> staging.Staged:
    return staging.parse_pages(batch.items)


@task(name="write-staging", cache_policy=NO_CACHE)
def write_staging(staging_dir: str, staged: staging.Staged) -> None:
    staging.write(staging_dir, staged)


@task(name="merge-listings", cache_policy=NO_CACHE)
def merge_listings(staged: staging.Staged, duplicate_rejects) -> curate.Prepared:
    return curate.prepare(staged, duplicate_rejects)


@task(name="normalize-documents", cache_policy=NO_CACHE)
def normalize_documents(batch: Parcel) -> Parcel:
    """Normalize, validate and encode a batch of documents: everything but appending it to the files."""
    documents, records, duplicate_ids = batch.items
    normalized = curate.normalize_documents(documents, shipped(), records, duplicate_ids)
    return Parcel((normalized.report, curated.encode(normalized.documents, normalized.links)))


@task(name="write-curated", cache_policy=NO_CACHE)
def write_curated(writer: curated.Writer, outcome: curate.Outcome) -> None:
    writer.commit(outcome)


def task_runner(kind: str | None = None, dask_address: str | None = None, max_workers: int = MAX_WORKERS):
    """Threads (the default), an existing Dask cluster at `dask_address`, or a local Dask cluster.

    The environment can choose too: ARCHIVE_PIPELINE_TASK_RUNNER=dask, ARCHIVE_PIPELINE_DASK_ADDRESS=tcp://…
    """
    kind = kind or os.environ.get("ARCHIVE_PIPELINE_TASK_RUNNER") or "threads"
    dask_address = dask_address or os.environ.get("ARCHIVE_PIPELINE_DASK_ADDRESS")
    if dask_address:
        kind = "dask"
    if kind == "threads":
        return ThreadPoolTaskRunner(max_workers=max_workers)
    if kind == "dask":
        from prefect_dask import DaskTaskRunner

        if dask_address:
            return DaskTaskRunner(address=dask_address)
        share_api_with_workers()
        return DaskTaskRunner(cluster_kwargs={"n_workers": max_workers, "threads_per_worker": 1, "processes": True})
    raise ValueError(f"task runner must be 'threads' or 'dask', not {kind!r}")


def share_api_with_workers() -> None:
    """Local Dask workers inherit the environment: point them at this run's Prefect API (the
    temporary server, when none is configured) instead of letting each start a server of its own."""
    if not os.environ.get("PREFECT_API_URL"):
        from prefect.client.orchestration import get_client

        with get_client(sync_client=True) as client:
            os.environ["PREFECT_API_URL"] = str(client.api_url)


@contextmanager
def run_by_hand():
    """Prefect settings for a flow started from the command line rather than by a deployment's worker.

    With no Prefect server configured, a run reports to a temporary server that ends with the process:
    flow-run heartbeats (which let a server mark a crashed run as crashed) reach no one, and the flow
    engine waits up to a second at the end of every run for its heartbeat thread. They are switched off
    then, and left as they are when a server is configured or PREFECT_FLOWS_HEARTBEAT_FREQUENCY is set.
    """
    if get_current_settings().api.url or "PREFECT_FLOWS_HEARTBEAT_FREQUENCY" in os.environ:
        yield
        return
    with temporary_settings(updates={"flows.heartbeat_frequency": None}):
        yield


@flow(name="curate-archive")
def curate_archive(
    raw_dir: str = "raw",
    staging_dir: str = "staging",
    curated_dir: str = "curated",
    max_reject_share: float = MAX_REJECT_SHARE,
    task_runner_kind: str | None = None,
    dask_address: str | None = None,
    max_workers: int = MAX_WORKERS,
) -> dict:
    """Read every page in raw_dir, stage what it holds, and write validated, documented curated tables."""
    log = get_run_logger()
    pages = take_inventory(raw_dir)
    fingerprint = curate.input_fingerprint(pages, max_reject_share)
    previous = curated.previous_summary(curated_dir)
    if previous and previous.get("input_fingerprint") == fingerprint and curated.complete(curated_dir):
        # Nothing new: the same pages, code and knowledge would write the same bytes again.
        log.info("%d pages in %s, none changed since the last run: curated tables are up to date", len(pages), raw_dir)
        counts = {**previous, "pages_parsed": 0, "pages_reused": previous.get("pages", len(pages)), "up_to_date": True}
        _publish(raw_dir, {k: v for k, v in counts.items() if k != "input_fingerprint"}, previous)
        return counts
    to_parse, reused, duplicate_rejects = staging.plan(pages, staging.load(staging_dir))
    n_reused = len(reused.pages)
    log.info("%d pages in %s: %d to parse, %d unchanged since staged", len(pages), raw_dir, len(to_parse), n_reused)

    # Batches spread across the runner's workers: threads here, or the processes of a Dask cluster.
    batches = [to_parse[i : i + BATCH_SIZE] for i in range(0, len(to_parse), BATCH_SIZE)]
    # Nothing of a run that fails replaces the previous run's tables (the writer discards them).
    with curated.Writer(curated_dir) as writer:
        with task_runner(task_runner_kind, dask_address, max_workers) as runner:
            # Large inputs go in a Parcel (to workers) or quote() (tasks in this process): Prefect would
            # otherwise visit every element of every list to look for futures, at a cost like the work's.
            futures = [runner.submit(parse_pages, parameters={"batch": Parcel(batch)}) for batch in batches]
            staged = staging.combine([reused, *(future.result() for future in futures)])
            del futures, reused  # each batch's tables, now combined, can go
            write_staging(staging_dir, quote(staged))
            prepared = merge_listings(quote(staged), quote(duplicate_rejects))
            del staged
            summary = curate.Summary(prepared)
            # Normalizing is most of the work after parsing, and each document stands alone: batches of
            # documents go to the workers too, and come back, in order, ready to append to the files.
            for batch_report, encoded in _normalized(runner, prepared):
                summary.add(batch_report)
                writer.add(encoded)
        outcome = summary.outcome(shipped())
        counts = {**outcome.counts, "pages_parsed": len(to_parse), "pages_reused": n_reused,
                  "input_fingerprint": fingerprint}
        outcome.counts = counts
        log.info(
            "%(pages)d pages (%(pages_parsed)d parsed, %(pages_reused)d reused), %(entries)d entries, "
            "%(documents)d documents, %(unresolved_names)d unresolved names, %(rejects)d rejects",
            counts,
        )
        _publish(raw_dir, {k: v for k, v in counts.items() if k != "input_fingerprint"}, previous)
        for warning in report.drops(counts, previous):
            log.warning("data quality: %s", warning)

        if counts["pages"] and not counts.get("pages_ok", 0) + counts.get("pages_count_mismatch", 0):
            curated.write_rejects_only(curated_dir, outcome)
            raise NothingReadable(f"none of the {counts['pages']} pages in {raw_dir} could be read; "
                                  f"see {Path(curated_dir) / 'rejects.csv'}")
        if outcome.reject_share > max_reject_share:
            curated.write_rejects_only(curated_dir, outcome)
            raise TooManyRejects(
                f"{len(outcome.rejects)} rejects make {outcome.reject_share:.0%} of pages and entries read, over the "
                f"allowed {max_reject_share:.0%}; see {Path(curated_dir) / 'rejects.csv'} (documents left as they were)"
            )
        write_curated(quote(writer), quote(outcome))
        log.info("curated tables written to %s", curated_dir)
        return counts


def _normalized(runner, prepared: curate.Prepared):
    """Submit the documents in batches; yield each batch's (report, encoded rows) in order, dropping it
    from memory as soon as it is taken."""
    documents, prepared.documents = prepared.documents, prepared.documents.slice(0, 0)
    futures = []
    for start in range(0, documents.num_rows, NORMALIZE_BATCH):
        chunk = documents.slice(start, NORMALIZE_BATCH)
        work = Parcel((chunk, curate.records_for(prepared, chunk), prepared.duplicate_ids))
        futures.append(runner.submit(normalize_documents, parameters={"batch": work}))
    del documents
    while futures:
        yield futures.pop(0).result().items


def _publish(raw_dir: str, counts: dict, previous: dict | None) -> None:
    create_table_artifact(
        key="curate-archive-counts",
        table=[{"count": k, "value": v} for k, v in counts.items()],
        description=f"Counts of the curate-archive run over {raw_dir}",
    )
    create_markdown_artifact(
        key="curate-archive-quality",
        markdown=report.markdown(counts, previous),
        description="Share of documents with a date, a type, senders and recipients, against the previous run",
    )
