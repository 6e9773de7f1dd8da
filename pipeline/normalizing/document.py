"""A merged document's values made analysable: its date normalized, its title read, its people resolved."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.normalizing.authority import Authority, Resolution
from pipeline.normalizing.bodies import in_context
from pipeline.normalizing.mentions import unknown_people
from pipeline.normalizing.dates import parse_date
from pipeline.normalizing.merge import MergedDocument
from pipeline.normalizing.titles import CUT_SHORT, parse_title

from pipeline.tables import DOCUMENTS, ROLES

SEPARATOR = "; "
TITLE_ROLES = ("sender", "recipient", "via", "participant")  # the roles a title gives
# Catalogue fields copied from a document's own page: the same column in staging/records.
RECORD_FIELDS = tuple(c.name for c in DOCUMENTS.columns if c.catalogue)


@dataclass
class NormalizedDocument:
    row: dict  # one row of curated/documents
    links: list[dict]  # rows of curated/document_people
    unresolved: list[tuple[str, str, tuple[str, ...]]]  # (name, role, candidates) of each name no one resolved
    date_unreadable: bool
    fuzzy: int = 0  # names resolved by a fuzzy match (a spelling slip)
    title_cut_short: bool = False  # the listing cut the title short ("… to …"): it was not read


def normalize_document(doc: MergedDocument, authority: Authority, records: dict[str, dict] | None = None) -> NormalizedDocument:
    """`records` maps the page_id of a document page to its staging/records row."""
    record = own_record(doc, records)
    date = parse_date(doc.date_raw)
    year = int(date.date[:4]) if date.date else None
    parts = parse_title(doc.title)

    def resolved(names) -> list[Resolution]:
        return [authority.resolve(n, year) for n in names or ()]

    roles: dict[str, list[Resolution]] = {
        "sender": resolved(parts.senders),
        "recipient": resolved(parts.recipients),
        "via": resolved(parts.via),
        "participant": resolved(parts.participants),
    }
    # "the Central Committee", "Politburo": a body of the one country the title or its people fix, in its year
    named = [r for role in TITLE_ROLES for r in roles[role]]
    roles = {role: [in_context(r, authority, year, doc.title, named, doc.summary) for r in rs]
             for role, rs in roles.items()}
    roles |= {
        # The archive's own catalogue: headings such as "Mao, Zedong", resolved through the same authority file.
        "author": resolved(record.get("authors")),
        "associated": resolved(record.get("people_orgs")),
    }
    # Everyone the title or summary names, roles aside: an embedded document's people,
    # "regarding a Meeting with Mao Zedong", "Mao asks …".
    with_role = {r.person_id for rs in roles.values() for r in rs if r.person_id}
    mentioned: dict[str, Resolution] = {}
    for text in (doc.title, doc.summary):
        for r in authority.scan(text or "", year):
            if r.person_id not in with_role and r.person_id not in mentioned:
                mentioned[r.person_id] = r
    # … and the people it names whom the authority does not know, where the shape of the name leaves no doubt
    written = [r.as_written for rs in roles.values() for r in rs] + [r.as_written for r in mentioned.values()]
    unknown = {}
    for text in (doc.title, doc.summary):
        for name in unknown_people(text, authority, year, written + list(unknown)):
            unknown[name] = authority.resolve(name, year)
    roles["mentioned"] = list(mentioned.values()) + list(unknown.values())

    links = [
        dict(doc_id=doc.doc_id, person_id=r.person_id, role=role, as_written=r.as_written,
             descriptor=parts.descriptor(r.as_written) if role in TITLE_ROLES else None)
        for role in ROLES
        for r in roles[role]
    ]
    people = _unique(r.name for role in ROLES if role not in ("author", "associated") for r in roles[role])
    row = dict(
        doc_id=doc.doc_id,
        record_url=doc.record_url,
        title=doc.title,
        summary=doc.summary,
        date=date.date,
        date_precision=date.precision,
        date_start=date.start,
        date_end=date.end,
        date_edtf=date.edtf,
        date_qualifier=date.qualifier,
        date_raw=doc.date_raw,
        doc_type=parts.doc_type,
        doc_number=parts.doc_number,
        origin_place=parts.origin_place,
        senders=_join(r.name for r in roles["sender"]),
        recipients=_join(r.name for r in roles["recipient"]),
        via=_join(r.name for r in roles["via"]),
        participants=_join(r.name for r in roles["participant"]),
        people=_join(people),
        n_listings=doc.n_listings,
        sources=SEPARATOR.join(doc.sources),
        authors=_join(r.name for r in roles["author"]),
        associated_people=_join(r.name for r in roles["associated"]),
        **{column: _value(record.get(column)) for column in RECORD_FIELDS},
    )
    unresolved = [(r.name, role, r.candidates) for role in ROLES for r in roles[role] if r.person_id is None]
    fuzzy = sum(r.method == "fuzzy" for role in ROLES for r in roles[role])
    return NormalizedDocument(row, links, unresolved, date_unreadable=not date.readable, fuzzy=fuzzy,
                              title_cut_short=parts.rule == CUT_SHORT)


def own_record(doc: MergedDocument, records: dict[str, dict] | None) -> dict:
    """The staging/records row of the document's own page, the first of them harvested; empty when none was."""
    return next((records[p] for p in doc.record_pages if records and p in records), {})


def _value(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value or None
    return _join(value)  # a list of values, as the archive lists them


def _unique(names) -> list[str]:
    return list(dict.fromkeys(names))


def _join(names) -> str | None:
    return SEPARATOR.join(_unique(names)) or None
