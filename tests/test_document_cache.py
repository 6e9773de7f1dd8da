"""staging's document cache (pipeline/normalizing/document_cache.py): a document is taken from it only when everything
it is normalized from is the same, and what is taken is what normalizing would give."""

from __future__ import annotations

import os
from dataclasses import replace

import pandas as pd
import pyarrow as pa
import pytest

from conftest import curated_files, sample_pages, with_bytes
from pipeline.normalizing import batches, document_cache
from pipeline.reading import staging


@pytest.fixture(scope="module")
def prepared():
    return batches.prepare(staging.parse_pages(with_bytes(sample_pages())))


def _normalize(prepared, authority, cached, knowledge, documents=None):
    return batches.normalize_documents(documents if documents is not None else prepared.documents, authority,
                                       prepared.records, prepared.duplicate_ids, cached, knowledge)


def _cached(batch) -> document_cache.Cached:
    ids, keys, texts = (batch.cache.column(name).to_pylist() for name in document_cache.SCHEMA.names)
    return {i: (k, t) for i, k, t in zip(ids, keys, texts)}


def _same(a, b):
    pd.testing.assert_frame_equal(a.documents, b.documents)
    pd.testing.assert_frame_equal(a.links, b.links)
    pd.testing.assert_frame_equal(a.report.unresolved, b.report.unresolved)
    pd.testing.assert_frame_equal(a.report.rejects, b.report.rejects)
    assert {k: v for k, v in a.report.tallies.items() if k != "documents_normalized"} == \
        {k: v for k, v in b.report.tallies.items() if k != "documents_normalized"}


def test_a_document_is_taken_from_the_cache_only_when_its_key_is_the_same(prepared, authority):
    knowledge = document_cache.knowledge(authority)
    plain = batches.normalize_documents(prepared.documents, authority, prepared.records, prepared.duplicate_ids)
    cold = _normalize(prepared, authority, {}, knowledge)
    n = prepared.documents.num_rows
    assert cold.report.tallies["documents_normalized"] == n and cold.cache.num_rows == n
    _same(cold, plain)

    warm = _normalize(prepared, authority, _cached(cold), knowledge)
    assert warm.report.tallies["documents_normalized"] == 0
    _same(warm, plain)
    assert warm.cache.equals(cold.cache)

    # Another version of the code or the knowledge: every document is normalized again.
    assert _normalize(prepared, authority, _cached(cold), "0" * 64).report.tallies["documents_normalized"] == n


def test_a_changed_input_misses_and_a_damaged_entry_is_computed_again(prepared, authority):
    knowledge = document_cache.knowledge(authority)
    cold = _normalize(prepared, authority, {}, knowledge)
    cached = _cached(cold)
    titles = prepared.documents.column("title").to_pylist()
    i = next(i for i, t in enumerate(titles) if t and t.startswith("Ciphered Telegram"))
    changed = prepared.documents.set_column(
        prepared.documents.schema.get_field_index("title"), "title",
        pa.array(titles[:i] + [titles[i].replace("Ciphered Telegram", "Telegram", 1)] + titles[i + 1:]))
    again = _normalize(prepared, authority, cached, knowledge, changed)
    assert again.report.tallies["documents_normalized"] == 1
    _same(again, batches.normalize_documents(changed, authority, prepared.records, prepared.duplicate_ids))

    doc_id = prepared.documents.column("doc_id")[0].as_py()
    damaged = {**cached, doc_id: (cached[doc_id][0], "not json")}
    mended = _normalize(prepared, authority, damaged, knowledge)
    assert mended.report.tallies["documents_normalized"] == 1
    _same(mended, cold)
    assert mended.cache.equals(cold.cache)  # the damaged entry is written anew, not carried on


def test_the_key_covers_the_documents_own_page(prepared, authority):
    from pipeline.normalizing.merge import documents_of

    knowledge = document_cache.knowledge(authority)
    doc = replace(documents_of(prepared.documents)[0], record_pages=["p1"])
    records = {"p1": {"page_id": "p1", "language": "Russian", "authors": ["Mao, Zedong"]}}
    before = document_cache.key(doc, records, knowledge)
    assert document_cache.key(doc, {"p1": {**records["p1"], "language": "Chinese"}}, knowledge) != before
    assert document_cache.key(doc, {}, knowledge) != before  # its page no longer harvested
    assert document_cache.key(doc, {**records, "p2": {"page_id": "p2"}}, knowledge) == before  # another's page


def test_a_missing_or_unreadable_cache_is_an_empty_one(tmp_path):
    assert document_cache.load(tmp_path) == {}
    (tmp_path / document_cache.FILE).write_bytes(b"not parquet")
    assert document_cache.load(tmp_path) == {}


def test_a_rerun_from_the_cache_writes_what_a_clean_run_writes(prefect_harness, raw_copy, tmp_path):
    """After a page changed: the documents it touches are normalized again, the rest taken from the cache, and the
    curated files are those of a run with no staging at all."""
    from flows.curate import curate_archive

    first = curate_archive(raw_dir=str(raw_copy), staging_dir=str(tmp_path / "staging"),
                           curated_dir=str(tmp_path / "curated"))
    assert first["documents_normalized"] == first["documents"] == 51
    seed = raw_copy / "003_3c916fb4df2701cb.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("Mao asks for more Soviet advisers",
                                                             "Mao asks for more advisers"), encoding="utf-8")
    again = curate_archive(raw_dir=str(raw_copy), staging_dir=str(tmp_path / "staging"),
                           curated_dir=str(tmp_path / "curated"))
    clean = curate_archive(raw_dir=str(raw_copy), staging_dir=str(tmp_path / "clean-staging"),
                           curated_dir=str(tmp_path / "clean"))
    # The edited summary gives the document another id (it has no title): one document out, one in.
    assert (again["added"], again["removed"], again["documents_normalized"]) == (1, 1, 1)
    assert clean["documents_normalized"] == 51
    for name in curated_files(tmp_path / "clean"):
        if "changes" in name or name in ("runs.csv", "archive.duckdb", "report.html", "run_summary.json"):
            continue  # what this run changed since its previous set, which the clean run did not have
        assert (tmp_path / "curated" / name).read_bytes() == (tmp_path / "clean" / name).read_bytes(), name
    assert os.path.exists(tmp_path / "staging" / document_cache.FILE)
