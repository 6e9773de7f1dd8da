"""Who wrote to whom, for the tools that read networks: curated/correspondence.gexf for Gephi and curated/cmif.xml
(the Correspondence Metadata Interchange Format) for correspSearch, both drawn from the database's views."""

from __future__ import annotations

import io
import re
import uuid
from itertools import groupby

import duckdb
import networkx as nx
from lxml import etree
from lxml.builder import ElementMaker
from networkx.readwrite.gexf import GEXFWriter

from pipeline.harvesting.search import DEFAULT_BASE_URL
from pipeline.normalizing.titles import doc_types

GEXF_FILE = "correspondence.gexf"
CMIF_FILE = "cmif.xml"
# cmif.xml's header: CMIF requires its licence to be CC BY 4.0, and names the file by the address it is published
# at; until it is published (ARCHIVE_PIPELINE_CMIF_URL), by its name beside the other files.
CMIF_LICENCE = ("https://creativecommons.org/licenses/by/4.0/",
                "This file is licensed under the terms of the Creative-Commons-License CC-BY 4.0")
CMIF_URL_VARIABLE = "ARCHIVE_PIPELINE_CMIF_URL"
CMIF_EDITOR = "archive-pipeline, from the Wilson Center Digital Archive's pages"

# A name the authority does not know keeps its own node, as written: never merged with a known person.
UNRESOLVED = "name:"

# What CMIF calls a letter: a type the vocabulary (pipeline/data/doc_types.csv) files as correspondence, a message
# sent from someone to someone (letters, telegrams, cables, airgrams, notes, instructions …), except Decision: a
# body's resolution, read as correspondence only because it approves a message, which is the letter, not the decision.
LETTER_TYPES = frozenset(t for _, t, kind in doc_types() if kind == "correspondence") - {"Decision"}

TEI = "http://www.tei-c.org/ns/1.0"
SCHEMA = "https://raw.githubusercontent.com/TEI-Correspondence-SIG/CMIF/master/schema/cmi-customization.rng"
WIKIDATA = "http://www.wikidata.org/entity/"
# CMIF's documentation: a sender or an addressee not known is written so, as a name.
UNKNOWN = "Unknown"
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_XSD_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?)?$")
E = ElementMaker(namespace=TEI, nsmap={None: TEI})

_NODES = f"""
WITH named AS (SELECT sender_id AS person_id, sender AS name FROM correspondence
               UNION SELECT recipient_id, recipient FROM correspondence)
SELECT coalesce(n.person_id, '{UNRESOLVED}' || n.name) AS id, n.name, n.person_id IS NOT NULL AS resolved,
       p.kind, p.country, p.wikidata_id
FROM named AS n LEFT JOIN people AS p USING (person_id)
WHERE n.name IS NOT NULL
ORDER BY id
"""

_EDGES = f"""
SELECT coalesce(sender_id, '{UNRESOLVED}' || sender) AS source,
       coalesce(recipient_id, '{UNRESOLVED}' || recipient) AS target,
       count(DISTINCT doc_id) AS documents, min(date_start) AS first_day, max(date_end) AS last_day,
       string_agg(DISTINCT doc_id, '; ' ORDER BY doc_id) AS doc_ids
FROM correspondence
WHERE sender IS NOT NULL AND recipient IS NOT NULL
GROUP BY ALL
ORDER BY source, target
"""

# One row per letter and correspondent: the view has one row per sender and recipient pair.
_LETTERS = """
WITH correspondents AS (
    SELECT doc_id, 'sent' AS action, sender_id AS person_id, sender AS name FROM correspondence WHERE sender IS NOT NULL
    UNION SELECT doc_id, 'received', recipient_id, recipient FROM correspondence WHERE recipient IS NOT NULL
)
SELECT d.doc_id, d.record_url, d.date, d.date_start, d.date_end, c.action, c.name, p.kind, p.wikidata_id
FROM correspondents AS c JOIN documents AS d USING (doc_id) LEFT JOIN people AS p USING (person_id)
WHERE list_contains(?, d.doc_type)
ORDER BY d.date_start NULLS LAST, d.doc_id, c.name, c.person_id NULLS LAST
"""


