"""The raw/ folder: every page, exactly as received, identified by the sha256 of its bytes.

Harvested pages are stored content-addressed under raw/harvested/ (file names come from hashes,
never from URL text), and raw/manifest.jsonl says where and when each was fetched. Pages saved by
hand can sit anywhere else in raw/.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

from fsspec.implementations.local import LocalFileSystem

from pipeline import limits, storage

# Files in raw/ that describe the pages rather than being pages.
NOT_PAGES = frozenset({".md", ".jsonl", ".json"})
MANIFEST = "manifest.jsonl"
HARVESTED = "harvested"


@dataclass(frozen=True)
class RawPage:
    source: str  # the URL it was fetched from, or "<raw folder name>/<path inside it>" (the same on every machine)
    path: str  # where its bytes are: a local path or an fsspec URL
    page_id: str  # sha256 of the bytes


@dataclass(frozen=True)
class Skipped:
    """Something in raw/ that is not read as a page, and why: a reject row in the making."""

    source: str
    check: str
    reason: str


@dataclass
class Inventory:
    pages: list[RawPage]
    skipped: list[Skipped]
    # Each local page file's [size, modification time (ns), inode, sha256]: what the next inventory need not read again.
    hashes: dict[str, list] = field(default_factory=dict)
    # Whether `hashes` differ from what staging/ holds: only then are they written again.
    hashes_new: bool = True

    def rejects(self) -> list[dict]:
        """What was skipped, as rows of rejects.csv (stage "read")."""
        return [dict(source=s.source, position=None, stage="read", check=s.check, reason=s.reason) for s in self.skipped]


# What the last inventory knew of the local page files (Inventory.hashes), kept in staging/. A file whose size,
# modification time and inode are all unchanged is not read again to be hashed, as make, rsync and git decide; a
# page edited in place changes its modification time, and is read again.
HASHES = "raw_hashes.json"


def known_hashes(staging_dir: str | Path) -> dict[str, list] | None:
    """The file hashes an earlier inventory kept in staging_dir; None when there are none or they cannot be read."""
    location = storage.join(staging_dir, HASHES)
    try:
        known = json.loads(storage.read_text(location)) if storage.exists(location) else None
    except (OSError, ValueError):
        return None
    return known if isinstance(known, dict) else None


def keep_hashes(staging_dir: str | Path, found: Inventory) -> None:
    """Keep the inventory's file hashes for the next one (written whole or not at all), unless staging_dir holds them
    already. ASCII JSON: a file name that is not UTF-8 is kept as escapes, and read back as the same name."""
    if not found.hashes_new:
        return
    storage.write_bytes(json.dumps(found.hashes).encode("ascii"), storage.join(staging_dir, HASHES))


def inventory(raw_dir: str | Path, known: dict[str, list] | None = None) -> Inventory:
    """Every page file under raw_dir (a path or an fsspec URL), sorted by path, and what was skipped, and why.

    Hidden files and notes (*.md, *.json, *.jsonl) are not pages. Only regular files inside raw_dir are read:
    FIFOs, devices, links that lead out of raw_dir, to nothing or round in a loop, and files over
    limits.MAX_PAGE_BYTES are skipped and reported. A harvested page's source is the URL it was fetched from (the
    latest, if several); a page saved by hand is known by its path, written so that any file name (bytes that are
    not UTF-8, line breaks, control characters) is safe in every output.
    """
    if not storage.is_dir(raw_dir):
        raise FileNotFoundError(f"raw directory '{raw_dir}' does not exist")
    urls = {e.sha256: e.url for e in read_manifest(raw_dir) if e.sha256}
    fs, root = storage.filesystem(raw_dir)
    folder = PurePosixPath(root.rstrip("/")).name
    found = Inventory([], [])
    files = _local_files(Path(root), found, folder) if isinstance(fs, LocalFileSystem) else [
        (location, rel, fs.size(storage.filesystem(location)[1]), None) for location, rel in storage.list_files(raw_dir)]
    kept = known or {}
    for location, rel, size, signature in files:
        parts = PurePosixPath(rel).parts
        if any(part.startswith(".") for part in parts) or PurePosixPath(rel).suffix.lower() in NOT_PAGES:
            continue
        source = f"{folder}/{label(rel)}"
        if size > limits.MAX_PAGE_BYTES:
            found.skipped.append(Skipped(source, "too_large", f"{size:,} bytes, over the {limits.MAX_PAGE_BYTES:,} "
                                                              "a page may have: not read"))
            continue
        before = kept.get(location)
        if signature is not None and isinstance(before, list) and before[:3] == signature and len(before) == 4:
            pid = before[3]
        else:
            try:
                pid = page_id(read_file(location))
            except Unreadable as err:
                found.skipped.append(Skipped(source, err.check, err.reason))
                continue
        if signature is not None:
            found.hashes[location] = [*signature, pid]
        found.pages.append(RawPage(urls.get(pid) or source, location, pid))
    found.hashes_new = found.hashes != known
    return found


class Unreadable(Exception):
    """A page file that cannot be read as one (gone, not a regular file any more, no permission, too large)."""

    def __init__(self, check: str, reason: str):
        super().__init__(reason)
        self.check = check
        self.reason = reason


def read_file(location: str | Path) -> bytes:
    """A page file's bytes. Locally it is opened without blocking and read only if it is (still) a regular file,
    at most limits.MAX_PAGE_BYTES: a file swapped for a FIFO or a device between the inventory and the reading
    cannot hang or flood the run. Raises Unreadable, saying why."""
    fs, path = storage.filesystem(location)
    try:
        if not isinstance(fs, LocalFileSystem):
            return storage.read_bytes(location)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise Unreadable("not_a_file", "no longer a regular file when it was read: not read")
            with os.fdopen(fd, "rb", closefd=False) as f:
                data = f.read(limits.MAX_PAGE_BYTES + 1)
        finally:
            os.close(fd)
    except OSError as err:
        raise Unreadable("unreadable_file", f"the file could not be read ({err.strerror or err})") from None
    if len(data) > limits.MAX_PAGE_BYTES:
        raise Unreadable("too_large", f"over the {limits.MAX_PAGE_BYTES:,} bytes a page may have: not read")
    return data


def label(name: str) -> str:
    """A file name as text any output carries safely: bytes that are not UTF-8 as \\xNN, control characters
    (line breaks included) escaped."""
    text = os.fsencode(name).decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def _local_files(root: Path, found: Inventory, folder: str) -> list[tuple[str, str, int, list[int]]]:
    """The regular files under a local raw folder, sorted by path, as (path, path inside the folder, size,
    [size, modification time in ns, inode]). What is not a regular file inside it is reported in `found.skipped`.
    Links to folders are not followed."""
    real_root = os.path.realpath(root)
    out = []

    def walk(folder_path: str, rel_folder: str) -> None:
        try:
            entries = sorted(os.scandir(folder_path), key=lambda e: e.name)
        except OSError as err:
            rel = rel_folder or "."
            found.skipped.append(Skipped(f"{folder}/{label(rel)}", "unreadable_folder",
                                         f"a folder that could not be listed ({err.strerror or err}): its files not read"))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = f"{rel_folder}/{entry.name}" if rel_folder else entry.name
            try:
                # A plain file or folder (no link) needs no more than the folder listing told: the common case,
                # cheap. Links and anything else are looked at closely.
                plain_file = not entry.is_symlink() and entry.is_file(follow_symlinks=False)
                plain_folder = not plain_file and not entry.is_symlink() and entry.is_dir(follow_symlinks=False)
            except OSError:
                plain_file = plain_folder = False
            if plain_folder:
                walk(entry.path, rel)
                continue
            why = None if plain_file else _not_a_page_file(entry.path, real_root)
            if why:
                found.skipped.append(Skipped(f"{folder}/{label(rel)}", *why))
            elif plain_file or not os.path.isdir(entry.path):
                st = os.stat(entry.path)
                out.append((entry.path, rel, st.st_size, [st.st_size, st.st_mtime_ns, st.st_ino]))

    walk(str(root), "")
    return sorted(out, key=lambda item: item[1])


def _not_a_page_file(path: str, real_root: str) -> tuple[str, str] | None:
    """(check, reason) when a directory entry is not a file to read as a page; None for a regular file or a folder
    that os.walk enters."""
    try:
        is_link = os.path.islink(path)
        target = os.path.realpath(path)
        mode = os.stat(path).st_mode
    except OSError as err:  # a link to nothing, or round in a loop
        return "broken_link", f"a link that leads to no file ({err.strerror.lower() if err.strerror else err})"
    if is_link and os.path.commonpath([target, real_root]) != real_root:
        return "outside_raw", "a link to a file outside the raw folder: not read"
    if stat.S_ISDIR(mode):
        return ("linked_folder", "a link to a folder: not followed") if is_link else None
    if not stat.S_ISREG(mode):
        kind = ("a FIFO" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
        return "not_a_file", f"{kind}, not a regular file: not read"
    return None


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
