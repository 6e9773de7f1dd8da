"""Writing curated/: the tables analysts load, their data package descriptor, and the run's counts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa

from pipeline.curate import Curated
from pipeline.dictionary import TABLES, datapackage
from pipeline.storage import write_csv, write_json, write_parquet

_ARROW_TYPES = {"string": pa.string(), "integer": pa.int64(), "date": pa.date32()}


def write(curated_dir: str | Path, curated: Curated) -> list[Path]:
    """Write every curated table (documents also as Parquet), the descriptor and the counts. Each write is atomic."""
    root = Path(curated_dir)
    written = []
    for name in TABLES:
        frame = getattr(curated, name)
        write_csv(frame, root / f"{name}.csv")
        written.append(root / f"{name}.csv")
    write_parquet(arrow_table("documents", curated.documents), root / "documents.parquet")
    write_json(datapackage(), root / "datapackage.json")
    write_json(curated.counts, root / "run_summary.json")
    return written + [root / "documents.parquet", root / "datapackage.json", root / "run_summary.json"]


def write_rejects_only(curated_dir: str | Path, curated: Curated) -> None:
    """For a run that fails: say why, and leave the previous run's documents in place."""
    root = Path(curated_dir)
    write_csv(curated.rejects, root / "rejects.csv")
    write_json(curated.counts, root / "run_summary.json")


def arrow_table(name: str, frame: pd.DataFrame) -> pa.Table:
    """The table with the dictionary's types: ISO date columns become real dates in Parquet."""
    fields = TABLES[name]["fields"]
    schema = pa.schema([(f, _ARROW_TYPES[t]) for f, t, _ in fields])
    data = {}
    for f, t, _ in fields:
        values = frame[f].astype(object).where(frame[f].notna(), None).tolist()
        if t == "date":
            values = [pd.Timestamp(v).date() if v else None for v in values]
        data[f] = pa.array(values, type=schema.field(f).type)
    return pa.table(data, schema=schema)
