"""The harvester against a stand-in of the archive on 127.0.0.1: paging, politeness, faults, resumption."""

from __future__ import annotations

import hashlib
import itertools
import json
import time
from pathlib import Path

import pytest

from pipeline.harvesting.fetch import FetchConfig, Fetcher
from pipeline.harvesting.harvest import harvest
from pipeline.raw import HARVESTED, inventory, read_manifest
from pipeline.harvesting.search import Search
from standin import StandInSite, load_corpus

FAST = FetchConfig(delay=0, backoff=0.05, backoff_max=0.2, connect_timeout=2, read_timeout=1, contact="mailto:tests@example.org")
CORPUS = load_corpus()


def run(site: StandInSite, raw: Path, config: FetchConfig = FAST, **options):
    return harvest(Search(site.base_url, options.pop("query", None), tuple(options.pop("filters", ()))), raw,
                   Fetcher(config), **options)


def searched_pages(site: StandInSite) -> list[str]:
    return [r.query for r in site.search_requests()]


@pytest.fixture
def site():
    with StandInSite() as s:
        yield s


def test_full_harvest_keeps_every_page_by_hash(site, tmp_path):
    result = run(site, tmp_path)
    files = sorted((tmp_path / HARVESTED).iterdir())
    assert (result.search_requests, result.pages_added, len(result.new_documents), result.failures) == (5, 5, 44, [])
    assert len(files) == 5 and all(f.stem == hashlib.sha256(f.read_bytes()).hexdigest() for f in files)
    assert result.stopped == "reached the last page"


def test_manifest_says_where_each_page_came_from(site, tmp_path):
    run(site, tmp_path)
    entries = read_manifest(tmp_path)
    assert [e.url for e in entries] == [f"{site.base_url}/search?page={n}" for n in range(5)]
    first = entries[0]
    assert (first.kind, first.status, first.content_type, first.page, len(first.records)) == (
        "search", 200, "text/html; charset=UTF-8", 0, 10)
    assert first.etag and first.last_modified and first.fetched_at.endswith("+00:00")
    assert first.bytes == (tmp_path / HARVESTED / f"{first.sha256}.html").stat().st_size


def test_curate_reads_raw_through_the_manifest(site, tmp_path):
    run(site, tmp_path)
    sources = {p.source for p in inventory(tmp_path).pages}
    assert sources == {f"{site.base_url}/search?page={n}" for n in range(5)}


def test_user_agent_names_the_tool_and_a_contact(site, tmp_path):
    run(site, tmp_path, max_pages=1)
    agent = site.search_requests()[0].headers["User-Agent"]
    assert agent.startswith("archive-pipeline/") and agent.endswith("(+mailto:tests@example.org)")


def test_robots_txt_is_read_once_per_run(site, tmp_path):
    run(site, tmp_path)
    assert [r.path for r in site.requests].count("/robots.txt") == 1


def test_query_and_filters_build_the_site_s_urls(site, tmp_path):
    result = run(site, tmp_path, query="Stalin", filters=["topics:86494"])
    # requests encodes the brackets, as the site itself often does (f%5B0%5D)
    assert searched_pages(site)[0] == "search_api_fulltext=Stalin&f%5B0%5D=topics:86494&page=0"
    expected = [d for d in CORPUS if "topics:86494" in d["facets"] and "stalin" in (d["title"] + d["summary"]).lower()]
    assert len(result.new_documents) == len(expected)


def test_reharvest_after_three_new_documents_costs_two_requests(site, tmp_path):
    run(site, tmp_path)
    site.add_documents([dict(CORPUS[0], slug=f"new-document-{i}", record_id=400000 + i, title=f"New document {i}") for i in range(3)])
    before = len(site.search_requests())
    result = run(site, tmp_path)
    assert (len(site.search_requests()) - before, len(result.new_documents)) == (2, 3)
    assert result.stopped == "caught up: every document on this page was already in raw/"


