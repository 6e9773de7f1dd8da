"""curated/archive.duckdb: the declared tables with their types and keys, and the analysts' views."""

import duckdb
import pytest
from conftest import curated_database

from pipeline.tables import CURATED, DOCUMENTS
from pipeline.writing import database

DOCS = [
    {"doc_id": "111", "title": "Ciphered Telegram No. 0100 from Mao Zedong to Stalin, via Kovalev", "date": "1950-01",
     "date_start": "1950-01-01", "date_end": "1950-01-31", "date_precision": "month", "doc_number": "0100",
     "n_listings": 1, "sources": "raw/a.html"},
    {"doc_id": "222", "title": "Letter from Kim Il Sung and Pak Hon-yong to Stalin", "date": "1950-03-05",
     "date_start": "1950-03-05", "date_end": "1950-03-05", "date_precision": "day", "n_listings": 2,
     "sources": "raw/a.html; raw/b.html"},
    {"doc_id": "333", "title": "Memorandum of Conversation", "date_precision": "none", "n_listings": 1,
     "sources": "raw/b.html"},
]
PEOPLE = [{"person_id": pid, "name": name, "sort_name": name, "kind": "person", "source": "hand"}
          for pid, name in (("mao_zedong", "Mao Zedong"), ("joseph_stalin", "Joseph Stalin"),
                            ("kim_il_sung", "Kim Il Sung"), ("ivan_kovalev", "Ivan Kovalev"))]
LINKS = [
    {"doc_id": "111", "person_id": "mao_zedong", "role": "sender", "as_written": "Mao Zedong"},
    {"doc_id": "111", "person_id": "joseph_stalin", "role": "recipient", "as_written": "Stalin"},
    {"doc_id": "111", "person_id": "ivan_kovalev", "role": "via", "as_written": "Kovalev"},
    {"doc_id": "222", "person_id": "kim_il_sung", "role": "sender", "as_written": "Kim Il Sung"},
    {"doc_id": "222", "person_id": None, "role": "sender", "as_written": "Pak Hon-yong"},
    {"doc_id": "222", "person_id": "joseph_stalin", "role": "recipient", "as_written": "Stalin"},
    {"doc_id": "333", "person_id": "mao_zedong", "role": "mentioned", "as_written": "Mao"},
]


def build(folder, **rows):
    return database.connect(curated_database(folder, **rows))


@pytest.fixture
def con(tmp_path):
    with build(tmp_path, documents=DOCS, people=PEOPLE, document_people=LINKS) as con:
        yield con


def test_tables_have_their_declared_types_and_keys(con):
    types = dict(con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'documents'")
                 .fetchall())
    assert (types["doc_number"], types["date_start"], types["n_listings"]) == ("VARCHAR", "DATE", "BIGINT")
    constraints = set(con.execute("SELECT table_name, constraint_type FROM duckdb_constraints()").fetchall())
    assert {("documents", "PRIMARY KEY"), ("people", "PRIMARY KEY"), ("document_people", "FOREIGN KEY"),
            ("unresolved_names", "PRIMARY KEY")} <= constraints
    assert con.execute("SELECT doc_number FROM documents WHERE doc_id = '111'").fetchone() == ("0100",)
    comment = con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = 'documents' "
                          "AND column_name = 'doc_number'").fetchone()[0]
    assert comment == DOCUMENTS.column("doc_number").description


def test_the_correspondence_view_pairs_every_sender_with_every_recipient(con):
    rows = con.execute("SELECT doc_id, sender, recipient, via, date_start FROM correspondence ORDER BY doc_id, sender")
    assert [r[:4] for r in rows.fetchall()] == [
        ("111", "Mao Zedong", "Joseph Stalin", "Ivan Kovalev"),
        ("222", "Kim Il Sung", "Joseph Stalin", None),
        ("222", "Pak Hon-yong", "Joseph Stalin", None),  # not in the authority: as written, never dropped
    ]


def test_person_documents_lists_every_role(con):
    rows = con.execute("SELECT person, role, doc_id FROM person_documents WHERE person_id = 'mao_zedong' "
                       "ORDER BY doc_id").fetchall()
    assert rows == [("Mao Zedong", "sender", "111"), ("Mao Zedong", "mentioned", "333")]


def test_a_link_to_a_person_not_in_the_people_table_is_refused(tmp_path):
    bad = [*LINKS, {"doc_id": "111", "person_id": "nobody", "role": "mentioned", "as_written": "Nobody"}]
    with pytest.raises(duckdb.ConstraintException):
        build(tmp_path, documents=DOCS, people=PEOPLE, document_people=bad)


def test_two_documents_with_one_id_are_refused(tmp_path):
    with pytest.raises(duckdb.ConstraintException):
        build(tmp_path, documents=[*DOCS, DOCS[0]], people=PEOPLE)


def test_the_create_statement_is_the_declaration():
    statement = database.create_statement(CURATED["document_people"])
    assert '"role" VARCHAR NOT NULL' in statement
    assert "FOREIGN KEY (person_id) REFERENCES people (person_id)" in statement
