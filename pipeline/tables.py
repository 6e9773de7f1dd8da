"""Every staging and curated table, declared once: its columns, their types, what they may hold, and what they mean.

The Arrow schemas, the Pandera models (pipeline/contract.py), the data dictionary, curated/datapackage.json and the
README's data-dictionary tables are all derived from these declarations; adding a column means adding it here.
Types are Frictionless Table Schema types, plus `list` (a list of strings, in staging only).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

import pandas as pd
import pyarrow as pa

from pipeline.designs import LAYOUTS
from pipeline.normalizing.dates import PRECISIONS, QUALIFIERS
from pipeline.normalizing.titles import vocabulary
from pipeline.reading.page import STATUSES

# Closed vocabularies no other module owns.
ROLES = ("sender", "recipient", "via", "participant", "author", "associated", "mentioned")
STAGES = ("read", "parse", "validate")
KINDS = ("person", "organization")

SHA256 = r"^[0-9a-f]{64}$"
RECORD_PATH = r"^/document/[^/?#\s]+$"
ISO_DAY = r"^\d{4}-\d{2}-\d{2}$"
_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$"
_EDTF = r"^\d{3}[\dX](-\d{2}(-\d{2})?)?[~?%]?(/\d{4}(-\d{2}(-\d{2})?)?[~?%]?)?$"


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # string, integer, number, date (an ISO day; text in frames, a date in Parquet), list
    description: str
    required: bool = False  # never empty
    enum: tuple[str, ...] | None = None  # the closed set of values it may hold
    pattern: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    min_length: int | None = None
    unique: bool = False
    catalogue: bool = False  # copied as written from the document's own page (staging/records, same name)


@dataclass(frozen=True)
class RowCheck:
    """A check on whole rows, by name (the name is what a reject says failed)."""

    name: str
    passes: Callable[[pd.DataFrame], pd.Series]


@dataclass(frozen=True)
class Table:
    name: str
    file: str  # its file name in staging/ or curated/
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, table, column there)
    unique_together: tuple[str, ...] = ()
    row_checks: tuple[RowCheck, ...] = ()

    @property
    def parquet(self) -> str:
        """Its Parquet file's name: a curated table has one beside its CSV (documents.csv -> documents.parquet)."""
        return self.file.rsplit(".", 1)[0] + ".parquet"

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _has_text(title: str, summary: str) -> RowCheck:
    return RowCheck("title_or_summary", lambda df: df[title].notna() | df[summary].notna())


def _precision_fits(df: pd.DataFrame) -> pd.Series:
    single = {"day": 10, "month": 7, "year": 4}
    first = df["date"].str.split("/").str[0].str.len()
    fits = first == df["date_precision"].map(single)
    interval = df["date_precision"].isin(["season", "decade", "day"]) & df["date"].str.contains("/", regex=False)
    return (fits | interval).fillna(False) | (df["date"].isna() & (df["date_precision"] == "none"))


def _range_ordered(df: pd.DataFrame) -> pd.Series:
    both = df["date_start"].notna() & df["date_end"].notna()
    return ~both | (df["date_start"] <= df["date_end"])


def _years_ordered(df: pd.DataFrame) -> pd.Series:
    both = df["birth_year"].notna() & df["death_year"].notna()
    return (~both | (df["birth_year"] <= df["death_year"])).astype(bool)


_PAGE_ID = Column("page_id", "string", "sha256 of the page's bytes.", required=True, pattern=SHA256)
_SOURCE = Column("source", "string", "The page's URL when harvested, else its path under the raw folder.",
                 required=True, min_length=1)
_LAYOUT = Column("layout", "string", "The page design it was read with.", enum=LAYOUTS)

PAGES = Table(
    "pages", "pages.parquet", "Pages", "staging/pages.parquet: one row per page read.",
    (
        _PAGE_ID, _SOURCE, _LAYOUT,
        Column("stated_start", "integer", "First result number the page states ('1 - 10 of 18').", minimum=0),
        Column("stated_end", "integer", "Last result number the page states.", minimum=0),
        Column("stated_total", "integer", "Total the page states.", minimum=0),
        Column("entries", "integer", "Entries staged from the page.", required=True, minimum=0),
        Column("status", "string", "What reading the page came to.", required=True, enum=STATUSES),
        Column("error", "string", "Why the page is not ok, in words."),
        Column("parser_version", "string", "Version of the page reader that read it.", required=True),
    ),
)

