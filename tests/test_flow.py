"""The curate-archive flow and the archive-pipeline command, end to end on a copy of raw/."""

import csv
import json
import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from conftest import FIXTURES

pytestmark = pytest.mark.flow


def rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def dirs(tmp_path, raw_copy):
    return dict(raw_dir=str(raw_copy), staging_dir=str(tmp_path / "staging"), curated_dir=str(tmp_path / "curated"))


def test_flow_curates_the_sample_pages(prefect_harness, dirs):
    from flows.curate import curate_archive

    counts = curate_archive(**dirs)
    assert (counts["pages"], counts["entries"], counts["documents"], counts["rejects"]) == (6, 53, 51, 1)
    docs = pd.read_csv(os.path.join(dirs["curated_dir"], "documents.csv"), dtype=str)
    assert len(docs) == 51


def test_second_run_parses_nothing_unchanged_and_reparses_a_changed_page(prefect_harness, dirs):
    from flows.curate import curate_archive

    curate_archive(**dirs)
    again = curate_archive(**dirs)
    assert (again["pages_parsed"], again["pages_reused"], again["documents"]) == (0, 6, 51)

    seed = os.path.join(dirs["raw_dir"], "003_3c916fb4df2701cb.txt")
    text = open(seed, encoding="utf-8").read().replace("Mao asks for more Soviet advisers", "Mao asks for more advisers")
    open(seed, "w", encoding="utf-8").write(text)
    changed = curate_archive(**dirs)
    assert (changed["pages_parsed"], changed["pages_reused"]) == (1, 5)
    docs = pd.read_csv(os.path.join(dirs["curated_dir"], "documents.csv"), dtype=str)
    assert "Mao asks for more advisers for Chinese troops in Korea." in set(docs["summary"])


def test_bad_pages_are_rejected_and_the_run_goes_on(prefect_harness, dirs):
    from flows.curate import curate_archive

    for bad in (FIXTURES / "bad").iterdir():
        shutil.copy(bad, dirs["raw_dir"])
    counts = curate_archive(**dirs)
    rejects = {(r["source"].split("/")[-1], r["check"]) for r in rows(os.path.join(dirs["curated_dir"], "rejects.csv"))}
    assert {("empty.html", "empty"), ("truncated.html", "truncated"), ("binary.bin", "binary"),
            ("bot_challenge.html", "layout"), ("short_page.html", "stated_count"), ("no_results.html", "no_entries"),
            } <= rejects
    titles = set(pd.read_csv(os.path.join(dirs["curated_dir"], "documents.csv"), dtype=str)["title"].dropna())
    assert any("Sándor Nógrádi" in t for t in titles)
    assert counts["pages_unreadable"] == 2


def test_too_many_rejects_fails_loudly_and_keeps_the_last_good_documents(prefect_harness, dirs):
    from flows.curate import curate_archive
    from pipeline.run_rules import TooManyRejects

    curate_archive(**dirs)
    before = open(os.path.join(dirs["curated_dir"], "documents.csv"), encoding="utf-8").read()
    for bad in (FIXTURES / "bad").iterdir():
        shutil.copy(bad, dirs["raw_dir"])
    with pytest.raises(TooManyRejects):
        curate_archive(**dirs, max_reject_share=0.01)
    assert open(os.path.join(dirs["curated_dir"], "documents.csv"), encoding="utf-8").read() == before
    # The refused run's report is beside the published set, not over it: the published rejects are the last good run's.
    assert any(r["check"] == "binary" for r in rows(os.path.join(dirs["curated_dir"], "failed", "rejects.csv")))
    assert not any(r["check"] == "binary" for r in rows(os.path.join(dirs["curated_dir"], "rejects.csv")))
    failed = json.load(open(os.path.join(dirs["curated_dir"], "failed", "run_summary.json")))
    assert failed["failed"] and "over the allowed 1%" in failed["reason"] and failed["run_id"]
    assert not [name for name in os.listdir(dirs["curated_dir"]) if name.endswith(".tmp")]
    curate_archive(**dirs)  # a run that publishes clears the report of the refused one
    assert not os.path.exists(os.path.join(dirs["curated_dir"], "failed"))


