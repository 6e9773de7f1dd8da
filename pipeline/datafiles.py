"""The knowledge kept as data in pipeline/data (authority, type vocabulary, title words, places): read one way."""

from __future__ import annotations

import csv
from importlib import resources


def text(name: str) -> str:
    """A file of pipeline/data, as text."""
    return resources.files("pipeline").joinpath("data", name).read_text(encoding="utf-8")


def binary(name: str) -> bytes:
    """A file of pipeline/data, as bytes (FileNotFoundError when it is not there)."""
    return resources.files("pipeline").joinpath("data", name).read_bytes()


def rows(name: str) -> list[dict]:
    """The rows of a CSV file of pipeline/data."""
    return list(csv.DictReader(text(name).splitlines()))


def listed(name: str) -> list[str]:
    """The entries of a list file of pipeline/data: one a line, blank lines and # comments aside."""
    return [line.strip() for line in text(name).splitlines() if line.strip() and not line.startswith("#")]


def cells(value: str | None) -> list[str]:
    """The values of a list cell, '|'-separated ("CPSU|KPSS"), blanks aside."""
    return [v.strip() for v in (value or "").split("|") if v.strip()]
