"""curated/correspondence.gexf and curated/cmif.xml, drawn from a small database of hand-made letters."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from conftest import curated_database
from lxml import etree

from pipeline.normalizing.titles import vocabulary
from pipeline.writing import database, networks

SCHEMAS = Path(__file__).resolve().parent / "schemas"
NS = {"tei": networks.TEI}
SITE = "https://digitalarchive.wilsoncenter.org"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"

PEOPLE = [
    {"person_id": "stalin", "name": "Joseph Stalin", "sort_name": "Stalin, Joseph", "kind": "person",
     "wikidata_id": "Q855", "country": "USSR", "source": "hand"},
    {"person_id": "molotov", "name": "Vyacheslav Molotov", "sort_name": "Molotov, Vyacheslav", "kind": "person",
     "country": "USSR", "source": "hand"},
    {"person_id": "mao_zedong", "name": "Mao Zedong", "sort_name": "Mao, Zedong", "kind": "person",
     "wikidata_id": "Q5816", "country": "China", "source": "hand"},
    {"person_id": "soviet_mfa", "name": "Soviet Foreign Ministry", "sort_name": "Soviet Union. Ministry of Foreign "
     "Affairs", "kind": "organization", "country": "USSR", "source": "rules"},
    {"person_id": "kim_il_sung", "name": "Kim Il Sung", "sort_name": "Kim, Il Sung", "kind": "person",
     "country": "North Korea", "source": "hand"},
    {"person_id": "shtykov", "name": "Terentii Shtykov", "sort_name": "Shtykov, Terentii", "kind": "person",
     "country": "USSR", "source": "hand"},
]


def _document(doc_id, doc_type, title, date, precision, start, end, record_url=None):
    return {"doc_id": doc_id, "record_url": record_url, "title": title, "date": date, "date_precision": precision,
            "date_start": start, "date_end": end, "doc_type": doc_type, "n_listings": 1, "sources": "raw/page.html"}


DOCUMENTS = [
    # Two senders to one recipient, dated to the day.
    _document("111", "Letter", "Letter from Stalin and Molotov to Mao Zedong", "1950-01-10", "day",
              "1950-01-10", "1950-01-10", "/document/111"),
    # Dated to the month: the same pair again, so their edge weighs two.
    _document("222", "Ciphered Telegram", "Ciphered Telegram from Stalin to Mao Zedong", "1950-02", "month",
              "1950-02-01", "1950-02-28", "/document/222"),
    # A decade, a sender the authority does not know, an organization, and no page of its own.
    _document("h-3a5e0c1d", "Cable", "Cable from Roshchin to the Soviet Foreign Ministry", "1950/1959", "decade",
              "1950-01-01", "1959-12-31"),
    # A conversation names participants: no sender, no recipient.
    _document("444", "Memorandum of Conversation", "Memorandum of Conversation between Stalin and Mao Zedong",
              "1949-12-16", "day", "1949-12-16", "1949-12-16", "/document/444"),
    # Only a recipient, dated to the year.
    _document("555", "Telegram", "Telegram to Kim Il Sung", "1951", "year", "1951-01-01", "1951-12-31",
              "/document/555"),
    # A sender and a recipient, but a report is no letter: an edge in the graph, not in CMIF.
    _document("666", "Report", "Report from Shtykov to Stalin", "1950-03-24", "day", "1950-03-24", "1950-03-24",
              "/document/666"),
]

DOCUMENT_PEOPLE = [
    ("111", "stalin", "sender", "Stalin"), ("111", "molotov", "sender", "Molotov"),
    ("111", "mao_zedong", "recipient", "Mao Zedong"),
    ("222", "stalin", "sender", "Stalin"), ("222", "mao_zedong", "recipient", "Mao Zedong"),
    ("h-3a5e0c1d", None, "sender", "Roshchin"),
    ("h-3a5e0c1d", "soviet_mfa", "recipient", "the Soviet Foreign Ministry"),
    ("444", "stalin", "participant", "Stalin"), ("444", "mao_zedong", "participant", "Mao Zedong"),
    ("555", "kim_il_sung", "recipient", "Kim Il Sung"),
    ("666", "shtykov", "sender", "Shtykov"), ("666", "stalin", "recipient", "Stalin"),
]


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    links = [dict(zip(("doc_id", "person_id", "role", "as_written"), r)) for r in DOCUMENT_PEOPLE]
    path = curated_database(tmp_path_factory.mktemp("networks"), documents=DOCUMENTS, people=PEOPLE,
                            document_people=links)
    with database.connect(path) as connection:
        yield connection


def _cmif(con) -> bytes:
    return networks.cmif(con, published="2025-03-01T12:00:00Z", licence_url=CC_BY,
                         licence_text="This file is licensed under the terms of the Creative Commons License CC-BY 4.0",
                         url="https://example.org/curated/cmif.xml", editor="Jane Curator",
                         publisher="Archive Pipeline")


@pytest.fixture(scope="module")
def graph(con, tmp_path_factory):
    path = tmp_path_factory.mktemp("gexf") / networks.GEXF_FILE
    path.write_bytes(networks.gexf(con))
    return nx.read_gexf(path)


@pytest.fixture(scope="module")
def letters(con):
    return etree.fromstring(_cmif(con))


def _action(letters, key: str, action: str):
    return letters.find(f".//tei:correspDesc[@key='{key}']/tei:correspAction[@type='{action}']", NS)


def test_gexf_nodes_are_the_correspondents_with_their_ids(graph):
    # The conversation's participants are no correspondents as such; Kim Il Sung, only ever the recipient of a
    # telegram that names no sender, is a node all the same.
    assert list(graph.nodes) == ["kim_il_sung", "mao_zedong", "molotov", "name:Roshchin", "shtykov", "soviet_mfa",
                                 "stalin"]
    assert graph.nodes["stalin"] == {"label": "Joseph Stalin", "resolved": True, "kind": "person", "country": "USSR",
                                     "wikidata_id": "Q855"}
    assert graph.nodes["soviet_mfa"]["kind"] == "organization"
    assert graph.nodes["name:Roshchin"] == {"label": "Roshchin", "resolved": False}


def test_gexf_edges_weigh_documents_and_span_their_dates(graph):
    assert sorted(graph.edges) == [("molotov", "mao_zedong"), ("name:Roshchin", "soviet_mfa"),
                                   ("shtykov", "stalin"), ("stalin", "mao_zedong")]
    stalin_to_mao = graph.edges["stalin", "mao_zedong"]
    assert (stalin_to_mao["weight"], stalin_to_mao["documents"], stalin_to_mao["doc_ids"]) == (2, 2, "111; 222")
    # From the day of the letter to the last day of the month of the telegram.
    assert (stalin_to_mao["start"], stalin_to_mao["end"]) == ("1950-01-10", "1950-02-28")
    decade = graph.edges["name:Roshchin", "soviet_mfa"]
    assert (decade["weight"], decade["start"], decade["end"], decade["doc_ids"]) == (
        1, "1950-01-01", "1959-12-31", "h-3a5e0c1d")
    assert graph.edges["molotov", "mao_zedong"]["doc_ids"] == "111"
    assert graph.graph["mode"] == "dynamic"


def test_gexf_is_the_same_bytes_every_time_and_carries_no_date_of_writing(con):
    first = networks.gexf(con)
    assert first == networks.gexf(con)
    root = etree.fromstring(first)
    assert "lastmodifieddate" not in root.find("{http://www.gexf.net/1.2draft}meta").attrib
    assert root.find("{http://www.gexf.net/1.2draft}graph").get("timeformat") == "date"


def test_cmif_has_one_correspdesc_per_letter_in_date_order(letters):
    # Not the conversation (444) nor the report (666); the decade, from 1950-01-01, comes first.
    described = letters.findall(".//tei:correspDesc", NS)
    assert [d.get("key") for d in described] == ["h-3a5e0c1d", "111", "222", "555"]
    assert [d.get("ref") for d in described] == [None, f"{SITE}/document/111", f"{SITE}/document/222",
                                                 f"{SITE}/document/555"]
    assert letters.tag == "{http://www.tei-c.org/ns/1.0}TEI"


def test_cmif_names_every_sender_and_recipient_with_their_wikidata_uri(letters):
    sent = _action(letters, "111", "sent")
    assert [(n.text, n.get("ref")) for n in sent.findall("tei:persName", NS)] == [
        ("Joseph Stalin", "http://www.wikidata.org/entity/Q855"), ("Vyacheslav Molotov", None)]
    assert [n.tag for n in sent] == [f"{{{networks.TEI}}}{tag}" for tag in ("persName", "persName", "date")]
    assert [(n.text, n.get("ref")) for n in _action(letters, "111", "received")] == [
        ("Mao Zedong", "http://www.wikidata.org/entity/Q5816")]
    # The organization is an orgName; the name the authority does not know stays as written, with no ref.
    assert [(n.tag, n.text) for n in _action(letters, "h-3a5e0c1d", "received")] == [
        (f"{{{networks.TEI}}}orgName", "Soviet Foreign Ministry")]
    roshchin = _action(letters, "h-3a5e0c1d", "sent").find("tei:persName", NS)
    assert (roshchin.text, roshchin.get("ref")) == ("Roshchin", None)
    # A letter that names no sender says so, as CMIF's documentation asks.
    assert _action(letters, "555", "sent").find("tei:persName", NS).text == "Unknown"
    assert _action(letters, "555", "received").find("tei:persName", NS).text == "Kim Il Sung"


def test_cmif_dates_a_day_month_or_year_with_when_and_an_interval_with_its_bounds(letters):
    def sent_date(key):
        return dict(_action(letters, key, "sent").find("tei:date", NS).attrib)
    assert sent_date("111") == {"when": "1950-01-10"}
    assert sent_date("222") == {"when": "1950-02"}
    assert sent_date("555") == {"when": "1951"}
    assert sent_date("h-3a5e0c1d") == {"notBefore": "1950-01-01", "notAfter": "1959-12-31"}
    assert _action(letters, "111", "received").find("tei:date", NS) is None


def test_cmif_header_names_the_file_its_licence_and_the_archive(letters):
    file_desc = letters.find("tei:teiHeader/tei:fileDesc", NS)
    assert file_desc.findtext("tei:titleStmt/tei:editor", namespaces=NS) == "Jane Curator"
    publication = file_desc.find("tei:publicationStmt", NS)
    assert publication.findtext("tei:publisher", namespaces=NS) == "Archive Pipeline"
    assert publication.find("tei:idno", NS).attrib == {"type": "url"}
    assert publication.findtext("tei:idno", namespaces=NS) == "https://example.org/curated/cmif.xml"
    assert publication.find("tei:date", NS).get("when") == "2025-03-01T12:00:00Z"
    assert publication.find("tei:availability/tei:licence", NS).get("target") == CC_BY
    bibl = file_desc.find("tei:sourceDesc/tei:bibl", NS)
    assert bibl.get("type") == "online"
    assert bibl.find("tei:ref", NS).get("target") == SITE


def test_cmif_is_valid_against_the_cmif_schema(letters):
    schema = etree.RelaxNG(etree.parse(str(SCHEMAS / "cmi-customization.rng")))
    assert schema.validate(letters), schema.error_log
    # The rules of the SIG's Schematron (odd/cmif.sch), which needs XPath 2 and so is checked here by hand.
    bibl_id = letters.find(".//tei:sourceDesc/tei:bibl", NS).get("{http://www.w3.org/XML/1998/namespace}id")
    for described in letters.iterfind(".//tei:correspDesc", NS):
        assert [a.get("type") for a in described.findall("tei:correspAction", NS)] == ["sent", "received"]
        assert described.get("source") == f"#{bibl_id}"
    for date in letters.iterfind(".//tei:correspAction/tei:date", NS):
        assert {"when", "notBefore", "notAfter", "from", "to"} & set(date.attrib)


def test_cmif_is_the_same_bytes_every_time_and_declares_utf8(con):
    first = _cmif(con)
    assert first == _cmif(con)
    assert first.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")


def test_cmif_refuses_a_publication_date_that_is_no_date(con):
    with pytest.raises(ValueError, match="published"):
        networks.cmif(con, published="March 2025", licence_url=CC_BY, licence_text="CC-BY 4.0",
                      url="https://example.org/cmif.xml", editor="Jane Curator", publisher="Archive Pipeline")


def test_letter_types_are_types_of_the_vocabulary():
    assert networks.LETTER_TYPES <= set(vocabulary())
    letters = {"Letter", "Telegram", "Ciphered Telegram", "Cable", "Note", "Airgram", "Telespresso", "Instructions"}
    assert letters <= networks.LETTER_TYPES
    assert not {"Decision", "Memorandum of Conversation", "Report", "Statement"} & networks.LETTER_TYPES
