"""Crash safety of a run as a whole: a run killed with SIGKILL at any write of staging/ or curated/ (before and
after every rename that puts a file in place) leaves nothing that misleads, and the next run completes with the
bytes a clean run writes, no temporary file left, nothing lost.

The killed runs are real processes running the command (`archive-pipeline run`) and reporting to the session's test
server; each counts the renames into the test's folders and is killed at the chosen one.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FILES, ROOT, SAMPLES, curated_files, without_provenance

pytestmark = pytest.mark.flow

# The renames of a run that changes everything: who holds the two folders' locks (twice: the command's look for
# anything new, which also keeps the raw files' hashes, then the flow's); four staging tables and their manifest; the
# document cache; the set's 23 files (each table's CSV, spreadsheet copy and Parquet file, the database, the report,
# the network files and the descriptor), documents.parquet last of them; the run summary; the log of runs.
RENAMES = 36
# Killed here, the documents of the set being replaced are gone and the new set is not yet vouched for: the next
# run cannot know what changed since the set before, and says so.
BASELINE_LOST = (35, "before")

# A process that has imported the pipeline once, then forks one child per killed run: each child runs the command
# as a new process would, without paying the imports again (nothing has started a thread when it forks). In the
# child, a wrapper of os.replace counts the renames into the test's folders and kills it at the chosen one.
FORKER = """
import json, os, signal, sys
import flows.cli, flows.curate
for line in sys.stdin:
    point, when, root, log, args = json.loads(line)
    pid = os.fork()
    if pid == 0:
        out = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(out, 1)
        os.dup2(out, 2)
        real, seen = os.replace, [0]
        def replace(src, dst, *a, **k):
            counted = str(dst).startswith(root)
            seen[0] += counted
            if counted and seen[0] == point and when == "before":
                os.kill(os.getpid(), signal.SIGKILL)
            real(src, dst, *a, **k)
            if counted and seen[0] == point and when == "after":
                os.kill(os.getpid(), signal.SIGKILL)
        os.replace = replace
        try:
            code = flows.cli.main(args)
        except SystemExit as exit_:
            code = exit_.code
        print(f"renames {seen[0]}", flush=True)
        sys.stdout.flush()
        os._exit(code or 0)
    _, status = os.waitpid(pid, 0)
    print(json.dumps(-os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)), flush=True)
