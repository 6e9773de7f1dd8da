"""One writer per data folder (pipeline/locks.py): a second writer is refused in one line, a dead holder's lock is free."""

import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT
from pipeline import locks

HOLD = "import sys, time\nfrom pipeline import locks\nwith locks.holding(*sys.argv[1:]):\n    print('held', flush=True)\n    time.sleep(600)\n"


def _holder(*folders):
    """A process that holds the folders' locks until it is killed."""
    child = subprocess.Popen([sys.executable, "-c", HOLD, *map(str, folders)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline() == "held\n"
    return child


def test_a_second_writer_is_refused_in_one_line_naming_the_holder(tmp_path):
    child = _holder(tmp_path / "curated")
    try:
        with pytest.raises(locks.FolderBusy) as busy:
            with locks.holding(tmp_path / "staging", tmp_path / "curated"):
                pass
        message = str(busy.value)
        assert "\n" not in message and f"pid {child.pid}" in message and "--wait SECONDS" in message
        # the lock it took before being refused is not kept
        with locks.holding(tmp_path / "staging"):
            pass
    finally:
        child.kill()
        child.wait()


def test_a_lock_left_by_a_killed_process_is_free_and_the_waiting_writer_gets_it(tmp_path):
    child = _holder(tmp_path / "raw")
    start = time.monotonic()
    subprocess.Popen(["sh", "-c", f"sleep 1; kill -9 {child.pid}"])
    with locks.holding(tmp_path / "raw", wait=30):  # waits for the kill, not for the 30 s
        assert time.monotonic() - start < 20
        assert f'"pid": {os.getpid()}' in (tmp_path / "raw" / locks.HOLDER).read_text(encoding="utf-8")
    child.wait()
    assert child.returncode == -signal.SIGKILL
    assert not (tmp_path / "raw" / locks.HOLDER).exists()


def test_folders_on_other_filesystems_are_not_locked():
    with locks.holding("memory://x/curated"):
        with locks.holding("memory://x/curated"):
            pass


@pytest.mark.flow
def test_a_run_while_another_writes_curated_is_refused_and_writes_nothing(prefect_harness, raw_copy, tmp_path):
    from flows.curate import curate_archive

    child = _holder(tmp_path / "curated")
    try:
        with pytest.raises(locks.FolderBusy, match="is being written by another process"):
            curate_archive(raw_dir=str(raw_copy), staging_dir=str(tmp_path / "staging"),
                           curated_dir=str(tmp_path / "curated"))
    finally:
        child.kill()
        child.wait()
    assert sorted(p.name for p in (tmp_path / "curated").iterdir() if not p.name.startswith(".")) == []
    assert curate_archive(raw_dir=str(raw_copy), staging_dir=str(tmp_path / "staging"),
                          curated_dir=str(tmp_path / "curated"))["documents"] == 51
