"""The run's rules, tested as plain functions: no Prefect, no disk but a temporary copy of the package."""

import shutil

import pytest

from conftest import ROOT
from pipeline import run_rules
from pipeline.raw import RawPage
from pipeline.run_rules import NothingReadable, TooManyRejects

PAGES = [RawPage("raw/a.html", "raw/a.html", "1" * 64), RawPage("raw/b.txt", "raw/b.txt", "2" * 64)]


def test_fingerprint_does_not_depend_on_where_the_package_lives(tmp_path, monkeypatch):
    here = run_rules.input_fingerprint(PAGES, 0.25)
    shutil.copytree(ROOT / "pipeline", tmp_path / "elsewhere" / "pipeline",
                    ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(run_rules.resources, "files", lambda _: tmp_path / "elsewhere" / "pipeline")
    assert run_rules.input_fingerprint(PAGES, 0.25) == here
    (tmp_path / "elsewhere" / "pipeline" / "data" / "honorifics.txt").write_text("Cde.\n", encoding="utf-8")
    assert run_rules.input_fingerprint(PAGES, 0.25) != here  # knowledge counts
    changed = run_rules.input_fingerprint(PAGES, 0.25)
    (tmp_path / "elsewhere" / "pipeline" / "data" / "authority_built.tsv.gz").write_bytes(b"rebuilt")
    assert run_rules.input_fingerprint(PAGES, 0.25) != changed  # the built authority too, whatever its suffix


def test_fingerprint_follows_the_pages_and_the_threshold():
    base = run_rules.input_fingerprint(PAGES, 0.25)
    assert run_rules.input_fingerprint(list(reversed(PAGES)), 0.25) == base  # order of listing does not matter
    assert run_rules.input_fingerprint(PAGES[:1], 0.25) != base
    assert run_rules.input_fingerprint([PAGES[0], RawPage("raw/b.txt", "raw/b.txt", "3" * 64)], 0.25) != base
    assert run_rules.input_fingerprint(PAGES, 0.5) != base


@pytest.mark.parametrize("previous, fingerprint, complete, expected", [
    ({"input_fingerprint": "f"}, "f", True, True),
    ({"input_fingerprint": "f"}, "g", True, False),   # something changed
    ({"input_fingerprint": "f"}, "f", False, False),  # a curated file is missing
    (None, "f", True, False),                          # no previous run
    ({"failed": True}, "f", True, False),              # a failed run leaves no fingerprint
])
def test_up_to_date(previous, fingerprint, complete, expected):
    assert run_rules.up_to_date(previous, fingerprint, complete) is expected


def test_up_to_date_counts_say_nothing_was_parsed():
    counts = run_rules.up_to_date_counts({"pages": 6, "documents": 51}, 6)
    assert (counts["pages_parsed"], counts["pages_reused"], counts["up_to_date"], counts["documents"]) == (0, 6, True, 51)


def test_refusal_when_nothing_is_readable():
    refused = run_rules.refusal({"pages": 3, "pages_unreadable": 3, "rejects": 3}, 0.5, 0.9, "raw", "curated/rejects.csv")
    assert isinstance(refused, NothingReadable) and "none of the 3 pages in raw" in str(refused)


def test_refusal_when_too_many_rejects():
    counts = {"pages": 4, "pages_ok": 4, "rejects": 30}
    refused = run_rules.refusal(counts, 0.3, 0.25, "raw", "curated/rejects.csv")
    assert isinstance(refused, TooManyRejects) and "30 rejects make 30%" in str(refused)
    assert run_rules.refusal(counts, 0.25, 0.25, "raw", "curated/rejects.csv") is None  # at the limit is allowed


def test_an_empty_folder_is_not_refused_for_unreadable_pages():
    assert run_rules.refusal({"pages": 0, "rejects": 0}, 0.0, 0.25, "raw", "x") is None


def test_published_counts_carry_no_fingerprint():
    assert run_rules.published({"documents": 1, "input_fingerprint": "f"}) == {"documents": 1}


def test_batches_cover_every_item_once():
    assert run_rules.in_batches(list(range(5)), 2) == [[0, 1], [2, 3], [4]]
    assert run_rules.in_batches([], 200) == []


@pytest.mark.parametrize("before, after, allow, refused", [
    (100, 95, False, False),   # 5% fewer is within the allowed share
    (100, 94, False, True),    # more than 5% fewer is refused
    (100, 94, True, False),    # unless told
    (100, 0, False, True),     # a run that lost everything
    (None, 0, False, False),   # nothing published yet: nothing to lose
    (100, 150, False, False),  # growing is always allowed
])
def test_a_run_may_not_shrink_the_published_documents_by_more_than_the_allowed_share(before, after, allow, refused):
    from pipeline.run_rules import WouldShrink

    previous = {"documents": before} if before is not None else None
    got = run_rules.refusal({"pages": 2, "pages_ok": 2, "rejects": 0, "documents": after}, 0.0, 0.25, "raw",
                            "curated/failed/rejects.csv", previous, allow)
    assert isinstance(got, WouldShrink) if refused else got is None
    if refused:
        assert f"found {after} documents where the published set has {before}" in str(got)
        assert "--allow-shrink" in str(got)
