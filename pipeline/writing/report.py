"""The run report: how complete the curated documents are, compared with the previous run."""

from __future__ import annotations

import pandas as pd

# The shares a curator watches: a drop means pages changed shape or the parser lost its grip.
QUALITY = {
    "share_with_date": ("a date", "date"),
    "share_with_type": ("a document type", "doc_type"),
    "share_with_senders": ("senders", "senders"),
    "share_with_recipients": ("recipients", "recipients"),
}
# A drop smaller than this is noise from a few documents coming and going.
DROP_TOLERANCE = 0.005


def present(documents: pd.DataFrame) -> dict[str, int]:
    """How many documents have each field: counted batch by batch, summed, then made shares by quality()."""
    return {key: int(documents[column].notna().sum()) for key, (_, column) in QUALITY.items()}


def quality(present: dict[str, int], n: int) -> dict[str, float]:
    """Share of the n documents that have each field, rounded to 4 places."""
    return {key: round(present.get(key, 0) / n, 4) if n else 0.0 for key in QUALITY}


def drops(current: dict, previous: dict | None) -> list[str]:
    """Warnings, in words, for every share that fell since the previous run."""
    if not previous:
        return []
    out = []
    for key, (label, _) in QUALITY.items():
        before, now = previous.get(key), current.get(key)
        if before is not None and now is not None and now < before - DROP_TOLERANCE:
            out.append(f"documents with {label} fell from {before:.1%} to {now:.1%}")
    return out


def markdown(counts: dict, previous: dict | None, report_address: str | None = None) -> str:
    """The data-quality report published as a Prefect markdown artifact, linking to the run's full report."""
    lines = ["# Data quality of curated/documents", "",
             *([f"The full report, with charts: [{report_address}]({report_address})", ""] if report_address else []),
             f"{counts.get('documents', 0)} documents from {counts.get('entries', 0)} entries on "
             f"{counts.get('pages', 0)} pages; {counts.get('rejects', 0)} rejects; "
             f"{counts.get('unresolved_names', 0)} unresolved names.", "",
             "| documents with | this run | previous run | change |", "|---|---|---|---|"]
    for key, (label, _) in QUALITY.items():
        now = counts.get(key)
        before = (previous or {}).get(key)
        change = f"{(now - before) * 100:+.1f} pt" if now is not None and before is not None else "–"
        lines.append(f"| {label} | {_pct(now)} | {_pct(before)} | {change} |")
    warnings = drops(counts, previous)
    lines += ["", "## Warnings", ""] + [f"- {w}" for w in warnings] if warnings else ["", "No share fell since the previous run."]
    return "\n".join(lines) + "\n"


def _pct(value) -> str:
    return "–" if value is None else f"{value:.1%}"
