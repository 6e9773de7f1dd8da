"""The command line and Prefect's temporary server: it comes up on a busy machine, says in one line when it does not,
and never outlives the command, even one killed with SIGKILL."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.flow


def _env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    return {**env, "PREFECT_HOME": str(tmp_path / "prefect-home"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "DO_NOT_TRACK": "1", **extra}


def _run(raw_copy, tmp_path, env):
    return subprocess.Popen([sys.executable, "-m", "flows.cli", "run", "--raw-dir", str(raw_copy), "--staging-dir",
                             str(tmp_path / "staging"), "--curated-dir", str(tmp_path / "curated")],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_a_run_killed_with_sigkill_leaves_no_server_running(raw_copy, tmp_path):
    run = _run(raw_copy, tmp_path, _env(tmp_path))
    deadline = time.monotonic() + 120
    while not _children(run.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    servers = _children(run.pid)
    assert servers, "the temporary server was not started"
    run.send_signal(signal.SIGKILL)
    run.communicate()
    deadline = time.monotonic() + 10
    while any(map(_alive, servers)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(map(_alive, servers))


def test_a_server_that_does_not_come_up_is_said_in_one_line(raw_copy, tmp_path):
    run = _run(raw_copy, tmp_path, _env(tmp_path, PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="1"))
    out, err = run.communicate(timeout=120)
    assert run.returncode == 1
    last = err.strip().splitlines()[-1]
    assert last.startswith("archive-pipeline: run failed: Prefect's temporary server did not come up within 1 s")
    assert "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS" in last and "Traceback" not in err
    assert not (tmp_path / "curated" / "documents.csv").exists()


def test_a_first_run_on_a_busy_machine_comes_up(raw_copy, tmp_path):
    """Both cores kept busy, and a new PREFECT_HOME whose database is made first: the measured case where
    Prefect's 20 s were not enough."""
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        run = _run(raw_copy, tmp_path, _env(tmp_path))
        out, err = run.communicate(timeout=600)
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()
    assert run.returncode == 0, err[-2000:]
    assert "51 documents from 53 entries on 6 pages" in out


def test_the_server_launched_before_the_flow_is_the_one_prefect_would_start(monkeypatch):
    """The command starts the temporary server's process itself, early (flows.runtime.launch_temporary_server): with
    the command line and environment Prefect's SubprocessASGIServer gives it, the port aside."""
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import temporary_settings

    from flows import runtime

    started = []

    class NotStarted:
        def __init__(self, args, env=None, **_):
            started.append((args, env))

    monkeypatch.setattr(subprocess, "Popen", NotStarted)
    monkeypatch.setattr(runtime, "_launched", None)
    with temporary_settings(updates={"api.url": None}):
        runtime.launch_temporary_server()
        port = runtime._launched[0]
        prefects = SubprocessASGIServer(port=port)
        try:
            prefects._run_uvicorn_command()
        finally:
            SubprocessASGIServer._instances.pop(port, None)
    (ours, our_env), (theirs, their_env) = started
    assert ours == theirs and our_env == their_env
    assert ours[ours.index("--port") + 1] == str(port)
