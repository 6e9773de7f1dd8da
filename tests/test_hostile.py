"""A hostile raw/ folder (tests/hostile.py: over 200 files of every class that has stopped, stalled or fooled a run):
the run completes, every bad file is in rejects.csv under its check, nothing is dropped silently, every name is
carried safely, and memory stays bounded."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pandas as pd
import pytest

import hostile
from conftest import ROOT
from pipeline.raw import label

pytestmark = pytest.mark.flow

# The bound the run's peak memory (resident, the whole process with its worker threads) must stay under.
MAX_PEAK_MB = 1500

RUN = """
import resource, sys
from flows.cli import main
code = main(sys.argv[1:])
print(f"peak_kb {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", flush=True)
sys.exit(code)
"""


@pytest.fixture(scope="module")
def hostile_run(prefect_harness, tmp_path_factory):
    from prefect.settings import PREFECT_API_URL

    root = tmp_path_factory.mktemp("hostile")
    expectations = hostile.write(root / "raw")
    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value()}
    done = subprocess.run([sys.executable, "-c", RUN, "run", "--raw-dir", str(root / "raw"), "--staging-dir",
                           str(root / "staging"), "--curated-dir", str(root / "curated"), "--max-reject-share", "1"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    return root, expectations, done


def _rejects(root):
    with open(root / "curated" / "rejects.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_corpus_holds_over_200_files_of_every_class(hostile_run):
    _, expectations, _ = hostile_run
    assert len(expectations) >= 200
    checks = {e.check for e in expectations}
    assert {"too_large", "too_deep", "too_many_results", "nul", "count_out_of_range", "hidden", "not_a_file", "outside_raw",
            "broken_link", "linked_folder", "binary", "empty", "truncated"} <= checks


def test_the_run_completes_within_the_memory_bound(hostile_run):
    _, _, done = hostile_run
    assert done.returncode == 0, done.stderr[-3000:]
    peak_mb = int(done.stdout.split("peak_kb ")[1].split()[0]) / 1024
    assert peak_mb < MAX_PEAK_MB, peak_mb


def test_every_bad_file_is_rejected_under_its_check(hostile_run):
    root, expectations, _ = hostile_run
    rejected = {(r["source"], r["check"]) for r in _rejects(root)}
    missing = [(e.name, e.check) for e in expectations
               if e.check and (f"raw/{label(os.fsdecode(e.name))}", e.check) not in rejected]
    assert not missing


def test_nothing_is_dropped_silently(hostile_run):
    """Every file is a staged page (with its status) or a reject; a page not accepted has a reject saying why."""
    root, expectations, _ = hostile_run
    pages = pd.read_parquet(root / "staging" / "pages.parquet")
    rejects = _rejects(root)
    rejected_sources = {r["source"] for r in rejects}
    staged = dict(zip(pages["source"], pages["status"]))
    for e in expectations:
        source = f"raw/{label(os.fsdecode(e.name))}"
        assert source in staged or source in rejected_sources, source
        if staged.get(source, "ok") not in ("ok", "count_mismatch", "truncated"):
            assert source in rejected_sources, (source, staged[source])


def test_names_are_carried_safely_and_hidden_results_are_not_documents(hostile_run):
    root, expectations, _ = hostile_run
    text = (root / "curated" / "documents.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    parquet = pd.read_parquet(root / "curated" / "documents.parquet")
    assert len(rows) == len(parquet)  # no name broke a row in two
    assert "\r" not in (root / "curated" / "rejects.csv").read_text(encoding="utf-8")
    titles = set(parquet["title"].dropna())
    for e in expectations:
        assert set(e.curated) <= titles, e.name
        assert not set(e.not_curated) & titles, e.name
    links = pd.read_csv(root / "curated" / "document_people.csv", dtype=str)
    assert set(links["doc_id"]) <= set(parquet["doc_id"])
    summary = json.loads((root / "curated" / "run_summary.json").read_text(encoding="utf-8"))
    assert summary["documents"] == len(parquet)