"""


def _raw(target: Path, edited: bool) -> Path:
    """The sample pages; the second input also has one page edited and one page more than the first."""
    target.mkdir(parents=True)
    names = SAMPLES if edited else SAMPLES[:-1]
    for name in names:
        shutil.copy2(FILES / name, target / Path(name).name)
    if edited:
        page = target / Path(SAMPLES[-2]).name
        page.write_text(page.read_text(encoding="utf-8").replace("Stalin", "Stalin (edited)", 1), encoding="utf-8")
    return target


def _files(folder: Path) -> dict[str, bytes]:
    return {name: without_provenance(name, (folder / name).read_bytes()) for name in curated_files(folder)}


def _set(files: dict[str, bytes]) -> dict[str, bytes]:
    """The files of the published set: runs.csv, the log of every run over the folder, is not one of them."""
    return {name: data for name, data in files.items() if name != "runs.csv"}


@pytest.fixture(scope="module")
def states(prefect_harness, tmp_path_factory):
    """The published state of a first input, and what a clean run over the second input writes."""
    from flows.curate import curate_archive

    root = tmp_path_factory.mktemp("crash")
    first = dict(raw_dir=str(_raw(root / "raw1", edited=False)), staging_dir=str(root / "before" / "staging"),
                 curated_dir=str(root / "before" / "curated"))
    curate_archive(**first)
    raw2 = _raw(root / "raw2", edited=True)
    shutil.copytree(root / "before", root / "clean")  # the clean run replaces the first input's set, as killed runs do
    clean = curate_archive(raw_dir=str(raw2), staging_dir=str(root / "clean" / "staging"),
                           curated_dir=str(root / "clean" / "curated"))
    assert clean["pages"] == 6 and clean["pages_parsed"] == 2 and clean["added"] > 0
    return root, raw2, _files(root / "before" / "curated"), _files(root / "clean" / "curated")


@pytest.fixture(scope="module")
def forker(prefect_harness):
    from prefect.settings import PREFECT_API_URL

    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value()}  # the session's server: none is started
    process = subprocess.Popen([sys.executable, "-c", FORKER], cwd=ROOT, env=env, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True)
    yield process
    process.stdin.close()
    process.wait(timeout=60)


def staged_ids(folder: Path) -> set[str]:
    import pandas as pd

    return set(pd.read_parquet(folder / "pages.parquet")["page_id"])


def _killed_run(forker, raw2: Path, work: Path, point: int, when: str) -> tuple[int, str]:
    """Run the command in a new process, killed with SIGKILL before or after the point-th rename: (exit, output)."""
    log = work / "command.log"
    args = ["run", "--raw-dir", str(raw2), "--staging-dir", str(work / "staging"), "--curated-dir", str(work / "curated")]
    forker.stdin.write(json.dumps([point, when, str(work), str(log), args]) + "\n")
    forker.stdin.flush()
    code = json.loads(forker.stdout.readline())
    output = log.read_text(encoding="utf-8", errors="replace")
    log.unlink()
    return code, output


def test_a_run_renames_as_counted(states, forker, tmp_path):
    root, raw2, _, _ = states
    shutil.copytree(root / "before", tmp_path / "work")
    code, output = _killed_run(forker, raw2, tmp_path / "work", 0, "never")
    assert code == 0, output[-3000:]
    assert f"renames {RENAMES}" in output


# Before every rename, and after the last: "after the k-th" leaves what "before the (k+1)-th" leaves.
POINTS = [(point, "before") for point in range(1, RENAMES + 1)] + [(RENAMES, "after")]


@pytest.mark.parametrize("point, when", POINTS)
def test_a_run_killed_at_any_rename_misleads_no_one_and_the_next_run_completes(states, forker, tmp_path, point, when):
    from flows.curate import curate_archive
    from pipeline.reading import staging
    from pipeline.writing.curated_files import complete

    root, raw2, before, clean = states
    work = tmp_path / "work"
    shutil.copytree(root / "before", work)
    code, output = _killed_run(forker, raw2, work, point, when)
    assert code == -signal.SIGKILL, output[-3000:]

    # What the kill left: the published set is the old one, the new one, or says it is not whole.
    left = _files(work / "curated")
    summary = json.loads((work / "curated" / "run_summary.json").read_text(encoding="utf-8"))
    assert _set(left) in (_set(before), _set(clean)) or not complete(work / "curated", summary)
    # staging is read as the old set, the new one, or not at all: never a torn set
    loaded = set(staging.load(work / "staging").pages["page_id"])
    assert loaded in (set(), staged_ids(root / "before" / "staging"), staged_ids(root / "clean" / "staging"))

    counts = curate_archive(raw_dir=str(raw2), staging_dir=str(work / "staging"), curated_dir=str(work / "curated"))
    assert counts["documents"] == json.loads(clean["run_summary.json"])["documents"]
    after = _files(work / "curated")
    if (point, when) == BASELINE_LOST:
        assert counts["added"] is None and "not known" in counts["changes_unknown"]
        assert after["changes.csv"] == after["changes.csv"].splitlines()[0] + b"\n"
        # What holds the changes or their counts: the changes table, the database, the report, the summary.
        unknown = ("archive.duckdb", "report.html", "run_summary.json")
        after, clean = ({name: data for name, data in files.items() if "changes" not in name and name not in unknown}
                        for files in (after, clean))
    assert after == clean
    assert not [p for p in work.rglob("*.tmp")]


# -- the harvester ------------------------------------------------------------------------------------------------

# Seeded kill points among the renames of a harvest of the stand-in site with --records (who holds raw/'s lock,
# then for each result page its file and the crawl state, then each document page's file).
HARVEST_POINTS = sorted(__import__("random").Random(13).sample(range(1, 56), 20))


@pytest.fixture(scope="module")
def standin():
    from standin import StandInSite

    with StandInSite() as site:
        yield site


@pytest.fixture(scope="module")
def clean_harvest(standin, forker, tmp_path_factory):
    raw = tmp_path_factory.mktemp("harvest") / "raw"
    code, output = _killed_harvest(forker, standin, raw, 0, "never")
    assert code == 0, output[-3000:]
    return raw, output


def _killed_harvest(forker, site, raw: Path, point: int, when: str) -> tuple[int, str]:
    log = raw.parent / f"harvest-{point}-{when}.log"
    args = ["harvest", "--base-url", site.base_url, "--delay", "0", "--records", "--raw-dir", str(raw)]
    forker.stdin.write(json.dumps([point, when, str(raw), str(log), args]) + "\n")
    forker.stdin.flush()
    code = json.loads(forker.stdout.readline())
    return code, log.read_text(encoding="utf-8", errors="replace")


def _kept(raw: Path) -> tuple[set[str], set[tuple[str, str]]]:
    """The page files kept, and the (URL, sha256) of every fetch the manifest records."""
    from pipeline.raw import HARVESTED, read_manifest

    return ({p.name for p in (raw / HARVESTED).iterdir()},
            {(e.url, e.sha256) for e in read_manifest(raw) if e.status == 200})


def test_a_harvest_renames_as_counted(clean_harvest):
    _, output = clean_harvest
    assert "renames 55" in output and "44 new documents" in output


@pytest.mark.parametrize("point", HARVEST_POINTS)
def test_a_harvest_killed_at_any_of_20_seeded_points_is_completed_by_the_next(standin, forker, clean_harvest,
                                                                             tmp_path, point):
    clean, _ = clean_harvest
    raw = tmp_path / "raw"
    code, output = _killed_harvest(forker, standin, raw, point, "before")
    assert code == -signal.SIGKILL, output[-3000:]
    code, output = _killed_harvest(forker, standin, raw, 0, "never")  # the next harvest, as a user runs it
    assert code == 0, output[-3000:]
    assert _kept(raw) == _kept(clean)
    assert not [p for p in raw.rglob("*.tmp")]
