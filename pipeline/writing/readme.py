"""The README's generated sections: each is written from what it describes, never by hand.

    python -m pipeline.writing.readme        (make readme)

rewrites the data dictionary (from pipeline/tables.py) and the accuracy table (from the last measurement,
tests/labelled/accuracy.json, written by `python -m pipeline.evaluate --write`); `make bench` rewrites the
performance table from benchmarks/results.json the same way. Each section sits between two markers.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from pipeline.writing.datapackage import dictionary_markdown

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
ACCURACY = ROOT / "tests" / "labelled" / "accuracy.json"


def _markers(name: str) -> tuple[str, str]:
    return f"<!-- generated: {name} -->", f"<!-- end generated: {name} -->"


def section(text: str, name: str) -> str:
    """The body of a generated section of the README's text."""
    begin, end = _markers(name)
    m = re.search(re.escape(begin) + r"\n(.*?)" + re.escape(end), text, re.S)
    if m is None:
        raise KeyError(f"README has no generated section '{name}'")
    return m.group(1)


def replace_section(text: str, name: str, body: str) -> str:
    begin, end = _markers(name)
    section(text, name)  # it must be there
    return re.sub(re.escape(begin) + r"\n.*?" + re.escape(end), lambda _: f"{begin}\n{body.rstrip()}\n{end}", text,
                  flags=re.S)


def write_sections(bodies: dict[str, str], path: Path = README) -> None:
    text = path.read_text(encoding="utf-8")
    for name, body in bodies.items():
        text = replace_section(text, name, body)
    path.write_text(text, encoding="utf-8")


def accuracy_markdown(measured: dict) -> str:
    """The accuracy tables of the last measurement (tests/labelled/accuracy.json): the test part, then the
    development part."""
    from pipeline.evaluate import table

    sections = []
    for name, what in (("test", "titles no rule was developed against"),
                       ("development", "titles the rules were developed against")):
        score = {field: tuple(value) for field, value in measured["parts"][name].items()}
        sections.append(f"**{name.capitalize()} part** ({measured['titles'][name]} {what}):\n\n{table(score)}\n")
    return "\n".join(sections) + f"\nMeasured {measured['measured']} on `{measured['labels']}`.\n"


def generated() -> dict[str, str]:
    """Every section this module writes, as it should read now."""
    return {
        "data-dictionary": dictionary_markdown(),
        "accuracy": accuracy_markdown(json.loads(ACCURACY.read_text(encoding="utf-8"))),
    }


def main() -> int:
    write_sections(generated())
    print(f"README sections rewritten: {', '.join(generated())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
