"""Progress while a run works: a live display on a terminal, one line per stage without one, no line per task run."""

import os
import pty
import subprocess
import sys

import pytest
from conftest import ROOT

pytestmark = pytest.mark.flow


def _command(raw_copy, tmp_path) -> list[str]:
    return [sys.executable, "-m", "flows.cli", "run", "--raw-dir", str(raw_copy), "--staging-dir",
            str(tmp_path / "staging"), "--curated-dir", str(tmp_path / "curated")]


def _env() -> dict:
    from prefect.settings import PREFECT_API_URL

    # The session's server: the command starts none. COLUMNS: the terminal's width, which a pty does not say.
    return {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "COLUMNS": "120"}


def test_without_a_terminal_each_stage_is_one_line_and_task_runs_are_quiet(prefect_harness, raw_copy, tmp_path):
    done = subprocess.run(_command(raw_copy, tmp_path), cwd=ROOT, env=_env(), capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stderr.splitlines()
    assert sum("parse pages: 6 pages in" in line for line in lines) == 1
    assert sum("normalize documents: 51 documents in" in line for line in lines) == 1
    assert sum("write files: " in line for line in lines) == 1
    assert not [line for line in lines if "Finished in state" in line and "Task run" in line]
    assert "━" not in done.stderr  # no progress bar drawn into a log


def test_on_a_terminal_a_progress_display_shows_the_stages(prefect_harness, raw_copy, tmp_path):
    main, child = pty.openpty()
    process = subprocess.Popen(_command(raw_copy, tmp_path), cwd=ROOT, env=_env(), stdin=child, stdout=child,
                               stderr=child, close_fds=True)
    os.close(child)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed: the command ended
            break
        if not chunk:
            break
        seen += chunk
    assert process.wait(timeout=300) == 0, seen.decode(errors="replace")[-3000:]
    text = seen.decode("utf-8", errors="replace")
    assert "parse pages" in text and "normalize documents" in text
    assert "6/6" in text and "51/51" in text  # pages and documents done of their totals
    assert "━" in text  # the bar


def test_a_harvest_without_a_terminal_says_its_stage_and_its_pages(prefect_harness, tmp_path):
    from standin import StandInSite

    with StandInSite() as site:
        done = subprocess.run([sys.executable, "-m", "flows.cli", "harvest", "--base-url", site.base_url, "--delay", "0",
                               "--raw-dir", str(tmp_path / "raw"), "--contact", "mailto:tests@example.org"],
                              cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stderr.splitlines()
    # the task's own lines stay (a page at a time), the engine's line per task run does not
    assert sum("fetch result pages: " in line and " pages in " in line for line in lines) == 1
    assert any("page 0: " in line for line in lines)
    assert not [line for line in lines if "Finished in state" in line and "Task run" in line]
