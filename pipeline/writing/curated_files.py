"""Writing curated/: the tables analysts load, what is drawn from them, their descriptor, and the run's counts."""

from __future__ import annotations

import json
import os
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline import storage
from pipeline.normalizing.batches import Curated, Outcome
from pipeline.raw import Inventory
from pipeline.run_rules import MANIFEST, input_fingerprint, published, up_to_date, up_to_date_counts
from pipeline.tables import CHANGES, CURATED, DOCUMENT_PEOPLE, DOCUMENTS, REJECTS, Table, arrow_schema, rows_frame
from pipeline.writing import changes, database, networks, report_page, runs, spreadsheet
from pipeline.writing.datapackage import SUMMARY, datapackage

PARQUET = DOCUMENTS.parquet


# Where a run that may not publish leaves its report (rejects and counts), inside the curated folder.
FAILED = "failed"
FILES = MANIFEST  # the run summary's manifest of the set: file name -> sha256
DATAPACKAGE = "datapackage.json"
STREAMED = (DOCUMENTS, DOCUMENT_PEOPLE)  # written batch by batch; the other tables are small and written at commit


@dataclass
class Encoded:
    """A batch of curated rows as they go into the files: CSV lines without a header (faithful, and for
    spreadsheets), and Arrow tables for Parquet. Encoding is most of the cost of writing, so it is done where the
    batch is made."""

    documents_csv: bytes
    document_people_csv: bytes
    documents_sheet: bytes
    document_people_sheet: bytes
    documents: pa.Table
    document_people: pa.Table


def encode(documents: pd.DataFrame, document_people: pd.DataFrame) -> Encoded:
    return Encoded(_csv_lines(documents), _csv_lines(document_people), _csv_lines(spreadsheet.neutralized(documents)),
                   _csv_lines(spreadsheet.neutralized(document_people)), arrow_table(DOCUMENTS, documents),
                   arrow_table(DOCUMENT_PEOPLE, document_people))


def _sheet(name: str) -> str:
    return f"{spreadsheet.FOLDER}/{name}"


