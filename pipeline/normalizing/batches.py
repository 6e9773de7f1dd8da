"""From staging to curated: merge listings into documents, normalize them, validate, and account for rejects."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

from pipeline.contract import split_valid
from pipeline.normalizing import document_cache
from pipeline.normalizing.authority import Authority, fold
from pipeline.normalizing.document import SEPARATOR, normalize_document
from pipeline.normalizing.merge import documents_of, merge_listings
from pipeline.reading.staging import Staged
from pipeline.tables import DOCUMENT_PEOPLE, DOCUMENTS, LISTINGS, PAGES, PEOPLE, REJECTS, UNRESOLVED_NAMES, rows_frame
from pipeline.writing.report import present, quality

REJECT_COLUMNS = REJECTS.names


@dataclass
class Outcome:
    """What a run found, beside the documents themselves: the small tables and the counts."""

    people: pd.DataFrame
    unresolved_names: pd.DataFrame
    rejects: pd.DataFrame
    counts: dict

    @property
    def reject_share(self) -> float:
        """Rejected pages and entries as a share of all pages and entries read."""
        seen = self.counts["pages"] + self.counts["entries"]
        return len(self.rejects) / seen if seen else 0.0


@dataclass
class Curated(Outcome):
    """Every curated table in memory: for a run small enough to hold (a notebook, the tests)."""

    documents: pd.DataFrame
    document_people: pd.DataFrame


@dataclass
class Prepared:
    """Listings validated and merged into documents, before they are normalized."""

    counts: dict  # pages (by status) and entries read
    documents: pa.Table  # one row per document (pipeline.normalizing.merge.MERGED_SCHEMA)
    records: dict[str, dict]  # page_id of a document page -> its staging/records row
    rejects: list[pd.DataFrame]
    duplicate_ids: frozenset[str]  # doc_ids that more than one document would take


def build(staged: Staged, authority: Authority, read_rejects: pd.DataFrame | None = None) -> Curated:
    """Staging to curated in one process and one batch: prepare, normalize every document, sum up."""
    prepared = prepare(staged, read_rejects)
    batch = normalize_documents(prepared.documents, authority, prepared.records, prepared.duplicate_ids)
    summary = Summary(prepared)
    summary.add(batch.report)
    outcome = summary.outcome(authority)
    return Curated(**vars(outcome), documents=batch.documents, document_people=batch.links)


def prepare(staged: Staged, read_rejects: pd.DataFrame | None = None) -> Prepared:
    rejects = [staged.issues[REJECT_COLUMNS]]
    if read_rejects is not None and not read_rejects.empty:
        rejects.append(read_rejects[REJECT_COLUMNS])
    pages, failed = split_valid(PAGES, staged.pages)
    rejects.append(_validation_rejects(staged.pages, failed, position=False))
    listings, failed = split_valid(LISTINGS, staged.listings)
    rejects.append(_validation_rejects(staged.listings, failed, position=True))
    listings = listings[listings["page_id"].isin(pages["page_id"])]
    # Through Arrow, so list columns come back as Python lists and missing values as None.
    records = {r["page_id"]: r for r in pa.Table.from_pandas(staged.records, preserve_index=False).to_pylist()}
    documents = merge_listings(listings)
    ids = documents.column("doc_id").to_pandas()
    counts = {
        "pages": len(staged.pages),
        **{f"pages_{status}": n for status, n in Counter(staged.pages["status"]).items()},
        "entries": len(staged.listings),
    }
    return Prepared(counts, documents, records, rejects, frozenset(ids[ids.duplicated(keep=False)]))


@dataclass
class BatchReport:
    """What a batch of documents adds to the run's counts, rejects and unresolved names."""

    unresolved: pd.DataFrame  # name, role, candidates, doc_id: each name no one resolved
    rejects: pd.DataFrame  # documents that broke the contract
    tallies: Counter  # documents, documents_undated, dates_unreadable, titles_cut_short, fuzzy_matches, present()
    named: frozenset[str]  # the entities the batch's documents name