def test_an_empty_raw_folder_replaces_nothing(prefect_harness, dirs, tmp_path):
    from flows.curate import curate_archive
    from pipeline.run_rules import NoPages

    curate_archive(**dirs)
    before = open(os.path.join(dirs["curated_dir"], "documents.csv"), "rb").read()
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(NoPages, match="no pages in"):
        curate_archive(**dict(dirs, raw_dir=str(empty)))
    assert open(os.path.join(dirs["curated_dir"], "documents.csv"), "rb").read() == before
    assert json.load(open(os.path.join(dirs["curated_dir"], "run_summary.json")))["documents"] == 51


def test_a_run_that_would_shrink_the_documents_is_refused_unless_allowed(prefect_harness, dirs):
    from flows.curate import curate_archive
    from pipeline.run_rules import WouldShrink

    first = curate_archive(**dirs)
    assert first["run_id"] and first["started_at"] <= first["finished_at"]  # every published set says which run made it
    os.remove(os.path.join(dirs["raw_dir"], "old-design_search-results_zedong.html"))
    with pytest.raises(WouldShrink, match="found 44 documents where the published set has 51"):
        curate_archive(**dirs)
    assert json.load(open(os.path.join(dirs["curated_dir"], "run_summary.json")))["run_id"] == first["run_id"]
    assert curate_archive(**dirs, allow_shrink=True)["documents"] == 44


def test_documents_normalized_in_many_batches_are_written_as_in_one(prefect_harness, dirs, tmp_path, monkeypatch):
    import flows.curate
    from flows.curate import curate_archive

    curate_archive(**dirs)
    monkeypatch.setattr(flows.curate, "NORMALIZE_BATCH", 4)
    small = dict(dirs, staging_dir=str(tmp_path / "small" / "staging"), curated_dir=str(tmp_path / "small" / "curated"))
    counts = curate_archive(**small)
    assert counts["documents"] == 51
    for name in ("documents.csv", "document_people.csv", "rejects.csv", "unresolved_names.csv"):
        with open(os.path.join(dirs["curated_dir"], name), "rb") as one, open(os.path.join(small["curated_dir"], name), "rb") as many:
            assert many.read() == one.read(), name
    one, many = (pd.read_parquet(os.path.join(d["curated_dir"], "documents.parquet")) for d in (dirs, small))
    assert many.equals(one)


def test_cli_runs_the_flow(prefect_harness, dirs, capsys):
    from flows.cli import main

    code = main(["run", "--raw-dir", dirs["raw_dir"], "--staging-dir", dirs["staging_dir"], "--curated-dir", dirs["curated_dir"]])
    assert code == 0
    assert "51 documents from 53 entries on 6 pages" in capsys.readouterr().out
    summary = json.load(open(os.path.join(dirs["curated_dir"], "run_summary.json")))
    assert summary["documents"] == 51


def test_cli_fails_with_exit_1_when_the_run_fails(prefect_harness, dirs, capsys):
    from flows.cli import main

    for bad in (FIXTURES / "bad").iterdir():
        shutil.copy(bad, dirs["raw_dir"])
    code = main(["run", "--raw-dir", dirs["raw_dir"], "--staging-dir", dirs["staging_dir"],
                 "--curated-dir", dirs["curated_dir"], "--max-reject-share", "0.01"])
    assert code == 1
    assert capsys.readouterr().err.startswith("archive-pipeline: run failed: ")


