"""What changed since the previous set (curated/changes.csv) and the log of runs (curated/runs.csv), as plain functions."""

import hashlib

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.tables import CHANGES, DOCUMENTS, RUNS
from pipeline.writing import changes, runs
from pipeline.writing.curated_files import arrow_table


def documents(*rows: dict):
    frame = pd.DataFrame([{**{name: None for name in DOCUMENTS.names}, "date_precision": "none", "n_listings": 1,
                           "sources": "raw/a.html", **row} for row in rows], columns=DOCUMENTS.names)
    frame["n_listings"] = frame["n_listings"].astype("Int64")
    return arrow_table(DOCUMENTS, frame)


BEFORE = documents(
    {"doc_id": "111", "title": "Telegram from Mao Zedong to Stalin", "date": "1950-01-02", "date_start": "1950-01-02",
     "date_end": "1950-01-02", "date_precision": "day", "doc_number": "0100"},
    {"doc_id": "222", "title": "Letter from Kim Il Sung to Stalin"},
    {"doc_id": "333", "title": "Report on the Korean War"},
)
AFTER = documents(
    {"doc_id": "111", "title": "Telegram from Mao Zedong to Stalin", "date": "1950-01", "date_start": "1950-01-01",
     "date_end": "1950-01-31", "date_precision": "month", "doc_number": "0100"},
    {"doc_id": "222", "title": "Letter from Kim Il Sung to Stalin"},
    {"doc_id": "444", "title": "Cable from Zhou Enlai"},
)


def parquet(folder, name: str, table):
    pq.write_table(table, folder / name)
    return folder / name


def compare(folder, before, after):
    return changes.compare(before and parquet(folder, "before.parquet", before), parquet(folder, "after.parquet", after))


def test_every_document_added_removed_and_every_field_changed_is_a_row(tmp_path):
    found = compare(tmp_path, BEFORE, AFTER)
    assert list(found.columns) == CHANGES.names
    rows = {(r.doc_id, r.change, r.field, r.old, r.new) for r in found.itertuples()}
    assert rows == {
        ("444", "added", None, None, None),
        ("333", "removed", None, None, None),
        ("111", "changed", "date", "1950-01-02", "1950-01"),
        ("111", "changed", "date_start", "1950-01-02", "1950-01-01"),
        ("111", "changed", "date_end", "1950-01-02", "1950-01-31"),
        ("111", "changed", "date_precision", "day", "month"),
    }
    assert changes.counts(found) == {"added": 1, "removed": 1, "changed": 1}


def test_values_are_compared_as_the_csv_writes_them(tmp_path):
    # doc_number keeps its leading zeros; an unchanged empty field is no change.
    assert compare(tmp_path, AFTER, AFTER).empty
    renumbered = documents({"doc_id": "222", "title": "Letter from Kim Il Sung to Stalin", "doc_number": "100"})
    found = compare(tmp_path, documents({"doc_id": "222", "title": "Letter from Kim Il Sung to Stalin",
                                         "doc_number": "0100"}), renumbered)
    assert found[["field", "old", "new"]].values.tolist() == [["doc_number", "0100", "100"]]


def test_a_set_written_before_a_column_was_declared_compares_on_the_rest(tmp_path):
    older = BEFORE.drop_columns(["upload_date", "record_id"])
    found = compare(tmp_path, older, AFTER)
    assert set(found.loc[found["change"] == "changed", "field"]) == {"date", "date_start", "date_end",
                                                                    "date_precision"}


def test_with_no_previous_set_every_document_is_added(tmp_path):
    found = compare(tmp_path, None, AFTER)
    assert sorted(found["doc_id"]) == ["111", "222", "444"] and set(found["change"]) == {"added"}


def test_the_baseline_is_the_file_the_published_summary_names(tmp_path):
    pq.write_table(BEFORE, tmp_path / "documents.parquet")
    digest = hashlib.sha256((tmp_path / "documents.parquet").read_bytes()).hexdigest()
    with changes.published_documents(tmp_path, "documents.parquet", {}) as before:
        assert before is None  # nothing published
    with changes.published_documents(tmp_path, "documents.parquet", {"documents.parquet": digest}) as before:
        assert pq.read_table(before).num_rows == 3
    with pytest.raises(changes.BaselineLost):
        with changes.published_documents(tmp_path, "documents.parquet", {"documents.parquet": "0" * 64}):
            pass
    (tmp_path / "documents.parquet").unlink()
    with pytest.raises(changes.BaselineLost):
        with changes.published_documents(tmp_path, "documents.parquet", {"documents.parquet": digest}):
            pass
    assert changes.counts(None) == {"added": None, "removed": None, "changed": None}


SUMMARY = {"run_id": "4f1c", "started_at": "2026-12-01T10:00:00+00:00", "finished_at": "2026-12-01T10:00:07+00:00",
           "input_fingerprint": "a" * 64, "pages": 6, "pages_parsed": 6, "entries": 53, "documents": 51, "rejects": 1,
           "unresolved_names": 3, "added": 51, "removed": 0, "changed": 0}


def test_runs_are_appended_one_row_each_and_keep_every_earlier_row(tmp_path):
    first = {**SUMMARY, **runs.provenance("4f1c", SUMMARY["started_at"], SUMMARY["finished_at"])}
    runs.append(tmp_path, runs.row(first, "published"))
    runs.append(tmp_path, runs.row({**first, "run_id": "77aa"}, "up_to_date"))
    runs.append(tmp_path, runs.row({**first, "run_id": "9b0e"}, "refused", "too many rejects, see failed/"))
    log = runs.read(tmp_path)
    assert list(log.columns) == RUNS.names
    assert log["run_id"].tolist() == ["4f1c", "77aa", "9b0e"]
    assert log["outcome"].tolist() == ["published", "up_to_date", "refused"]
    assert log["duration_s"].tolist() == ["7.0", "7.0", "7.0"]
    assert log["reason"].tolist()[2] == "too many rejects, see failed/"
    assert (log["parser_version"] == runs.code()["parser_version"]).all()


def test_a_log_written_with_other_columns_keeps_its_rows(tmp_path):
    (tmp_path / "runs.csv").write_text("run_id,outcome,documents\nold1,published,40\nold2,refused,\n",
                                       encoding="utf-8")
    runs.append(tmp_path, runs.row({**SUMMARY, **runs.provenance("new", SUMMARY["started_at"],
                                                                  SUMMARY["finished_at"])}, "published"))
    log = runs.read(tmp_path)
    assert log["run_id"].tolist() == ["old1", "old2", "new"]
    assert log["documents"].tolist() == ["40", None, "51"]  # as written: no 40.0, no NaN
    assert list(log.columns) == RUNS.names


def test_the_code_is_named_by_version_and_commit():
    from conftest import ROOT

    code = runs.code()
    assert code["package_version"] and code["parser_version"]
    if (ROOT / ".git").exists():  # run from a checkout (as CI runs): the commit is named
        assert len(code["commit"].removesuffix("-dirty")) == 40
    else:
        assert code["commit"] is None
