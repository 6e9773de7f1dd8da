"""What a run writes for analysts, end to end on the sample pages: the report in a browser, the database, what
changed since the last run, the log of runs, the network files, and Parquet that every reader reads right."""

import json
import os
import re
import shutil
from pathlib import Path

import duckdb
import networkx as nx
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
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
from conftest import FILES, SAMPLES
from lxml import etree

pytestmark = pytest.mark.flow

ADDED = SAMPLES[-1]  # the page the second run finds new
SCHEMAS = Path(__file__).resolve().parent / "schemas"


@pytest.fixture(scope="module")
def runs(prefect_harness, tmp_path_factory):
    """Two runs over one folder: the sample pages but one, then all of them. Returns the folders and what the first
    run published."""
    from flows.curate import curate_archive

    root = tmp_path_factory.mktemp("outputs")
    raw = root / "raw"
    raw.mkdir()
    for name in SAMPLES:
        if name != ADDED:
            shutil.copy2(FILES / name, raw / Path(name).name)
    dirs = dict(raw_dir=str(raw), staging_dir=str(root / "staging"), curated_dir=str(root / "curated"))
    first = curate_archive(**dirs)
    before = pd.read_csv(root / "curated" / "documents.csv", dtype=str, keep_default_na=False)
    shutil.copy2(FILES / ADDED, raw / Path(ADDED).name)
    second = curate_archive(**dirs)
    return root, first, second, before


def test_a_run_writes_every_file_analysts_open(runs):
    root, *_ = runs
    for name in ("report.html", "archive.duckdb", "changes.csv", "runs.csv", "correspondence.gexf", "cmif.xml"):
        assert (root / "curated" / name).stat().st_size > 0, name


def test_a_page_added_reports_exactly_its_documents_as_added(runs):
    root, first, second, before = runs
    after = pd.read_csv(root / "curated" / "documents.csv", dtype=str, keep_default_na=False)
    changes = pd.read_csv(root / "curated" / "changes.csv", dtype=str, keep_default_na=False)
    pages = after["sources"].map(lambda sources: {Path(source).name for source in sources.split("; ")})
    new_page = Path(ADDED).name
    only_there = set(after.loc[pages == {new_page}, "doc_id"])  # listed on the new page and nowhere else
    assert only_there and set(changes.loc[changes["change"] == "added", "doc_id"]) == only_there
    assert set(after["doc_id"]) - set(before["doc_id"]) == only_there
    assert not (changes["change"] == "removed").any()
    # A document the new page lists again is changed in what lists it, and in nothing the page does not touch.
    changed = changes[changes["change"] == "changed"]
    assert set(changed["doc_id"]) <= set(after.loc[pages.map(lambda names: new_page in names), "doc_id"])
    assert (second["added"], second["removed"]) == (len(only_there), 0)
    assert second["changed"] == changed["doc_id"].nunique()
    assert first["added"] == first["documents"]  # nothing was published before the first run


def test_every_run_is_a_row_of_the_log(runs, prefect_harness):

    root, first, second, _ = runs
    log = pd.read_csv(root / "curated" / "runs.csv", dtype={"commit": str})
    assert log["outcome"].tolist()[:2] == ["published", "published"]
    assert log["run_id"].tolist()[:2] == [first["run_id"], second["run_id"]]
    assert log["documents"].tolist()[:2] == [first["documents"], second["documents"]]
    assert (log["duration_s"] >= 0).all() and log["parser_version"].notna().all()
    summary = json.loads((root / "curated" / "run_summary.json").read_text(encoding="utf-8"))
    assert {k: summary[k] for k in ("run_id", "package_version", "commit", "parser_version", "input_fingerprint",
                                    "added", "removed", "changed")} == \
        {k: second[k] for k in ("run_id", "package_version", "commit", "parser_version", "input_fingerprint",
                                "added", "removed", "changed")}


def test_the_report_draws_every_chart_and_shows_the_run_summary(runs):
    root, *_ = runs
    browser = chromium_or_skip()
    summary = json.loads((root / "curated" / "run_summary.json").read_text(encoding="utf-8"))
    with opened(root / "curated" / "report.html", browser) as visit:
        wait_for_charts(visit.page)
        shots = chart_screenshots(visit.page)
        marks = drawn_marks(visit.page)
        figures = summary_figures(visit.page)
        if os.environ.get("ARCHIVE_PIPELINE_SCREENSHOT"):  # the README's picture of the report (make screenshot)
            visit.page.screenshot(path=os.environ["ARCHIVE_PIPELINE_SCREENSHOT"], full_page=True,
                                  clip={"x": 0, "y": 0, "width": 1280, "height": 1500})  # its top: figures, charts
    assert visit.console_errors == [] and visit.page_errors == [] and visit.outside_requests == []
    assert len(shots) == 7 and not [name for name, png in shots.items() if blank(png)]
    with duckdb.connect(str(root / "curated" / "archive.duckdb"), read_only=True) as con:
        senders = con.execute("SELECT count(DISTINCT coalesce(sender_id, sender)) FROM correspondence").fetchone()[0]
        precisions = con.execute("SELECT count(DISTINCT date_precision) FROM documents").fetchone()[0]
    # every chart drew its data: a bar per sender shown, a bar per precision found, marks in every other chart
    assert marks["chart-senders"] == min(senders, 15) and marks["chart-precision"] == precisions
    assert all(marks.values()), marks
    agrees(figures, {k: v for k, v in summary.items() if k != "files"})


def _parquet_files(root: Path) -> list[Path]:
    return sorted((root / "staging").glob("*.parquet")) + sorted((root / "curated").glob("*.parquet"))


