"""Writing curated/: the tables analysts load, their data package descriptor, and the run's counts."""

from __future__ import annotations

import json
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.normalizing.batches import Curated, Outcome
from pipeline import storage
from pipeline.run_rules import MANIFEST, published
from pipeline.tables import CURATED, DOCUMENT_PEOPLE, DOCUMENTS, REJECTS, Table, arrow_schema
from pipeline.writing import spreadsheet
from pipeline.writing.datapackage import PARQUET, datapackage


# Where a run that may not publish leaves its report (rejects and counts), inside the curated folder.
FAILED = "failed"
SUMMARY = "run_summary.json"
FILES = MANIFEST  # the run summary's manifest of the set: file name -> sha256


@dataclass
class Encoded:
    """A batch of curated rows as they go into the files: CSV lines without a header (faithful, and for
    spreadsheets), and the Arrow table for Parquet. Encoding is most of the cost of writing, so it is done where the
    batch is made."""

    documents_csv: bytes
    document_people_csv: bytes
    documents_sheet: bytes
    document_people_sheet: bytes
    documents: pa.Table


def encode(documents: pd.DataFrame, document_people: pd.DataFrame) -> Encoded:
    return Encoded(_csv_lines(documents), _csv_lines(document_people), _csv_lines(spreadsheet.neutralized(documents)),
                   _csv_lines(spreadsheet.neutralized(document_people)), arrow_table(DOCUMENTS, documents))


def _sheet(name: str) -> str:
    return f"{spreadsheet.FOLDER}/{name}"


class Writer:
    """The per-document tables, written batch by batch into temporary files beside their targets, which
    take their places only at commit(): a run that fails or crashes leaves the previous run's files whole,
    and no more than one batch of documents is ever in memory here. Used as a context manager, whatever
    is not committed when the block ends is discarded."""

    def __init__(self, curated_dir: str | Path):
        self.curated_dir = curated_dir
        self._places = ExitStack()  # the temporary files, moved into place when it closes
        names = (DOCUMENTS.file, DOCUMENT_PEOPLE.file, _sheet(DOCUMENTS.file), _sheet(DOCUMENT_PEOPLE.file), PARQUET)
        self._paths = {name: self._places.enter_context(storage.atomic_path(storage.join(curated_dir, name)))
                       for name in names}
        self._files = ExitStack()  # the open handles on them
        self._csv = {name: self._files.enter_context(open(self._paths[name], "wb")) for name in names[:4]}
        for table in (DOCUMENTS, DOCUMENT_PEOPLE):
            self._csv[table.file].write(_csv_header(table))
            self._csv[_sheet(table.file)].write(spreadsheet.BOM + _csv_header(table))
        self._parquet = self._files.enter_context(pq.ParquetWriter(self._paths[PARQUET], arrow_schema(DOCUMENTS)))

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc) -> None:
        self.discard()  # nothing left to discard after commit()

    def add(self, encoded: Encoded) -> None:
        self._csv[DOCUMENTS.file].write(encoded.documents_csv)
        self._csv[DOCUMENT_PEOPLE.file].write(encoded.document_people_csv)
        self._csv[_sheet(DOCUMENTS.file)].write(encoded.documents_sheet)
        self._csv[_sheet(DOCUMENT_PEOPLE.file)].write(encoded.document_people_sheet)
        self._parquet.write_table(encoded.documents)

    def commit(self, outcome: Outcome) -> None:
        """Move the documents into place, then write the small tables and the descriptor, and last the run summary,
        which names every file of the set with its sha256: a set whose files do not match it is not whole."""
        self._files.close()
        files = {name: storage.digest(path) for name, path in self._paths.items()}
        self._places.close()
        for name in ("people", "unresolved_names", "rejects"):
            file, frame = CURATED[name].file, getattr(outcome, name)
            files[file] = storage.write_csv(frame, storage.join(self.curated_dir, file))
            files[_sheet(file)] = storage.write_bytes(spreadsheet.BOM + _csv_header(CURATED[name])
                                                      + _csv_lines(spreadsheet.neutralized(frame)),
                                                      storage.join(self.curated_dir, _sheet(file)))
        files["datapackage.json"] = storage.write_json(datapackage(), storage.join(self.curated_dir, "datapackage.json"))
        storage.write_json({**outcome.counts, FILES: dict(sorted(files.items()))},
                           storage.join(self.curated_dir, SUMMARY))

    def discard(self) -> None:
        """Drop what was written; the previous run's files stay as they were."""
        self._files.__exit__(Discarded, Discarded(), None)
        self._places.__exit__(Discarded, Discarded(), None)


class Discarded(Exception):
    """Raised into the temporary files of a Writer whose batches are not to be kept."""


def write(curated_dir: str | Path, curated: Curated) -> None:
    """Write every curated table of a run held whole in memory. Each file is replaced atomically."""
    with Writer(curated_dir) as writer:
        writer.add(encode(curated.documents, curated.document_people))
        writer.commit(curated)


def complete(curated_dir: str | Path, summary: dict | None) -> bool:
    """Whether the published set is whole: every file a run writes is there, as the run summary names it."""
    files = (summary or {}).get(FILES) or {}
    return set(files) == set(set_files()) and storage.whole(curated_dir, files)


def set_files() -> list[str]:
    """Every file of a published set but the run summary, which names them: the CSVs, their spreadsheet copies,
    the Parquet file and the descriptor."""
    tables = [table.file for table in CURATED.values()]
    return tables + [_sheet(name) for name in tables] + [PARQUET, "datapackage.json"]


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
        if c.type == "date":
            column = pc.cast(pc.strptime(column, format="%Y-%m-%d", unit="s"), pa.date32())
        columns.append(column.cast(schema.field(c.name).type))
    return pa.Table.from_arrays(columns, schema=schema)


def _csv_header(table: Table) -> bytes:
    return pd.DataFrame(columns=table.names).to_csv(index=False, lineterminator="\n").encode("utf-8")


def _csv_lines(frame: pd.DataFrame) -> bytes:
    """Rows as storage.write_csv writes them (UTF-8, missing values empty), without the header."""
    return frame.to_csv(index=False, header=False, lineterminator="\n").encode("utf-8")
