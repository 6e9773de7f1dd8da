"""Shared fixtures: the sample pages, their ground truth, and one Prefect test harness per session."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

# Prefect must not try to phone home from machines without internet.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXPECTED = json.loads((Path(__file__).resolve().parent / "expected" / "sample_pages.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def prefect_harness():
    """A temporary Prefect API for the whole session (starting one costs about 13 s)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A private copy of raw/, so a test can add pages without touching the repository."""
    target = tmp_path / "raw"
    shutil.copytree(RAW, target)
    return target


@pytest.fixture(scope="session")
def authority():
    from pipeline.normalizing.authority import Authority

    return Authority.load()

# The stand-in site runs on 127.0.0.1: never send its requests through a proxy.
os.environ["NO_PROXY"] = ",".join(filter(None, [os.environ.get("NO_PROXY"), "127.0.0.1", "localhost"]))
os.environ["no_proxy"] = os.environ["NO_PROXY"]


def with_bytes(pages):
    """Raw pages with their bytes, as the flow hands them to the page reader."""
    return [(page, Path(page.path).read_bytes()) for page in pages]
