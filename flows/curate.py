"""The curate-archive flow: raw/ pages -> staging/ tables -> curated/ datasets."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from flows.runtime import MAX_WORKERS, Parcel, task_runner
from pipeline import locks, raw, run_rules, storage
from pipeline.normalizing import batches
from pipeline.normalizing.authority import Authority
from pipeline.reading import staging
from pipeline.run_rules import MAX_REJECT_SHARE
from pipeline.tables import REJECTS, rows_frame
from pipeline.writing import curated_files, report

# Pages are parsed in batches: one task per batch, never one per page or record
# (each task run costs about 10 ms of orchestration).
BATCH_SIZE = 200
NORMALIZE_BATCH = 5_000  # documents: bounds the memory a batch takes, keeps both workers busy


# Parsing is cached by the staging tables, keyed on each page's content hash and the parser
# version (see pipeline/reading/staging.py), not by Prefect's INPUTS policy, which hashes a path by its
# name and would return stale results for a page changed in place.
@task(name="take-inventory", cache_policy=NO_CACHE)
def take_inventory(raw_dir: str) -> raw.Inventory:
    return raw.inventory(raw_dir)


@task(name="parse-pages", cache_policy=NO_CACHE)
def parse_pages(batch: Parcel) -> staging.Staged:
    # Files are read here, at the edge; parsing takes bytes.
    return staging.parse_pages((page, _read(page)) for page in batch.items)


def _read(page):
    try:
        return raw.read_file(page.path)
    except raw.Unreadable as err:
        return err


@task(name="write-staging", cache_policy=NO_CACHE)
def write_staging(staging_dir: str, staged: staging.Staged) -> None:
    staging.write(staging_dir, staged)


@task(name="merge-listings", cache_policy=NO_CACHE)
def merge_listings(staged: staging.Staged, read_rejects) -> batches.Prepared:
    return batches.prepare(staged, read_rejects)


@task(name="normalize-documents", cache_policy=NO_CACHE)
def normalize_documents(batch: Parcel) -> Parcel:
    """Normalize, validate and encode a batch of documents: everything but appending it to the files."""
    documents, records, duplicate_ids, authority = batch.items
    normalized = batches.normalize_documents(documents, authority, records, duplicate_ids)
    return Parcel((normalized.report, curated_files.encode(normalized.documents, normalized.links)))


@task(name="write-curated", cache_policy=NO_CACHE)
def write_curated(writer: curated_files.Writer, outcome: batches.Outcome) -> None:
    writer.commit(outcome)


@flow(name="curate-archive")
def curate_archive(
    raw_dir: str = "raw",
    staging_dir: str = "staging",
    curated_dir: str = "curated",
    max_reject_share: float = MAX_REJECT_SHARE,
    task_runner_kind: str | None = None,
    dask_address: str | None = None,
    max_workers: int = MAX_WORKERS,
    allow_shrink: bool = False,
    lock_wait: float = 0.0,
) -> dict:
    """Read every page in raw_dir, stage what it holds, and write validated, documented curated tables.

    The published set is replaced only by a run that may: one that found pages, read enough of them, and
    does not shrink the documents by more than run_rules.MAX_SHRINK_SHARE (unless allow_shrink). A run that
    may not says why and leaves its report in curated/failed/. One run at a time writes staging_dir and
    curated_dir: a second one waits up to lock_wait seconds for them, then is refused."""
    with locks.holding(staging_dir, curated_dir, wait=lock_wait):
        return _curate(raw_dir, staging_dir, curated_dir, max_reject_share, task_runner_kind, dask_address,
                       max_workers, allow_shrink)


def _curate(raw_dir, staging_dir, curated_dir, max_reject_share, task_runner_kind, dask_address, max_workers,
            allow_shrink) -> dict:
    log = get_run_logger()
    started = _now()
    for debris in storage.remove_temporary(staging_dir) + storage.remove_temporary(curated_dir):
        log.warning("removed %s, left by a run that did not finish", debris)
    found = take_inventory(raw_dir)
    pages, skipped = found.pages, rows_frame(REJECTS, found.rejects())
    previous = curated_files.previous_summary(curated_dir)
    if not pages:
        refused = run_rules.no_pages(raw_dir)
        curated_files.write_failed(curated_dir, {"pages": 0, "rejects": len(skipped), **_provenance(started)},
                                   skipped, str(refused))
        raise refused
    fingerprint = run_rules.input_fingerprint(pages, max_reject_share, found.skipped)
    if run_rules.up_to_date(previous, fingerprint, curated_files.complete(curated_dir, previous)):
        log.info("%d pages in %s, none changed since the last run: curated tables are up to date", len(pages), raw_dir)
        curated_files.clear_failed(curated_dir)  # a refused run's report is past: the published set is current
        counts = run_rules.up_to_date_counts(previous, len(pages))
        _publish(raw_dir, run_rules.published(counts), previous)
        return counts
    to_parse, reused, duplicates = staging.plan(pages, staging.load(staging_dir))
    read_rejects = pd.concat([skipped, duplicates], ignore_index=True)
    n_reused = len(reused.pages)
    log.info("%d pages in %s: %d to parse, %d unchanged since staged", len(pages), raw_dir, len(to_parse), n_reused)

    # Nothing of a run that fails replaces the previous run's tables (the writer discards them).
    with curated_files.Writer(curated_dir) as writer:
        with task_runner(task_runner_kind, dask_address, max_workers) as runner:
            # Large inputs go in a Parcel (to workers) or quote() (tasks in this process): Prefect would
            # otherwise visit every element of every list to look for futures, at a cost like the work's.
            futures = [runner.submit(parse_pages, parameters={"batch": Parcel(batch)})
                       for batch in run_rules.in_batches(to_parse, BATCH_SIZE)]
            staged = staging.combine([reused, *(future.result() for future in futures)])
            del futures, reused  # each batch's tables, now combined, can go
            fingerprint = run_rules.input_fingerprint(staging.as_read(pages, staged), max_reject_share, found.skipped)
            write_staging(staging_dir, quote(staged))
            prepared = merge_listings(quote(staged), quote(read_rejects))
            del staged
            summary = batches.Summary(prepared)
            # Normalizing is most of the work after parsing, and each document stands alone: batches of
            # documents go to the workers too, and come back, in order, ready to append to the files.
            authority = Authority.load()  # once per run, passed to every batch
            for batch_report, encoded in _normalized(runner, prepared, authority):
                summary.add(batch_report)
                writer.add(encoded)
        outcome = summary.outcome(authority)
        counts = outcome.counts = {**run_rules.run_counts(outcome.counts, len(to_parse), n_reused, fingerprint),
                                   **_provenance(started)}
        log.info(
            "%(pages)d pages (%(pages_parsed)d parsed, %(pages_reused)d reused), %(entries)d entries, "
            "%(documents)d documents, %(unresolved_names)d unresolved names, %(rejects)d rejects",
            counts,
        )
        _publish(raw_dir, run_rules.published(counts), previous)
        for warning in report.drops(counts, previous):
            log.warning("data quality: %s", warning)
        refused = run_rules.refusal(counts, outcome.reject_share, max_reject_share, raw_dir,
                                    str(Path(curated_dir) / curated_files.FAILED / REJECTS.file), previous, allow_shrink)
        if refused:
            curated_files.write_failed(curated_dir, counts, outcome.rejects, str(refused))
            raise refused
        write_curated(quote(writer), quote(outcome))
        curated_files.clear_failed(curated_dir)
        log.info("curated tables written to %s", curated_dir)
        return counts


def _normalized(runner, prepared: batches.Prepared, authority: Authority):
    """Submit the documents in batches; yield each batch's (report, encoded rows) in order, dropping it
    from memory as soon as it is taken."""
    documents, prepared.documents = prepared.documents, prepared.documents.slice(0, 0)
    futures = []
    for start in range(0, documents.num_rows, NORMALIZE_BATCH):
        chunk = documents.slice(start, NORMALIZE_BATCH)
        work = Parcel((chunk, batches.records_for(prepared, chunk), prepared.duplicate_ids, authority))
        futures.append(runner.submit(normalize_documents, parameters={"batch": work}))
    del documents
    while futures:
        yield futures.pop(0).result().items


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _provenance(started: str) -> dict:
    """Which run made a set of curated files, and when: every run summary carries it."""
    return {"run_id": str(flow_run.id) if flow_run.id else None, "started_at": started, "finished_at": _now()}


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
