"""Shared fixtures: the sample pages, their ground truth, and one Prefect test harness per session."""

from __future__ import annotations

import json
import os
import re
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


# What no two runs share: which run made the set, when, how long it took, how much it parsed rather than reused.
RUN_KEYS = ("run_id", "started_at", "finished_at", "duration_s", "pages_parsed", "pages_reused", "documents_normalized")
# Files whose bytes differ between runs of the same input: the database (DuckDB lays its file out anew each time),
# the report (it shows the run's provenance) and the CMIF file (it gives the day it was published). They are compared
# by what they hold.
BY_CONTENT = ("archive.duckdb", "report.html", "cmif.xml")


def curated_database(folder: Path, **rows: list[dict]) -> Path:
    """archive.duckdb built from rows given per curated table (documents=[{...}], people=[...]), every other table
    empty, as a run builds it: each table written as Parquet first. Rows hold text, ISO dates as text, None for
    empty; a row need not name every column."""
    import pandas as pd
    import pyarrow.parquet as pq

    from pipeline.tables import CURATED
    from pipeline.writing import database
    from pipeline.writing.curated_files import arrow_table

    types = {"integer": "Int64", "number": "Float64"}
    files = {}
    for name, table in CURATED.items():
        frame = pd.DataFrame([{**dict.fromkeys(table.names), **row} for row in rows.get(name, [])],
                             columns=table.names, dtype=object)
        frame = frame.astype({c.name: types[c.type] for c in table.columns if c.type in types})
        files[name] = folder / table.parquet
        pq.write_table(arrow_table(table, frame), files[name])
    database.build(folder / database.FILE, files)
    return folder / database.FILE


def without_provenance(name: str, data: bytes) -> bytes:
    """A curated file's bytes as every run of the same input writes them: the run summary without the run's own
    keys (nor the digests of the files compared by content), the database as its tables' rows, the report without
    its provenance section, and the log of runs as what its last run read and counted."""
    if name == "run_summary.json":
        summary = json.loads(data)
        summary["files"] = {k: v for k, v in summary.get("files", {}).items() if k not in BY_CONTENT}
        return json.dumps({k: v for k, v in summary.items() if k not in RUN_KEYS}).encode()
    if name == "archive.duckdb":
        return _database_rows(data)
    if name == "report.html":
        return re.sub(rb'<section id="provenance".*?</section>', b"", data, flags=re.S)
    if name == "cmif.xml":  # the day the run published it
        return re.sub(rb'(<publicationStmt>.*?<date when=")[^"]*', rb"\1", data, flags=re.S)
    if name == "runs.csv":
        last = data.decode("utf-8").splitlines()[-1].split(",")
        header = data.decode("utf-8").splitlines()[0].split(",")
        kept = ("input_fingerprint", "pages", "entries", "documents", "rejects", "unresolved_names")
        return json.dumps({k: v for k, v in zip(header, last) if k in kept}).encode()
    return data


def _database_rows(data: bytes) -> bytes:
    import tempfile

    import duckdb

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "archive.duckdb"
        path.write_bytes(data)
        with duckdb.connect(str(path), read_only=True) as con:
            names = [row[0] for row in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
            names += [row[0] for row in con.execute(
                "SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1").fetchall()]
            return repr({name: sorted(map(repr, con.execute(f"SELECT * FROM {name}").fetchall()))
                         for name in names}).encode()


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