LISTINGS = Table(
    "listings", "listings.parquet", "Listings", "staging/listings.parquet: one row per result entry, values as written.",
    (
        _PAGE_ID, _SOURCE, replace(_LAYOUT, required=True),
        Column("position", "integer", "The entry's place among the page's results, from 1.", required=True, minimum=1),
        Column("date_raw", "string", "The date as written."),
        Column("title_raw", "string", "The title as written."),
        Column("summary_raw", "string", "The summary as written."),
        Column("record_url", "string", "Site-relative path of the document's page.", pattern=RECORD_PATH),
    ),
    unique_together=("page_id", "position"),
    row_checks=(_has_text("title_raw", "summary_raw"),),
)

PAGE_ISSUES = Table(
    "page_issues", "page_issues.parquet", "Page issues",
    "staging/page_issues.parquet: what a page held that was not accepted (rows of rejects.csv in the making).",
    (
        _PAGE_ID, _SOURCE,
        Column("position", "integer", "The entry's position; empty for the whole page.", minimum=1),
        Column("stage", "string", "Where it was found.", required=True, enum=STAGES),
        Column("check", "string", "The check that failed.", required=True, min_length=1),
        Column("reason", "string", "What was wrong, in words.", required=True, min_length=1),
    ),
)

RECORDS = Table(
    "records", "records.parquet", "Document pages",
    "staging/records.parquet: one row per document page (/document/<slug>), its catalogue fields as written.",
    (
        _PAGE_ID, _SOURCE,
        Column("title", "string", "The page's title."),
        Column("date_raw", "string", "The page's date as written."),
        Column("summary", "string", "The page's summary."),
        Column("record_url", "string", "The document's path, from the canonical link or the URL fetched."),
        Column("record_type", "string", "Type."),
        Column("source_citation", "string", "Source."),
        Column("record_id", "string", "Record ID."),
        Column("original_classification", "string", "Original Classification."),
        Column("upload_date", "string", "Original Uploaded Date."),
        Column("authors", "list", "Author(s)."),
        Column("people_orgs", "list", "Associated People & Organizations."),
        Column("places", "list", "Associated Places."),
        Column("subjects", "list", "Subjects Discussed."),
        Column("original_archive", "list", "Original Archive."),
        Column("language", "list", "Language."),
        Column("donors", "list", "Donors."),
    ),
)

