"""The raw/ folder: every page, exactly as received, identified by the sha256 of its bytes.

Harvested pages are stored content-addressed under raw/harvested/ (file names come from hashes,
never from URL text), and raw/manifest.jsonl says where and when each was fetched. Pages saved by
hand can sit anywhere else in raw/.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pipeline.storage import atomic_path

# Files in raw/ that describe the pages rather than being pages.
NOT_PAGES = frozenset({".md", ".jsonl", ".json"})
MANIFEST = "manifest.jsonl"
HARVESTED = "harvested"


@dataclass(frozen=True)
class RawPage:
    source: str  # the page's path as "<raw folder name>/<path inside it>", the same on every machine
    path: Path
    page_id: str  # sha256 of the bytes


def inventory(raw_dir: str | Path) -> list[RawPage]:
    """Every page file under raw_dir, sorted by path. Hidden files and notes (*.md) are not pages.

    A harvested page's source is the URL it was fetched from (the latest, if several); a page
    saved by hand is known by its path.
    """
    root = Path(raw_dir)
    if not root.is_dir():
        raise FileNotFoundError(f"raw directory '{raw_dir}' does not exist")
    urls = {e.sha256: e.url for e in read_manifest(root) if e.sha256}
    pages = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or path.suffix.lower() in NOT_PAGES:
            continue
        pid = page_id(path.read_bytes())
        pages.append(RawPage(urls.get(pid) or f"{root.resolve().name}/{rel.as_posix()}", path, pid))
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
    ext = ".html" if content_type and "html" in content_type.lower() else ".txt" if content_type and "text" in content_type.lower() else ".bin"
    target = Path(raw_dir) / HARVESTED / f"{sha}{ext}"
    if target.exists():
        return sha, False
    with atomic_path(target) as tmp:
        tmp.write_bytes(body)
    return sha, True


def append_manifest(raw_dir: str | Path, entry: ManifestEntry) -> None:
    """Append one line and flush it to disk: a crash loses at most the line being written."""
    path = Path(raw_dir) / MANIFEST
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(asdict(entry), ensure_ascii=False) + "\n")
        f.flush()
        os.fsync(f.fileno())


def read_manifest(raw_dir: str | Path) -> list[ManifestEntry]:
    """Every manifest entry, oldest first. A line torn by a crash is skipped."""
    path = Path(raw_dir) / MANIFEST
    if not path.exists():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entries.append(ManifestEntry(**json.loads(line)))
        except (json.JSONDecodeError, TypeError):
            continue
    return entries
