"""The data-quality report: shares of documents with each field, and warnings when one falls."""

import pandas as pd

from pipeline.writing.report import drops, markdown, present, quality


def shares(n_dated, n):
    return quality(present(docs(n_dated, n)), n)


def docs(n_dated, n):
    return pd.DataFrame({"date": ["1951"] * n_dated + [None] * (n - n_dated), "doc_type": ["Letter"] * n,
                         "senders": [None] * n, "recipients": ["Mao Zedong"] * n})


def test_shares():
    assert shares(3, 4) == {"share_with_date": 0.75, "share_with_type": 1.0, "share_with_senders": 0.0,
                                   "share_with_recipients": 1.0}


def test_a_fall_is_warned():
    assert drops(shares(2, 4), shares(3, 4)) == ["documents with a date fell from 75.0% to 50.0%"]


def test_no_previous_run_no_warning():
    assert drops(shares(2, 4), None) == []


def test_markdown_compares_with_the_previous_run():
    text = markdown({"documents": 4, **shares(2, 4)}, shares(3, 4))
    assert "| a date | 50.0% | 75.0% | -25.0 pt |" in text
    assert "- documents with a date fell from 75.0% to 50.0%" in text