@dataclass
class NormalizedBatch:
    """A batch of normalized, validated documents as tables: compact to hold and to send back from a
    worker (documents as Python objects take several times the memory of the same rows in columns)."""

    documents: pd.DataFrame  # valid rows of curated/documents
    links: pd.DataFrame  # their rows of curated/document_people
    report: BatchReport
    cache: pa.Table | None = None  # the batch's entries of staging's document cache, when it was given one


def normalize_documents(documents: pa.Table, authority: Authority, records: dict[str, dict],
                        duplicate_ids: frozenset[str] = frozenset(), cached: document_cache.Cached | None = None,
                        knowledge: str | None = None) -> NormalizedBatch:
    """Each document made analysable and checked against the contract; independent of the others, so
    batches can run on several workers. `duplicate_ids`: ids that documents outside this batch take too.
    With `knowledge` (document_cache.knowledge), a document whose entry in `cached` has the same key is taken from
    it instead of being normalized again, and the batch returns its cache entries."""
    entries, fresh = None, None
    if knowledge is None:
        normalized = [normalize_document(doc, authority, records) for doc in documents_of(documents)]
    else:
        normalized, entries, fresh = document_cache.normalized(documents, authority, records, cached or {}, knowledge)
    every = rows_frame(DOCUMENTS, [n.row for n in normalized])
    taken = every["doc_id"].isin(duplicate_ids)
    valid, failed = split_valid(DOCUMENTS, every[~taken])
    # An id another document takes too fails the contract's uniqueness, whichever batch the other is in.
    failures = sorted([*((i, "field_uniqueness", f"doc_id: field_uniqueness (value {every.at[i, 'doc_id']!r})")
                         for i in every.index[taken]),
                       *zip(failed["index"], failed["check"], failed["reason"])])
    rejects = rows_frame(REJECTS, [
        dict(source=every.at[i, "sources"], position=None, stage="validate", check=check,
             reason=f"document {every.at[i, 'doc_id']}: {reason}") for i, check, reason in failures])
    kept = set(valid["doc_id"])
    kept_docs = [n for n in normalized if n.row["doc_id"] in kept]
    links = rows_frame(DOCUMENT_PEOPLE, [link for n in kept_docs for link in n.links])
    document_people, _ = split_valid(DOCUMENT_PEOPLE, links)
    tallies = Counter(
        documents=len(valid),
        documents_undated=int((valid["date_precision"] == "none").sum()),
        dates_unreadable=sum(n.date_unreadable for n in kept_docs),
        titles_cut_short=sum(n.title_cut_short for n in kept_docs),
        fuzzy_matches=sum(n.fuzzy for n in kept_docs),
        documents_normalized=len(normalized) if fresh is None else fresh,
        **present(valid),
    )
    unresolved = pd.DataFrame([(name, role, SEPARATOR.join(candidates), n.row["doc_id"])
                               for n in kept_docs for name, role, candidates in n.unresolved],
                              columns=UNRESOLVED_FOUND)
    named = frozenset(document_people["person_id"].dropna())
    return NormalizedBatch(valid.reset_index(drop=True), document_people.reset_index(drop=True),
                           BatchReport(unresolved, rejects, tallies, named), entries)


def records_for(prepared: Prepared, documents: pa.Table) -> dict[str, dict]:
    """The document pages a batch of documents needs (what a worker is sent)."""
    pages = documents.column("record_pages").to_pylist()
    return {p: prepared.records[p] for listed in pages for p in listed if p in prepared.records}


