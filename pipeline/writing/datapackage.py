"""The curated set described for its readers: curated/datapackage.json and the README's data dictionary, both
derived from the table declarations (pipeline/tables.py)."""

from __future__ import annotations

from pipeline import __version__
from pipeline.tables import CURATED, RUNS, Column, Table
from pipeline.writing import database, networks, report_page
from pipeline.writing.spreadsheet import FOLDER

SUMMARY = "run_summary.json"


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


# The archive's terms, as each document's page states them ("Rights"), word for word.
ARCHIVE_TERMS = (
    "The History and Public Policy Program welcomes reuse of Digital Archive materials for research and educational "
    "purposes. Some documents may be subject to copyright, which is retained by the rights holders in accordance with "
    "US and international copyright laws. When possible, rights holders have been contacted for permission to "
    "reproduce their materials. To enquire about this document's rights status or request permission for commercial "
    "use, please contact the History and Public Policy Program at HAPP@wilsoncenter.org."
)
SOURCES = [
    {"title": "Wilson Center Digital Archive (History and Public Policy Program): search-result and document pages",
     "path": "https://digitalarchive.wilsoncenter.org"},
    {"title": "Office of the Historian, U.S. Department of State: persons database (public domain), for the names "
              "of people", "path": "https://github.com/HistoryAtState/people"},
]

# The files of a set that are not tables: (file, title, format, media type, what it is).
OTHER_FILES = (
    (database.FILE, "Database", "duckdb", "application/vnd.duckdb",
     "Every curated table with its types, primary and foreign keys, and the views correspondence (doc_id, date, "
     "sender, recipient, via) and person_documents (person, role, document, date). Open with DuckDB."),
    (report_page.FILE, "Report", "html", "text/html",
     "The run's report: documents over time, senders, recipients, the correspondence network, dates, data quality, "
     "provenance and this data dictionary. One self-contained page; open it in a browser."),
    (networks.GEXF_FILE, "Correspondence network", "gexf", "application/gexf+xml",
     "Who wrote to whom: people and organizations as nodes with their ids, sender-to-recipient edges weighted by "
     "documents and dated by them. Open with Gephi."),
    (networks.CMIF_FILE, "Correspondence metadata (CMIF)", "xml", "application/tei+xml",
     "Letters, telegrams and cables in the Correspondence Metadata Interchange Format (TEI correspDesc), as "
     "correspSearch aggregates it."),
    (SUMMARY, "Run summary", "json", "application/json",
     "The counts and provenance of the run that wrote the set, and the sha256 of every file of it."),
)


def _csv_resource(name: str, table: Table, path: str, title: str, description: str) -> dict:
    return {"name": name, "path": path, "title": title, "description": description, "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "dialect": {"delimiter": ",", "header": True, "doubleQuote": True}, "schema": _schema(table)}


def datapackage() -> dict:
    """A Frictionless Data Package descriptor of every file of a curated set: each table's CSV and Parquet file
    (tabular, with its schema), the log of runs, the spreadsheet copies and the files drawn from the tables."""
    resources = []
    for name, table in CURATED.items():
        resources.append(_csv_resource(_resource_name(name), table, table.file, table.title, table.description))
        # Described by its schema but checked as a file: frictionless reads Parquet through pandas, which makes an
        # empty integer a float NaN and then finds it no integer. Its rows are checked by tests in three readers.
        resources.append({
            "name": f"{_resource_name(name)}-parquet", "path": table.parquet, "title": f"{table.title} (Parquet)",
            "description": f"{table.description} The same rows as {table.file}, with real date columns.",
            "profile": "data-resource", "type": "file", "format": "parquet",
            "mediatype": "application/vnd.apache.parquet", "schema": {**_schema(table), "missingValues": []},
        })
    resources.append(_csv_resource("runs", RUNS, RUNS.file, RUNS.title, RUNS.description))
    for name, table in CURATED.items():
        resources.append({
            "name": f"{_resource_name(name)}-spreadsheet", "path": f"{FOLDER}/{table.file}",
            "title": f"{table.title} (for spreadsheets)", "profile": "data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8-sig",
            "description": f"{table.file} for spreadsheet programs: a byte-order mark first, and cells that would "
                           "start a formula begin with an apostrophe. Load the faithful file for analysis.",
        })
    for path, title, format_, mediatype, description in OTHER_FILES:
        resources.append({"name": path.replace(".", "-").replace("_", "-"), "path": path, "title": title,
                          "description": description, "profile": "data-resource", "format": format_,
                          "mediatype": mediatype})
    return {
        "name": "wilson-center-digital-archive-listings",
        "title": "Wilson Center Digital Archive: documents from search-result pages",
        "profile": "data-package",
        "version": __version__,
        "licenses": [{"name": "other-nc", "path": "https://digitalarchive.wilsoncenter.org",
                      "title": f"The source archive's terms, as it states them: {ARCHIVE_TERMS}"}],
        "sources": SOURCES,
        "resources": resources,
    }


def dictionary_markdown() -> str:
    """The README's data dictionary: one section per curated CSV, one row per column."""
    sections = []
    for table in (*CURATED.values(), RUNS):
        rows = "\n".join(f"| `{c.name}` | {c.type} | {c.description} |" for c in table.columns)
        sections.append(f"### `{table.file}`\n\n{table.description}\n\n| column | type | meaning |\n|---|---|---|\n{rows}\n")
    return "\n".join(sections)
