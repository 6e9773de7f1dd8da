"""The curate-archive flow: raw/ pages -> staging/ tables -> curated/ datasets."""

from __future__ import annotations

import os
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from pipeline import curate, curated, raw, report, staging
from pipeline.authority import Authority
from pipeline.raw import RawPage

# Pages are parsed in batches: one task per batch, never one per page or record
# (each task run costs about 10 ms of orchestration).
BATCH_SIZE = 200
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


@task(name="parse-pages", cache_policy=NO_CACHE)
def parse_pages(batch: list[RawPage]) -> staging.Staged:
    return staging.parse_pages(batch)


@task(name="write-staging", cache_policy=NO_CACHE)
def write_staging(staging_dir: str, staged: staging.Staged) -> None:
    staging.write(staging_dir, staged)


@task(name="build-curated", cache_policy=NO_CACHE)
def build_curated(staged: staging.Staged, duplicate_rejects) -> curate.Curated:
    return curate.build(staged, Authority.load(), duplicate_rejects)


@task(name="write-curated", cache_policy=NO_CACHE)
def write_curated(curated_dir: str, result: curate.Curated) -> None:
    curated.write(curated_dir, result)


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
        return DaskTaskRunner(cluster_kwargs={"n_workers": max_workers, "threads_per_worker": 1, "processes": True})
    raise ValueError(f"task runner must be 'threads' or 'dask', not {kind!r}")


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
    to_parse, reused, duplicate_rejects = staging.plan(pages, staging.load(staging_dir))
    log.info("%d pages in %s: %d to parse, %d unchanged since staged", len(pages), raw_dir, len(to_parse),
             len(reused.pages))

    # Batches spread across the runner's workers: threads here, or the processes of a Dask cluster.
    batches = [to_parse[i : i + BATCH_SIZE] for i in range(0, len(to_parse), BATCH_SIZE)]
    with task_runner(task_runner_kind, dask_address, max_workers) as runner:
        futures = [runner.submit(parse_pages, parameters={"batch": batch}) for batch in batches]
        parsed = [future.result() for future in futures]
    staged = staging.combine([reused, *parsed])
    write_staging(staging_dir, staged)

    result = build_curated(staged, duplicate_rejects)
    counts = {**result.counts, "pages_parsed": len(to_parse), "pages_reused": len(reused.pages)}
    result.counts = counts
    log.info(
        "%(pages)d pages (%(pages_parsed)d parsed, %(pages_reused)d reused), %(entries)d entries, "
        "%(documents)d documents, %(unresolved_names)d unresolved names, %(rejects)d rejects",
        counts,
    )
    previous = curated.previous_summary(curated_dir)
    _publish(raw_dir, counts, previous)
    for warning in report.drops(counts, previous):
        log.warning("data quality: %s", warning)

    if counts["pages"] and not counts.get("pages_ok", 0) + counts.get("pages_count_mismatch", 0):
        curated.write_rejects_only(curated_dir, result)
        raise NothingReadable(f"none of the {counts['pages']} pages in {raw_dir} could be read; "
                              f"see {Path(curated_dir) / 'rejects.csv'}")
    if result.reject_share > max_reject_share:
        curated.write_rejects_only(curated_dir, result)
        raise TooManyRejects(
            f"{len(result.rejects)} rejects make {result.reject_share:.0%} of pages and entries read, over the "
            f"allowed {max_reject_share:.0%}; see {Path(curated_dir) / 'rejects.csv'} (documents left as they were)"
        )
    write_curated(curated_dir, result)
    log.info("curated tables written to %s", curated_dir)
    return counts


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
