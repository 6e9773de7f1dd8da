"""The curated tables described for their readers: curated/datapackage.json and the README's data dictionary,
both derived from the table declarations (pipeline/tables.py)."""

from __future__ import annotations

from pipeline import __version__
from pipeline.tables import CURATED, DOCUMENTS, Column, Table

PARQUET = "documents.parquet"


def _field(column: Column) -> dict:
    field = {"name": column.name, "type": column.type, "description": column.description}
    constraints = {}
    if column.required:
        constraints["required"] = True
    if column.enum is not None:
        constraints["enum"] = list(column.enum)
    if constraints:
        field["constraints"] = constraints
    return field


def _schema(table: Table) -> dict:
    schema = {"fields": [_field(c) for c in table.columns], "missingValues": [""]}
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": column, "reference": {"resource": _resource_name(other), "fields": other_column}}
            for column, other, other_column in table.foreign_keys
        ]
    return schema


def _resource_name(table: str) -> str:
    return table.replace("_", "-")


def datapackage() -> dict:
    """A Frictionless Data Package descriptor of the curated CSVs and of documents.parquet."""
    resources = [
        {
            "name": _resource_name(name),
            "path": table.file,
            "title": table.title,
            "description": table.description,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ",", "header": True, "doubleQuote": True},
            "schema": _schema(table),
        }
        for name, table in CURATED.items()
    ]
    resources.append(
        {
            "name": "documents-parquet",
            "path": PARQUET,
            "title": f"{DOCUMENTS.title} (Parquet)",
            "description": f"{DOCUMENTS.description} The same rows as documents.csv, with real date columns.",
            "profile": "tabular-data-resource",
            "format": "parquet",
            "mediatype": "application/vnd.apache.parquet",
            "schema": {**_schema(DOCUMENTS), "missingValues": []},
        }
    )
    return {
        "name": "wilson-center-digital-archive-listings",
        "title": "Wilson Center Digital Archive: documents from search-result pages",
        "profile": "tabular-data-package",
        "version": __version__,
        "resources": resources,
    }


def dictionary_markdown() -> str:
    """The README's data dictionary: one section per curated CSV, one row per column."""
    sections = []
    for table in CURATED.values():
        rows = "\n".join(f"| `{c.name}` | {c.type} | {c.description} |" for c in table.columns)
        sections.append(f"### `{table.file}`\n\n{table.description}\n\n| column | type | meaning |\n|---|---|---|\n{rows}\n")
    return "\n".join(sections)
