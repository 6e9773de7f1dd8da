"""staging/documents_cache.parquet: each document as the last run normalized it, keyed by what that is a function of.

A document's curated row, its people and the names it leaves unresolved depend on its merged listings, the catalogue
fields of its own page, and the code and knowledge that read them (pipeline/ and pipeline/data/), and on nothing
else: documents are normalized one by one. The key is the sha256 of all of these, so an entry is used only when a
run would compute the same thing again. A re-run after a few pages changed normalizes only the documents those
pages touch; a change of code or knowledge normalizes every document again.

The cache holds the documents of the last run only (it is rewritten whole, never grown). Being keyed by content, it
needs no manifest: an entry from another run, or from a run that crashed, is either exactly right or not used.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import storage
from pipeline.normalizing.authority import Authority
from pipeline.normalizing.document import (
    NormalizedDocument,
    normalize_document,
    own_record,
)
from pipeline.normalizing.merge import MergedDocument, documents_of
from pipeline.run_rules import code_fingerprint

FILE = "documents_cache.parquet"
SCHEMA = pa.schema([("doc_id", pa.string()), ("key", pa.string()), ("normalized", pa.string())])

# doc_id -> (key, the normalized document as JSON): what a batch is sent of the cache.
Cached = dict[str, tuple[str, str]]


def knowledge(authority: Authority) -> str:
    """The code and knowledge a run normalizes with: the package's fingerprint, and the authority files it loaded
    when they are not the ones shipped in pipeline/data."""
    digest = hashlib.sha256(code_fingerprint().encode())
    for location in getattr(authority, "_files", None) or ():
        if isinstance(location, (str, Path)):
            digest.update(b"\0" + Path(location).read_bytes())
        elif location is not None:  # `built=False`: the hand file alone
            digest.update(f"\0{location!r}".encode())
    if getattr(authority, "_files", None) is None:  # made of entities in memory: nothing to name it by
        digest.update(f"\0{id(authority)}".encode())
    return digest.hexdigest()


def key(doc: MergedDocument, records: dict[str, dict] | None, knowledge: str) -> str:
    """The sha256 of everything normalize_document reads of a document."""
    inputs = [knowledge, doc.doc_id, doc.record_url, doc.title, doc.summary, doc.date_raw, doc.n_listings,
              doc.sources, doc.record_pages, own_record(doc, records)]
    return hashlib.sha256(json.dumps(inputs, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()


def normalized(documents: pa.Table, authority: Authority, records: dict[str, dict], cached: Cached,
               knowledge: str) -> tuple[list[NormalizedDocument], pa.Table, int]:
    """A batch's documents normalized, each taken from `cached` when its key matches; with the batch's cache entries
    (the next run's cache) and how many documents were normalized anew."""
    out, rows, fresh = [], {"doc_id": [], "key": [], "normalized": []}, 0
    for doc in documents_of(documents):
        doc_key = key(doc, records, knowledge)
        known = cached.get(doc.doc_id)
        text = known[1] if known and known[0] == doc_key else None
        result = _decode(text) if text is not None else None
        if result is None:  # not in the cache, or its entry does not read: computed, and its entry written anew
            result, text, fresh = normalize_document(doc, authority, records), None, fresh + 1
        out.append(result)
        rows["doc_id"].append(doc.doc_id)
        rows["key"].append(doc_key)
        rows["normalized"].append(text if text is not None else _encode(result))
    return out, pa.table(rows, schema=SCHEMA), fresh


def load(staging_dir: str | Path) -> Cached:
    """The cache the last run left, by doc_id; empty when there is none or it cannot be read (it only costs time)."""
    location = storage.join(staging_dir, FILE)
    try:
        if not storage.exists(location):
            return {}
        table = pq.read_table(pa.BufferReader(storage.read_bytes(location)))
        ids, keys, texts = (table.column(name).to_pylist() for name in SCHEMA.names)
    except Exception:  # noqa: BLE001 - a damaged cache is a cold cache, never a failed run
        return {}
    return {doc_id: (k, text) for doc_id, k, text in zip(ids, keys, texts)}


def for_batch(cache: Cached, documents: pa.Table) -> Cached:
    """The entries a batch of documents may use: what is sent to its worker."""
    return {doc_id: cache[doc_id] for doc_id in documents.column("doc_id").to_pylist() if doc_id in cache}


def write(staging_dir: str | Path, batches: list[pa.Table]) -> None:
    """The run's entries, in place of the last run's (written whole or not at all)."""
    storage.write_parquet(pa.concat_tables(batches) if batches else SCHEMA.empty_table(),
                          storage.join(staging_dir, FILE))


def _encode(document: NormalizedDocument) -> str:
    return json.dumps([document.row, document.links, document.unresolved, document.date_unreadable, document.fuzzy,
                       document.title_cut_short], ensure_ascii=False)


def _decode(text: str) -> NormalizedDocument | None:
    try:
        row, links, unresolved, date_unreadable, fuzzy, cut_short = json.loads(text)
        return NormalizedDocument(row, links, [(name, role, tuple(candidates)) for name, role, candidates in unresolved],
                                  date_unreadable=date_unreadable, fuzzy=fuzzy, title_cut_short=cut_short)
    except (TypeError, ValueError):  # an entry that does not read as one is computed again
        return None