DOCUMENTS = Table(
    "documents", "documents.csv", "Documents", "One row per archive document found in the pages under raw/.",
    (
        Column("doc_id", "string", "Stable id: the record's slug or number from its URL (/document/<slug>), else 'h-' and a hash of the normalized date and the title (or the summary when no page gives a title).",
               required=True, pattern=r"^[\w.-]+$", unique=True),
        Column("record_url", "string", "Site-relative path of the document's page (/document/<slug>); empty when no page linked it.",
               pattern=RECORD_PATH),
        Column("title", "string", "Title as written on the listing; empty when the only pages listing it lost their titles."),
        Column("summary", "string", "Summary as written; the longest one when pages differ."),
        Column("date", "string", "ISO 8601 date at the precision known: 1951-06-13, 1949-08 or 1948; an ISO interval for a range, a season or a decade (1951-06-13/1951-06-14, 1951-06/1951-08, 1950/1959); empty when undated or unreadable.",
               pattern=_DATE),
        Column("date_precision", "string", "day, month, season, year, decade, or none (undated or unreadable).",
               required=True, enum=PRECISIONS),
        Column("date_start", "date", "First day the date covers (1949-08 -> 1949-08-01); empty when undated.", pattern=ISO_DAY),
        Column("date_end", "date", "Last day the date covers (1949-08 -> 1949-08-31); empty when undated.", pattern=ISO_DAY),
        Column("date_edtf", "string", "The date in the Extended Date/Time Format (Library of Congress; ISO 8601-2): 1951-06-13, 1949-08, 1951~ (approximate), 1951? (uncertain), 195X (a decade), 1951-22 (summer).",
               pattern=_EDTF),
        Column("date_qualifier", "string", "exact, approximate ('ca. 1951'), uncertain ('1951?'), inferred ('[1951]', an editor's date), or undated; empty when unreadable.",
               enum=QUALIFIERS),
        Column("date_raw", "string", "The date exactly as the listing wrote it; empty when the listing has none."),
        Column("doc_type", "string", "Document type from the title, in a controlled vocabulary (Ciphered Telegram, Telegram, Cable, Letter, Memorandum of Conversation, Record of Conversation, Report, Note, Decision, …); empty when the title names none.",
               enum=tuple(vocabulary())),
        Column("doc_number", "string", "Document number from the title ('No. 0100' gives 0100: leading zeros kept)."),
        Column("origin_place", "string", "Place the document was sent from, as written in the title ('from Beijing')."),
        Column("senders", "string", "Canonical names of the senders, '; '-separated; a name the authority file does not know stays as written."),
        Column("recipients", "string", "Canonical names of the intended recipients ('to X, for Y' gives Y), '; '-separated."),
        Column("via", "string", "Canonical names of the channels a message went through ('to X, for Y' gives X; '[via Kovalev]'), '; '-separated."),
        Column("participants", "string", "Canonical names of the participants of a conversation ('between A and B'), '; '-separated; senders and recipients stay empty for conversations."),
        Column("people", "string", "Everyone named in the title or summary (roles and mentions), canonical names, '; '-separated."),
        Column("n_listings", "integer", "How many listing entries were merged into this row.", required=True, minimum=1),
        Column("sources", "string", "The raw pages that list the document (their URLs when harvested), '; '-separated.",
               required=True, min_length=1),
        Column("record_id", "string", "The archive's Record ID, from the document's own page (harvested with --records).",
               pattern=r"^\d+$", catalogue=True),
        Column("record_type", "string", "The document type as the archive catalogues it (its page's Type), from the document's own page.",
               catalogue=True),
        Column("source_citation", "string", "Where the original is held (the page's Source), from the document's own page.",
               catalogue=True),
        Column("original_archive", "string", "The archive(s) holding the original, '; '-separated, from the document's own page.",
               catalogue=True),
        Column("language", "string", "Language(s) of the original, '; '-separated, from the document's own page.", catalogue=True),
        Column("original_classification", "string", "The original's classification (Secret, Top Secret …), from the document's own page.",
               catalogue=True),
        Column("authors", "string", "Canonical names of the authors the archive catalogues, '; '-separated, from the document's own page."),
        Column("associated_people", "string", "Canonical names of the people and organizations the archive associates with the document, '; '-separated, from its own page."),
        Column("places", "string", "Places the archive associates with the document, '; '-separated, from its own page.", catalogue=True),
        Column("subjects", "string", "Subjects (Library of Congress headings), '; '-separated, from the document's own page.", catalogue=True),
        Column("upload_date", "date", "When the archive uploaded the document (its page's Original Uploaded Date).",
               pattern=ISO_DAY, catalogue=True),
    ),
    primary_key=("doc_id",),
    row_checks=(_has_text("title", "summary"), RowCheck("date_matches_precision", _precision_fits),
                RowCheck("date_range_ordered", _range_ordered)),
)

PEOPLE = Table(
    "people", "people.csv", "People and organizations",
    "One row per person or organization the run's documents name, from the authority (the hand-curated file and the built authority).",
    (
        Column("person_id", "string", "Stable id of the person or organization (mao_zedong, soviet_mfa).",
               required=True, pattern=r"^[a-z0-9_]+$", unique=True),
        Column("name", "string", "Canonical name (Joseph Stalin, Mao Zedong).", required=True, min_length=1),
        Column("sort_name", "string", "Name as the archive's headings write it (Mao, Zedong).", required=True, min_length=1),
        Column("kind", "string", "person or organization.", required=True, enum=KINDS),
        Column("birth_year", "integer", "Year of birth; empty when not known.", minimum=1000, maximum=2100),
        Column("death_year", "integer", "Year of death; empty when not known or living.", minimum=1000, maximum=2100),
        Column("wikidata_id", "string", "Wikidata id, only where verified; empty otherwise.", pattern=r"^Q\d+$"),
        Column("country", "string", "The country the person served or the body belongs to, where the sources say "
               "(USSR, China …)."),
        Column("source", "string", "Where the entry comes from: hand (the curated file), rules (party and state "
               "bodies), hsg:<id> (the Office of the Historian's persons database), catalogue (the archive's headings).",
               required=True, min_length=1),
        Column("aliases", "string", "Other ways the archive writes the name (pseudonyms, romanizations, spellings), '; '-separated."),
    ),
    primary_key=("person_id",),
    row_checks=(RowCheck("life_years_ordered", _years_ordered),),
)