def test_cli_mistyped_path_gives_one_clear_line(tmp_path):
    result = subprocess.run([sys.executable, "-m", "flows.cli", "run", "--raw-dir", str(tmp_path / "rwa")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr == f"archive-pipeline: error: raw directory '{tmp_path / 'rwa'}' does not exist (--raw-dir)\n"


@pytest.mark.parametrize("args, says", [
    (["run", "--max-workers", "0"], "argument --max-workers: must be at least 1, not 0"),
    (["run", "--max-workers", "two"], "argument --max-workers: 'two' is not a whole number"),
    (["run", "--max-reject-share", "1.5"], "argument --max-reject-share: must be between 0 and 1, not 1.5"),
    (["run", "--max-reject-share", "nan"], "argument --max-reject-share: must be between 0 and 1, not nan"),
    (["run", "--raw-dir", "README.md"], "--raw-dir 'README.md' is a file, not a directory"),
    (["run", "--dask-address", "localhost:8786"], "argument --dask-address: 'localhost:8786' is not a Dask scheduler"),
    (["run", "--task-runner", "threads", "--dask-address", "tcp://h:1"], "argument --dask-address: needs --task-runner dask"),
    (["run", "--no-such-flag"], "unrecognized arguments: --no-such-flag"),
    (["harvest", "--base-url", "ftp://example.org/"], "argument --base-url: 'ftp://example.org/' is not an http://"),
    (["harvest", "--base-url", "https://user@127.0.0.2/"], "argument --base-url: 'https://user@127.0.0.2/' carries a user"),
    (["harvest", "--delay", "-1"], "argument --delay: must be a number of seconds, 0 or more, not -1"),
    (["harvest", "--delay", "inf"], "argument --delay: must be a number of seconds, 0 or more, not inf"),
    (["harvest", "--max-pages", "0"], "argument --max-pages: must be at least 1, not 0"),
    (["harvest", "--contact", "me"], "argument --contact: 'me' is neither an http(s) address nor a mailto: address"),
    (["harvest", "--filter", "topic:1"], "argument --filter: filter 'topic:1' is not FACET:ID"),
])
def test_a_usage_error_is_one_line_naming_the_flag_and_exit_2(args, says, capsys):
    """Checked before any work starts: no server, no flow (main() returns before importing them)."""
    from flows.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(args)
    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert err.count("\n") == 1 and err.startswith("archive-pipeline: error: ") and says in err, err


def test_a_run_by_hand_without_a_server_sends_no_heartbeats(monkeypatch):
    """Heartbeats to a temporary server reach no one, and waiting for their thread costs up to a second
    a run; with a server configured, or the setting given, they stay as Prefect has them."""
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    from flows.runtime import run_by_hand

    monkeypatch.delenv("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", raising=False)
    with temporary_settings(restore_defaults={PREFECT_API_URL}), run_by_hand():
        assert get_current_settings().flows.heartbeat_frequency is None
    with temporary_settings(updates={PREFECT_API_URL: "http://127.0.0.1:9/api"}):
        prefects_own = get_current_settings().flows.heartbeat_frequency
        assert prefects_own is not None
        with run_by_hand():
            assert get_current_settings().flows.heartbeat_frequency == prefects_own
    monkeypatch.setenv("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", "60")
    with temporary_settings(restore_defaults={PREFECT_API_URL}), run_by_hand():
        assert get_current_settings().flows.heartbeat_frequency is not None


def test_a_run_with_nothing_new_decides_so_before_starting_prefect(prefect_harness, dirs):
    from flows.cli import main

    args = ["run", "--raw-dir", dirs["raw_dir"], "--staging-dir", dirs["staging_dir"], "--curated-dir",
            dirs["curated_dir"]]
    assert main(args) == 0
    # A new process whose Prefect API leads nowhere: were Prefect asked anything, the run would fail.
    env = {**os.environ, "PREFECT_API_URL": "http://127.0.0.1:9/api"}
    again = subprocess.run([sys.executable, "-m", "flows.cli", *args], cwd=FIXTURES.parent.parent, env=env,
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr[-2000:]
    assert "none changed since the last run" in again.stderr and "51 documents" in again.stdout
    log = rows(os.path.join(dirs["curated_dir"], "runs.csv"))
    assert [(r["outcome"], bool(r["run_id"])) for r in log] == [("published", True), ("up_to_date", False)]
    assert (log[1]["documents"], log[1]["added"], log[1]["input_fingerprint"]) == ("51", "0", log[0]["input_fingerprint"])