def gexf(con: duckdb.DuckDBPyConnection) -> bytes:
    """curated/correspondence.gexf: people and organizations as nodes, one edge per sender and recipient weighted by
    their documents and spanning the first to the last day those documents cover (GEXF dynamic edges, so Gephi's
    timeline can play the correspondence). A document naming only one side gives no edge; its people are nodes."""
    graph = nx.DiGraph()
    for node, name, resolved, *details in con.execute(_NODES).fetchall():
        known = {k: v for k, v in zip(("kind", "country", "wikidata_id"), details) if v is not None}
        graph.add_node(node, label=name, resolved=resolved, **known)
    for source, target, documents, first_day, last_day, doc_ids in con.execute(_EDGES).fetchall():
        span = {k: day.isoformat() for k, day in (("start", first_day), ("end", last_day)) if day is not None}
        graph.add_edge(source, target, weight=documents, documents=documents, doc_ids=doc_ids, **span)
    # nx.write_gexf stamps today's date into <meta>, so the same database would give a new file every day: its
    # writer, used directly, lets the date go before the file is written.
    writer = GEXFWriter(encoding="utf-8")
    del writer.xml.find("meta").attrib["lastmodifieddate"]
    writer.add_graph(graph)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def cmif(con: duckdb.DuckDBPyConnection, *, published: str, licence_url: str, licence_text: str, url: str,
         editor: str, publisher: str, base_url: str = DEFAULT_BASE_URL) -> bytes:
    """curated/cmif.xml: one correspDesc per letter (a document of LETTER_TYPES naming a sender or a recipient), in
    the TEI customization of the TEI Correspondence SIG (github.com/TEI-Correspondence-SIG/CMIF), for correspSearch.

    published is when the file was last changed (xsd:date or xsd:dateTime), url where it will be found (the file's
    identifier), editor who answers for it, publisher the name a CC BY attribution gives."""
    if not _XSD_DATE.match(published):
        raise ValueError(f"published must be an ISO date or date and time, not {published!r}")
    # correspSearch asks for a UUID here; an xml:id may not begin with a digit, hence the word before it. Drawn
    # from the site, it stays the same from run to run.
    bibl_id = f"archive-{uuid.uuid5(uuid.NAMESPACE_URL, base_url)}"
    rows = con.execute(_LETTERS, [sorted(LETTER_TYPES)]).fetchall()
    letters = [_letter(list(group), base_url.rstrip("/"), "#" + bibl_id) for _, group in groupby(rows, lambda r: r[0])]
    header = E.teiHeader(
        E.fileDesc(
            E.titleStmt(E.title("Correspondence in the Wilson Center Digital Archive"), E.editor(editor)),
            E.publicationStmt(E.publisher(publisher), E.idno(url, type="url"), E.date(when=published),
                              E.availability(E.licence(licence_text, target=licence_url))),
            E.sourceDesc(E.bibl("Wilson Center Digital Archive, ", E.ref(base_url, target=base_url),
                                {_XML_ID: bibl_id}, type="online"))),
        E.profileDesc(*letters))
    # A TEI document holds a text; CMIF's is empty, as its templates have it.
    root = E.TEI(header, E.text(E.body(E.p())))
    root.addprevious(etree.ProcessingInstruction(
        "xml-model", f'href="{SCHEMA}" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"'))
    return etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _letter(rows: list[tuple], base_url: str, source: str) -> etree._Element:
    """One letter's correspDesc. CMIF wants both actions, each naming someone: a side the title does not name is
    Unknown. The date is when the letter was sent."""
    doc_id, record_url, date, first_day, last_day = rows[0][:5]
    sent = [_name(*row[6:]) for row in rows if row[5] == "sent"] or [E.persName(UNKNOWN)]
    received = [_name(*row[6:]) for row in rows if row[5] == "received"] or [E.persName(UNKNOWN)]
    if date is not None:
        # A day, a month or a year is CMIF's own form; an interval (a range, a season, a decade) is its bounds.
        sent.append(E.date(when=date) if "/" not in date
                    else E.date(notBefore=first_day.isoformat(), notAfter=last_day.isoformat()))
    where = {"ref": base_url + record_url} if record_url else {}
    return E.correspDesc(E.correspAction(*sent, type="sent"), E.correspAction(*received, type="received"),
                         {**where, "key": doc_id, "source": source})


def _name(name: str, kind: str | None, wikidata_id: str | None) -> etree._Element:
    """A correspondent: orgName for an organization, else persName, with its Wikidata URI where one is verified."""
    element = E.orgName(name) if kind == "organization" else E.persName(name)
    if wikidata_id:
        element.set("ref", WIKIDATA + wikidata_id)
    return element
