"""The curated contract: files, descriptor, data dictionary, atomic writes."""

import csv
import hashlib
import shutil
import json

import pandas as pd
import pytest

from conftest import FILES, sample_pages, with_bytes
from pipeline.normalizing import batches
from pipeline.reading import staging
from pipeline.writing import curated_files
from pipeline.tables import CURATED, RUNS
from pipeline.writing.datapackage import datapackage
from pipeline.storage import atomic_path, write_csv


@pytest.fixture(scope="module")
def written(tmp_path_factory, authority):
    out = tmp_path_factory.mktemp("curated")
    pages = sample_pages()
    result = batches.build(staging.parse_pages(with_bytes(pages)), authority)
    curated_files.write(out, result)
    return out


@pytest.mark.parametrize("table", list(CURATED.values()), ids=list(CURATED))
def test_csv_header_is_the_declaration(written, table):
    with open(written / table.file, encoding="utf-8", newline="") as f:
        assert next(csv.reader(f)) == table.names


def test_documents_parquet_has_real_dates(written):
    df = pd.read_parquet(written / "documents.parquet")
    assert str(df.loc[df["doc_id"] == "112046", "date_start"].iloc[0]) == "1950-03-24"


def test_csv_and_parquet_hold_the_same_rows(written):
    from_csv = pd.read_csv(written / "documents.csv", dtype=str, keep_default_na=False)
    from_parquet = pd.read_parquet(written / "documents.parquet")
    assert list(from_csv["doc_id"]) == list(from_parquet["doc_id"])


def test_doc_number_keeps_leading_zeros_in_csv(written):
    df = pd.read_csv(written / "documents.csv", dtype=str)
    assert "0100" in set(df["doc_number"].dropna())


def test_rejects_file_lists_the_collection(written):
    rows = list(csv.DictReader(open(written / "rejects.csv", encoding="utf-8")))
    page = FILES / "legacy-html" / "old-design_search-results_zedong.html"  # known by "<folder>/<file>"
    assert [(r["source"], r["position"], r["stage"], r["check"]) for r in rows] == [
        (f"{page.parent.name}/{page.name}", "7", "parse", "not_a_document")]


def test_datapackage_describes_every_column(written):
    package = json.loads((written / "datapackage.json").read_text(encoding="utf-8"))
    described = {r["path"]: [f["name"] for f in r["schema"]["fields"]] for r in package["resources"] if "schema" in r}
    assert described == {**{t.file: t.names for t in CURATED.values()}, RUNS.file: RUNS.names,
                         **{t.parquet: t.names for t in CURATED.values()}}
    files = sorted(p.relative_to(written).as_posix() for p in written.rglob("*") if p.is_file())
    # every file of the set and the log of runs, and nothing else (the descriptor does not list itself)
    assert sorted(r["path"] for r in package["resources"]) == [f for f in files if f != "datapackage.json"]
    assert "HAPP@wilsoncenter.org" in package["licenses"][0]["title"]  # the archive's terms, as it states them
    assert [s["path"] for s in package["sources"]][0] == "https://digitalarchive.wilsoncenter.org"


def test_datapackage_fields_all_have_descriptions():
    assert all(f["description"] for r in datapackage()["resources"] for f in r.get("schema", {}).get("fields", []))
    assert all(r["description"] for r in datapackage()["resources"])


def test_atomic_write_leaves_the_old_file_on_a_crash(tmp_path):
    target = tmp_path / "documents.csv"
    write_csv(pd.DataFrame({"a": [1]}), target)
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("half a fi")
            raise RuntimeError("crash")
    assert target.read_text() == "a\n1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["documents.csv"]


def test_empty_rejects_is_just_the_header(tmp_path, authority):
    pages = [p for p in sample_pages() if p.source.endswith(".txt")]
    result = batches.build(staging.parse_pages(with_bytes(pages)), authority)
    curated_files.write(tmp_path, result)
    assert (tmp_path / "rejects.csv").read_text(encoding="utf-8") == "source,position,stage,check,reason\n"


