"""What the flows need of Prefect beyond tasks and flows: the task runner, parcels for workers, and the
settings of a run started by hand."""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from functools import partial

from prefect.settings import get_current_settings, temporary_settings
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

# Every core by default: one worker per core this process may run on (a container or `taskset` may allow fewer than
# the machine has).
MAX_WORKERS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
# Below this many pages to parse a run keeps to threads in its own process: a worker process takes about 3 s to start
# (it imports Prefect, pandas and the pipeline). Measured from new processes on the 2-core machine, threads against
# worker processes (pages of benchmarks/corpus.py, 1,000-page batches): 1,000 pages 22.2 and 20.9 s against 24.2 and
# 20.2 s (even); 2,500 pages 29.3 and 31.4 s against 25.8 and 28.6 s; 5,000 pages 44.7 and 44.1 s against 31.1 and
# 34.3 s; 10,000 pages 59 to 61 s on one core against 35 to 46 s.
PROCESSES_FROM_PAGES = 1_000
# How long a run by hand waits for Prefect's temporary server. Prefect's default (20 s) was measured too short on a
# busy 2-core machine with a new PREFECT_HOME, whose database is created and migrated first; a user's own
# PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS (environment or profile) wins.
STARTUP_TIMEOUT = 120


class ServerDidNotStart(RuntimeError):
    """Prefect's temporary server did not come up."""


class Parcel:
    """Work handed to a task on a worker, as it is. Prefect looks inside lists and dataclasses passed
    to a task for futures, which on large batches costs as much as the work; it does not look in here.
    (quote() does the same for tasks run in this process, but Dask workers receive it unwrapped.)"""

    __slots__ = ("items",)

    def __init__(self, items):
        self.items = items


def task_runner(kind: str | None = None, dask_address: str | None = None, max_workers: int = MAX_WORKERS,
                pages: int = PROCESSES_FROM_PAGES):
    """Worker processes, one per core (the default for a run of `pages` pages, at least PROCESSES_FROM_PAGES; a thread
    in this process below), a thread, an existing Dask cluster at `dask_address`, or a local Dask cluster.

    "threads" runs the batches one after another in one thread: the work is Python, which runs one thread at a time,
    and two threads contending for the lock were measured slower than one (documents from staging's cache: 3.9 s on
    two threads against 2.7 s on one; pages: 215 pages/s against 266-313).

    The environment can choose too: ARCHIVE_PIPELINE_TASK_RUNNER=processes|threads|dask,
    ARCHIVE_PIPELINE_DASK_ADDRESS=tcp://…
    """
    kind = kind or os.environ.get("ARCHIVE_PIPELINE_TASK_RUNNER") or (
        "processes" if pages >= PROCESSES_FROM_PAGES and max_workers > 1 else "threads")
    dask_address = dask_address or os.environ.get("ARCHIVE_PIPELINE_DASK_ADDRESS")
    if dask_address:
        kind = "dask"
    if kind == "threads":
        return ThreadPoolTaskRunner(max_workers=1)
    if kind == "processes":
        share_api_with_workers()
        return ProcessPoolTaskRunner(max_workers=max_workers)
    if kind == "dask":
        from prefect_dask import DaskTaskRunner

        if dask_address:
            return DaskTaskRunner(address=dask_address)
        share_api_with_workers()
        return DaskTaskRunner(cluster_kwargs={"n_workers": max_workers, "threads_per_worker": 1, "processes": True})
    raise ValueError(f"task runner must be 'processes', 'threads' or 'dask', not {kind!r}")


