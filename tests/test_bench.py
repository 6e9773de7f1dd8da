"""One small run of the benchmark code (make bench measures 1,000 and 10,000 pages), so that it cannot rot."""

import pytest

from benchmarks import run as bench
from benchmarks.corpus import write_corpus

pytestmark = pytest.mark.flow


def test_benchmark_measures_a_few_pages(prefect_harness, tmp_path):
    corpus = write_corpus(tmp_path / "raw", 12)
    assert (corpus["pages"], corpus["entries"]) == (12, 120)

    baseline = bench.measure_baseline(tmp_path / "raw")
    assert (baseline["pages"], baseline["entries"]) == (12, 120)

    measured = bench.measure_pipeline(tmp_path / "raw", tmp_path / "work", 2, "threads", 0.1)
    assert (measured["full"]["pages"], measured["full"]["entries"], measured["full"]["documents"]) == (
        12, 120, corpus["documents"])
    assert measured["rerun"]["parsed"] == 0
    assert (measured["rerun_changed"]["changed"], measured["rerun_changed"]["parsed"]) == (1, 1)

    harvest = bench.measure_harvest(30, [3])
    assert (harvest["full_crawl_requests"], harvest["after_3_new"]["requests"], harvest["after_3_new"]["expected"]) == (
        3, 2, 2)

    # As a user runs it: each run `archive-pipeline run` in a new process, its memory summed over its processes.
    commands = bench.measure_commands(tmp_path, tmp_path / "prefect-home")
    assert (commands["full"]["pages"], commands["full"]["documents"]) == (12, corpus["documents"])
    assert commands["full"]["published"] and not commands["rerun"]["published"]  # nothing new: Prefect not started
    assert (commands["rerun_changed"]["changed"], commands["rerun_changed"]["pages_parsed"]) == (1, 1)
    assert commands["one_core"]["documents"] == corpus["documents"]
    # the flow alone, from its log, takes less than the command; the re-run normalizes only what the change touched
    assert 0 < commands["full"]["seconds_without_start_up"] < commands["full"]["seconds"]
    assert "seconds_without_start_up" not in commands["rerun"]
    assert commands["full"]["documents_normalized"] == corpus["documents"]
    assert 0 < commands["rerun_changed"]["documents_normalized"] < corpus["documents"]
    # the command, Prefect's temporary server (and workers): more than one Python process's worth
    assert commands["full"]["peak_memory_all_processes_mb"] > 200

    with_start_up = bench._baseline_command(tmp_path)
    assert with_start_up["seconds_with_start_up"] > with_start_up["seconds"]

    results = {"machine": bench._machine(), "sizes": {"12": {"corpus": corpus, "baseline": with_start_up,
                                                            "pipeline": commands}},
               "workers": {"pages": 12, "1": measured["full"], "2": measured["full"]}, "harvest": harvest}
    results["ratios"] = bench.ratios(results)
    text = bench.table(results)
    assert "| 12 | `archive-pipeline run` on one core (`taskset -c 0`) |" in text
    assert f"| {commands['full']['seconds']} ({commands['full']['seconds_without_start_up']} without start-up) |" in text
    assert "re-harvest after 3 new documents: 2 search requests" in text
