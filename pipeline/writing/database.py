"""curated/archive.duckdb: every curated table with its declared types and keys, and the views analysts ask for.

Built from the curated Parquet files once they are in place, so the database holds exactly the rows of the CSVs.
The tables, their types and keys come from the declarations in pipeline/tables.py.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline.tables import CURATED, Column, Table

FILE = "archive.duckdb"
# DuckDB takes up to most of the machine's memory by default; bounded, it spills to disk, and the run's memory stays
# about as it was.
MEMORY_LIMIT = "256MB"

_SQL_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "date": "DATE"}

# Who wrote to whom: one row per sender and recipient of a document (a document naming only one side has the other
# empty), the channels it went through beside them. A name the authority does not know appears as written.
CORRESPONDENCE = """
CREATE VIEW correspondence AS
WITH named AS (
    SELECT DISTINCT l.doc_id, l.role, l.person_id, coalesce(p.name, l.as_written) AS name
    FROM document_people AS l LEFT JOIN people AS p USING (person_id)
    WHERE l.role IN ('sender', 'recipient', 'via')
),
senders AS (SELECT doc_id, person_id, name FROM named WHERE role = 'sender'),
recipients AS (SELECT doc_id, person_id, name FROM named WHERE role = 'recipient'),
channels AS (SELECT doc_id, string_agg(name, '; ' ORDER BY name) AS via FROM named WHERE role = 'via' GROUP BY doc_id),
pairs AS (
    SELECT coalesce(s.doc_id, r.doc_id) AS doc_id, s.person_id AS sender_id, s.name AS sender,
           r.person_id AS recipient_id, r.name AS recipient
    FROM senders AS s FULL JOIN recipients AS r ON s.doc_id = r.doc_id
)
SELECT d.doc_id, d.date, d.date_start, d.date_end, d.date_precision, d.doc_type,
       pairs.sender_id, pairs.sender, pairs.recipient_id, pairs.recipient, channels.via, d.title
FROM pairs JOIN documents AS d USING (doc_id) LEFT JOIN channels USING (doc_id)
"""

# Every document a person or organization is named in, and how.
PERSON_DOCUMENTS = """
CREATE VIEW person_documents AS
SELECT l.person_id, coalesce(p.name, l.as_written) AS person, l.role, l.doc_id, d.title,
       d.date, d.date_start, d.date_end, d.doc_type
FROM document_people AS l JOIN documents AS d USING (doc_id) LEFT JOIN people AS p USING (person_id)
"""

VIEWS = {"correspondence": CORRESPONDENCE, "person_documents": PERSON_DOCUMENTS}


def create_statement(table: Table) -> str:
    """CREATE TABLE from the declaration: types, NOT NULL for required columns, UNIQUE, primary and foreign keys."""
    lines = [f"    {_column(c, table)}" for c in table.columns]
    if table.primary_key:
        lines.append(f"    PRIMARY KEY ({', '.join(table.primary_key)})")
    for column, other, other_column in table.foreign_keys:
        lines.append(f"    FOREIGN KEY ({column}) REFERENCES {other} ({other_column})")
    return f"CREATE TABLE {table.name} (\n" + ",\n".join(lines) + "\n)"


def _column(column: Column, table: Table) -> str:
    parts = [f'"{column.name}"', _SQL_TYPES[column.type]]
    if column.required:
        parts.append("NOT NULL")
    if column.unique and (column.name,) != table.primary_key:
        parts.append("UNIQUE")
    return " ".join(parts)


def build(path: str | Path, parquet_files: dict[str, str | Path]) -> None:
    """Write the database at path (a new file) from each curated table's Parquet file (table name -> file).
    Tables are created in declaration order, so every table a foreign key names is filled before it."""
    with duckdb.connect(str(path), config={"memory_limit": MEMORY_LIMIT}) as con:
        con.execute("SET enable_progress_bar = false")  # DuckDB's own bar would draw into the run's log
        for name, table in CURATED.items():
            con.execute(create_statement(table))
            # The data dictionary travels with the database (duckdb_tables(), duckdb_columns() show it).
            con.execute(f"COMMENT ON TABLE {name} IS {_literal(table.description)}")
            for column in table.columns:
                con.execute(f'COMMENT ON COLUMN {name}."{column.name}" IS {_literal(column.description)}')
            columns = ", ".join(f'"{c}"' for c in table.names)
            con.execute(f"INSERT INTO {name} ({columns}) SELECT {columns} FROM read_parquet(?)",
                        [str(parquet_files[name])])
        for statement in VIEWS.values():
            con.execute(statement)
        con.execute("CHECKPOINT")


def _literal(text: str) -> str:
    """A SQL string literal (COMMENT ON takes no parameters)."""
    return "'" + text.replace("'", "''") + "'"


def connect(path: str | Path) -> duckdb.DuckDBPyConnection:
    """The database, read-only: what the report and the network files are drawn from."""
    return duckdb.connect(str(path), read_only=True, config={"memory_limit": MEMORY_LIMIT})
