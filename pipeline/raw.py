"""The raw/ folder: every saved page, exactly as received, identified by the sha256 of its bytes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

# Files in raw/ that describe the pages rather than being pages.
NOT_PAGES = frozenset({".md", ".jsonl", ".json"})


@dataclass(frozen=True)
class RawPage:
    source: str  # the page's path as "<raw folder name>/<path inside it>", the same on every machine
    path: Path
    page_id: str  # sha256 of the bytes


def inventory(raw_dir: str | Path) -> list[RawPage]:
    """Every page file under raw_dir, sorted by path. Hidden files and notes (*.md) are not pages."""
    root = Path(raw_dir)
    if not root.is_dir():
        raise FileNotFoundError(f"raw directory '{raw_dir}' does not exist")
    pages = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or path.suffix.lower() in NOT_PAGES:
            continue
        pages.append(RawPage(f"{root.resolve().name}/{rel.as_posix()}", path, page_id(path.read_bytes())))
    return pages


def page_id(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
