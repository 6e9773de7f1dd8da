"""curated/report.html: every section, nothing fetched from outside, names from the web escaped, the same page for the
same data, and in Chromium: no error, no blank chart, every figure equal to the run summary's."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from html import escape
from pathlib import Path

from browser import (
    agrees,
    blank,
    chart_screenshots,
    chromium_or_skip,
    drawn_marks,
    opened,
    summary_figures,
    wait_for_charts,
)
from conftest import curated_database
from plotly.offline import get_plotlyjs

from pipeline.normalizing.titles import vocabulary
from pipeline.tables import CURATED
from pipeline.writing.database import connect
from pipeline.writing.report_page import SECTIONS, html

HOSTILE = "<script>window.pwned = 1</script> Bureau"
TYPES = list(vocabulary())[:12]  # twelve types: the two rarest are grouped as other types
PEOPLE = [("mao_zedong", "Mao Zedong"), ("joseph_stalin", "Joseph Stalin"), ("zhou_enlai", "Zhou Enlai")]


def document(doc_id: str, day: str | None, doc_type: str | None = None, title: str = "A telegram") -> dict:
    dated = {"date": day, "date_precision": "day", "date_start": day, "date_end": day} if day else \
        {"date_precision": "none", "date_qualifier": "undated"}
    return {"doc_id": doc_id, "title": title, "doc_type": doc_type, "n_listings": 1, "sources": "raw/page-1.html",
            **dated}


def spread() -> list[dict]:
    """Documents from 1945 to 1960: type i of TYPES in 12 - i of them, three with no type, one undated."""
    typed = [t for i, t in enumerate(TYPES) for _ in range(12 - i)]
    docs = [document(f"d{n}", f"{1945 + n % 16}-{1 + n % 12:02d}-15", t) for n, t in enumerate(typed)]
    docs += [document(f"n{n}", f"1950-0{n + 1}-01") for n in range(3)]
    return docs + [document("undated", None, title=HOSTILE)]


LETTERS = [("d0", "mao_zedong", "sender"), ("d0", "joseph_stalin", "recipient"),
           ("d1", "mao_zedong", "sender"), ("d1", "joseph_stalin", "recipient"),
           ("d2", "joseph_stalin", "sender"), ("d2", "mao_zedong", "recipient"),
           ("d3", "zhou_enlai", "sender"), ("d3", "joseph_stalin", "recipient"),
           ("d4", None, "sender"), ("d4", "mao_zedong", "recipient")]


def links(letters=LETTERS) -> list[dict]:
    names = dict(PEOPLE)
    return [{"doc_id": d, "person_id": p, "role": role, "as_written": names.get(p, HOSTILE)} for d, p, role in letters]


def people(pairs=PEOPLE) -> list[dict]:
    return [{"person_id": p, "name": name, "sort_name": name, "kind": "person", "source": "hand"} for p, name in pairs]


UNRESOLVED = [{"name": HOSTILE, "spellings": HOSTILE, "count": 2, "documents": 1, "roles": "sender (1)",
               "example_doc_ids": "d4", "candidates": "mao_zedong (40)"}]
REJECTS = [{"source": "raw/page-2.html", "position": None, "stage": "parse", "check": "stated_count",
            "reason": f"states 10 results, holds 9 ({HOSTILE})"},
           {"source": "raw/page-3.html", "position": 4, "stage": "validate", "check": "title_or_summary",
            "reason": "neither title nor summary"}]
SUMMARY = {"pages": 3, "pages_ok": 1, "pages_count_mismatch": 1, "pages_empty": 1, "entries": 95, "documents": 82,
           "documents_undated": 1, "dates_unreadable": 0, "titles_cut_short": 2, "unresolved_names": 1,
           "unresolved_mentions": 2, "fuzzy_matches": 0, "rejects": 2, "share_with_date": 0.9878,
           "share_with_type": 0.9512, "share_with_senders": 0.0488, "share_with_recipients": 0.0488,
           "pages_parsed": 3, "pages_reused": 0, "input_fingerprint": "ab" * 32, "run_id": "run-1",
           "started_at": "2026-12-02T03:43:19+00:00", "finished_at": "2026-12-02T03:43:22+00:00", "duration_s": 3.25,
           "package_version": "0.1.0", "commit": None, "parser_version": "7", "added": 82, "removed": 0,
           "changed": 0, "files": {"documents.csv": "0" * 64}}


def report(folder: Path, documents: list[dict], summary: dict = SUMMARY, **tables: list[dict]) -> str:
    """The report of a database built from the rows given (every other curated table empty)."""
    con = connect(curated_database(folder, documents=documents, **tables))
    try:
        return html(con, summary)
    finally:
        con.close()


def full(folder: Path) -> str:
    return report(folder, spread(), people=people(), document_people=links(), unresolved_names=UNRESOLVED,
                  rejects=REJECTS)


def marked(page: str) -> list[tuple[str, str, str | None]]:
    """The run-summary figures of the page, read without a browser: (key, text, raw value)."""
    found = re.findall(r'<span data-summary="([^"]+)"(?: data-value="([^"]+)")?>([^<]*)</span>', page)
    return [(key, text, value or None) for key, value, text in found]


def test_every_section_is_there(tmp_path):
    page = full(tmp_path)
    for key, title in SECTIONS.items():
        assert f'<section id="{key}"><h2>{title}</h2>' in page
    for table in CURATED.values():
        assert f"<h3>{escape(table.title)} <code>{table.file}</code></h3>" in page
    ids = re.findall(r'<div class="chart" id="([^"]+)"', page)
    assert ids == ["chart-years", "chart-senders", "chart-recipients", "chart-pairs", "chart-network",
                   "chart-precision", "chart-rejects"]


def test_the_page_fetches_nothing(tmp_path):
    page = full(tmp_path)
    assert not re.search(r"<script[^>]*\ssrc=", page)
    assert not re.search(r"""<(link|img|iframe)\b|@import|url\(\s*['"]?(https?:)?//""", page)
    assert page.count(get_plotlyjs()[:300]) == 1  # plotly.js inline, once
    assert "default-src 'none'" in page


def test_names_from_the_web_are_escaped(tmp_path):
    page = full(tmp_path)
    assert HOSTILE not in page
    assert "window.pwned" in page  # the name is there, as text
    assert f"<td>{escape(HOSTILE)}</td>" in page


def test_same_data_same_page(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert full(tmp_path / "a") == full(tmp_path / "b")


def test_same_data_same_page_in_another_process(tmp_path):
    """Python orders sets of names differently in each process (hash randomization): the page must not follow."""
    page = full(tmp_path)
    script = ("import json, sys; from pipeline.writing.database import connect; from pipeline.writing.report_page "
              "import html; sys.stdout.write(html(connect(sys.argv[1]), json.loads(sys.argv[2])))")
    for seed in ("1", "2"):
        again = subprocess.run([sys.executable, "-c", script, str(tmp_path / "archive.duckdb"), json.dumps(SUMMARY)],
                               capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed}, check=True)
        assert again.stdout == page, seed


def test_summary_figures_are_marked(tmp_path):
    agrees(marked(full(tmp_path)), SUMMARY)


def test_rare_types_are_grouped(tmp_path):
    page = full(tmp_path)
    assert '"name":"other types"' in page and '"name":"no type"' in page
    assert all(f'"name":"{t}"' in page for t in TYPES[:10])
    assert not any(f'"name":"{t}"' in page for t in TYPES[10:])
    assert "Documents per year" in page and "Documents without a date, not plotted: 1." in page


def test_three_years_or_less_by_month(tmp_path):
    docs = [document(f"d{n}", f"{1950 + n // 12}-{1 + n % 12:02d}-15", "Letter") for n in range(36)]
    page = report(tmp_path, docs)
    assert "Documents per month" in page and '"1952-12-01"' in page


def test_no_correspondence_no_chart(tmp_path):
    page = report(tmp_path, spread())
    assert "No document in this run names both a sender and a recipient." in page
    assert "Most frequent senders: none in this run." in page
    assert not re.search(r'id="chart-(network|senders|recipients|pairs|rejects)"', page)


def test_an_empty_run_says_so(tmp_path):
    page = report(tmp_path, [], {})
    assert "No document has a date." in page and 'class="chart"' not in page
    assert "data-summary" not in page


def test_a_crowd_is_cut_to_the_most_connected(tmp_path):
    writers = [(f"p{n:02d}", f"Writer {n:02d}") for n in range(70)]
    letters = [(f"d{n}", p, "sender") for n, (p, _) in enumerate(writers)]
    letters += [(f"d{n}", "mao_zedong", "recipient") for n in range(70)]
    page = report(tmp_path, spread(), people=people(PEOPLE + writers), document_people=links(letters))
    assert "Drawn: the 60 people in the most documents; left out: 11 others who wrote or were written to." in page


def test_in_chromium(tmp_path):
    browser = chromium_or_skip()
    path = tmp_path / "report.html"
    path.write_text(full(tmp_path), encoding="utf-8")
    started = time.monotonic()
    with opened(path, browser) as visit:
        wait_for_charts(visit.page)
        shots = chart_screenshots(visit.page)
        marks = drawn_marks(visit.page)
        figures = summary_figures(visit.page)
        pwned = visit.page.evaluate("window.pwned")
        if os.environ.get("ARCHIVE_PIPELINE_SCREENSHOT"):
            visit.page.screenshot(path=os.environ["ARCHIVE_PIPELINE_SCREENSHOT"], full_page=True)
    assert visit.console_errors == [] and visit.page_errors == []
    assert visit.outside_requests == []
    assert pwned is None
    assert len(shots) == 7 and not [name for name, png in shots.items() if blank(png)]
    assert all(marks.values()), marks  # axes and a title are drawn without data too: the marks say data was
    agrees(figures, SUMMARY)
    assert time.monotonic() - started < 30


def test_two_people_who_share_a_name_are_two_correspondents(tmp_path):
    namesakes = [("graham_1", 'John "Jack" Graham'), ("graham_2", 'John "Jack" Graham'), ("joseph_stalin", "Joseph Stalin")]
    letters = [("d0", "graham_1", "sender"), ("d0", "joseph_stalin", "recipient"),
               ("d1", "graham_2", "sender"), ("d1", "joseph_stalin", "recipient")]
    named = [{**link, "as_written": 'John "Jack" Graham'} for link in links(letters)]
    page = report(tmp_path, spread(), people=people(namesakes), document_people=named)
    senders = page.split('id="plot-senders"')[1].split("</script>")[0]
    # one bar each, told apart by their ids; plotly gets the quotes as quotes (it knows no &quot;)
    assert 'John \\"Jack\\" Graham [graham_1]' in senders and 'John \\"Jack\\" Graham [graham_2]' in senders
    assert "&quot;" not in senders
