"""The raw/ folder: every page, exactly as received, identified by the sha256 of its bytes.

Harvested pages are stored content-addressed under raw/harvested/ (file names come from hashes,
never from URL text), and raw/manifest.jsonl says where and when each was fetched. Pages saved by
hand can sit anywhere else in raw/.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

from pipeline import storage

# Files in raw/ that describe the pages rather than being pages.
NOT_PAGES = frozenset({".md", ".jsonl", ".json"})
MANIFEST = "manifest.jsonl"
HARVESTED = "harvested"


@dataclass(frozen=True)
class RawPage:
    source: str  # the URL it was fetched from, or "<raw folder name>/<path inside it>" (the same on every machine)
    path: str  # where its bytes are: a local path or an fsspec URL
    page_id: str  # sha256 of the bytes


def inventory(raw_dir: str | Path) -> list[RawPage]:
    """Every page file under raw_dir (a path or an fsspec URL), sorted by path.

    Hidden files and notes (*.md, *.json, *.jsonl) are not pages. A harvested page's source is the
    URL it was fetched from (the latest, if several); a page saved by hand is known by its path.
    """
    if not storage.is_dir(raw_dir):
        raise FileNotFoundError(f"raw directory '{raw_dir}' does not exist")
    urls = {e.sha256: e.url for e in read_manifest(raw_dir) if e.sha256}
    folder = PurePosixPath(storage.filesystem(raw_dir)[1].rstrip("/")).name
    pages = []
    for location, rel in storage.list_files(raw_dir):
        parts = PurePosixPath(rel).parts
        if any(part.startswith(".") for part in parts) or PurePosixPath(rel).suffix.lower() in NOT_PAGES:
            continue
        pid = page_id(storage.read_bytes(location))
        pages.append(RawPage(urls.get(pid) or f"{folder}/{rel}", location, pid))
    return pages


def page_id(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class ManifestEntry:
    """One fetch: where a page came from, when, and what came back."""

    url: str
    kind: str  # "search" or "document"
    fetched_at: str  # ISO 8601, UTC
    status: int  # 200, or 304 (unchanged: sha256 names the copy already kept)
    sha256: str | None
    bytes: int | None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    query: str | None = None
    filters: list[str] = field(default_factory=list)
    page: int | None = None
    records: list[str] = field(default_factory=list)  # record paths the page lists (search pages)
    stated: list[int] | None = None  # the page's "start - end of total" (search pages)
    has_next: bool = False  # whether its pager links a next page (search pages)


def store_page(raw_dir: str | Path, body: bytes, content_type: str | None) -> tuple[str, bool]:
    """Keep `body` byte for byte under raw/harvested/<sha256>.<ext>. Returns (sha256, whether a file was added)."""
    sha = page_id(body)
    kind = (content_type or "").lower()
    ext = ".html" if "html" in kind else ".txt" if "text" in kind else ".bin"
    target = storage.join(raw_dir, HARVESTED, f"{sha}{ext}")
    if storage.exists(target):
        return sha, False
    storage.write_bytes(body, target)
    return sha, True


def append_manifest(raw_dir: str | Path, entry: ManifestEntry) -> None:
    """Append one line and flush it to disk: a crash loses at most the line being written."""
    storage.append_line(json.dumps(asdict(entry), ensure_ascii=False), storage.join(raw_dir, MANIFEST))


def read_manifest(raw_dir: str | Path) -> list[ManifestEntry]:
    """Every manifest entry, oldest first. A line torn by a crash is skipped."""
    path = storage.join(raw_dir, MANIFEST)
    if not storage.exists(path):
        return []
    entries = []
    for line in storage.read_text(path).splitlines():
        try:
            entries.append(ManifestEntry(**json.loads(line)))
        except (json.JSONDecodeError, TypeError):
            continue
    return entries
