"""The curate-archive flow: raw/ pages -> staging/ tables -> curated/ datasets."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.task_runners import ThreadPoolTaskRunner

from pipeline import curate, curated, raw, staging
from pipeline.authority import Authority
from pipeline.raw import RawPage

# Pages are parsed in batches: one task per batch, never one per page or record
# (each task run costs about 10 ms of orchestration).
BATCH_SIZE = 200
MAX_REJECT_SHARE = 0.25


class TooManyRejects(RuntimeError):
    """More of the input was rejected than the run allows."""


@task(name="take-inventory")
def take_inventory(raw_dir: str) -> list[RawPage]:
    return raw.inventory(raw_dir)


@task(name="parse-pages")
def parse_pages(batch: list[RawPage]) -> staging.Staged:
    return staging.parse_pages(batch)


@task(name="write-staging")
def write_staging(staging_dir: str, staged: staging.Staged) -> None:
    staging.write(staging_dir, staged)


@task(name="build-curated")
def build_curated(staged: staging.Staged, duplicate_rejects) -> curate.Curated:
    return curate.build(staged, Authority.load(), duplicate_rejects)


@task(name="write-curated")
def write_curated(curated_dir: str, result: curate.Curated) -> None:
    curated.write(curated_dir, result)


@flow(name="curate-archive", task_runner=ThreadPoolTaskRunner(max_workers=2))
def curate_archive(
    raw_dir: str = "raw",
    staging_dir: str = "staging",
    curated_dir: str = "curated",
    max_reject_share: float = MAX_REJECT_SHARE,
) -> dict:
    """Read every page in raw_dir, stage what it holds, and write validated, documented curated tables."""
    log = get_run_logger()
    pages = take_inventory(raw_dir)
    to_parse, reused, duplicate_rejects = staging.plan(pages, staging.load(staging_dir))
    log.info("%d pages in %s: %d to parse, %d unchanged since staged", len(pages), raw_dir, len(to_parse),
             len(reused.pages))

    batches = [to_parse[i : i + BATCH_SIZE] for i in range(0, len(to_parse), BATCH_SIZE)]
    parsed = [future.result() for future in [parse_pages.submit(b) for b in batches]]
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
    create_table_artifact(
        key="curate-archive-counts",
        table=[{"count": k, "value": v} for k, v in counts.items()],
        description=f"Counts of the curate-archive run over {raw_dir}",
    )

    if result.reject_share > max_reject_share:
        curated.write_rejects_only(curated_dir, result)
        raise TooManyRejects(
            f"{len(result.rejects)} rejects make {result.reject_share:.0%} of pages and entries read, over the "
            f"allowed {max_reject_share:.0%}; see {Path(curated_dir) / 'rejects.csv'} (documents left as they were)"
        )
    write_curated(curated_dir, result)
    log.info("curated tables written to %s", curated_dir)
    return counts
