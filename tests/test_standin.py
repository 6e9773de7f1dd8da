"""Quick checks of the archive stand-in itself (tests/standin.py): pages, filters, validators and faults."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import requests
from bs4 import BeautifulSoup

from standin import DEFAULT_ROBOTS, StandInSite, load_corpus

TIMEOUT = 5  # seconds; every request sets one, so a broken stand-in fails instead of hanging
CORPUS = load_corpus()

# No proxy settings from the environment: these requests must only ever reach 127.0.0.1.
_session = requests.Session()
_session.trust_env = False


@pytest.fixture
def site() -> Iterator[StandInSite]:
    with StandInSite() as running:
        yield running


def get(site: StandInSite, target: str, **kwargs) -> requests.Response:
    kwargs.setdefault("timeout", TIMEOUT)
    return _session.get(site.base_url + target, **kwargs)


def results(response: requests.Response) -> list[str]:
    """The result titles' links of a search page."""
    soup = BeautifulSoup(response.text, "lxml")
    return [a["href"] for a in soup.select('table.table td.document a[href*="/document/"]')]


def count_line(response: requests.Response) -> str | None:
    found = BeautifulSoup(response.text, "lxml").select_one(".results-count")
    return found.get_text() if found else None


def next_link(response: requests.Response) -> str | None:
    found = BeautifulSoup(response.text, "lxml").select_one('a[rel="next"]')
    return found["href"] if found else None


def test_corpus_shape() -> None:
    assert len(CORPUS) >= 40
    assert [d["upload_date"] for d in CORPUS] == sorted((d["upload_date"] for d in CORPUS), reverse=True)
    assert sum(d["date"] is None for d in CORPUS) == 1
    assert len({d["slug"] for d in CORPUS}) == len(CORPUS)


def test_search_paging(site: StandInSite) -> None:
    total = len(CORPUS)
    first = get(site, "/search")
    assert first.status_code == 200
    assert first.headers["Content-Type"] == "text/html; charset=UTF-8"
    assert int(first.headers["Content-Length"]) == len(first.content)
    assert results(first) == [f"/document/{d['slug']}" for d in CORPUS[:10]]
    assert count_line(first) == f"1 - 10 of {total}"
    assert next_link(first) == "?page=1"
    # Menu and footer links to documents are outside the results table.
    all_links = BeautifulSoup(first.text, "lxml").select('a[href^="/document/"]')
    assert len(all_links) == 10 + 2 + 1  # the results, two "Featured" menu entries, a footer link

    last_page = (total - 1) // 10
    last = get(site, f"/search?page={last_page}")
    assert len(results(last)) == total - 10 * last_page
    assert count_line(last) == f"{10 * last_page + 1} - {total} of {total}"
    assert next_link(last) is None

    beyond = get(site, f"/search?page={last_page + 1}")
    assert beyond.status_code == 200 and "No results found." in beyond.text
    assert results(beyond) == [] and "<table" not in beyond.text


def test_query_and_facets(site: StandInSite) -> None:
    korea = [d for d in CORPUS if "topics:86494" in d["facets"]]
    page = get(site, "/search?f%5B0%5D=topics%3A86494&fo%5B0%5D=86494")
    assert count_line(page) == f"1 - {min(10, len(korea))} of {len(korea)}"
    # The pager keeps the filter, brackets encoded.
    assert next_link(page) == "?f%5B0%5D=topics%3A86494&fo%5B0%5D=86494&page=1"

    both = [d for d in korea if "people:81574" in d["facets"]]
    page = get(site, "/search?f[0]=topics:86494&f[1]=people:81574")
    assert len(results(page)) == min(10, len(both))

    page = get(site, "/search", params={"search_api_fulltext": "KUCHMA"})
    assert count_line(page) == "1 - 1 of 1"

    undated = next(d for d in CORPUS if d["date"] is None)
    cell = BeautifulSoup(get(site, "/search", params={"search_api_fulltext": undated["title"]}).text, "lxml")
    assert cell.select_one("td.document .views-field-field-date") is None

    nothing = get(site, "/search?search_api_fulltext=zzzz-no-such-text")
    assert "No results found." in nothing.text and count_line(nothing) is None


