"""The harvest-archive and refresh-archive flows, and the harvest command, against the stand-in site."""

import os

import pandas as pd
import pytest

from pipeline.harvesting.fetch import FetchConfig
from standin import StandInSite

pytestmark = pytest.mark.flow


@pytest.fixture
def site():
    with StandInSite() as s:
        yield s


def test_refresh_harvests_then_curates_with_record_fields(prefect_harness, site, tmp_path):
    from flows.harvest import refresh_archive

    counts = refresh_archive(base_url=site.base_url, delay=0, records=True, raw_dir=str(tmp_path / "raw"),
                             staging_dir=str(tmp_path / "staging"), curated_dir=str(tmp_path / "curated"))
    assert (counts["search_requests"], counts["document_requests"], counts["documents"]) == (5, 44, 44)
    docs = pd.read_csv(tmp_path / "curated" / "documents.csv", dtype=str).set_index("doc_id")
    nehru = docs.loc["letter-jawaharlal-nehru-all-provincial-premiers"]
    assert (nehru["record_id"], nehru["authors"], nehru["language"], nehru["original_classification"]) == (
        "300653", "Jawaharlal Nehru", "English", "Secret")
    assert nehru["sources"].startswith(f"{site.base_url}/document/letter-jawaharlal-nehru-all-provincial-premiers; "
                                       f"{site.base_url}/search?page=0")
    assert nehru["n_listings"] == "2"
    assert os.path.exists(tmp_path / "staging" / "records.parquet")


def test_harvest_command_names_every_page_it_could_not_get(prefect_harness, site, tmp_path, capsys):
    from flows.cli import main

    site.inject("/search?page=3", *["503"] * (1 + FetchConfig().retries))  # the first try and every retry
    code = main(["harvest", "--base-url", site.base_url, "--delay", "0", "--raw-dir", str(tmp_path / "raw")])
    err = capsys.readouterr().err
    assert code == 1
    assert f"{site.base_url}/search?page=3 (HTTP 503 after retries)" in err
    assert len(list((tmp_path / "raw" / "harvested").iterdir())) == 4


def test_harvest_command_reports_what_it_fetched(prefect_harness, site, tmp_path, capsys):
    from flows.cli import main

    code = main(["harvest", "--base-url", site.base_url, "--delay", "0", "--raw-dir", str(tmp_path / "raw")])
    assert code == 0
    assert "5 search requests, 5 pages added, 44 new documents (reached the last page)" in capsys.readouterr().out


def test_a_harvest_run_by_a_deployment_refuses_the_placeholder_contact_and_takes_the_configured_one(
        prefect_harness, site, tmp_path, monkeypatch):
    from prefect.variables import Variable

    from flows.harvest import harvest_archive
    from pipeline.harvesting.fetch import CONTACT_VARIABLE, NoContact

    monkeypatch.delenv("ARCHIVE_PIPELINE_CONTACT", raising=False)
    # What Prefect's runtime says of a flow run started by a deployment (its schedule, or `prefect deployment run`).
    monkeypatch.setenv("PREFECT__RUNTIME__DEPLOYMENT__ID", "0b4ac2a6-0000-4000-8000-000000000000")
    with pytest.raises(NoContact, match=f"prefect variable set {CONTACT_VARIABLE}"):
        harvest_archive(base_url=site.base_url, delay=0, raw_dir=str(tmp_path / "raw"))
    assert site.search_requests() == []  # refused before asking anything
    Variable.set(CONTACT_VARIABLE, "mailto:curator@example.org", overwrite=True)
    try:
        harvest_archive(base_url=site.base_url, delay=0, raw_dir=str(tmp_path / "raw"))
    finally:
        Variable.unset(CONTACT_VARIABLE)
    agents = {r.headers.get("User-Agent") for r in site.search_requests()}
    assert agents == {f"archive-pipeline/{__import__('pipeline').__version__} (+mailto:curator@example.org)"}
