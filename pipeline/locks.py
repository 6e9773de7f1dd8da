"""One writer per data folder: a harvest holds raw/'s lock, a run holds staging/'s and curated/'s.

The lock is an operating-system lock on a file in the folder (`.lock`, through filelock): the kernel releases it
when its process ends, however it ends, so a lock left by a dead process is simply free again. Who holds it is
written beside it (`.lock.holder`) so that a refusal can say which process to wait for. Folders on other
filesystems (fsspec URLs such as memory:// or s3://) have no such lock: one writer at a time is then the user's
to keep, as the README says.
"""

from __future__ import annotations

import json
import os
import sys
from contextlib import ExitStack, contextmanager
from datetime import datetime, timezone
from pathlib import Path

from filelock import FileLock, Timeout
from fsspec.implementations.local import LocalFileSystem

from pipeline import storage

LOCK = ".lock"
HOLDER = ".lock.holder"


class FolderBusy(RuntimeError):
    """Another process is writing the folder."""


@contextmanager
def holding(*folders: str | Path, wait: float = 0.0):
    """Hold the lock of every local folder, in the order given, for the block. Raise FolderBusy (one line: which
    folder, which process holds it) when one stays held longer than `wait` seconds."""
    with ExitStack() as held:
        for folder in folders:
            fs, path = storage.filesystem(folder)
            if not isinstance(fs, LocalFileSystem):
                continue
            Path(path).mkdir(parents=True, exist_ok=True)
            lock = FileLock(Path(path) / LOCK, timeout=wait, thread_local=False)
            try:
                lock.acquire()
            except Timeout:
                raise FolderBusy(f"{folder} is being written by another process ({_holder(Path(path))}); "
                                 f"wait for it to finish" + ("" if wait else ", or pass --wait SECONDS")) from None
            held.callback(lock.release)
            holder = Path(path) / HOLDER
            storage.write_json({"pid": os.getpid(), "command": " ".join(sys.argv) or sys.executable,
                                "since": datetime.now(timezone.utc).isoformat(timespec="seconds")}, holder)
            held.callback(holder.unlink, missing_ok=True)
        yield


def _holder(folder: Path) -> str:
    try:
        who = json.loads((folder / HOLDER).read_text(encoding="utf-8"))
        return f"pid {who['pid']}, since {who['since']}: {who['command']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "a process that has not said who it is"