class Summary:
    """The run's counts, rejects and unresolved names, gathered batch by batch as the batches come in."""

    def __init__(self, prepared: Prepared):
        self.counts = dict(prepared.counts)
        self.rejects = list(prepared.rejects)
        self.unresolved: list[pd.DataFrame] = []
        self.tallies: Counter = Counter()
        self.named: set[str] = set()

    def add(self, report: BatchReport) -> None:
        self.rejects.append(report.rejects)
        self.unresolved.append(report.unresolved)
        self.tallies.update(report.tallies)
        self.named |= report.named

    def outcome(self, authority: Authority) -> Outcome:
        people, _ = split_valid(PEOPLE, people_frame(authority, self.named))
        unresolved = unresolved_names(_concat(self.unresolved, UNRESOLVED_FOUND), authority)
        all_rejects, _ = split_valid(REJECTS, _concat(self.rejects, REJECT_COLUMNS))
        t, n = self.tallies, self.tallies["documents"]
        counts = {
            **self.counts,
            "documents": n,
            "documents_undated": t["documents_undated"],
            "dates_unreadable": t["dates_unreadable"],
            "titles_cut_short": t["titles_cut_short"],
            "unresolved_names": len(unresolved),
            "unresolved_mentions": int(unresolved["count"].sum()) if not unresolved.empty else 0,
            "fuzzy_matches": t["fuzzy_matches"],
            "documents_normalized": t["documents_normalized"],
            "rejects": len(all_rejects),
            **quality(t, n),
        }
        return Outcome(people, unresolved, all_rejects, counts)


def people_frame(authority: Authority, named: set[str] | frozenset[str]) -> pd.DataFrame:
    """The entities the run's documents name, as curated/people rows (the built authority knows some sixteen
    thousand; the table holds those a join on person_id can meet)."""
    rows = [
        dict(person_id=e.person_id, name=e.name, sort_name=e.sort_name, kind=e.kind, birth_year=e.birth_year,
             death_year=e.death_year, wikidata_id=e.wikidata_id, country=e.country, source=e.source,
             aliases="; ".join(dict.fromkeys(a.text for a in e.aliases if a.text != e.name)) or None)
        for e in authority.entities.values() if e.person_id in named
    ]
    return rows_frame(PEOPLE, rows).astype({"birth_year": "Int64", "death_year": "Int64"})


UNRESOLVED_FOUND = ["name", "role", "candidates", "doc_id"]
_EXAMPLES = 3


def unresolved_names(found: pd.DataFrame, authority: Authority) -> pd.DataFrame:
    """The names no one resolved, for a curator to work through: the spellings of one name together (they differ
    only in case, accents, punctuation or an article), with how often they occur, in which roles, example documents,
    and who they may be: the entities an ambiguous spelling names, or else the closest names of the authority with
    their scores. Most frequent first."""
    if found.empty:
        return pd.DataFrame(columns=UNRESOLVED_NAMES.names)
    found = found.assign(key=[fold(n).removeprefix("the ") for n in found["name"]])
    rows = []
    for key, group in found.groupby("key", sort=False):
        spellings = group["name"].value_counts()
        roles = group["role"].value_counts()
        candidates = [c for cs in group["candidates"] for c in cs.split(SEPARATOR) if c]
        rows.append(dict(
            name=spellings.index[0], spellings=SEPARATOR.join(spellings.index), count=len(group),
            documents=group["doc_id"].nunique(), roles=SEPARATOR.join(f"{r} ({n})" for r, n in roles.items()),
            example_doc_ids=SEPARATOR.join(list(dict.fromkeys(group["doc_id"]))[:_EXAMPLES]),
            candidates=SEPARATOR.join(dict.fromkeys(candidates)) or authority.closest(spellings.index[0]) or None,
        ))
    out = pd.DataFrame(rows, columns=UNRESOLVED_NAMES.names)
    return out.sort_values(["count", "name"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _concat(frames: list[pd.DataFrame], names: list[str]) -> pd.DataFrame:
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=names)


def _validation_rejects(frame: pd.DataFrame, failed: pd.DataFrame, position: bool) -> pd.DataFrame:
    if failed.empty:
        return pd.DataFrame(columns=REJECT_COLUMNS)
    rows = frame.loc[failed["index"]]
    return pd.DataFrame(
        dict(source=rows["source"].to_numpy(), position=rows["position"].to_numpy() if position else None,
             stage="validate", check=failed["check"].to_numpy(), reason=failed["reason"].to_numpy()),
        columns=REJECT_COLUMNS,
    )