def test_every_parquet_file_reads_the_same_in_pandas_duckdb_and_pyarrow(runs):
    root, *_ = runs
    files = _parquet_files(root)
    assert len(files) == 5 + 6  # the four staging tables and the document cache; the six curated tables
    for path in files:
        arrow = pq.read_table(path)
        frame = pd.read_parquet(path)
        with duckdb.connect() as con:
            rows = con.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchone()[0]
            types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))",
                                     [str(path)]).fetchall())
        assert arrow.num_rows == len(frame) == rows, path.name
        assert list(frame.columns) == arrow.column_names == list(types), path.name
    documents = root / "curated" / "documents.parquet"
    frame = pd.read_parquet(documents)
    assert frame["doc_number"].dropna().str.startswith("0").any()  # text, leading zeros kept
    assert pq.read_schema(documents).field("date_start").type == pa.date32()
    with duckdb.connect() as con:
        assert con.execute("SELECT typeof(doc_number), typeof(date_start) FROM read_parquet(?) LIMIT 1",
                           [str(documents)]).fetchone() == ("VARCHAR", "DATE")
    records = pd.read_parquet(root / "staging" / "records.parquet")
    assert list(records.columns)[:2] == ["page_id", "source"]


def test_the_database_holds_the_rows_of_the_csvs(runs):
    root, *_ = runs
    with duckdb.connect(str(root / "curated" / "archive.duckdb"), read_only=True) as con:
        for name in ("documents", "people", "document_people", "unresolved_names", "rejects", "changes"):
            csv = pd.read_csv(root / "curated" / f"{name}.csv", dtype=str, keep_default_na=False)
            assert con.execute(f"SELECT count(*) FROM {name}").fetchone()[0] == len(csv), name
        pairs = con.execute("SELECT count(*) FROM correspondence WHERE sender = 'Joseph Stalin' "
                            "AND recipient = 'Mao Zedong'").fetchone()[0]
    assert pairs >= 1


def test_the_network_files_open_in_their_tools(runs):
    root, *_ = runs
    graph = nx.read_gexf(root / "curated" / "correspondence.gexf")
    ids = {data["label"]: node for node, data in graph.nodes(data=True)}
    assert graph.edges[ids["Joseph Stalin"], ids["Mao Zedong"]]["weight"] >= 7  # as the report's pairs chart says
    letters = etree.parse(str(root / "curated" / "cmif.xml"))
    schema = etree.RelaxNG(etree.parse(str(SCHEMAS / "cmi-customization.rng")))
    assert schema.validate(letters), schema.error_log
    assert len(letters.findall(".//{http://www.tei-c.org/ns/1.0}correspDesc")) > 0


def test_the_data_package_lists_every_file_and_validates(runs):
    from frictionless import validate

    root, *_ = runs
    package = json.loads((root / "curated" / "datapackage.json").read_text(encoding="utf-8"))
    files = sorted(p.relative_to(root / "curated").as_posix() for p in (root / "curated").rglob("*")
                   if p.is_file() and not p.name.startswith("."))
    assert sorted(r["path"] for r in package["resources"]) == [f for f in files if f != "datapackage.json"]
    report = validate(str(root / "curated" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


# -- the README's questions -----------------------------------------------------------------------------------------

QUESTIONS = "## Questions analysts ask, in SQL and in pandas"


def readme_questions(text: str) -> list[tuple[str, str, str, list[list[str]]]]:
    """Each question of the README's section: its heading, its SQL, its pandas code, and the answer table shown."""
    section = text.split(QUESTIONS, 1)[1].split("\n## ", 1)[0]
    out = []
    for part in section.split("\n### ")[1:]:
        heading = part.splitlines()[0]
        sql = re.search(r"```sql\n(.*?)```", part, re.S).group(1)
        python = re.search(r"```python\n(.*?)```", part, re.S).group(1)
        table = [line for line in part.split("```")[-1].splitlines() if line.startswith("|")]
        rows = [[cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
                for line in table if not set(line) <= set("|-: ")]
        out.append((heading, sql, python, rows))
    return out


def cells(rows) -> list[list[str]]:
    """Values as the README's tables show them: text as it is, whole numbers without decimals, empty for none."""
    def shown(value) -> str:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return ""
        return str(value).replace("\n", " ")
    return [[shown(v) for v in row] for row in rows]


def answers(curated_parent: Path, text: str) -> list[tuple[str, list[list[str]], list[list[str]]]]:
    """Each question's answer by its SQL and by its pandas code (run in order in one namespace, as in a notebook),
    with the column names first, run where curated/ is."""
    import duckdb

    namespace: dict = {}
    out = []
    here = os.getcwd()
    os.chdir(curated_parent)
    try:
        with duckdb.connect("curated/archive.duckdb", read_only=True) as con:
            for heading, sql, python, _ in readme_questions(text):
                result = con.execute(sql)
                by_sql = [[d[0] for d in result.description], *cells(result.fetchall())]
                exec(python, namespace)
                frame = namespace["answer"]
                by_pandas = [list(frame.columns), *cells(frame.itertuples(index=False))]
                out.append((heading, by_sql, by_pandas))
    finally:
        os.chdir(here)
    return out


def test_the_readme_questions_give_the_answers_it_shows(runs):
    from conftest import ROOT

    root, *_ = runs
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = {heading: rows for heading, _, _, rows in readme_questions(text)}
    assert len(shown) == 5
    for heading, by_sql, by_pandas in answers(root, text):
        assert by_sql == by_pandas, heading
        assert by_sql == shown[heading], heading
