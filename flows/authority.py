"""The build-authority flow: the built authority (pipeline/data/authority_built.tsv.gz) from the Office of the
Historian's persons database, the party and state bodies' rules, and the catalogue headings of the document pages a
run staged."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from pipeline.authority_build import build as authority_build
from pipeline.authority_build import hsg


@task(name="read-catalogue-headings", cache_policy=NO_CACHE)
def catalogue_headings(staging_dir: str) -> list[str]:
    return authority_build.staged_headings(staging_dir)


@task(name="build-authority", cache_policy=NO_CACHE)
def build(hsg_path: str, headings: list[str]) -> authority_build.Built:
    return authority_build.build(Path(hsg_path), headings)


@flow(name="build-authority")
def build_authority(hsg_path: str = str(hsg.DEFAULT_PATH), staging_dir: str = "staging",
                    output: str = str(authority_build.OUTPUT)) -> dict:
    """Merge the sources in order of trust and write the built authority; the hand-curated file is merged on top
    when a run loads it."""
    log = get_run_logger()
    built = build(hsg_path, catalogue_headings(staging_dir))
    path = authority_build.write(built, Path(output))
    log.info("%s -> %s", built.summary(), path)
    create_markdown_artifact(key="authority-build", description="What the authority build merged",
                             markdown=f"# Authority build\n\n{built.summary()}\n\n" + "\n".join(
                                 f"- {k}: {v}" for k, v in built.sources.items()))
    return dict(built.counts)
