"""Each table is declared once (pipeline/tables.py): its Arrow schema, its Pandera schema and its entry in the data
package are derived from that declaration, and the closed vocabularies come from one place."""

import pyarrow as pa
import pytest

from pipeline import designs
from pipeline.contract import schema, split_valid
from pipeline.normalizing import document
from pipeline.normalizing.dates import PRECISIONS
from pipeline.reading.page import STATUSES
from pipeline.tables import (CURATED, DOCUMENT_PEOPLE, DOCUMENTS, LISTINGS, PAGES, REJECTS, ROLES, STAGING,
                             arrow_schema, rows_arrow, rows_frame)
from pipeline.writing.datapackage import datapackage

ALL = {**STAGING, **CURATED}


def test_a_row_without_a_declared_column_is_an_error():
    row = dict(source="raw/p.html", position=None, stage="read", check="empty")  # no reason
    with pytest.raises(ValueError, match=r"missing \['reason'\]"):
        rows_frame(REJECTS, [row])
    with pytest.raises(ValueError, match=r"undeclared \['extra'\]"):
        rows_arrow(REJECTS, [{**row, "reason": "why", "extra": 1}])


def test_a_frame_with_an_undeclared_column_fails_the_contract():
    frame = rows_frame(REJECTS, [dict(source="s", position=None, stage="read", check="c", reason="r")])
    with pytest.raises(Exception, match="extra"):
        split_valid(REJECTS, frame.assign(extra=1))


@pytest.mark.parametrize("table", list(ALL.values()), ids=list(ALL))
def test_every_form_of_a_table_has_its_declared_columns(table):
    assert arrow_schema(table).names == table.names
    assert list(schema(table).columns) == table.names


@pytest.mark.parametrize("table", list(CURATED.values()), ids=list(CURATED))
def test_the_data_package_carries_the_declaration(table):
    resource = next(r for r in datapackage()["resources"] if r["path"] == table.file)
    for column, field in zip(table.columns, resource["schema"]["fields"], strict=True):
        constraints = field.get("constraints", {})
        assert (field["name"], field["type"], field["description"]) == (column.name, column.type, column.description)
        assert constraints.get("required", False) == column.required
        assert constraints.get("enum") == (list(column.enum) if column.enum else None)
    assert resource["schema"].get("primaryKey", []) == list(table.primary_key)


def test_keys_of_the_data_package():
    resources = {r["name"]: r["schema"] for r in datapackage()["resources"] if "schema" in r}
    assert resources["documents"]["primaryKey"] == ["doc_id"]
    assert resources["people"]["primaryKey"] == ["person_id"]
    assert resources["document-people"]["foreignKeys"] == [
        {"fields": "doc_id", "reference": {"resource": "documents", "fields": "doc_id"}},
        {"fields": "person_id", "reference": {"resource": "people", "fields": "person_id"}},
    ]
    assert resources["documents-parquet"]["fields"] == resources["documents"]["fields"]


def test_closed_vocabularies_come_from_one_place():
    assert LISTINGS.column("layout").enum == PAGES.column("layout").enum == designs.LAYOUTS
    assert PAGES.column("status").enum == STATUSES
    assert DOCUMENTS.column("date_precision").enum == PRECISIONS
    assert DOCUMENT_PEOPLE.column("role").enum is ROLES is document.ROLES


def test_catalogue_columns_are_staged_under_the_same_name():
    staged = set(STAGING["records"].names)
    assert document.RECORD_FIELDS and set(document.RECORD_FIELDS) <= staged


def test_dates_are_real_dates_in_parquet():
    assert arrow_schema(DOCUMENTS).field("date_start").type == pa.date32()
    assert arrow_schema(DOCUMENTS).field("upload_date").type == pa.date32()
