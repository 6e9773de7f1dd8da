"""From staging to curated: merge listings into documents, normalize them, validate, and account for rejects."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources

import pandas as pd
import pyarrow as pa

from pipeline.authority import Authority
from pipeline.dictionary import columns
from pipeline.documents import MergedDocument, merge_listings
from pipeline.normalize import normalize_document
from pipeline.report import quality
from pipeline.schemas import Documents, DocumentPeople, Listings, Pages, People, Rejects, split_valid
from pipeline.staging import Staged

REJECT_COLUMNS = columns("rejects")


@dataclass
class Curated:
    documents: pd.DataFrame
    people: pd.DataFrame
    document_people: pd.DataFrame
    unresolved_names: pd.DataFrame
    rejects: pd.DataFrame
    counts: dict = field(default_factory=dict)

    @property
    def reject_share(self) -> float:
        """Rejected pages and entries as a share of all pages and entries read."""
        seen = self.counts["pages"] + self.counts["entries"]
        return len(self.rejects) / seen if seen else 0.0


@dataclass
class Prepared:
    """Listings validated and merged into documents, before they are normalized."""

    staged: Staged
    documents: list[MergedDocument]
    records: dict[str, dict]  # page_id of a document page -> its staging/records row
    rejects: list[pd.DataFrame]


def build(staged: Staged, authority: Authority, duplicate_rejects: pd.DataFrame | None = None) -> Curated:
    """Staging to curated in one process: prepare, normalize every document, finish."""
    prepared = prepare(staged, duplicate_rejects)
    return finish(prepared, [normalize_documents(prepared.documents, authority, prepared.records)], authority)


def prepare(staged: Staged, duplicate_rejects: pd.DataFrame | None = None) -> Prepared:
    rejects = [staged.issues[REJECT_COLUMNS]]
    if duplicate_rejects is not None and not duplicate_rejects.empty:
        rejects.append(duplicate_rejects[REJECT_COLUMNS])
    pages, failed = split_valid(Pages, staged.pages)
    rejects.append(_validation_rejects(staged.pages, failed, position=False))
    listings, failed = split_valid(Listings, staged.listings)
    rejects.append(_validation_rejects(staged.listings, failed, position=True))
    listings = listings[listings["page_id"].isin(pages["page_id"])]
    # Through Arrow, so list columns come back as Python lists and missing values as None.
    records = {r["page_id"]: r for r in pa.Table.from_pandas(staged.records, preserve_index=False).to_pylist()}
    return Prepared(staged, merge_listings(listings), records, rejects)


@dataclass
class NormalizedBatch:
    """A batch of normalized documents as tables: compact to hold, and to send back from a worker
    (90,000 documents as Python objects take several times the memory of the same rows in columns)."""

    documents: pd.DataFrame  # rows of curated/documents
    links: pd.DataFrame  # rows of curated/document_people
    unresolved: pd.DataFrame  # name, doc_id: names in a role slot the authority file does not know
    flags: pd.DataFrame  # doc_id, date_unreadable, fuzzy


def normalize_documents(documents: list[MergedDocument], authority: Authority,
                        records: dict[str, dict]) -> NormalizedBatch:
    """Each document made analysable; independent of the others, so batches can run on several workers."""
    normalized = [normalize_document(doc, authority, records) for doc in documents]
    return NormalizedBatch(
        documents=pd.DataFrame([n.row for n in normalized], columns=columns("documents")),
        links=pd.DataFrame([link for n in normalized for link in n.links], columns=columns("document_people")),
        unresolved=pd.DataFrame([(name, n.row["doc_id"]) for n in normalized for name in n.unresolved],
                                columns=["name", "doc_id"]),
        flags=pd.DataFrame([(n.row["doc_id"], n.date_unreadable, n.fuzzy) for n in normalized],
                           columns=["doc_id", "date_unreadable", "fuzzy"]),
    )


def records_for(prepared: Prepared, documents: list[MergedDocument]) -> dict[str, dict]:
    """The document pages a batch of documents needs (what a worker is sent)."""
    return {p: prepared.records[p] for doc in documents for p in doc.record_pages if p in prepared.records}


def finish(prepared: Prepared, batches: list[NormalizedBatch], authority: Authority) -> Curated:
    staged, rejects = prepared.staged, list(prepared.rejects)
    every = _concat([b.documents for b in batches], columns("documents"))
    documents, failed = split_valid(Documents, every)
    rejects.append(
        pd.DataFrame(
            [dict(source=every.at[i, "sources"], position=None, stage="validate", check=check,
                  reason=f"document {every.at[i, 'doc_id']}: {reason}")
             for i, check, reason in zip(failed["index"], failed["check"], failed["reason"])],
            columns=REJECT_COLUMNS,
        )
    )
    valid = set(documents["doc_id"])
    links = _concat([b.links for b in batches], columns("document_people"))
    document_people, _ = split_valid(DocumentPeople, links[links["doc_id"].isin(valid)])
    people, _ = split_valid(People, people_frame(authority))
    unresolved = _concat([b.unresolved for b in batches], ["name", "doc_id"])
    unresolved = unresolved_names(unresolved[unresolved["doc_id"].isin(valid)])
    flags = _concat([b.flags for b in batches], ["doc_id", "date_unreadable", "fuzzy"])
    flags = flags[flags["doc_id"].isin(valid)]
    all_rejects, _ = split_valid(Rejects, pd.concat([r for r in rejects if not r.empty] or [rejects[0]], ignore_index=True))

    counts = {
        "pages": len(staged.pages),
        **{f"pages_{status}": n for status, n in Counter(staged.pages["status"]).items()},
        "entries": len(staged.listings),
        "documents": len(documents),
        "documents_undated": int((documents["date_precision"] == "none").sum()),
        "dates_unreadable": int(flags["date_unreadable"].sum()),
        "unresolved_names": len(unresolved),
        "unresolved_mentions": int(unresolved["count"].sum()) if not unresolved.empty else 0,
        "fuzzy_matches": int(flags["fuzzy"].sum()),
        "rejects": len(all_rejects),
        **quality(documents),
    }
    return Curated(documents.reset_index(drop=True), people, document_people.reset_index(drop=True),
                   unresolved, all_rejects, counts)


def input_fingerprint(pages, max_reject_share: float) -> str:
    """What the curated tables are a function of: every page (content and source), the code that
    reads them and the knowledge it reads them with (pipeline/ and pipeline/data/), and the run's
    reject threshold. Equal fingerprints mean a re-run would write the same bytes."""
    digest = hashlib.sha256(f"{max_reject_share}".encode())
    for page in sorted(pages, key=lambda p: p.source):
        digest.update(f"{page.source}\0{page.page_id}\n".encode())
    package = resources.files("pipeline")
    for path in sorted(_code_files(package), key=str):
        digest.update(str(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _code_files(folder):
    for item in folder.iterdir():
        if item.is_dir() and item.name != "__pycache__":
            yield from _code_files(item)
        elif item.name.endswith((".py", ".csv", ".txt")):
            yield item


def people_frame(authority: Authority) -> pd.DataFrame:
    rows = [
        dict(person_id=e.person_id, name=e.name, sort_name=e.sort_name, kind=e.kind, birth_year=e.birth_year,
             death_year=e.death_year, wikidata_id=e.wikidata_id,
             aliases="; ".join(dict.fromkeys(a.text for a in e.aliases if a.text != e.name)) or None)
        for e in authority.entities.values()
    ]
    return pd.DataFrame(rows, columns=columns("people")).astype({"birth_year": "Int64", "death_year": "Int64"})


def unresolved_names(found: pd.DataFrame) -> pd.DataFrame:
    """Names in a sender, recipient, via or participant slot that the authority file does not know:
    each with how often it occurs and the first document it occurs in, most frequent first."""
    if found.empty:
        return pd.DataFrame(columns=columns("unresolved_names"))
    counts = found.groupby("name", sort=False).agg(count=("doc_id", "size"), example_doc_id=("doc_id", "first"))
    counts = counts.reset_index().sort_values(["count", "name"], ascending=[False, True], kind="stable")
    return counts[columns("unresolved_names")].reset_index(drop=True)


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
