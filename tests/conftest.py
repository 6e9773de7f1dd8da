"""Shared fixtures: the sample pages, their ground truth, and one Prefect test harness per session."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path, PurePosixPath

import pytest

from pipeline import raw

# Prefect must not try to phone home from machines without internet.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

ROOT = Path(__file__).resolve().parent.parent
# Test pages live apart from the data folder raw/ (which `make run` curates): one folder per page design
# (tests/files/<layout>/), plus bad/ for bad input. tests/files/README.md says where each file comes from.
FILES = Path(__file__).resolve().parent / "files"
FIXTURES = FILES
# The sample search pages: the designs that have ground truth in tests/expected/sample_pages.json, keyed by
# the path under tests/files ("current-html/current-design_search_page-0.html"). Document pages
# (tests/files/record-html/) have theirs in tests/test_records.py.
SAMPLE_DESIGNS = ("current-html", "legacy-html", "current-text", "legacy-text")
EXPECTED = json.loads((Path(__file__).resolve().parent / "expected" / "sample_pages.json").read_text(encoding="utf-8"))


# The six sample pages `make run` curates (copies of raw/'s, byte for byte): the end-to-end tests run on these.
# The other fixture pages test one variant each and are read by the page tests only.
SAMPLES = (
    "current-html/current-design_search_page-0.html",
    "current-html/current-design_korean-war_page-1.html",
    "legacy-html/old-design_search-results_zedong.html",
    "legacy-text/old-design_rendering_coverage-44_page-7.txt",
    "current-text/000_4c535edfbda7ab4e.txt",
    "current-text/003_3c916fb4df2701cb.txt",
)


def sample_pages() -> list[raw.RawPage]:
    """The sample pages, each known by its path under tests/files ("<design>/<file>")."""
    return [page for design in SAMPLE_DESIGNS for page in raw.inventory(FILES / design).pages
            if f"{design}/{PurePosixPath(page.path).name}" in SAMPLES]


def curated_files(folder: Path) -> list[str]:
    """The files of a curated folder, as paths inside it (spreadsheet/ included; the folder's lock files not)."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and not p.name.startswith("."))


def without_provenance(name: str, data: bytes) -> bytes:
    """A curated file's bytes as every run of the same input writes them: run_summary.json also says which run
    made the set, when, and how much of it that run parsed rather than reused, which no two runs share."""
    if name != "run_summary.json":
        return data
    summary = json.loads(data)
    run = ("run_id", "started_at", "finished_at", "pages_parsed", "pages_reused")
    return json.dumps({k: v for k, v in summary.items() if k not in run}).encode()


@pytest.fixture(scope="session")
def prefect_harness():
    """A temporary Prefect API for the whole session (starting one costs about 13 s)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A private raw/ folder holding the sample search pages (flat, as in raw/), so a test can add pages
    without touching the repository."""
    target = tmp_path / "raw"
    target.mkdir()
    for name in SAMPLES:
        page = FILES / name
        assert not (target / page.name).exists(), f"two sample pages named {page.name}"
        shutil.copy2(page, target / page.name)
    return target


@pytest.fixture(scope="session")
def authority():
    from pipeline.normalizing.authority import Authority

    return Authority.load()

# The stand-in site runs on 127.0.0.1: never send its requests through a proxy.
os.environ["NO_PROXY"] = ",".join(filter(None, [os.environ.get("NO_PROXY"), "127.0.0.1", "localhost"]))
os.environ["no_proxy"] = os.environ["NO_PROXY"]


def with_bytes(pages):
    """Raw pages with their bytes, as the flow hands them to the page reader."""
    return [(page, Path(page.path).read_bytes()) for page in pages]