DOCUMENT_PEOPLE = Table(
    "document_people", "document_people.csv", "Who each document names", "One row per document, person and role.",
    (
        Column("doc_id", "string", "The document (documents.doc_id).", required=True),
        Column("person_id", "string", "The person or organization (people.person_id); empty when the name is not in the authority file."),
        Column("role", "string", "sender, recipient, via, participant, author or associated (from the document's own page), or mentioned (named in the title or summary in no other role).",
               required=True, enum=ROLES),
        Column("as_written", "string", "The name exactly as the title or summary writes it (Cde. Filippov [Stalin]).",
               required=True, min_length=1),
        Column("descriptor", "string", "What the title says beside the name, kept apart from it: an office, a place or "
               "an affiliation (Soviet Ambassador to Poland; in Berlin; of the National Security Council Staff)."),
    ),
    foreign_keys=(("doc_id", "documents", "doc_id"), ("person_id", "people", "person_id")),
)

UNRESOLVED_NAMES = Table(
    "unresolved_names", "unresolved_names.csv", "Unresolved names",
    "Names the authority does not resolve, in any role, one row per name with its spellings together: the list a "
    "curator works through (decisions go into pipeline/data/authority.csv).",
    (
        Column("name", "string", "The name as most often written, honorifics dropped.", required=True),
        Column("spellings", "string", "Every spelling of it found ('; '-separated): they differ only in case, "
               "accents, punctuation or an article.", required=True),
        Column("count", "integer", "How many times it occurs across documents.", required=True),
        Column("documents", "integer", "In how many documents.", required=True),
        Column("roles", "string", "The roles it is named in, each with its count (sender (3); mentioned (1)).",
               required=True),
        Column("example_doc_ids", "string", "Up to three documents where it occurs ('; '-separated).", required=True),
        Column("candidates", "string", "Who it may be: the entities an ambiguous spelling names (a common surname's "
               "holders), or else the closest names of the authority with their similarity out of 100 "
               "(person_id (score)); empty when nothing comes close."),
    ),
    primary_key=("name",),
)

REJECTS = Table(
    "rejects", "rejects.csv", "Rejects", "One row per page or entry not accepted, and why. Just the header when nothing was rejected.",
    (
        Column("source", "string", "The raw page (or pages, for a document) concerned.", required=True),
        Column("position", "integer", "The entry's position on the page; empty for a whole page or a document.", minimum=1),
        Column("stage", "string", "read (the bytes), parse (the page's structure), or validate (a data-contract check).",
               required=True, enum=STAGES),
        Column("check", "string", "The check that failed (empty, binary, nul, too_large, too_deep, too_many_results, truncated, cut, layout, stated_count, count_out_of_range, no_entries, entry_text, hidden, not_a_document, duplicate_page, not_a_file, outside_raw, broken_link, linked_folder, unreadable_file, unreadable_folder, or a schema check).",
               required=True, min_length=1),
        Column("reason", "string", "What was wrong, in words.", required=True, min_length=1),
    ),
)

CHANGE_KINDS = ("added", "removed", "changed")

CHANGES = Table(
    "changes", "changes.csv", "Changes since the previous run",
    "What this set changed in the documents of the set it replaced, keyed by doc_id: one row per document added or "
    "removed, one row per field of a document that changed. Against no previous set, every document is added.",
    (
        Column("doc_id", "string", "The document (documents.doc_id, or the removed document's id).", required=True),
        Column("change", "string", "added, removed, or changed.", required=True, enum=CHANGE_KINDS),
        Column("field", "string", "The documents column that changed; empty for a document added or removed."),
        Column("old", "string", "The field's value in the previous set, as its CSV writes it; empty when it was empty."),
        Column("new", "string", "The field's value now, as documents.csv writes it; empty when it is empty."),
    ),
)