def test_a_discarded_writer_leaves_the_previous_files_and_no_temporary_ones(written, tmp_path, authority):
    for name in ("documents.csv", "document_people.csv", "documents.parquet"):
        (tmp_path / name).write_bytes((written / name).read_bytes())
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    writer = curated_files.Writer(tmp_path)
    pages = sample_pages()
    result = batches.build(staging.parse_pages(with_bytes(pages[:1])), authority)
    writer.add(curated_files.encode(result.documents, result.document_people))
    writer.discard()
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_documents_written_in_batches_equal_documents_written_whole(written, tmp_path, authority):
    result = batches.build(staging.parse_pages(with_bytes(sample_pages())), authority)
    documents, links = result.documents, result.document_people
    writer = curated_files.Writer(tmp_path)
    for start in range(0, len(documents), 7):
        part = documents.iloc[start : start + 7]
        writer.add(curated_files.encode(part, links[links["doc_id"].isin(part["doc_id"])]))
    writer.commit(result)
    for name in ("documents.csv", "document_people.csv", "people.csv", "rejects.csv", "unresolved_names.csv"):
        assert (tmp_path / name).read_bytes() == (written / name).read_bytes()
    assert pd.read_parquet(tmp_path / "documents.parquet").equals(pd.read_parquet(written / "documents.parquet"))


