"""The curate-archive flow: raw/ pages -> staging/ tables -> curated/ datasets."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import pyarrow as pa
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from flows.progress import Stages
from flows.runtime import MAX_WORKERS, Parcel, batch_size, task_runner
from pipeline import locks, raw, run_rules, storage
from pipeline.normalizing import batches, document_cache
from pipeline.normalizing.authority import Authority
from pipeline.reading import staging
from pipeline.run_rules import MAX_REJECT_SHARE
from pipeline.tables import REJECTS, rows_frame
from pipeline.writing import changes, curated_files, report, report_page, runs

# Pages are parsed in batches: one task per batch, never one per page or record. At most this many in a batch, fewer
# when that keeps every worker busy to the end (batch_size). A task run costs more than its 10 ms of orchestration
# here: the server it reports to shares the cores. At 10,000 pages, batches of 1,000 rather than 200 took parsing from
# 23-24 s to 18-22 s in worker processes, and from 35-37 s to 32 s on one core.
BATCH_SIZE = 1000
NORMALIZE_BATCH = 5_000  # documents: bounds the memory a batch takes


# Parsing is cached by the staging tables, keyed on each page's content hash and the parser
# version (see pipeline/reading/staging.py), not by Prefect's INPUTS policy, which hashes a path by its
# name and would return stale results for a page changed in place.
@task(name="take-inventory", cache_policy=NO_CACHE)
def take_inventory(raw_dir: str, staging_dir: str) -> raw.Inventory:
    return raw.inventory(raw_dir, raw.known_hashes(staging_dir))


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
    documents, records, duplicate_ids, authority, cached, knowledge = batch.items
    normalized = batches.normalize_documents(documents, authority, records, duplicate_ids, cached, knowledge)
    return Parcel((normalized.report, curated_files.encode(normalized.documents, normalized.links), normalized.cache))


@task(name="write-curated", cache_policy=NO_CACHE)
def write_curated(writer: curated_files.Writer, outcome: batches.Outcome, previous: dict | None) -> pd.DataFrame:
    return writer.commit(outcome, previous)


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
    found = take_inventory(raw_dir, staging_dir)
    pages, skipped = found.pages, rows_frame(REJECTS, found.rejects())
    previous = curated_files.previous_summary(curated_dir)
    if not pages:
        refused = run_rules.no_pages(raw_dir)
        _refuse(curated_dir, {"pages": 0, "rejects": len(skipped), **_provenance(started)}, skipped, refused)
    counts = curated_files.settled(curated_dir, found, max_reject_share, _provenance(started))
    if counts:
        raw.keep_hashes(staging_dir, found)
        log.info("%d pages in %s, none changed since the last run: curated tables are up to date", len(pages), raw_dir)
        _publish(raw_dir, curated_dir, run_rules.published(counts), previous)
        return counts
    to_parse, reused, duplicates = staging.plan(pages, staging.load(staging_dir))
    read_rejects = pd.concat([skipped, duplicates], ignore_index=True)
    n_reused = len(reused.pages)
    log.info("%d pages in %s: %d to parse, %d unchanged since staged", len(pages), raw_dir, len(to_parse), n_reused)

    # Nothing of a run that fails replaces the previous run's tables (the writer discards them).
    with curated_files.Writer(curated_dir) as writer, Stages("curate-archive-progress", f"Curating {raw_dir}",
                                                             {"parse pages": 8, "normalize documents": 2, "write files": 1}) as stages:
        # Chosen by the pages to parse, the bulk of a run's work: a re-run after a few pages changed keeps to threads
        # rather than wait for worker processes to start.
        with task_runner(task_runner_kind, dask_address, max_workers, pages=len(to_parse)) as runner:
            # Large inputs go in a Parcel (to workers) or quote() (tasks in this process): Prefect would
            # otherwise visit every element of every list to look for futures, at a cost like the work's.
            stages.start("parse pages", len(to_parse), "pages")
            parts = run_rules.in_batches(to_parse, batch_size(len(to_parse), max_workers, BATCH_SIZE))
            futures = [runner.submit(parse_pages.with_options(task_run_name=f"parse-pages {i}/{len(parts)}"),
                                     parameters={"batch": Parcel(batch)}) for i, batch in enumerate(parts, 1)]
            staged = staging.combine([reused, *_taken(futures, stages, [len(batch) for batch in parts])])
            del futures, reused  # each batch's tables, now combined, can go
            fingerprint = run_rules.input_fingerprint(staging.as_read(pages, staged), max_reject_share, found.skipped)
            write_staging(staging_dir, quote(staged))
            raw.keep_hashes(staging_dir, found)
            prepared = merge_listings(quote(staged), quote(read_rejects))
            del staged
            summary = batches.Summary(prepared)
            # Normalizing is most of the work after parsing, and each document stands alone: batches of
            # documents go to the workers too, and come back, in order, ready to append to the files.
            stages.start("normalize documents", prepared.documents.num_rows, "documents")
            authority = Authority.load()  # once per run, passed to every batch
            cache = []
            for batch_report, encoded, entries in _normalized(runner, prepared, authority, max_workers,
                                                              document_cache.load(staging_dir)):
                summary.add(batch_report)
                writer.add(encoded)
                cache.append(entries)
                stages.advance(encoded.documents.num_rows)
            stages.finish()
            document_cache.write(staging_dir, cache)
            del cache
        outcome = summary.outcome(authority)
        counts = outcome.counts = {**run_rules.run_counts(outcome.counts, len(to_parse), n_reused, fingerprint),
                                   **_provenance(started)}
        log.info(
            "%(pages)d pages (%(pages_parsed)d parsed, %(pages_reused)d reused), %(entries)d entries, "
            "%(documents)d documents, %(documents_normalized)d of them normalized by this run (the others came from "
            "staging's cache), %(unresolved_names)d unresolved names, %(rejects)d rejects",
            counts,
        )
        for warning in report.drops(counts, previous):
            log.warning("data quality: %s", warning)
        refused = run_rules.refusal(counts, outcome.reject_share, max_reject_share, raw_dir,
                                    str(Path(curated_dir) / curated_files.FAILED / REJECTS.file), previous, allow_shrink)
        if refused:
            _publish(raw_dir, None, run_rules.published(counts), previous)  # no report of its own to link
            _refuse(curated_dir, counts, outcome.rejects, refused)
        stages.start("write files", len(curated_files.set_files()), "files")
        changed = write_curated(quote(writer), quote(outcome), previous)
        stages.advance(len(curated_files.set_files()))
        counts.update(changes.counts(changed))
        curated_files.clear_failed(curated_dir)
        _publish(raw_dir, curated_dir, run_rules.published(counts), previous, changed)
        if changed is None:
            log.warning("%s", counts["changes_unknown"])
        else:
            log.info("%(added)d documents added, %(removed)d removed, %(changed)d changed since the previous set",
                     counts)
        log.info("curated tables written to %s; the report is %s", curated_dir,
                 storage.join(curated_dir, report_page.FILE))
        return counts


def _normalized(runner, prepared: batches.Prepared, authority: Authority, workers: int, cache: document_cache.Cached):
    """Submit the documents in batches, each with its entries of the document cache; yield each batch's (report,
    encoded rows, cache entries) in order, dropping it from memory as soon as it is taken."""
    documents, prepared.documents = prepared.documents, prepared.documents.slice(0, 0)
    futures = []
    knowledge = document_cache.knowledge(authority)
    size = batch_size(documents.num_rows, workers, NORMALIZE_BATCH)
    starts = range(0, documents.num_rows, size)
    for i, start in enumerate(starts, 1):
        # The batch's rows copied out: a slice would travel to a worker whole (Arrow pickles the buffers it views).
        chunk = documents.take(pa.array(range(start, min(start + size, documents.num_rows))))
        work = Parcel((chunk, batches.records_for(prepared, chunk), prepared.duplicate_ids, authority,
                       document_cache.for_batch(cache, chunk), knowledge))
        named = normalize_documents.with_options(task_run_name=f"normalize-documents {i}/{len(starts)}")
        futures.append(runner.submit(named, parameters={"batch": work}))
    del documents, cache
    while futures:
        yield futures.pop(0).result().items


def _taken(futures, stages: Stages, sizes: list[int]):
    """Each future's result in order, the stage advanced by its batch's size as it comes."""
    for future, size in zip(futures, sizes):
        result = future.result()
        stages.advance(size)
        yield result
    stages.finish()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _provenance(started: str) -> dict:
    """Which run made a set of curated files, when, and with which code: every run summary carries it."""
    return runs.provenance(str(flow_run.id) if flow_run.id else None, started, _now())


def _refuse(curated_dir: str, counts: dict, rejects: pd.DataFrame, refused: Exception):
    """A run that may not publish: its report goes to curated/failed/, its row to runs.csv, and it fails."""
    curated_files.write_failed(curated_dir, counts, rejects, str(refused))
    runs.append(curated_dir, runs.row(counts, "refused", str(refused)))
    raise refused


# The changes table artifact shows this many rows; changes.csv has them all.
CHANGES_SHOWN = 1_000


def _publish(raw_dir: str, curated_dir: str | None, counts: dict, previous: dict | None,
             changed: pd.DataFrame | None = None) -> None:
    create_table_artifact(
        key="curate-archive-counts",
        table=[{"count": k, "value": v} for k, v in counts.items()],
        description=f"Counts of the curate-archive run over {raw_dir}",
    )
    create_markdown_artifact(
        key="curate-archive-quality",
        markdown=report.markdown(counts, previous, curated_dir and _report_address(curated_dir)),
        description="Share of documents with a date, a type, senders and recipients, against the previous run",
    )
    if changed is not None and len(changed):
        create_table_artifact(
            key="curate-archive-changes",
            table=changed.head(CHANGES_SHOWN).to_dict("records"),  # empty values are None: JSON null
            description=f"What this run changed since the previous set: {counts.get('added', 0)} documents added, "
                        f"{counts.get('removed', 0)} removed, {counts.get('changed', 0)} changed"
                        + (f" (the first {CHANGES_SHOWN} of {len(changed)} rows; all in changes.csv)"
                           if len(changed) > CHANGES_SHOWN else ""),
        )


def _report_address(curated_dir: str) -> str:
    """Where the report is, as a link that opens it: a file:// URL for a local folder, else its location."""
    location = storage.join(curated_dir, report_page.FILE)
    return Path(location).resolve().as_uri() if "://" not in location else location
