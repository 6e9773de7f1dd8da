"""From staging to curated: merge listings into documents, normalize them, validate, and account for rejects."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pandas as pd
import pyarrow as pa

from pipeline.authority import Authority
from pipeline.dictionary import columns
from pipeline.documents import merge_listings
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


def build(staged: Staged, authority: Authority, duplicate_rejects: pd.DataFrame | None = None) -> Curated:
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
    normalized = [normalize_document(doc, authority, records) for doc in merge_listings(listings)]
    documents = pd.DataFrame([n.row for n in normalized], columns=columns("documents"))
    documents, failed = split_valid(Documents, documents)
    rejects.append(
        pd.DataFrame(
            [dict(source=normalized[i].row["sources"], position=None, stage="validate", check=check,
                  reason=f"document {normalized[i].row['doc_id']}: {reason}")
             for i, check, reason in zip(failed["index"], failed["check"], failed["reason"])],
            columns=REJECT_COLUMNS,
        )
    )
    kept = [n for n in normalized if n.row["doc_id"] in set(documents["doc_id"])]

    links = pd.DataFrame([link for n in kept for link in n.links], columns=columns("document_people"))
    document_people, _ = split_valid(DocumentPeople, links)
    people, _ = split_valid(People, people_frame(authority))
    unresolved = unresolved_names(kept)
    all_rejects, _ = split_valid(Rejects, pd.concat([r for r in rejects if not r.empty] or [rejects[0]], ignore_index=True))

    counts = {
        "pages": len(staged.pages),
        **{f"pages_{status}": n for status, n in Counter(staged.pages["status"]).items()},
        "entries": len(staged.listings),
        "documents": len(documents),
        "documents_undated": int((documents["date_precision"] == "none").sum()),
        "dates_unreadable": sum(n.date_unreadable for n in kept),
        "unresolved_names": len(unresolved),
        "unresolved_mentions": int(unresolved["count"].sum()) if not unresolved.empty else 0,
        "fuzzy_matches": len(authority.fuzzy_matches),
        "rejects": len(all_rejects),
        **quality(documents),
    }
    return Curated(documents.reset_index(drop=True), people, document_people.reset_index(drop=True),
                   unresolved, all_rejects, counts)


def people_frame(authority: Authority) -> pd.DataFrame:
    rows = [
        dict(person_id=e.person_id, name=e.name, sort_name=e.sort_name, kind=e.kind, birth_year=e.birth_year,
             death_year=e.death_year, wikidata_id=e.wikidata_id,
             aliases="; ".join(dict.fromkeys(a.text for a in e.aliases if a.text != e.name)) or None)
        for e in authority.entities.values()
    ]
    return pd.DataFrame(rows, columns=columns("people")).astype({"birth_year": "Int64", "death_year": "Int64"})


def unresolved_names(kept) -> pd.DataFrame:
    """Names in a sender, recipient, via or participant slot that the authority file does not know."""
    count: Counter = Counter()
    example: dict[str, str] = {}
    for n in kept:
        for name in n.unresolved:
            count[name] += 1
            example.setdefault(name, n.row["doc_id"])
    rows = [dict(name=name, count=c, example_doc_id=example[name]) for name, c in sorted(count.items(), key=lambda kv: (-kv[1], kv[0]))]
    return pd.DataFrame(rows, columns=columns("unresolved_names"))


def _validation_rejects(frame: pd.DataFrame, failed: pd.DataFrame, position: bool) -> pd.DataFrame:
    if failed.empty:
        return pd.DataFrame(columns=REJECT_COLUMNS)
    rows = frame.loc[failed["index"]]
    return pd.DataFrame(
        dict(source=rows["source"].to_numpy(), position=rows["position"].to_numpy() if position else None,
             stage="validate", check=failed["check"].to_numpy(), reason=failed["reason"].to_numpy()),
        columns=REJECT_COLUMNS,
    )
