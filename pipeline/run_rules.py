"""The run's rules, as plain functions: is anything new, may this run publish, what it counted.

The curate flow asks these and acts; they know nothing of Prefect.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import PurePosixPath

from pipeline.reading.page import ACCEPTED

MAX_REJECT_SHARE = 0.25
# A run may publish fewer documents than the published set only by this share, unless told (--allow-shrink):
# pages lost from raw/ or a reader gone wrong must not quietly replace good data with less.
MAX_SHRINK_SHARE = 0.05
FINGERPRINT = "input_fingerprint"
MANIFEST = "files"  # what run_summary.json says of each file of the set (pipeline/writing/curated_files.py)


class TooManyRejects(RuntimeError):
    """More of the input was rejected than the run allows."""


class NothingReadable(RuntimeError):
    """Every page failed: the run has nothing to curate."""


class NoPages(RuntimeError):
    """The raw folder holds no page: the run has nothing to curate."""


class WouldShrink(RuntimeError):
    """The run would publish fewer documents than the published set holds, by more than allowed."""


def no_pages(raw_dir: str) -> NoPages:
    return NoPages(f"no pages in {raw_dir}: nothing to curate (the published set is left as it was)")


def input_fingerprint(pages, max_reject_share: float, skipped=()) -> str:
    """What the curated tables are a function of: every page (content and source), what raw/ holds that is not
    read (it is in rejects.csv), the code that reads them and the knowledge it reads them with (code_fingerprint),
    and the run's reject threshold. Equal fingerprints mean a re-run would write the same bytes."""
    digest = hashlib.sha256(f"{max_reject_share}\0{code_fingerprint()}".encode())
    for page in sorted(pages, key=lambda p: p.source):
        digest.update(f"{page.source}\0{page.page_id}\n".encode())
    for item in sorted(skipped, key=lambda s: s.source):
        digest.update(f"{item.source}\0{item.check}\0{item.reason}\n".encode())
    return digest.hexdigest()


def code_fingerprint() -> str:
    """The sha256 of the code (pipeline/) and of the knowledge it reads (every file of pipeline/data/, the built
    authority included). Files are named by their path inside the package, so it does not depend on where the
    package is installed."""
    digest = hashlib.sha256()
    for name, data in sorted(_code_files(resources.files("pipeline"), PurePosixPath())):
        digest.update(str(name).encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def _code_files(folder, prefix: PurePosixPath):
    for item in folder.iterdir():
        if item.is_dir() and item.name != "__pycache__":
            yield from _code_files(item, prefix / item.name)
        elif item.name.endswith(".py") or (prefix.parts[:1] == ("data",) and item.is_file()):
            yield prefix / item.name, item.read_bytes()


def up_to_date(previous: dict | None, fingerprint: str, curated_complete: bool) -> bool:
    """Nothing new: the same pages, code and knowledge would write the same bytes again."""
    return bool(previous) and previous.get(FINGERPRINT) == fingerprint and curated_complete


def up_to_date_counts(previous: dict, pages: int) -> dict:
    """What a run that found nothing new reports: the previous counts, nothing parsed."""
    counts = {k: v for k, v in previous.items() if k not in (MANIFEST, "changes_unknown")}
    return {**counts, "pages_parsed": 0, "pages_reused": previous.get("pages", pages), "documents_normalized": 0,
            "up_to_date": True, "added": 0, "removed": 0, "changed": 0}  # this run changed nothing


def run_counts(outcome_counts: dict, parsed: int, reused: int, fingerprint: str) -> dict:
    return {**outcome_counts, "pages_parsed": parsed, "pages_reused": reused, FINGERPRINT: fingerprint}


def published(counts: dict) -> dict:
    """The counts as shown to people (the fingerprint is for the next run only)."""
    return {k: v for k, v in counts.items() if k not in (FINGERPRINT, MANIFEST)}


def refusal(counts: dict, reject_share: float, max_reject_share: float, raw_dir: str, rejects_path: str,
            previous: dict | None = None, allow_shrink: bool = False) -> RuntimeError | None:
    """Why this run may not replace the curated documents, or None when it may."""
    if counts["pages"] and not sum(counts.get(f"pages_{status}", 0) for status in ACCEPTED):
        return NothingReadable(f"none of the {counts['pages']} pages in {raw_dir} could be read; see {rejects_path}")
    if reject_share > max_reject_share:
        return TooManyRejects(
            f"{counts['rejects']} rejects make {reject_share:.0%} of pages and entries read, over the "
            f"allowed {max_reject_share:.0%}; see {rejects_path} (documents left as they were)"
        )
    before = (previous or {}).get("documents") or 0
    after = counts.get("documents", 0)
    if not allow_shrink and before and after < before * (1 - MAX_SHRINK_SHARE):
        return WouldShrink(
            f"this run found {after} documents where the published set has {before} ({1 - after / before:.0%} fewer, "
            f"over the allowed {MAX_SHRINK_SHARE:.0%}); the published set is left as it was: check {raw_dir}, "
            f"or pass --allow-shrink to replace it"
        )
    return None


def in_batches(items, size: int) -> list:
    """Consecutive slices of at most `size` items: one task per batch, never one per page or record."""
    return [items[i : i + size] for i in range(0, len(items), size)]