class Writer:
    """The set of curated files, written into temporary files beside their targets, which all take their places
    only at commit(): a run that fails or crashes leaves the previous run's files whole, and no more than one batch
    of documents is ever in memory here. Used as a context manager, whatever is not committed when the block ends
    is discarded."""

    def __init__(self, curated_dir: str | Path):
        self.curated_dir = curated_dir
        self._places = ExitStack()  # the temporary files, moved into place when it closes
        self._paths: dict[str, Path] = {}
        self._files = ExitStack()  # the open handles on the streamed tables' files
        self._csv, self._parquet = {}, {}
        # Files take their places in the reverse order of these: documents.parquet, placed first here, moves last
        # of all, so a run killed while moving the set leaves the previous documents to compare with if it can.
        for table in STREAMED:
            self._parquet[table.name] = self._files.enter_context(
                pq.ParquetWriter(self._place(table.parquet), arrow_schema(table)))
            for name, first in ((table.file, b""), (_sheet(table.file), spreadsheet.BOM)):
                self._csv[name] = self._files.enter_context(open(self._place(name), "wb"))
                self._csv[name].write(first + _csv_header(table))

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc) -> None:
        self.discard()  # nothing left to discard after commit()

    def _place(self, name: str) -> Path:
        """The temporary local file that becomes curated/<name> at commit."""
        self._paths[name] = self._places.enter_context(storage.atomic_path(storage.join(self.curated_dir, name)))
        return self._paths[name]

    def add(self, encoded: Encoded) -> None:
        self._csv[DOCUMENTS.file].write(encoded.documents_csv)
        self._csv[DOCUMENT_PEOPLE.file].write(encoded.document_people_csv)
        self._csv[_sheet(DOCUMENTS.file)].write(encoded.documents_sheet)
        self._csv[_sheet(DOCUMENT_PEOPLE.file)].write(encoded.document_people_sheet)
        self._parquet[DOCUMENTS.name].write_table(encoded.documents)
        self._parquet[DOCUMENT_PEOPLE.name].write_table(encoded.document_people)

    def commit(self, outcome: Outcome, previous: dict | None = None) -> pd.DataFrame | None:
        """Finish the set: the small tables, what changed since the previous set (its counts go into the outcome's),
        the database, the report, the network files and the descriptor; move them all into place; write last the
        run summary, which names every file of the set with its sha256: a set whose files do not match it is not
        whole. Then the run's row goes into runs.csv. Returns the changes, or None when they cannot be known
        (changes.csv is then empty, and the run summary says why)."""
        self._files.close()
        if "started_at" not in outcome.counts:  # written outside a flow run: the set says when, all the same
            now = datetime.now(timezone.utc).isoformat(timespec="seconds")
            outcome.counts.update(runs.provenance(None, now, now))
        for name in ("people", "unresolved_names", "rejects"):
            self._table(CURATED[name], getattr(outcome, name))
        try:
            with changes.published_documents(self.curated_dir, PARQUET, (previous or {}).get(FILES) or {}) as before:
                found = changes.compare(before, self._paths[PARQUET])
        except changes.BaselineLost as lost:
            found = None
            outcome.counts["changes_unknown"] = f"what changed since the previous set is not known: {lost}"
        outcome.counts.update(changes.counts(found))
        self._table(CHANGES, found if found is not None else rows_frame(CHANGES, []))
        self._derived(outcome.counts)
        files = {name: storage.digest(path) for name, path in self._paths.items()}
        self._places.close()
        storage.write_json({**outcome.counts, FILES: dict(sorted(files.items()))},
                           storage.join(self.curated_dir, SUMMARY))
        runs.append(self.curated_dir, runs.row(outcome.counts, "published"))
        return found

    def _table(self, table: Table, frame: pd.DataFrame) -> None:
        """A table written whole: its CSV, its spreadsheet copy and its Parquet file."""
        self._place(table.file).write_bytes(_csv_header(table) + _csv_lines(frame))
        self._place(_sheet(table.file)).write_bytes(spreadsheet.BOM + _csv_header(table)
                                                    + _csv_lines(spreadsheet.neutralized(frame)))
        pq.write_table(arrow_table(table, frame), self._place(table.parquet))

    def _derived(self, summary: dict) -> None:
        """What is drawn from the tables: the database first, then the report and the network files from it."""
        path = self._place(database.FILE)
        path.unlink()  # DuckDB makes its own file
        database.build(path, {name: self._paths[table.parquet] for name, table in CURATED.items()})
        with database.connect(path) as con:
            self._place(report_page.FILE).write_text(report_page.html(con, summary), encoding="utf-8")
            self._place(networks.GEXF_FILE).write_bytes(networks.gexf(con))
            self._place(networks.CMIF_FILE).write_bytes(networks.cmif(
                con, published=summary["finished_at"][:10], licence_url=networks.CMIF_LICENCE[0],
                licence_text=networks.CMIF_LICENCE[1], url=os.environ.get(networks.CMIF_URL_VARIABLE) or networks.CMIF_FILE,
                editor=networks.CMIF_EDITOR, publisher=networks.CMIF_EDITOR))
        self._place(DATAPACKAGE).write_text(json.dumps(datapackage(), indent=2, ensure_ascii=False) + "\n",
                                            encoding="utf-8")

    def discard(self) -> None:
        """Drop what was written; the previous run's files stay as they were."""
        self._files.__exit__(Discarded, Discarded(), None)
        self._places.__exit__(Discarded, Discarded(), None)


class Discarded(Exception):
    """Raised into the temporary files of a Writer whose batches are not to be kept."""


def write(curated_dir: str | Path, curated: Curated, previous: dict | None = None) -> pd.DataFrame | None:
    """Write every curated file of a run held whole in memory. The set replaces the previous one at once."""
    with Writer(curated_dir) as writer:
        writer.add(encode(curated.documents, curated.document_people))
        return writer.commit(curated, previous)