def batch_size(items: int, workers: int, largest: int) -> int:
    """Batches of at most `largest` items, and at least four per worker when there are enough items: the last
    batches then end close together, instead of one worker finishing a large batch alone."""
    return max(1, min(largest, -(-items // (4 * max(1, workers)))))


def share_api_with_workers() -> None:
    """Local worker processes (Dask's or the process pool's) inherit the environment: point them at this run's Prefect
    API (the temporary server, when none is configured) instead of letting each start a server of its own."""
    if not os.environ.get("PREFECT_API_URL"):
        from prefect.client.orchestration import get_client

        with get_client(sync_client=True) as client:
            os.environ["PREFECT_API_URL"] = str(client.api_url)


@contextmanager
def run_by_hand():
    """Prefect settings for a flow started from the command line rather than by a deployment's worker.

    With no Prefect server configured, a run reports to a temporary server that ends with the process:
    flow-run heartbeats (which let a server mark a crashed run as crashed) reach no one, and the flow
    engine waits up to a second at the end of every run for its heartbeat thread. They are switched off
    then, and left as they are when a server is configured or PREFECT_FLOWS_HEARTBEAT_FREQUENCY is set.
    """
    settings = get_current_settings()
    if not settings.api.url:
        start_temporary_server()
    if settings.api.url or "PREFECT_FLOWS_HEARTBEAT_FREQUENCY" in os.environ:
        yield
        return
    with temporary_settings(updates={"flows.heartbeat_frequency": None}):
        yield


# The temporary server's process, started by launch_temporary_server before the flow is imported: its port, the
# process, and when it was started.
_launched: tuple[int, subprocess.Popen, float] | None = None


def launch_temporary_server() -> None:
    """Start the process of Prefect's temporary server now, without waiting for it, when no Prefect API is configured.
    The server and this process each take about 2 s to import what they need: the server boots on another core while
    this process imports the flow, and start_temporary_server adopts it. The command is the one Prefect's
    SubprocessASGIServer runs (a test compares them); importing that class would cost this process the server's own
    imports before the server could start."""
    global _launched
    settings = get_current_settings()
    if settings.api.url or _launched is not None:
        return
    import prefect

    with socket.socket() as probe:  # a free port, as the OS gives one
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "uvicorn", "--app-dir", str(prefect.__module_path__.parent), "--factory",
               "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port), "--log-level",
               "error", "--lifespan", "on"]
    env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1",
           **settings.to_environment_variables(exclude_unset=True)}
    _launched = port, _with_parent_death_signal(lambda: subprocess.Popen(command, env=env)), time.monotonic()


def start_temporary_server() -> None:
    """Start the temporary server a flow with no Prefect API reports to, before the flow does, in this thread: so
    that it waits as long as a slow machine needs, says in one line what to do when it still fails, and dies with
    this process even when the process is killed (Prefect stops it at a normal exit only). A server process
    launched before (launch_temporary_server) is the one waited for."""
    from prefect.server.api.server import SubprocessASGIServer

    class TiedServer(SubprocessASGIServer):
        # Prefect keeps one server per port in a dict shared with this subclass: its own code, asking for the
        # temporary server later, gets this one, already running.
        def _run_uvicorn_command(self) -> subprocess.Popen:
            global _launched
            if _launched is not None and _launched[0] == self.port:
                process, _launched = _launched[1], None
                return process
            return _with_parent_death_signal(super()._run_uvicorn_command)

    ephemeral = get_current_settings().server.ephemeral
    timeout = (ephemeral.startup_timeout_seconds if "startup_timeout_seconds" in ephemeral.model_fields_set
               else STARTUP_TIMEOUT)
    server = TiedServer()
    wait = timeout
    if _launched is not None and not server.running:
        # The time it has had since it was launched counts: the timeout is the server's, from its start.
        server.port, wait = _launched[0], max(0.1, timeout - (time.monotonic() - _launched[2]))
    try:
        server.start(timeout=wait)
    except RuntimeError as err:
        server.stop()  # now, so that what is said below is the command's last line
        reason = str(err).split(". ")[0].split(" stdout:")[0]
        raise ServerDidNotStart(
            f"Prefect's temporary server did not come up within {timeout} s ({reason}); on a busy machine set "
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS higher, or start a server (`prefect server start`) "
            "and set PREFECT_API_URL") from None


def _with_parent_death_signal(start):
    """Call `start`, which starts a process with subprocess.Popen, so that the process is killed when the thread that
    started it ends (Linux's PR_SET_PDEATHSIG; this is the main thread, which lives as long as the command).
    Elsewhere the process is started as it is."""
    if not sys.platform.startswith("linux"):
        return start()
    libc = ctypes.CDLL(None, use_errno=True)
    popen = subprocess.Popen
    subprocess.Popen = partial(popen, preexec_fn=lambda: libc.prctl(1, signal.SIGKILL))  # 1: PR_SET_PDEATHSIG
    try:
        return start()
    finally:
        subprocess.Popen = popen


class _NoTraceback(logging.Filter):
    """Keeps a log line and drops the traceback under it."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Handlers of the run loggers (the API's) have had the record before the root's console handler.
        record.exc_info = record.exc_text = None
        return True


class _NoTaskChatter(logging.Filter):
    """Drops the engine's line per task run ("Finished in state Completed()"); what a task logs itself, and warnings
    and errors, stay."""

    ENGINE = ("Finished in state", "Created task run", "Submitting task run", "Executing ")

    def filter(self, record: logging.LogRecord) -> bool:
        return (record.levelno >= logging.WARNING or not record.name.startswith("prefect.task_runs")
                or not record.getMessage().startswith(self.ENGINE))


def quiet_task_runs() -> None:
    """A run by hand shows its stages and progress, not a line per task run (hundreds on a large run). Only the
    console is quieted: a Prefect server configured for the run still receives every task run's log."""
    import prefect.main  # noqa: F401  (sets Prefect's logging up: its console handler sits on the root logger)
    from prefect.logging.handlers import PrefectConsoleHandler

    for handler in logging.getLogger().handlers:
        if isinstance(handler, PrefectConsoleHandler) and not any(isinstance(f, _NoTaskChatter) for f in handler.filters):
            handler.addFilter(_NoTaskChatter())


def console_without_tracebacks() -> None:
    """A failed run on the command line says why in its last line; Prefect's console would print the traceback of
    the exception above it. The console shows the log lines without it (--verbose keeps it; the Prefect API's log
    handler, apart from the console's, still receives it)."""
    import prefect.main  # noqa: F401  (sets Prefect's logging up: its console handler sits on the root logger)
    from prefect.logging.handlers import PrefectConsoleHandler

    for handler in logging.getLogger().handlers:
        if isinstance(handler, PrefectConsoleHandler) and not any(isinstance(f, _NoTraceback) for f in handler.filters):
            handler.addFilter(_NoTraceback())
