"""Measuring the title reader against a labelled set of real archive titles.

    python -m pipeline.evaluate tests/labelled/titles.csv [--misses] [--write]

prints the accuracy of every field as a Markdown table. `--write` keeps the measurement in
tests/labelled/accuracy.json and rewrites the README's table from it. A value is right when it equals the
label exactly; names are compared as sets, since their order carries no meaning.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline.normalizing.authority import Authority
from pipeline.normalizing.merge import MergedDocument
from pipeline.normalizing.document import SEPARATOR, normalize_document

FIELDS = ("doc_type", "doc_number", "origin_place", "senders", "recipients", "via", "participants", "people")
NAME_FIELDS = frozenset({"senders", "recipients", "via", "participants", "people"})


@dataclass
class Miss:
    title: str
    field: str
    expected: str
    got: str


def read_labels(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def predict(label: dict, authority: Authority) -> dict:
    """What the pipeline reads from one labelled title (and its date), as a curated documents row."""
    doc = MergedDocument(doc_id="x", record_url=None, title=label["title"], summary=None,
                         date_raw=label["date_raw"] or None, n_listings=1, sources=["labelled"])
    return normalize_document(doc, authority).row


def evaluate(labels: list[dict], authority: Authority) -> tuple[dict[str, tuple[int, int]], list[Miss]]:
    """Per field: (right, total); and every miss, for reading."""
    score = {f: [0, 0] for f in FIELDS}
    misses = []
    for label in labels:
        row = predict(label, authority)
        for f in FIELDS:
            expected, got = _value(f, label.get(f)), _value(f, row.get(f))
            score[f][1] += 1
            if expected == got:
                score[f][0] += 1
            else:
                misses.append(Miss(label["title"], f, label.get(f) or "", row.get(f) or ""))
    return {f: (r, t) for f, (r, t) in score.items()}, misses


def table(score: dict[str, tuple[int, int]]) -> str:
    lines = ["| field | right | of | accuracy |", "|---|---|---|---|"]
    lines += [f"| `{f}` | {r} | {t} | {r / t:.1%} |" for f, (r, t) in score.items()]
    return "\n".join(lines)


def _value(field: str, value) -> object:
    text = (value or "").strip()
    if field in NAME_FIELDS:
        return frozenset(v.strip() for v in text.split(SEPARATOR.strip()) if v.strip())
    return text


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    path = args[0] if args else "tests/labelled/titles.csv"
    labels = read_labels(path)
    score, misses = evaluate(labels, Authority.load())
    print(table(score))
    if "--write" in args:
        from pipeline.writing import readme

        measured = {"labels": str(path), "titles": len(labels), "measured": time.strftime("%Y-%m-%d"),
                    "score": {f: list(v) for f, v in score.items()}}
        readme.ACCURACY.write_text(json.dumps(measured, indent=2) + "\n", encoding="utf-8")
        readme.write_sections({"accuracy": readme.accuracy_markdown(measured)})
        print(f"written to {readme.ACCURACY} and the README")
    if "--misses" in args:
        for m in misses:
            print(f"\n{m.field}: {m.title}\n  expected: {m.expected}\n  got:      {m.got}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