def complete(curated_dir: str | Path, summary: dict | None) -> bool:
    """Whether the published set is whole: every file a run writes is there, as the run summary names it."""
    files = (summary or {}).get(FILES) or {}
    return set(files) == set(set_files()) and storage.whole(curated_dir, files)


def set_files() -> list[str]:
    """Every file of a published set but the run summary, which names them (and runs.csv, the log of runs over the
    folder): each table's CSV, spreadsheet copy and Parquet file, the database, the report, the network files and
    the descriptor."""
    tables = [table.file for table in CURATED.values()]
    return (tables + [_sheet(name) for name in tables] + [t.parquet for t in CURATED.values()]
            + [database.FILE, report_page.FILE, networks.GEXF_FILE, networks.CMIF_FILE, DATAPACKAGE])


def settled(curated_dir: str | Path, found: Inventory, max_reject_share: float, provenance: dict) -> dict | None:
    """When nothing is new since the published set (the same pages, code and knowledge; the set whole), the run's
    counts: the set is current, so a refused run's report is past and goes, and the run adds its row to runs.csv.
    None when there is work to do. Asked with the folders' locks held, by the command before it starts anything and
    by the flow."""
    previous = previous_summary(curated_dir)
    fingerprint = input_fingerprint(found.pages, max_reject_share, found.skipped)
    if not found.pages or not up_to_date(previous, fingerprint, complete(curated_dir, previous)):
        return None
    clear_failed(curated_dir)
    counts = {**up_to_date_counts(previous, len(found.pages)), **provenance}
    runs.append(curated_dir, runs.row(counts, "up_to_date"))
    return counts


def previous_summary(curated_dir: str | Path) -> dict | None:
    """The counts the previous run wrote, if there was one."""
    try:
        return json.loads(storage.read_text(storage.join(curated_dir, SUMMARY)))
    except (OSError, json.JSONDecodeError):
        return None


def write_failed(curated_dir: str | Path, counts: dict, rejects: pd.DataFrame, reason: str) -> str:
    """For a run that may not publish: its report goes to curated/failed/, beside the published set, never over it.
    It has no input fingerprint, so the next run is not taken for up to date."""
    folder = storage.join(curated_dir, FAILED)
    storage.write_csv(rejects, storage.join(folder, REJECTS.file))
    storage.write_json({**published(counts), "failed": True, "reason": reason}, storage.join(folder, SUMMARY))
    return folder


def clear_failed(curated_dir: str | Path) -> None:
    """A published run's report replaces a refused one's: the folder of a failure now past goes."""
    storage.remove(storage.join(curated_dir, FAILED))


def arrow_table(table: Table, frame: pd.DataFrame) -> pa.Table:
    """The table with its declared types: ISO date columns become real dates."""
    schema = arrow_schema(table)
    # Column by column in Arrow: no Python object per value (90,000 documents × 30 columns).
    columns = []
    for c in table.columns:
        column = pa.array(frame[c.name], from_pandas=True)
        if pa.types.is_null(column.type):  # nothing but empty values, in a frame that does not type them
            column = pa.nulls(len(column), schema.field(c.name).type)
        elif c.type == "date":
            column = pc.cast(pc.strptime(column, format="%Y-%m-%d", unit="s"), pa.date32())
        columns.append(column.cast(schema.field(c.name).type))
    return pa.Table.from_arrays(columns, schema=schema)


def _csv_header(table: Table) -> bytes:
    return pd.DataFrame(columns=table.names).to_csv(index=False, lineterminator="\n").encode("utf-8")


def _csv_lines(frame: pd.DataFrame) -> bytes:
    """Rows as storage.write_csv writes them (UTF-8, missing values empty), without the header."""
    return frame.to_csv(index=False, header=False, lineterminator="\n").encode("utf-8")
