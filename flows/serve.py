"""`make serve`: a local Prefect server, the work pool, the deployments of prefect.yaml, and a worker.

Everything a scheduled or on-demand run needs on a fresh machine, in one process group that Ctrl-C
stops cleanly. The server keeps its SQLite database in .prefect/ beside the project.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from pipeline.harvesting.fetch import CONTACT_VARIABLE

ROOT = Path(__file__).resolve().parent.parent
POOL = "archive-pipeline"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=4200)
    args = parser.parse_args(argv)

    api = f"http://127.0.0.1:{args.port}/api"
    env = {
        **os.environ,
        "PREFECT_API_URL": api,
        "PREFECT_HOME": os.environ.get("PREFECT_HOME", str(ROOT / ".prefect")),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PWD": str(ROOT),
    }
    prefect = [sys.executable, "-m", "prefect"]
    children: list[subprocess.Popen] = []

    def start(command: list[str]) -> None:
        # Each child leads a process group of its own, so that stopping it stops what it started too
        # (the server's web process, a flow run of the worker's) and nothing is left holding the port.
        children.append(subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True))

    def stop(*_) -> None:
        for child in reversed(children):  # the worker first, the server last
            if child.poll() is None:
                _signal_group(child, signal.SIGINT)
        for child in reversed(children):
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                child.kill()
            _signal_group(child, signal.SIGKILL)  # anything of its group still running
        print("archive-pipeline serve: stopped", flush=True)

    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as cleanly as Ctrl-C
    # Ctrl-C too when started in the background: a shell starts a background job with SIGINT ignored, and Python then
    # installs no handler of its own, so the interrupt would be dropped and the server and worker never stopped.
    signal.signal(signal.SIGINT, _interrupt)
    try:
        print(f"archive-pipeline serve: starting the Prefect server on {api}", flush=True)
        start(prefect + ["server", "start", "--host", "127.0.0.1", "--port", str(args.port)])
        _wait_for(f"{api}/health", children[0])
        subprocess.run(prefect + ["work-pool", "create", POOL, "--type", "process", "--overwrite"],
                       cwd=ROOT, env=env, check=True)
        # Every flow of the pool writes raw/, staging/ or curated/: one flow run at a time.
        subprocess.run(prefect + ["work-pool", "set-concurrency-limit", POOL, "1"], cwd=ROOT, env=env, check=True)
        subprocess.run(prefect + ["--no-prompt", "deploy", "--all"], cwd=ROOT, env=env, check=True)
        if subprocess.run(prefect + ["variable", "get", CONTACT_VARIABLE], cwd=ROOT, env=env,
                          capture_output=True).returncode != 0:
            print(f"archive-pipeline serve: scheduled harvests will refuse to start until you set your contact "
                  f"address: .venv/bin/prefect variable set {CONTACT_VARIABLE} mailto:you@example.org", flush=True)
        start(prefect + ["worker", "start", "--pool", POOL])
        print(
            "archive-pipeline serve: ready. In another shell:\n"
            f"  export PREFECT_API_URL={api}\n"
            "  .venv/bin/prefect deployment run 'curate-archive/on-demand' --watch\n"
            "Ctrl-C stops the worker and the server.",
            flush=True,
        )
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        print("archive-pipeline serve: a process ended unexpectedly", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        return 0
    except subprocess.CalledProcessError as err:
        print(f"archive-pipeline serve: {' '.join(err.cmd[2:])} failed", file=sys.stderr, flush=True)
        return 1
    finally:
        stop()


def _signal_group(child: subprocess.Popen, signum: int) -> None:
    try:
        os.killpg(child.pid, signum)
    except ProcessLookupError:  # the group has ended
        pass


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _wait_for(url: str, server: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the Prefect server exited while starting")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the Prefect server did not answer on {url} within {timeout:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
