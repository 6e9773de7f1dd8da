"""curated/changes.csv: what a run changed in the published documents, document by document and field by field."""

from __future__ import annotations

import tempfile
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
from fsspec.implementations.local import LocalFileSystem

from pipeline import storage
from pipeline.writing import database
from pipeline.tables import CHANGES, DOCUMENTS

FIELDS = [name for name in DOCUMENTS.names if name != "doc_id"]
_BOUNDED = {"memory_limit": database.MEMORY_LIMIT, "threads": 2}


class BaselineLost(Exception):
    """A set was published before, but its documents are not there as its run summary names them (a run was killed
    while replacing the set): what changed since it cannot be known."""


@contextmanager
def published_documents(curated_dir, parquet: str, files: dict[str, str]):
    """The published set's documents as a local Parquet file; None when nothing was published. Raises BaselineLost
    when the set's manifest does not vouch for the file: no baseline, rather than a wrong one."""
    expected = files.get(parquet)
    if not expected:
        yield None
        return
    location = storage.join(curated_dir, parquet)
    try:
        if storage.digest(location) != expected:
            raise BaselineLost(f"{location} is not the file the published set's run summary names")
    except OSError as err:
        raise BaselineLost(f"{location} cannot be read: {err}") from None
    fs, path = storage.filesystem(location)
    if isinstance(fs, LocalFileSystem):
        yield Path(path)
        return
    with tempfile.TemporaryDirectory() as folder:  # DuckDB reads local files
        fs.get_file(path, f"{folder}/{parquet}")
        yield Path(folder) / parquet


def compare(previous: Path | None, current: Path) -> pd.DataFrame:
    """Rows of changes.csv: every document added or removed, and every field that differs, as the CSVs write the
    values (dates ISO, integers in digits). Against no previous set every document is added. Compared in DuckDB
    from the two Parquet files, so neither set is ever held whole in memory."""
    with tempfile.TemporaryDirectory() as spill, duckdb.connect(config=_BOUNDED | {"temp_directory": spill}) as con:
        con.execute("SET enable_progress_bar = false")  # DuckDB's own bar would draw into the run's log
        con.execute(f"CREATE VIEW after_set AS SELECT doc_id, {_as_text(current)} FROM read_parquet('{_quoted(current)}')")
        if previous is None:
            con.execute("CREATE VIEW before_set AS SELECT * FROM after_set LIMIT 0")
        else:
            con.execute(f"CREATE VIEW before_set AS SELECT doc_id, {_as_text(previous)} "
                        f"FROM read_parquet('{_quoted(previous)}')")
        found = con.execute("""
            WITH before_fields AS (SELECT * FROM before_set
                                   UNPIVOT INCLUDE NULLS (value FOR field IN (COLUMNS(* EXCLUDE doc_id)))),
                 after_fields AS (SELECT * FROM after_set
                                  UNPIVOT INCLUDE NULLS (value FOR field IN (COLUMNS(* EXCLUDE doc_id))))
            SELECT doc_id, 'added' AS change, NULL AS field, NULL AS "old", NULL AS "new", 0 AS place
            FROM after_set ANTI JOIN before_set USING (doc_id)
            UNION ALL
            SELECT doc_id, 'removed', NULL, NULL, NULL, 0 FROM before_set ANTI JOIN after_set USING (doc_id)
            UNION ALL
            SELECT doc_id, 'changed', field, b.value, a.value, list_position(?, field)
            FROM after_fields AS a JOIN before_fields AS b USING (doc_id, field)
            WHERE b.value IS DISTINCT FROM a.value
            ORDER BY doc_id, change, place""", [FIELDS]).df()
    out = found[CHANGES.names].astype(object)
    return out.where(out.notna(), None)


def counts(changes: pd.DataFrame | None) -> dict[str, int | None]:
    """Documents added, removed and changed (a document with several fields changed counts once); None for each
    when what changed is not known."""
    if changes is None:
        return {"added": None, "removed": None, "changed": None}
    kind = changes["change"]
    return {"added": int((kind == "added").sum()), "removed": int((kind == "removed").sum()),
            "changed": int(changes.loc[kind == "changed", "doc_id"].nunique())}


def _as_text(parquet: Path) -> str:
    """Every documents field as text, in declared order; a column an older set did not have is empty there."""
    present = set(pq.read_schema(parquet).names)
    return ", ".join(f'CAST("{name}" AS VARCHAR) AS "{name}"' if name in present else f'NULL::VARCHAR AS "{name}"'
                     for name in FIELDS)


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")
