"""Writing curated/: the tables analysts load, their data package descriptor, and the run's counts."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.curate import Curated
from pipeline.dictionary import TABLES, datapackage
from pipeline import storage

_ARROW_TYPES = {"string": pa.string(), "integer": pa.int64(), "date": pa.date32()}


def write(curated_dir: str | Path, curated: Curated) -> None:
    """Write every curated table (documents also as Parquet), the descriptor and the counts. Each write is atomic."""
    for name in TABLES:
        storage.write_csv(getattr(curated, name), storage.join(curated_dir, f"{name}.csv"))
    storage.write_parquet(arrow_table("documents", curated.documents), storage.join(curated_dir, "documents.parquet"))
    storage.write_json(datapackage(), storage.join(curated_dir, "datapackage.json"))
    storage.write_json(curated.counts, storage.join(curated_dir, "run_summary.json"))


def complete(curated_dir: str | Path) -> bool:
    """Whether every curated file a run writes is there."""
    names = [f"{name}.csv" for name in TABLES] + ["documents.parquet", "datapackage.json", "run_summary.json"]
    return all(storage.exists(storage.join(curated_dir, name)) for name in names)


def previous_summary(curated_dir: str | Path) -> dict | None:
    """The counts the previous run wrote, if there was one."""
    try:
        return json.loads(storage.read_text(storage.join(curated_dir, "run_summary.json")))
    except (OSError, json.JSONDecodeError):
        return None


def write_rejects_only(curated_dir: str | Path, curated: Curated) -> None:
    """For a run that fails: say why, and leave the previous run's documents in place."""
    storage.write_csv(curated.rejects, storage.join(curated_dir, "rejects.csv"))
    # No input fingerprint: a failed run must not make the next one look up to date.
    counts = {k: v for k, v in curated.counts.items() if k != "input_fingerprint"}
    storage.write_json({**counts, "failed": True}, storage.join(curated_dir, "run_summary.json"))


def arrow_table(name: str, frame: pd.DataFrame) -> pa.Table:
    """The table with the dictionary's types: ISO date columns become real dates in Parquet."""
    fields = TABLES[name]["fields"]
    schema = pa.schema([(f, _ARROW_TYPES[t]) for f, t, _ in fields])
    # Column by column in Arrow: no Python object per value (90,000 documents × 30 columns).
    columns = []
    for f, t, _ in fields:
        column = pa.array(frame[f], from_pandas=True)
        if t == "date":
            column = pc.cast(pc.strptime(column, format="%Y-%m-%d", unit="s"), pa.date32())
        columns.append(column.cast(schema.field(f).type))
    return pa.Table.from_arrays(columns, schema=schema)
