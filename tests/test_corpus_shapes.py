"""The benchmark corpus's shapes (benchmarks/corpus.py): the default corpus, faceted pages of a fixed pool, and the
whole archive with its document pages, each read back by the pipeline's reader."""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup

from benchmarks.corpus import FACET_LABELS, catalogue, write_archive, write_corpus
from pipeline.reading.page import read_page


def _read(folder: Path) -> dict:
    return {f.name: read_page(f.read_bytes()) for f in sorted(folder.iterdir())}


def _snapshot(folder: Path) -> dict:
    return {f.name: f.read_bytes() for f in sorted(folder.iterdir())}


def test_default_corpus_is_unchanged(tmp_path):
    corpus = write_corpus(tmp_path, 12)
    assert (corpus["pages"], corpus["entries"]) == (12, 120)
    assert len(list(tmp_path.iterdir())) == 12
    assert corpus["documents"] <= 120


def test_pool_pages_list_every_document_the_same_way_each_time(tmp_path):
    corpus = write_corpus(tmp_path, 40, pool=50)
    assert corpus == {"pages": 40, "entries": 400, "documents": 50}
    pool = catalogue(50)
    by_title = {d["title"]: d for d in pool}
    assert len(by_title) == 50  # the titles tell the documents apart (text pages carry no link)

    pages = _read(tmp_path)
    assert len(pages) == 40
    assert Counter(p.layout for p in pages.values()) == {"current-html": 24, "legacy-html": 8, "current-text": 4,
                                                         "legacy-text": 4}
    listed: Counter = Counter()
    readings: dict[str, set] = {}
    for name, page in pages.items():
        assert page.status == "ok", (name, page.error)
        assert len(page.entries) == 10
        if page.stated is not None:
            start, end, total = page.stated
            assert end - start + 1 == 10 and end <= total <= 50
        for entry in page.entries:
            doc = by_title[entry.title_raw]
            assert (entry.date_raw, entry.summary_raw) == (doc["date"], doc["summary"])
            if entry.record_url is not None:
                assert entry.record_url == f"/document/{doc['slug']}"
            listed[doc["slug"]] += 1
            readings.setdefault(doc["slug"], set()).add((entry.title_raw, entry.date_raw, entry.summary_raw))
    assert set(listed) == {d["slug"] for d in pool}  # every document of the pool is listed
    assert max(listed.values()) >= 3  # and some on several pages
    assert all(len(r) == 1 for r in readings.values())  # reading the same on each

    # Each page names its facet (or its full-text query) in its heading or count line.
    for f in tmp_path.iterdir():
        text = html.unescape(f.read_text(encoding="utf-8"))
        assert any(f"{label}: " in text for label in FACET_LABELS.values()) or 'Search: "' in text


def test_pool_pages_are_deterministic(tmp_path):
    write_corpus(tmp_path / "a", 8, seed=7, pool=30)
    write_corpus(tmp_path / "b", 8, seed=7, pool=30)
    write_corpus(tmp_path / "c", 8, seed=8, pool=30)
    assert _snapshot(tmp_path / "a") == _snapshot(tmp_path / "b")
    assert _snapshot(tmp_path / "a") != _snapshot(tmp_path / "c")


def test_archive_search_pages_and_document_pages_agree(tmp_path):
    written = write_archive(tmp_path, documents=30)
    names = sorted(f.name for f in tmp_path.iterdir())
    assert names == [f"document-{i:05d}.html" for i in range(30)] + [f"search-{i:05d}.html" for i in range(3)]
    assert written == {"search_pages": 3, "document_pages": 30, "documents": 30,
                       "bytes": sum(f.stat().st_size for f in tmp_path.iterdir())}

    pages = _read(tmp_path)
    for name, page in pages.items():
        assert page.status == "ok", (name, page.error)
        assert page.layout == ("current-html" if name.startswith("search") else "record-html")

    searches = [pages[f"search-{i:05d}.html"] for i in range(3)]
    assert [p.stated for p in searches] == [(1, 10, 30), (11, 20, 30), (21, 30, 30)]
    assert [p.next_page for p in searches] == ["?page=1", "?page=2", None]
    listing = [e for p in searches for e in p.entries]
    assert len(listing) == 30 and len({e.record_url for e in listing}) == 30  # every document listed once

    for i, entry in enumerate(listing):
        page = pages[f"document-{i:05d}.html"]
        record = page.record
        assert (record.record_url, record.title, record.date_raw, record.summary) == (
            entry.record_url, entry.title_raw, entry.date_raw, entry.summary_raw)
        assert page.entries[0].record_url == entry.record_url
        assert re.fullmatch(r"/document/[a-z0-9-]+", record.record_url)
        assert re.fullmatch(r"\d{6}", record.record_id)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", record.upload_date)
        assert record.record_type and record.source_citation
        assert record.original_archive and record.language
        for values in (record.authors, record.people_orgs, record.places, record.subjects):
            assert len(values) <= 6
    assert len({pages[f"document-{i:05d}.html"].record.record_id for i in range(30)}) == 30
    assert any(pages[f"document-{i:05d}.html"].record.original_classification for i in range(30))
    # Newest upload first, as the unfiltered search lists them.
    uploads = [pages[f"document-{i:05d}.html"].record.upload_date for i in range(30)]
    assert uploads == sorted(uploads, reverse=True)


def test_archive_transcripts_are_2_to_40_kb(tmp_path):
    write_archive(tmp_path, documents=20)
    sizes = []
    for f in sorted(tmp_path.glob("document-*.html")):
        pane = BeautifulSoup(f.read_text(encoding="utf-8"), "html.parser").select_one(".document-text .tab-pane.active")
        sizes.append(sum(len(p.get_text().encode("utf-8")) for p in pane.find_all("p")))
    assert all(2 * 1024 <= s <= 42 * 1024 for s in sizes), sizes
    assert max(sizes) - min(sizes) > 5 * 1024  # random lengths, not one


def test_archive_is_deterministic_and_utf8(tmp_path):
    write_archive(tmp_path / "a", documents=12, per_page=5, seed=3)
    write_archive(tmp_path / "b", documents=12, per_page=5, seed=3)
    assert _snapshot(tmp_path / "a") == _snapshot(tmp_path / "b")
    for data in _snapshot(tmp_path / "a").values():
        data.decode("utf-8")
    last = read_page((tmp_path / "a" / "search-00002.html").read_bytes())
    assert (last.stated, last.next_page, len(last.entries)) == ((11, 12, 12), None, 2)


def test_pool_pages_join_the_archive_document_pages(tmp_path):
    """For the same seed the faceted pages list the archive's documents: a listing and a document page meet on the
    record's path, and read the same."""
    write_archive(tmp_path / "archive", documents=50)
    write_corpus(tmp_path / "pool", 10, pool=50)
    records = {}
    for f in (tmp_path / "archive").glob("document-*.html"):
        record = read_page(f.read_bytes()).record
        records[record.record_url] = record
    joined = 0
    for page in _read(tmp_path / "pool").values():
        for entry in page.entries:
            if entry.record_url is not None:
                record = records[entry.record_url]
                assert (record.title, record.date_raw, record.summary) == (
                    entry.title_raw, entry.date_raw, entry.summary_raw)
                joined += 1
    assert joined >= 50
