"""Measuring the title reader against the labelled set of real archive titles (tests/labelled/).

    python -m pipeline.evaluate [tests/labelled/titles.csv] [--part test|development] [--misses] [--write]
    python -m pipeline.evaluate --agreement [tests/labelled/second_reading.csv]

prints the accuracy of every field, per part of the set, as Markdown tables. `--misses` lists the development
part's misses (the test part's are not for reading while rules are written: see tests/labelled/README.md).
`--write` keeps the measurement in tests/labelled/accuracy.json and rewrites the README's tables from it.
`--agreement` measures how often a second reader, labelling a sample of test titles blind under the same guide,
gives the same value as the set: the ceiling any reader can be shown to reach with this measuring stick.

A value is right when it equals the label. Names are compared as sets of who they are: the label's names and the
reading's are both resolved through the authority file, so "Filippov [Stalin]" and "Joseph Stalin" are one person,
and a name the authority file does not know is compared as written, with honorifics, case and punctuation aside.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline.normalizing.authority import Authority, fold
from pipeline.normalizing.bodies import in_context
from pipeline.normalizing.dates import parse_date
from pipeline.normalizing.document import SEPARATOR, NormalizedDocument, normalize_document
from pipeline.normalizing.merge import MergedDocument

FIELDS = ("doc_type", "doc_number", "origin_place", "senders", "recipients", "via", "participants", "people")
NAME_FIELDS = frozenset({"senders", "recipients", "via", "participants", "people"})
PARTS = ("test", "development")
LABELS = Path("tests/labelled/titles.csv")
SECOND_READING = Path("tests/labelled/second_reading.csv")


@dataclass
class Miss:
    title: str
    field: str
    expected: str
    got: str


def read_labels(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def part(label: dict) -> str:
    """The fixed split (tests/labelled/README.md): the first batch, read while the reader was written, is all
    development; of later titles, those whose sha256 ends in a hex digit 0-8 are the test part."""
    if label.get("batch", "1") == "1":
        return "development"
    digit = hashlib.sha256(label["title"].encode("utf-8")).hexdigest()[-1]
    return "test" if int(digit, 16) <= 8 else "development"


def predict(label: dict, authority: Authority) -> NormalizedDocument:
    """What the pipeline reads from one labelled title (and its date): its curated documents row and links."""
    doc = MergedDocument(doc_id="x", record_url=None, title=label["title"], summary=None,
                         date_raw=label["date_raw"] or None, n_listings=1, sources=["labelled"])
    return normalize_document(doc, authority)


# The roles each name field holds; `people` holds every role a title gives, mentions included.
FIELD_ROLES = {"senders": ("sender",), "recipients": ("recipient",), "via": ("via",),
               "participants": ("participant",), "people": ("sender", "recipient", "via", "participant", "mentioned")}


def evaluate(labels: list[dict], authority: Authority) -> tuple[dict[str, tuple[int, int]], list[Miss]]:
    """Per field: (right, total); and every miss, for reading. A name the pipeline resolved counts as the entity
    it resolved to (its canonical name may be another's spelling too), an unresolved one as written."""
    score = {f: [0, 0] for f in FIELDS}
    misses = []
    for label in labels:
        normalized = predict(label, authority)
        row = normalized.row
        date = parse_date(label["date_raw"] or None).date
        year = int(date[:4]) if date else None
        for f in FIELDS:
            expected = (_expected_names(label, f, authority, year) if f in NAME_FIELDS
                        else _value(f, label.get(f), authority, year))
            got = _linked(normalized, f, authority, year) if f in NAME_FIELDS else _value(f, row.get(f), authority, year)
            score[f][1] += 1
            if expected == got:
                score[f][0] += 1
            else:
                misses.append(Miss(label["title"], f, label.get(f) or "", row.get(f) or ""))
    return {f: (r, t) for f, (r, t) in score.items()}, misses


def agreement(labels: list[dict], second: list[dict], authority: Authority) -> dict[str, tuple[int, int]]:
    """Per field: (titles on which the second reading gives the set's value, titles read twice). Both readings
    are compared as a label is compared with the pipeline's reading: names as who they are."""
    by_title = {label["title"]: label for label in labels}
    score = {f: [0, 0] for f in FIELDS}
    for other in second:
        label = by_title[other["title"]]
        date = parse_date(label["date_raw"] or None).date
        year = int(date[:4]) if date else None
        for f in FIELDS:
            first, again = ((_expected_names(r, f, authority, year) if f in NAME_FIELDS
                             else _value(f, r.get(f), authority, year)) for r in (label, {**other, "title": label["title"]}))
            score[f][0] += first == again
            score[f][1] += 1
    return {f: (r, t) for f, (r, t) in score.items()}


def _expected_names(label: dict, field: str, authority: Authority, year: int | None) -> frozenset[str]:
    """The label's names, each resolved as the pipeline resolves a name: through the authority, and a body the label
    writes as the title does ("the Central Committee") in the country the title fixes (pipeline/normalizing/bodies.py),
    so that a label is read like the title it copies."""
    names = [n.strip() for n in (label.get(field) or "").split(SEPARATOR.strip()) if n.strip()]
    others = [authority.resolve(n.strip(), year) for f in ("senders", "recipients", "via", "participants")
              for n in (label.get(f) or "").split(SEPARATOR.strip()) if n.strip()]
    resolved = [in_context(authority.resolve(n, year), authority, year, label["title"], others) for n in names]
    return frozenset(r.person_id or "?" + fold(r.name.removeprefix("the ").removeprefix("The ")) for r in resolved)


def _linked(normalized: NormalizedDocument, field: str, authority: Authority, year: int | None) -> frozenset[str]:
    return frozenset(link["person_id"] or _who(link["as_written"], authority, year)
                     for link in normalized.links if link["role"] in FIELD_ROLES[field])


def by_part(labels: list[dict], authority: Authority) -> dict[str, tuple[dict, list[Miss]]]:
    return {name: evaluate([label for label in labels if part(label) == name], authority) for name in PARTS}


def table(score: dict[str, tuple[int, int]]) -> str:
    lines = ["| field | right | of | accuracy |", "|---|---|---|---|"]
    lines += [f"| `{f}` | {r} | {t} | {r / t:.1%} |" for f, (r, t) in score.items()]
    return "\n".join(lines)


def _value(field: str, value, authority: Authority, year: int | None) -> object:
    text = (value or "").strip()
    if field in NAME_FIELDS:
        return frozenset(_who(v.strip(), authority, year) for v in text.split(SEPARATOR.strip()) if v.strip())
    return text


def _who(name: str, authority: Authority, year: int | None) -> str:
    resolved = authority.resolve(name, year)
    return resolved.person_id or "?" + fold(resolved.name.removeprefix("the ").removeprefix("The "))


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    paths = [a for a in args if not a.startswith("--") and a not in PARTS]
    if "--agreement" in args:
        second = read_labels(Path(paths[0]) if paths else SECOND_READING)
        score = agreement(read_labels(LABELS), second, Authority.load())
        print(f"\nsecond reading of {len(second)} test titles: share of titles where it gives the set's value\n")
        print(table(score).replace("| right |", "| agree |").replace("| accuracy |", "| agreement |"))
        return 0
    path = Path(paths[0]) if paths else LABELS
    labels = read_labels(path)
    results = by_part(labels, Authority.load())
    for name, (score, _) in results.items():
        print(f"\n{name} part\n\n{table(score)}")
    if "--misses" in args:
        for m in results["development"][1]:
            print(f"\n{m.field}: {m.title}\n  expected: {m.expected}\n  got:      {m.got}")
    if "--write" in args:
        from pipeline.writing import readme

        measured = {"labels": str(path), "measured": time.strftime("%Y-%m-%d"),
                    "titles": {name: sum(part(label) == name for label in labels) for name in PARTS},
                    "parts": {name: {f: list(v) for f, v in score.items()} for name, (score, _) in results.items()}}
        readme.ACCURACY.write_text(json.dumps(measured, indent=2) + "\n", encoding="utf-8")
        readme.write_sections({"accuracy": readme.accuracy_markdown(measured)})
        print(f"written to {readme.ACCURACY} and the README")
    return 0


if __name__ == "__main__":
    sys.exit(main())
