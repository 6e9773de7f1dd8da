"""curated/runs.csv and the provenance every run summary carries: which code, which input, when, what it counted."""

from __future__ import annotations

import functools
import io
import subprocess
from datetime import datetime
from pathlib import Path

import pandas as pd

from pipeline import __version__, storage
from pipeline.reading.page import PARSER_VERSION
from pipeline.run_rules import FINGERPRINT
from pipeline.tables import RUNS, rows_frame


@functools.cache
def code() -> dict:
    """The code that runs: the package's version, the git commit it was installed from (with '-dirty' when the
    checkout had changes; empty when not run from a checkout), and the page reader's version."""
    return {"package_version": __version__, "commit": _commit(), "parser_version": PARSER_VERSION}


def _commit() -> str | None:
    checkout = Path(__file__).resolve().parents[2]  # pipeline/writing/runs.py -> the checkout holding pipeline/

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", "-C", str(checkout), *args], capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    top = git("rev-parse", "--show-toplevel")
    if not top or Path(top).resolve() != checkout:  # installed elsewhere, not run from our checkout
        return None
    commit = git("rev-parse", "HEAD")
    changed = git("status", "--porcelain", "--untracked-files=no", "--", "pipeline", "flows")
    return commit and (f"{commit}-dirty" if changed else commit)


def provenance(run_id: str | None, started_at: str, finished_at: str) -> dict:
    """What a run summary says of the run that made it."""
    seconds = (datetime.fromisoformat(finished_at) - datetime.fromisoformat(started_at)).total_seconds()
    return {"run_id": run_id, "started_at": started_at, "finished_at": finished_at, "duration_s": seconds, **code()}


def row(summary: dict, outcome: str, reason: str | None = None) -> dict:
    """A run's row of runs.csv, from its summary (counts and provenance)."""
    out = {name: summary.get(name) for name in RUNS.names}
    out.update(outcome=outcome, reason=reason, input_fingerprint=summary.get(FINGERPRINT))
    return out


def append(curated_dir, run: dict) -> None:
    """Add a run's row to runs.csv. The file is rewritten whole beside its place and moved there: a crash leaves
    the rows before, never half a row."""
    location = storage.join(curated_dir, RUNS.file)
    line = rows_frame(RUNS, [run]).to_csv(index=False, header=False, lineterminator="\n").encode("utf-8")
    before = storage.read_bytes(location) if storage.exists(location) else _header()
    if not before.startswith(_header()):  # written by a version with other columns: its rows are kept, re-laid
        before = read(curated_dir).reindex(columns=RUNS.names).to_csv(index=False, lineterminator="\n").encode()
    storage.write_bytes(before + line, location)


def read(curated_dir) -> pd.DataFrame:
    """runs.csv as a frame (empty when no run has been logged)."""
    location = storage.join(curated_dir, RUNS.file)
    if not storage.exists(location):
        return rows_frame(RUNS, [])
    # As written: an empty count stays empty (not NaN, not a float), ids and commits stay text.
    frame = pd.read_csv(io.BytesIO(storage.read_bytes(location)), dtype=str, keep_default_na=False)
    return frame.astype(object).where(frame != "", None)


def _header() -> bytes:
    return (",".join(RUNS.names) + "\n").encode("utf-8")