def test_unchanged_listing_costs_one_conditional_request_and_no_file(site, tmp_path):
    run(site, tmp_path)
    files = len(list((tmp_path / HARVESTED).iterdir()))
    result = run(site, tmp_path)
    last = site.search_requests()[-1]
    assert (result.search_requests, last.status, "If-None-Match" in last.headers) == (1, 304, True)
    assert len(list((tmp_path / HARVESTED).iterdir())) == files


def test_full_rereads_every_page_without_adding_files(site, tmp_path):
    run(site, tmp_path)
    result = run(site, tmp_path, full=True)
    assert (result.search_requests, result.pages_added) == (5, 0)


def test_max_pages_caps_the_crawl_and_the_next_run_carries_on(site, tmp_path):
    first = run(site, tmp_path, max_pages=2)
    assert (first.search_requests, first.stopped) == (2, "--max-pages 2 reached")
    asked_before = len(searched_pages(site))  # more than 2 when a busy machine made a request time out and retry
    second = run(site, tmp_path)
    asked = [page for page, _ in itertools.groupby(searched_pages(site)[asked_before:])]  # retries of one page as one
    assert asked == ["page=0", "page=2", "page=3", "page=4"]
    assert len(first.new_documents) + len(second.new_documents) == 44


def test_a_crash_mid_harvest_loses_nothing_and_the_next_run_carries_on(site, tmp_path):
    class Crashing(Fetcher):
        def get(self, url, **kw):
            if url.endswith("page=3"):
                raise KeyboardInterrupt
            return super().get(url, **kw)

    with pytest.raises(KeyboardInterrupt):
        harvest(Search(site.base_url), tmp_path, Crashing(FAST))
    assert len(list((tmp_path / HARVESTED).iterdir())) == 3
    state = json.loads((tmp_path / "harvest_state.json").read_text())
    assert state[Search(site.base_url).key]["resume_from"] == 3
    asked_before = len(searched_pages(site))
    result = run(site, tmp_path)
    assert [page for page, _ in itertools.groupby(searched_pages(site)[asked_before:])] == ["page=0", "page=3", "page=4"]
    assert len({r for e in read_manifest(tmp_path) for r in e.records}) == 44
    assert result.failures == []


def test_disallowed_paths_are_refused_and_never_requested(tmp_path):
    with StandInSite(robots_txt="User-agent: *\nDisallow: /search\n") as site:
        result = run(site, tmp_path)
        assert site.search_requests() == []
        assert result.failures == [(f"{site.base_url}/search?page=0",
                                    f"robots.txt of {site.base_url} disallows it for {FAST.user_agent}")]


def test_disallowed_document_pages_are_refused(site, tmp_path):
    site.add_documents([dict(CORPUS[0], slug="restricted-file", record_id=400100, title="Restricted file")])
    result = run(site, tmp_path, records=True)
    assert f"{site.base_url}/document/restricted-file" in [url for url, _ in result.failures]
    assert "/document/restricted-file" not in [r.path for r in site.requests]
    assert result.document_requests == 45


def test_robots_crawl_delay_spaces_requests(tmp_path):
    with StandInSite(robots_txt="User-agent: *\nCrawl-delay: 0.3\n") as site:
        started = time.monotonic()
        run(site, tmp_path, max_pages=3)
        assert time.monotonic() - started >= 0.6  # two pauses between three search requests


@pytest.mark.parametrize("fault", ["503", "500", "reset", "timeout:3", "short-body", "cut-html", "redirect-samehost"])
def test_a_passing_fault_is_retried_and_the_page_kept_whole(site, tmp_path, fault):
    site.inject("/search?page=1", fault)
    result = run(site, tmp_path)
    assert (result.failures, len(result.new_documents)) == ([], 44)
    statuses = [r.status for r in site.search_requests() if r.query == "page=1"]
    assert len(statuses) == 2 and statuses[-1] == 200
    for f in (tmp_path / HARVESTED).iterdir():
        assert f.read_bytes().rstrip().endswith(b"</html>")


