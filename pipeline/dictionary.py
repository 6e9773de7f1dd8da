"""The data dictionary: every curated table and column, described once.

curated/datapackage.json is written from it, and a test keeps the README's data dictionary in step.
Types are Frictionless Table Schema types.
"""

from __future__ import annotations

from pipeline import __version__

TABLES: dict[str, dict] = {
    "documents": {
        "title": "Documents",
        "description": "One row per archive document found in the pages under raw/.",
        "primary_key": ["doc_id"],
        "fields": [
            ("doc_id", "string", "Stable id: the record's slug or number from its URL (/document/<slug>), else 'h-' and a hash of the normalized date and the title (or the summary when no page gives a title)."),
            ("record_url", "string", "Site-relative path of the document's page (/document/<slug>); empty when no page linked it."),
            ("title", "string", "Title as written on the listing; empty when the only pages listing it lost their titles."),
            ("summary", "string", "Summary as written; the longest one when pages differ."),
            ("date", "string", "ISO 8601 date at the precision known: 1951-06-13, 1949-08 or 1948; an ISO interval for a range, a season or a decade (1951-06-13/1951-06-14, 1951-06/1951-08, 1950/1959); empty when undated or unreadable."),
            ("date_precision", "string", "day, month, season, year, decade, or none (undated or unreadable)."),
            ("date_start", "date", "First day the date covers (1949-08 -> 1949-08-01); empty when undated."),
            ("date_end", "date", "Last day the date covers (1949-08 -> 1949-08-31); empty when undated."),
            ("date_edtf", "string", "The date in the Extended Date/Time Format (Library of Congress; ISO 8601-2): 1951-06-13, 1949-08, 1951~ (approximate), 1951? (uncertain), 195X (a decade), 1951-22 (summer)."),
            ("date_qualifier", "string", "exact, approximate ('ca. 1951'), uncertain ('1951?'), inferred ('[1951]', an editor's date), or undated; empty when unreadable."),
            ("date_raw", "string", "The date exactly as the listing wrote it; empty when the listing has none."),
            ("doc_type", "string", "Document type from the title, in a controlled vocabulary (Ciphered Telegram, Telegram, Cable, Letter, Memorandum of Conversation, Record of Conversation, Report, Note, Decision, …); empty when the title names none."),
            ("doc_number", "string", "Document number from the title ('No. 0100' gives 0100: leading zeros kept)."),
            ("origin_place", "string", "Place the document was sent from, as written in the title ('from Beijing')."),
            ("senders", "string", "Canonical names of the senders, '; '-separated; a name the authority file does not know stays as written."),
            ("recipients", "string", "Canonical names of the intended recipients ('to X, for Y' gives Y), '; '-separated."),
            ("via", "string", "Canonical names of the channels a message went through ('to X, for Y' gives X; '[via Kovalev]'), '; '-separated."),
            ("participants", "string", "Canonical names of the participants of a conversation ('between A and B'), '; '-separated; senders and recipients stay empty for conversations."),
            ("people", "string", "Everyone named in the title or summary (roles and mentions), canonical names, '; '-separated."),
            ("n_listings", "integer", "How many listing entries were merged into this row."),
            ("sources", "string", "The raw pages that list the document (their URLs when harvested), '; '-separated."),
            ("record_id", "string", "The archive's Record ID, from the document's own page (harvested with --records)."),
            ("record_type", "string", "The document type as the archive catalogues it (its page's Type), from the document's own page."),
            ("source_citation", "string", "Where the original is held (the page's Source), from the document's own page."),
            ("original_archive", "string", "The archive(s) holding the original, '; '-separated, from the document's own page."),
            ("language", "string", "Language(s) of the original, '; '-separated, from the document's own page."),
            ("original_classification", "string", "The original's classification (Secret, Top Secret …), from the document's own page."),
            ("authors", "string", "Canonical names of the authors the archive catalogues, '; '-separated, from the document's own page."),
            ("associated_people", "string", "Canonical names of the people and organizations the archive associates with the document, '; '-separated, from its own page."),
            ("places", "string", "Places the archive associates with the document, '; '-separated, from its own page."),
            ("subjects", "string", "Subjects (Library of Congress headings), '; '-separated, from the document's own page."),
            ("upload_date", "date", "When the archive uploaded the document (its page's Original Uploaded Date)."),
        ],
    },
    "people": {
        "title": "People and organizations",
        "description": "The authority file: one row per person or organization the pipeline resolves names to.",
        "primary_key": ["person_id"],
        "fields": [
            ("person_id", "string", "Stable id of the person or organization (mao_zedong, soviet_mfa)."),
            ("name", "string", "Canonical name (Joseph Stalin, Mao Zedong)."),
            ("sort_name", "string", "Name as the archive's headings write it (Mao, Zedong)."),
            ("kind", "string", "person or organization."),
            ("birth_year", "integer", "Year of birth; empty when not known."),
            ("death_year", "integer", "Year of death; empty when not known or living."),
            ("wikidata_id", "string", "Wikidata id, only where verified; empty otherwise."),
            ("aliases", "string", "Other ways the archive writes the name (pseudonyms, romanizations, spellings), '; '-separated."),
        ],
    },
    "document_people": {
        "title": "Who each document names",
        "description": "One row per document, person and role.",
        "primary_key": [],
        "fields": [
            ("doc_id", "string", "The document (documents.doc_id)."),
            ("person_id", "string", "The person or organization (people.person_id); empty when the name is not in the authority file."),
            ("role", "string", "sender, recipient, via, participant, author or associated (from the document's own page), or mentioned (named in the title or summary in no other role)."),
            ("as_written", "string", "The name exactly as the title or summary writes it (Cde. Filippov [Stalin])."),
        ],
    },
    "unresolved_names": {
        "title": "Unresolved names",
        "description": "Names in a sender, recipient, via or participant slot that the authority file does not know, for a curator to add.",
        "primary_key": ["name"],
        "fields": [
            ("name", "string", "The name as written, honorifics dropped."),
            ("count", "integer", "How many times it occurs across documents."),
            ("example_doc_id", "string", "A document where it occurs."),
        ],
    },
    "rejects": {
        "title": "Rejects",
        "description": "One row per page or entry not accepted, and why. Just the header when nothing was rejected.",
        "primary_key": [],
        "fields": [
            ("source", "string", "The raw page (or pages, for a document) concerned."),
            ("position", "integer", "The entry's position on the page; empty for a whole page or a document."),
            ("stage", "string", "read (the bytes), parse (the page's structure), or validate (a data-contract check)."),
            ("check", "string", "The check that failed (empty, binary, truncated, layout, stated_count, no_entries, entry_text, not_a_document, duplicate_page, or a schema check)."),
            ("reason", "string", "What was wrong, in words."),
        ],
    },
}


def columns(table: str) -> list[str]:
    return [name for name, _, _ in TABLES[table]["fields"]]


def datapackage() -> dict:
    """A Frictionless Data Package descriptor of the curated CSVs."""
    resources = []
    for name, table in TABLES.items():
        schema = {
            "fields": [{"name": f, "type": t, "description": d} for f, t, d in table["fields"]],
            "missingValues": [""],
        }
        if table["primary_key"]:
            schema["primaryKey"] = table["primary_key"]
        if name == "document_people":
            schema["foreignKeys"] = [
                {"fields": "doc_id", "reference": {"resource": "documents", "fields": "doc_id"}},
                {"fields": "person_id", "reference": {"resource": "people", "fields": "person_id"}},
            ]
        resources.append(
            {
                "name": name.replace("_", "-"),
                "path": f"{name}.csv",
                "title": table["title"],
                "description": table["description"],
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "header": True, "doubleQuote": True},
                "schema": schema,
            }
        )
    return {
        "name": "wilson-center-digital-archive-listings",
        "title": "Wilson Center Digital Archive: documents from search-result pages",
        "profile": "tabular-data-package",
        "version": __version__,
        "resources": resources,
    }
