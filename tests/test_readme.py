"""The README's generated sections read what their sources say: the data dictionary the table declarations, the
accuracy table the last measurement (tests/labelled/accuracy.json), the performance table benchmarks/results.json.
Improving the code fails none of these; editing a section by hand, or a source without regenerating, does."""

import json

import pytest

from benchmarks.run import table as benchmark_table
from conftest import ROOT
from pipeline.writing import readme

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name, body", list(readme.generated().items()))
def test_generated_section_is_up_to_date(name, body):
    assert readme.section(README, name).rstrip() == body.rstrip(), f"run: make readme ({name})"


def test_benchmark_table_is_the_results_file():
    results = json.loads((ROOT / "benchmarks" / "results.json").read_text(encoding="utf-8"))
    assert readme.section(README, "benchmark").rstrip() == benchmark_table(results).rstrip()


def test_a_section_is_replaced_whole_and_nothing_else():
    text = "intro\n<!-- generated: x -->\nold\nlines\n<!-- end generated: x -->\noutro\n"
    assert readme.replace_section(text, "x", "new") == "intro\n<!-- generated: x -->\nnew\n<!-- end generated: x -->\noutro\n"
    with pytest.raises(KeyError):
        readme.replace_section(text, "y", "new")