def test_frictionless_validates_the_data_package(written):
    """Types, required and enum constraints, primary and foreign keys, and the Parquet resource all hold."""
    from frictionless import validate

    report = validate(str(written / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    rows = {task.name: task.stats.get("rows") for task in report.tasks}
    assert rows["documents"] == rows["documents-spreadsheet"] > 0 and rows["document-people"] > 0
    assert rows["runs"] == 1


def test_frictionless_catches_a_value_outside_its_declared_set(written, tmp_path):
    """The constraints are real: a role outside the declared roles fails validation."""
    import shutil

    from frictionless import validate

    broken = tmp_path / "curated"
    shutil.copytree(written, broken)
    links = (broken / "document_people.csv").read_text(encoding="utf-8").splitlines()
    links[1] = links[1].replace(",sender,", ",writer,").replace(",recipient,", ",writer,").replace(",mentioned,", ",writer,")
    (broken / "document_people.csv").write_text("\n".join(links) + "\n", encoding="utf-8")
    report = validate(str(broken / "datapackage.json"))
    assert not report.valid
    assert {e.type for t in report.tasks for e in t.errors} == {"constraint-error"}


def test_the_run_summary_names_every_file_of_the_set_and_a_file_of_another_run_is_caught(written, tmp_path):
    summary = json.loads((written / "run_summary.json").read_text(encoding="utf-8"))
    files = sorted(p.relative_to(written).as_posix() for p in written.rglob("*") if p.is_file())
    # all but the summary itself and the log of runs (every run adds its row, also a run that publishes nothing)
    assert sorted(summary["files"]) == [f for f in files if f not in ("run_summary.json", "runs.csv")]
    assert curated_files.complete(written, summary)
    for name in summary["files"]:
        copy = tmp_path / name.replace(".", "_").replace("/", "_")
        shutil.copytree(written, copy)
        (copy / name).write_bytes((copy / name).read_bytes() + b"\n")  # as if written by another run
        assert not curated_files.complete(copy, summary), name
    assert not curated_files.complete(written, {k: v for k, v in summary.items() if k != "files"})


def test_staging_tables_are_used_only_as_the_set_their_manifest_names(tmp_path):
    pages = sample_pages()
    staged = staging.parse_pages(with_bytes(pages))
    staging.write(tmp_path, staged)
    assert staging.whole(tmp_path) and len(staging.load(tmp_path).listings) == len(staged.listings)
    # a run killed between two writes: new listings beside the old pages table and manifest
    fewer = staging.parse_pages(with_bytes(pages[:1]))
    staging.storage.write_parquet(staging.pa.Table.from_pandas(fewer.listings, preserve_index=False),
                                  tmp_path / "listings.parquet")
    assert not staging.whole(tmp_path)
    assert staging.load(tmp_path).pages.empty  # every page is read again, none reused from a torn set


def test_a_page_is_staged_as_the_bytes_parsed_not_as_the_inventory_saw_it():
    page = sample_pages()[0]
    with open(page.path, "rb") as f:
        edited = f.read().replace(b"Stalin", b"Stalln")  # changed after the inventory hashed it
    staged = staging.parse_pages([(page, edited)])
    assert set(staged.pages["page_id"]) == {hashlib.sha256(edited).hexdigest()} != {page.page_id}
    assert set(staged.listings["page_id"]) <= set(staged.pages["page_id"])
    assert staging.as_read([page], staged)[0].page_id == hashlib.sha256(edited).hexdigest()


def test_the_temporary_files_of_dead_writers_are_removed_and_nothing_else(tmp_path):
    from pipeline import storage

    (tmp_path / "sub").mkdir()
    debris = [tmp_path / f".documents.csv.{'a' * 32}.tmp", tmp_path / "sub" / f".x.parquet.{'0' * 32}.tmp"]
    kept = [tmp_path / "documents.csv", tmp_path / ".lock", tmp_path / "notes.tmp", tmp_path / f".x.{'a' * 31}.tmp"]
    for p in debris + kept:
        p.write_bytes(b"x")
    assert sorted(storage.remove_temporary(tmp_path)) == sorted(str(p) for p in debris)
    assert sorted(p for p in tmp_path.rglob("*") if p.is_file()) == sorted(kept)


def test_the_spreadsheet_copies_neutralize_formulas_and_start_with_a_byte_order_mark(written, tmp_path, authority):
    from pipeline.writing import spreadsheet

    frame = pd.DataFrame({"title": ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-2", "@SUM(A1)", "\uff1dcmd", "\tx",
                                    "Letter from Mao", None], "n": [1, 2, 3, 4, 5, 6, 7, 8]})
    safe = spreadsheet.neutralized(frame)
    assert list(safe["title"].iloc[:6]) == ["'=HYPERLINK(\"http://x\",\"y\")", "'+1", "'-2", "'@SUM(A1)", "'\uff1dcmd",
                                           "'\tx"]
    assert safe["title"].iloc[6] == "Letter from Mao" and pd.isna(safe["title"].iloc[7])
    assert list(safe["n"]) == list(frame["n"])  # numbers stay numbers
    for table in CURATED.values():
        faithful = (written / table.file).read_bytes()
        sheet = (written / spreadsheet.FOLDER / table.file).read_bytes()
        assert sheet.startswith(spreadsheet.BOM) and not faithful.startswith(spreadsheet.BOM)
        assert len(sheet.splitlines()) == len(faithful.splitlines())


def test_files_sharing_a_source_keep_their_own_ids():
    """A URL fetched at two times leaves two files with one source: neither takes the other's id."""
    from pipeline.raw import RawPage

    first, second = sample_pages()[:2]
    same = [RawPage("https://archive/search?page=0", first.path, first.page_id),
            RawPage("https://archive/search?page=0", second.path, second.page_id)]
    staged = staging.parse_pages(with_bytes(same))
    assert staging.as_read(same, staged) == same


def test_a_file_gone_or_swapped_for_a_fifo_before_it_is_read_is_a_reject_not_a_crash(tmp_path):
    import os

    from pipeline import raw

    page = sample_pages()[0]
    (tmp_path / "fifo.html").unlink(missing_ok=True)
    os.mkfifo(tmp_path / "fifo.html")
    outcomes = []
    for path in (tmp_path / "gone.html", tmp_path / "fifo.html"):
        try:
            raw.read_file(path)
        except raw.Unreadable as err:
            outcomes.append(err)
    assert [e.check for e in outcomes] == ["unreadable_file", "not_a_file"]
    staged = staging.parse_pages([(page, outcomes[0])])
    assert list(staged.pages["status"]) == ["unreadable"] and list(staged.issues["check"]) == ["unreadable_file"]