def test_retry_after_is_honored(site, tmp_path):
    site.inject("/search?page=1", "429:1")
    started = time.monotonic()
    result = run(site, tmp_path)
    assert result.failures == [] and time.monotonic() - started >= 1.0
    assert [r.status for r in site.search_requests() if r.query == "page=1"] == [429, 200]


def test_when_retries_run_out_the_page_is_reported_and_the_rest_harvested(site, tmp_path):
    site.inject("/search?page=2", *["503"] * (1 + FAST.retries))  # the first try and every retry
    result = run(site, tmp_path)
    assert [url for url, _ in result.failures] == [f"{site.base_url}/search?page=2"]
    assert "HTTP 503 after retries" in result.failures[0][1]
    assert searched_pages(site)[-2:] == ["page=3", "page=4"]
    assert len(result.new_documents) == 34
    state = json.loads((tmp_path / "harvest_state.json").read_text())[Search(site.base_url).key]
    assert state["failed_pages"] == [2]
    again = run(site, tmp_path)  # the failed page is tried again next time
    assert (again.failures, len(again.new_documents)) == ([], 10)


def test_the_page_count_follows_the_site_s_page_size(tmp_path):
    # Five results a page: 44 documents make 9 pages. A page that fails is skipped only while the
    # listing is known to go on, so the page count must come from the pages, not an assumed size.
    with StandInSite(page_size=5) as site:
        site.inject("/search?page=7", *["503"] * (1 + FAST.retries))
        result = run(site, tmp_path)
        assert [url for url, _ in result.failures] == [f"{site.base_url}/search?page=7"]
        assert searched_pages(site)[-2:] == ["page=7", "page=8"]
        assert (len(result.new_documents), result.stopped) == (39, "reached the last page")


def test_redirect_to_another_host_is_refused(site, tmp_path):
    site.inject("/search?page=1", "redirect-offsite")
    result = run(site, tmp_path)
    assert result.failures == [(f"{site.base_url}/search?page=1",
                                "redirected to another host (http://offsite.invalid/search?page=0); refused")]


def test_oversized_page_is_refused(site, tmp_path):
    site.inject("/search?page=1", "oversize:3000000")
    config = FetchConfig(**{**FAST.__dict__, "max_bytes": 1_000_000})
    result = run(site, tmp_path, config=config)
    assert result.failures == [(f"{site.base_url}/search?page=1", "page of 3,000,000 bytes is over the 1,000,000-byte cap; refused")]


def test_a_body_cut_short_every_time_is_never_stored(site, tmp_path):
    site.inject("/search?page=1", *["short-body"] * FAST.body_retries)  # every attempt at a whole body
    result = run(site, tmp_path)
    assert len(result.failures) == 1
    assert "shorter than its Content-Length" in result.failures[0][1] or "cut short" in result.failures[0][1]
    assert len(list((tmp_path / HARVESTED).iterdir())) == 4


def test_document_pages_are_fetched_once(site, tmp_path):
    first = run(site, tmp_path, records=True)
    second = run(site, tmp_path, records=True)
    assert (first.document_requests, second.document_requests) == (44, 0)


@pytest.mark.parametrize("given, configured, scheduled, expected", [
    ("mailto:a@example.org", None, True, "mailto:a@example.org"),  # given for this run
    (None, "mailto:b@example.org", True, "mailto:b@example.org"),  # configured once
    ("https://example.org/archive-pipeline", "mailto:b@example.org", True, "mailto:b@example.org"),  # placeholder
    (None, None, False, "https://example.org/archive-pipeline"),  # by hand, the placeholder may go
    (None, None, True, None),  # scheduled: refused
])
def test_the_contact_of_a_harvest(given, configured, scheduled, expected):
    from pipeline.harvesting.fetch import NoContact, resolve_contact

    if expected is None:
        with pytest.raises(NoContact, match="prefect variable set archive-pipeline-contact"):
            resolve_contact(given, configured, scheduled)
    else:
        assert resolve_contact(given, configured, scheduled) == expected