def test_document_page(site: StandInSite) -> None:
    doc = CORPUS[1]  # has donors and a classification
    page = get(site, f"/document/{doc['slug']}")
    soup = BeautifulSoup(page.text, "lxml")
    assert soup.select_one("h1.title").get_text() == doc["title"]
    assert soup.select_one(".date").get_text() == doc["date"]
    assert soup.select_one(".donated").get_text().startswith("This document was made possible with support from")
    lists = {h2.get_text(): [s.get_text() for s in h2.find_next_sibling().select(".pill .name span")]
             for h2 in soup.select("h2.title")}
    assert lists["Author(s)"] == doc["authors"]
    assert lists["Associated People & Organizations"] == doc["people"]
    assert lists["Subjects Discussed"] == doc["subjects"]
    singles = {b.select_one(".sub-title").get_text(): b.select_one(".text").get_text()
               for b in soup.select(".information-block")}
    assert singles["Record ID"] == str(doc["record_id"]) and singles["Type"] == doc["type"]
    assert soup.select_one(".pdf-preview")["data"].endswith(f"/{doc['record_id']}.pdf")
    assert get(site, "/document/no-such-document").status_code == 404
    assert get(site, "/elsewhere").status_code == 404


def test_robots() -> None:
    with StandInSite() as site:
        page = get(site, "/robots.txt")
        assert page.text == DEFAULT_ROBOTS and page.headers["Content-Type"].startswith("text/plain")
    with StandInSite(robots_txt=None) as site:
        assert get(site, "/robots.txt").status_code == 404


def test_etag_304(site: StandInSite) -> None:
    first = get(site, "/search?page=1")
    etag = first.headers["ETag"]
    assert etag.startswith('"') and len(etag) == 18 and first.headers["Last-Modified"].endswith("GMT")
    again = get(site, "/search?page=1", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert get(site, "/search?page=2", headers={"If-None-Match": etag}).status_code == 200
    with StandInSite(conditional=False) as plain:
        assert get(plain, "/search?page=1", headers={"If-None-Match": etag}).status_code == 200


def test_new_uploads_go_on_top(site: StandInSite) -> None:
    new = dict(CORPUS[0], slug="a-new-upload", record_id=999999, title="A New Upload", upload_date="2024-01-01")
    site.add_documents([new])
    page = get(site, "/search")
    assert results(page)[0] == "/document/a-new-upload"
    assert count_line(page) == f"1 - 10 of {len(CORPUS) + 1}"


def test_status_faults(site: StandInSite) -> None:
    site.inject("/search?page=1", "503", "500", "429:0.2")
    assert get(site, "/search?page=0").status_code == 200  # another target: not faulted
    assert get(site, "/search?page=1").status_code == 503
    assert get(site, "/search?page=1").status_code == 500
    limited = get(site, "/search?page=1")
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "0.2"
    assert get(site, "/search?page=1").status_code == 200  # faults are used up
    assert [r.status for r in site.search_requests()] == [200, 503, 500, 429, 200]
    assert site.search_requests()[1].query == "page=1"


def test_body_faults(site: StandInSite) -> None:
    site.inject("/search", "short-body", "cut-html", "reset")
    with pytest.raises((requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError)):
        get(site, "/search").content
    cut = get(site, "/search")
    assert cut.status_code == 200 and int(cut.headers["Content-Length"]) == len(cut.content)
    assert b"</html>" not in cut.content
    with pytest.raises(requests.exceptions.ConnectionError):
        get(site, "/search")
    assert [r.status for r in site.search_requests()] == [200, 200, 0]


def test_redirect_faults(site: StandInSite) -> None:
    site.inject("/search?page=2", "redirect-offsite", "redirect-samehost")
    away = get(site, "/search?page=2", allow_redirects=False)
    assert away.status_code == 302 and away.headers["Location"].startswith("http://offsite.invalid/")
    moved = get(site, "/search?page=2", allow_redirects=False)
    assert moved.status_code == 301 and moved.headers["Location"] == f"{site.base_url}/search?page=2"
    followed = get(site, "/search?page=2")  # the fault is used up: served normally
    assert followed.status_code == 200 and len(results(followed)) == 10


def test_oversize_and_timeout_faults() -> None:
    with StandInSite() as site:
        site.inject("/document/" + CORPUS[0]["slug"], "oversize:11000000", "timeout:30")
        big = get(site, "/document/" + CORPUS[0]["slug"])
        assert len(big.content) == 11_000_000 and big.content.rstrip().endswith(b"</html>")
        with pytest.raises(requests.exceptions.ReadTimeout):
            get(site, "/document/" + CORPUS[0]["slug"], timeout=0.2)
        started = time.monotonic()
    # Leaving the block must not wait out the 30 s sleep.
    assert time.monotonic() - started < 2


def test_unknown_fault_refused(site: StandInSite) -> None:
    with pytest.raises(ValueError):
        site.inject("/search", "explode")
