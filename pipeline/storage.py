"""Where files live: local paths or fsspec URLs (file://, memory://, s3://…), read and written atomically.

A file is written beside its target and then moved over it, so a crash never leaves half a file:
- on a local disk the move is a rename (atomic);
- on other filesystems the move is fsspec's `mv`. On object stores (S3, GCS) that is a copy and a
  delete: a reader never sees half an object, since a single object is written whole, but the move
  is not one atomic step, and appending to a file (raw/manifest.jsonl) rewrites it.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

import fsspec
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from fsspec.implementations.local import LocalFileSystem

# The temporary file a write starts as (".<name>.<uuid4 hex>.tmp", beside its target; DuckDB adds its log as
# ".tmp.wal"). One left behind is debris of a process that died while writing.
_TEMPORARY = re.compile(r"^\..+\.[0-9a-f]{32}\.tmp(\.wal)?$")


def filesystem(location: str | Path) -> tuple[fsspec.AbstractFileSystem, str]:
    """The filesystem a location is on, and its path there."""
    return fsspec.core.url_to_fs(str(location))


def join(location: str | Path, *parts: str) -> str:
    """A path or URL inside `location`."""
    return "/".join([str(location).rstrip("/"), *parts])


def exists(location: str | Path) -> bool:
    fs, path = filesystem(location)
    return fs.exists(path)


def is_dir(location: str | Path) -> bool:
    fs, path = filesystem(location)
    return fs.isdir(path)


def list_files(location: str | Path) -> list[tuple[str, str]]:
    """Every file under a folder, as (location of the file, path relative to the folder), sorted."""
    fs, root = filesystem(location)
    root = root.rstrip("/")
    out = []
    for path in sorted(fs.find(root)):
        rel = path[len(root):].lstrip("/")
        out.append((_relocate(location, rel), rel))
    return out


def remove(location: str | Path) -> None:
    """Remove a file or a folder with everything in it; nothing happens when it is not there."""
    fs, path = filesystem(location)
    if fs.exists(path):
        fs.rm(path, recursive=True)


def read_bytes(location: str | Path) -> bytes:
    fs, path = filesystem(location)
    return fs.cat_file(path)


def read_text(location: str | Path) -> str:
    return read_bytes(location).decode("utf-8")


def read_parquet(location: str | Path) -> pd.DataFrame:
    return pd.read_parquet(io.BytesIO(read_bytes(location)), dtype_backend="pyarrow")


@contextmanager
def atomic_path(target: str | Path):
    """Yield a local temporary path; on success its file replaces (or is moved to) the target."""
    fs, path = filesystem(target)
    if isinstance(fs, LocalFileSystem):
        folder = Path(path).parent
        folder.mkdir(parents=True, exist_ok=True)
        tmp = str(folder / f".{Path(path).name}.{uuid.uuid4().hex}.tmp")
        # Created as open() creates files (0o666 less the umask), not owner-only as mkstemp would:
        # curated files are for everyone the umask allows.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    else:
        fd, tmp = tempfile.mkstemp(suffix=".tmp")
    os.close(fd)
    try:
        yield Path(tmp)
        if isinstance(fs, LocalFileSystem):
            os.replace(tmp, path)
        else:
            parent, _, name = path.rpartition("/")
            staged = f"{parent}/.{name}.{uuid.uuid4().hex}.tmp"
            fs.put_file(tmp, staged)
            fs.mv(staged, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


# Each write returns the sha256 of the bytes written, for the manifest that says a set of files is whole.
def write_bytes(data: bytes, target: str | Path) -> str:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
        return digest(tmp)


def write_csv(df: pd.DataFrame, target: str | Path) -> str:
    """UTF-8 CSV with a header and no index; missing values are empty fields."""
    with atomic_path(target) as tmp:
        df.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n")
        return digest(tmp)


def write_parquet(table: pa.Table, target: str | Path) -> str:
    # Without pandas' metadata: it names pandas-only dtypes (list<item: string>[pyarrow]) that older pandas, and
    # pandas without pyarrow's types, cannot read back. The Arrow schema alone says every type.
    with atomic_path(target) as tmp:
        pq.write_table(table.replace_schema_metadata(None), tmp)
        return digest(tmp)


def write_json(obj, target: str | Path) -> str:
    with atomic_path(target) as tmp:
        tmp.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return digest(tmp)


def digest(location: str | Path) -> str:
    """The sha256 of a file's bytes, read in blocks."""
    fs, path = filesystem(location)
    sha = hashlib.sha256()
    with fs.open(path, "rb") as f:
        while block := f.read(1 << 20):
            sha.update(block)
    return sha.hexdigest()


def whole(folder: str | Path, files: dict[str, str]) -> bool:
    """Whether every file a manifest names is in the folder with the bytes it had when the manifest was written."""
    try:
        return bool(files) and all(digest(join(folder, name)) == sha for name, sha in files.items())
    except (OSError, ValueError):
        return False


def remove_temporary(folder: str | Path) -> list[str]:
    """Remove the temporary files that writers which died left in a folder (and below it); say which. Only for a
    folder no one else is writing: its lock is held (pipeline/locks.py)."""
    fs, root = filesystem(folder)
    if not fs.exists(root):
        return []
    debris = [path for path in fs.find(root) if _TEMPORARY.match(path.rsplit("/", 1)[-1])]
    for path in debris:
        fs.rm(path)
    return debris


def append_line(line: str, target: str | Path) -> None:
    """Append one line. Locally it is flushed to disk at once, so a crash loses at most that line."""
    fs, path = filesystem(target)
    if isinstance(fs, LocalFileSystem):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as f:
            f.write(line + "\n")
            f.flush()
            os.fsync(f.fileno())
        return
    # Object stores cannot append: rewrite the file whole (one writer at a time).
    before = fs.cat_file(path) if fs.exists(path) else b""
    write_bytes(before + (line + "\n").encode("utf-8"), target)


def _relocate(location: str | Path, rel: str) -> str:
    return join(location, rel) if rel else str(location)
