"""Running the Prefect way: the Dask runner, run reports, and a real server with a deployment and a worker."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import pytest

from conftest import FIXTURES, ROOT, curated_files, without_provenance

pytestmark = pytest.mark.flow


def test_worker_processes_and_a_dask_cluster_write_the_same_bytes_as_threads(prefect_harness, raw_copy, tmp_path):
    from flows.curate import curate_archive

    outputs = {}
    for kind in ("threads", "processes", "dask"):
        curate_archive(raw_dir=str(raw_copy), staging_dir=str(tmp_path / kind / "staging"),
                       curated_dir=str(tmp_path / kind / "curated"), task_runner_kind=kind, max_workers=2)
        outputs[kind] = tmp_path / kind / "curated"
    names = curated_files(outputs["threads"])
    for other in ("processes", "dask"):
        assert names == curated_files(outputs[other])
        for name in names:
            threads, theirs = ((outputs[kind] / name).read_bytes() for kind in ("threads", other))
            assert without_provenance(name, threads) == without_provenance(name, theirs), (other, name)


def test_every_core_by_default_from_a_thousand_pages_and_threads_below(monkeypatch):
    from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

    from flows import runtime

    monkeypatch.delenv("ARCHIVE_PIPELINE_TASK_RUNNER", raising=False)
    monkeypatch.setattr(runtime, "share_api_with_workers", lambda: None)
    assert runtime.MAX_WORKERS == len(os.sched_getaffinity(0))
    assert isinstance(runtime.task_runner(max_workers=2, pages=runtime.PROCESSES_FROM_PAGES), ProcessPoolTaskRunner)
    assert isinstance(runtime.task_runner(max_workers=2, pages=runtime.PROCESSES_FROM_PAGES - 1), ThreadPoolTaskRunner)
    assert isinstance(runtime.task_runner(max_workers=1, pages=10**6), ThreadPoolTaskRunner)  # one core: no processes
    monkeypatch.setenv("ARCHIVE_PIPELINE_TASK_RUNNER", "threads")
    assert isinstance(runtime.task_runner(max_workers=2, pages=10**6), ThreadPoolTaskRunner)


def test_batches_keep_every_worker_busy_to_the_end():
    from flows.runtime import batch_size

    assert batch_size(10_000, 2, 200) == 200  # 50 batches
    assert batch_size(1_000, 2, 200) == 125  # 8 batches, not 5: no worker finishes a large batch alone
    assert batch_size(3, 2, 200) == 1
    assert batch_size(0, 2, 200) == 1


def test_a_run_whose_pages_all_fail_is_failed(prefect_harness, tmp_path):
    from flows.curate import curate_archive
    from pipeline.run_rules import NothingReadable

    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("empty.html", "binary.bin", "bot_challenge.html"):
        (raw / name).write_bytes((FIXTURES / "bad" / name).read_bytes())
    state = curate_archive(raw_dir=str(raw), staging_dir=str(tmp_path / "staging"),
                           curated_dir=str(tmp_path / "curated"), return_state=True)
    assert state.is_failed()
    with pytest.raises(NothingReadable):
        state.result()
    assert (tmp_path / "curated" / "failed" / "rejects.csv").read_text(encoding="utf-8").count("\n") == 4
    assert not (tmp_path / "curated" / "rejects.csv").exists()  # nothing was published


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.server
def test_deployment_run_through_a_worker_of_make_serve(tmp_path):
    """`make serve`'s server, pool, deployments and worker; `prefect deployment run` from a second shell."""
    port = _free_port()
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-home"), "PREFECT_WORKER_QUERY_SECONDS": "1",
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
    env.pop("PREFECT_API_URL", None)
    serve = subprocess.Popen([sys.executable, "-m", "flows.serve", "--port", str(port)], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 240
        for line in serve.stdout:  # wait until the worker is up
            if "serve: ready" in line:
                break
            assert time.monotonic() < deadline and serve.poll() is None, "make serve did not get ready"
        second_shell = {**env, "PREFECT_API_URL": f"http://127.0.0.1:{port}/api"}
        run = subprocess.run(
            [sys.executable, "-m", "prefect", "deployment", "run", "curate-archive/on-demand",
             "--param", f"staging_dir={tmp_path / 'staging'}", "--param", f"curated_dir={tmp_path / 'curated'}",
             "--watch", "--watch-timeout", "180"],
            cwd=tmp_path, env=second_shell, capture_output=True, text=True, timeout=240,
        )
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
        documents = (tmp_path / "curated" / "documents.csv").read_text(encoding="utf-8")
        assert documents.count("\n") > 50 and "ciphered-telegram-no-8600-vyshinsky-mao-zedong" in documents
    finally:
        serve.send_signal(__import__("signal").SIGINT)
        out, _ = serve.communicate(timeout=90)
    assert "serve: stopped" in out


def test_folders_may_be_fsspec_urls(prefect_harness, raw_copy, tmp_path):
    """raw/ on a file:// URL, staging/ and curated/ on fsspec's in-memory filesystem: the same curated bytes."""
    import fsspec

    from flows.curate import curate_archive

    curate_archive(raw_dir=str(raw_copy), staging_dir=str(tmp_path / "staging"), curated_dir=str(tmp_path / "curated"))
    counts = curate_archive(raw_dir=f"file://{raw_copy}", staging_dir="memory://run/staging",
                            curated_dir="memory://run/curated")
    memory = fsspec.filesystem("memory")
    assert counts["documents"] == 51
    for name in curated_files(tmp_path / "curated"):
        assert without_provenance(name, memory.cat_file(f"/run/curated/{name}")) == \
            without_provenance(name, (tmp_path / "curated" / name).read_bytes()), name
    assert sorted(p.rsplit("/", 1)[-1] for p in memory.find("/run/staging")) == [
        "documents_cache.parquet", "listings.parquet", "manifest.json", "page_issues.parquet", "pages.parquet",
        "raw_hashes.json", "records.parquet"]
    assert not [p for p in memory.find("/run") if p.endswith(".tmp")]
