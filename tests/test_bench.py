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

    results = {"machine": bench._machine(), "sizes": {"12": {"corpus": corpus, "baseline": {**baseline, "peak_rss_mb": 1},
                                                            "pipeline": {**measured, "peak_rss_mb": 1}}},
               "workers": {"pages": 12, "1": measured["full"], "2": measured["full"]}, "harvest": harvest}
    results["ratios"] = bench.ratios(results)
    text = bench.table(results)
    assert "| 12 | curate flow, full run |" in text and "re-harvest after 3 new documents: 2 search requests" in text
