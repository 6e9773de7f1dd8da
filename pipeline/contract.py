"""The data contract: Pandera schemas derived from the table declarations (pipeline/tables.py).

Rows that fail a check are taken out and reported in curated/rejects.csv with the check that
failed; they never reach curated/.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
import pandera.pandas as pa

from pipeline.tables import Column, Table


def _dtype(column: Column):
    if column.type == "integer":
        # A column that may be empty needs pandas' nullable integer.
        return int if column.required else pd.Int64Dtype()
    return str  # strings, and ISO dates, which stay text until they are written to Parquet


def _checks(column: Column) -> list[pa.Check]:
    checks = []
    if column.minimum is not None:
        checks.append(pa.Check.ge(column.minimum))
    if column.maximum is not None:
        checks.append(pa.Check.le(column.maximum))
    if column.enum is not None:
        checks.append(pa.Check.isin(column.enum))
    if column.pattern is not None:
        checks.append(pa.Check.str_matches(column.pattern))
    if column.min_length is not None:
        checks.append(pa.Check.str_length(min_value=column.min_length))
    return checks


@lru_cache(maxsize=None)
def schema(table: Table) -> pa.DataFrameSchema:
    """The table's Pandera schema: strict (no undeclared column), coercing to the declared types."""
    return pa.DataFrameSchema(
        {c.name: pa.Column(_dtype(c), _checks(c), nullable=not c.required, unique=c.unique) for c in table.columns},
        checks=[pa.Check(check.passes, name=check.name) for check in table.row_checks],
        unique=list(table.unique_together) or None,
        strict=True,
        coerce=True,
        name=table.name,
    )


def split_valid(table: Table, df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Validate lazily; return (valid rows, failures: one row per failing row with its checks and reason)."""
    model = schema(table)
    try:
        return model.validate(df, lazy=True), _no_failures()
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
        row_cases = cases[cases["index"].notna()]
        whole = cases[cases["index"].isna()]
        if not whole.empty:
            # A failure that names no row (a missing column, a wrong dtype) is a bug, not bad input.
            raise
        described = row_cases.assign(
            what=[f"{col or 'row'}: {check} (value {case!r})" for col, check, case in
                  zip(row_cases["column"], row_cases["check"], row_cases["failure_case"])]
        )
        bad = described.groupby("index", sort=True).agg(
            check=("check", lambda c: "; ".join(dict.fromkeys(map(str, c)))),
            reason=("what", lambda w: "; ".join(dict.fromkeys(w))),
        ).reset_index()
        bad["index"] = bad["index"].astype(df.index.dtype)
        valid = model.validate(df.drop(index=bad["index"].unique()), lazy=True)
        return valid, bad


def _no_failures() -> pd.DataFrame:
    return pd.DataFrame(columns=["index", "check", "reason"])