RUN_OUTCOMES = ("published", "up_to_date", "refused")

RUNS = Table(
    "runs", "runs.csv", "Runs",
    "One row per run over this folder, oldest first: when, by which code, over which input, and what it counted. "
    "Every run adds its row, including runs that found nothing new and runs refused.",
    (
        Column("run_id", "string", "The Prefect flow run's id; empty when no flow run was made: a command that found "
               "nothing new before starting Prefect, or a set written outside a flow."),
        Column("outcome", "string", "published (wrote the set), up_to_date (nothing new), or refused (see failed/).",
               required=True, enum=RUN_OUTCOMES),
        Column("started_at", "string", "When the run started (ISO 8601, UTC).", required=True),
        Column("finished_at", "string", "When it finished (ISO 8601, UTC).", required=True),
        Column("duration_s", "number", "Seconds from start to finish.", required=True),
        Column("package_version", "string", "Version of archive-pipeline.", required=True),
        Column("commit", "string", "The git commit of the code, when run from a checkout; empty otherwise."),
        Column("parser_version", "string", "Version of the page reader.", required=True),
        Column("input_fingerprint", "string", "sha256 of the pages, the code and its knowledge: equal fingerprints, "
               "equal output.", pattern=SHA256),
        Column("pages", "integer", "Pages in the raw folder.", minimum=0),
        Column("pages_parsed", "integer", "Pages parsed by this run (the others were reused from staging/).", minimum=0),
        Column("entries", "integer", "Listing entries read.", minimum=0),
        Column("documents", "integer", "Documents in the set.", minimum=0),
        Column("documents_normalized", "integer", "Documents normalized by this run (the others were taken from "
               "staging/documents_cache.parquet: their inputs, code and knowledge were unchanged).", minimum=0),
        Column("rejects", "integer", "Rows of rejects.csv.", minimum=0),
        Column("unresolved_names", "integer", "Rows of unresolved_names.csv.", minimum=0),
        Column("added", "integer", "Documents added since the previous set.", minimum=0),
        Column("removed", "integer", "Documents removed since the previous set.", minimum=0),
        Column("changed", "integer", "Documents with a field changed since the previous set.", minimum=0),
        Column("reason", "string", "Why a refused run was refused."),
    ),
)

STAGING = {t.name: t for t in (PAGES, LISTINGS, PAGE_ISSUES, RECORDS)}
# The tables of a published set, in the order the data dictionary, the data package and the database list them.
CURATED = {t.name: t for t in (DOCUMENTS, PEOPLE, DOCUMENT_PEOPLE, UNRESOLVED_NAMES, REJECTS, CHANGES)}

_ARROW = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "date": pa.date32(),
          "list": pa.list_(pa.string())}


def arrow_schema(table: Table) -> pa.Schema:
    """The table in Arrow: ISO date columns are real dates, lists are lists of strings."""
    return pa.schema([(c.name, _ARROW[c.type]) for c in table.columns])


def rows_frame(table: Table, rows: list[dict]) -> pd.DataFrame:
    """Rows built as dicts, as a frame of the table's columns. A row without a declared column, or with
    one the table does not declare, is a bug: it raises rather than becoming a silent null."""
    check_rows(table, rows)
    return pd.DataFrame(rows, columns=table.names)


def rows_arrow(table: Table, rows: list[dict]) -> pa.Table:
    """Rows as an Arrow table of the declared schema, checked as rows_frame checks them."""
    check_rows(table, rows)
    return pa.Table.from_pylist(rows, schema=arrow_schema(table))


def check_rows(table: Table, rows: list[dict]) -> None:
    declared = set(table.names)
    for row in rows:
        if row.keys() != declared:
            missing, extra = sorted(declared - row.keys()), sorted(row.keys() - declared)
            raise ValueError(f"a row of {table.name} does not match its declaration: "
                             f"missing {missing or 'nothing'}, undeclared {extra or 'nothing'}")
