"""Document ids are frozen: the ids of every document of the sample pages, the seeds, the stand-in corpus and the
labelled titles are pinned, and the module that makes them depends on nothing that reads names, titles or dates."""

import ast
import json

import pytest

from conftest import ROOT
from pipeline.doc_ids import doc_id

PINS = json.loads((ROOT / "tests" / "expected" / "doc_ids.json").read_text(encoding="utf-8"))


def test_every_source_is_pinned():
    sources = {p["from"].split(",")[0] for p in PINS}
    assert sources == {"raw pages", "seeds pages", "stand-in corpus", "labelled titles"}
    assert sum(p["doc_id"].startswith("h-") for p in PINS) > 300  # the hashed ids, not only slugs


@pytest.mark.parametrize("pin", PINS, ids=[f"{p['from']}:{p['doc_id']}" for p in PINS])
def test_pinned_id(pin):
    assert doc_id(pin["record_url"], pin["date_raw"], pin["text"]) == pin["doc_id"]


def test_the_id_module_imports_nothing_of_the_pipeline():
    """Name matching, title reading and date normalization can change without touching an id."""
    tree = ast.parse((ROOT / "pipeline" / "doc_ids.py").read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not {m for m in imported if m and m.split(".")[0] in ("pipeline", "flows")}


def test_ids_do_not_move_when_name_folding_changes(monkeypatch):
    from pipeline.normalizing import authority, dates

    before = [doc_id(p["record_url"], p["date_raw"], p["text"]) for p in PINS[:50]]
    monkeypatch.setattr(authority, "fold", lambda text: text.upper())
    monkeypatch.setattr(dates, "parse_date", lambda raw: None)
    assert [doc_id(p["record_url"], p["date_raw"], p["text"]) for p in PINS[:50]] == before
