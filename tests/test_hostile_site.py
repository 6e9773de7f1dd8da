"""The harvester against a hostile site on loopback: it stays in its lane (no request off the archive's host or
to a path robots.txt disallows), every harvest ends within a stated time, and a harvest stopped by the site
carries on to the end when run again.

The site answers each path as the scenario says; a second server, on 127.0.0.2, stands for any other host and
must never be asked for anything.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from pipeline.harvesting.fetch import FetchConfig, Fetcher
from pipeline.harvesting.harvest import harvest
from pipeline.harvesting.search import Search
from pipeline.raw import read_manifest

# Every harvest of these scenarios ends within this many seconds.
DEADLINE = 30
FAST = FetchConfig(delay=0, backoff=0.05, backoff_max=0.2, connect_timeout=2, read_timeout=1, total_timeout=3,
                   max_wait=5, retries=2, contact="mailto:tests@example.org")
ROBOTS = "User-agent: *\nDisallow: /private\n"


class Site:
    """A loopback site whose answers a scenario sets per path (query aside: pages by their `page` parameter)."""

    def __init__(self, host: str = "127.0.0.1"):
        self.routes: dict[str, Callable] = {}
        self.requests: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802
                site.requests.append(self.path)
                parts = urlsplit(self.path)
                key = parts.path
                if parts.path == "/search":
                    key = f"/search?page={parse_qs(parts.query).get('page', ['0'])[0]}"
                answer = site.routes.get(key) or site.routes.get(parts.path) or not_found
                try:
                    answer(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                self.close_connection = True

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.server.daemon_threads = True
        self.base_url = f"http://{host}:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def send(handler, status: int = 200, body: bytes = b"", headers: dict | None = None, content_type="text/html"):
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.send_header("Connection", "close")
    handler.end_headers()
    handler.wfile.write(body)


def not_found(handler):
    send(handler, 404, b"<html><body>not found</body></html>")


def page(body: bytes | str, status: int = 200, **headers):
    data = body.encode() if isinstance(body, str) else body
    return lambda handler: send(handler, status, data, headers)


def text(body: str):
    return lambda handler: send(handler, 200, body.encode(), content_type="text/plain")


def redirect(location: str, status: int = 301):
    return lambda handler: send(handler, status, b"", {"Location": location})


def slow(body: bytes, seconds_per_byte: float, content_type="text/html"):
    def answer(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        for i in range(len(body)):
            handler.wfile.write(body[i : i + 1])
            handler.wfile.flush()
            time.sleep(seconds_per_byte)
    return answer


def results(n_page: int, total: int, per_page: int = 10, links=None, next_link: bool | None = None,
            count: str | None = None) -> str:
    """A current-design search page: `per_page` results of a listing of `total`, with its count (or `count` as
    given, "" for none) and pager."""
    start = n_page * per_page + 1
    end = min(total, start + per_page - 1) if total else start + per_page - 1
    links = links or [f"/document/d{i}" for i in range(start, end + 1)]
    cells = "".join(f'<tr><td class="document"><a href="{href}">Report {i}</a><div>June 1, 1950</div>'
                    f"<p>Summary {i}.</p></td></tr>" for i, href in enumerate(links, start=start))
    more = (end < total) if next_link is None else next_link
    pager = f'<nav><a rel="next" href="/search?page={n_page + 1}">next</a></nav>' if more else "<nav></nav>"
    stated = f"{start} - {end} of {total}" if count is None else count
    return (f'<!DOCTYPE html><html><body><p>{stated}</p><table class="table"><tbody>{cells}'
            f"</tbody></table>{pager}</body></html>")


def listing(site: Site, pages: int, total: int | None = None):
    total = total or pages * 10
    for n in range(pages):
        site.routes[f"/search?page={n}"] = page(results(n, total))
    for i in range(1, total + 1):
        site.routes[f"/document/d{i}"] = page(f"<html><body><h1 class='title'>Report {i}</h1></body></html>")


@pytest.fixture
def sites():
    archive, elsewhere = Site("127.0.0.1"), Site("127.0.0.2")
    archive.routes["/robots.txt"] = text(ROBOTS)
    elsewhere.routes["/robots.txt"] = text("User-agent: *\nAllow: /\n")
    yield archive, elsewhere
    archive.close()
    elsewhere.close()


def crawl(site: Site, raw, config: FetchConfig = FAST, **options):
    start = time.monotonic()
    result = harvest(Search(site.base_url), raw, Fetcher(config), **options)
    took = time.monotonic() - start
    assert took < DEADLINE, took
    return result


def in_lane(archive: Site, elsewhere: Site):
    assert elsewhere.requests == [], elsewhere.requests
    assert not [r for r in archive.requests if urlsplit(r).path.startswith("/private")], archive.requests


# -- links that would lead the harvester out of its lane -----------------------------------------------------------

@pytest.mark.parametrize("href", [
    "@127.0.0.2:{port}/document/x",                  # user-info: the host after the @ is another
    "//127.0.0.2:{port}/document/x",                 # another host, scheme-relative
    "http://127.0.0.2:{port}/document/x",            # another host, absolute
    "/document/../private/x",                        # dot segments into a disallowed path
    "/document/%2e%2e/private/y",                    # the same, percent-encoded
    "/document/%2E%2E/%70rivate/z",                  # and with an encoded letter
    "\\\\127.0.0.2:{port}\\document\\x",             # backslashes some clients read as slashes
])
def test_a_record_link_never_leads_off_the_host_or_into_a_disallowed_path(sites, tmp_path, href):
    archive, elsewhere = sites
    port = elsewhere.server.server_address[1]
    archive.routes["/search?page=0"] = page(results(0, 2, links=[href.format(port=port), "/document/d2"]))
    archive.routes["/document/d2"] = page("<html><body><h1 class='title'>Report 2</h1></body></html>")
    archive.routes["/private/x"] = archive.routes["/private/y"] = archive.routes["/private/z"] = page("secret")
    crawl(archive, tmp_path, records=True)
    in_lane(archive, elsewhere)
    assert all(b"secret" not in p.read_bytes() for p in tmp_path.rglob("*.html"))


@pytest.mark.parametrize("where, says", [
    ("elsewhere", "another host"),      # off the archive's host
    ("/private/list", "disallows"),     # into a path robots.txt disallows
    ("/search?page=0", "redirects"),    # round in a loop
])
def test_a_redirect_off_the_host_into_a_disallowed_path_or_in_a_loop_is_refused(sites, tmp_path, where, says):
    archive, elsewhere = sites
    target = f"{elsewhere.base_url}/search?page=0" if where == "elsewhere" else where
    archive.routes["/search?page=0"] = redirect(target, 302)
    result = crawl(archive, tmp_path)
    in_lane(archive, elsewhere)
    assert says in result.failures[0][1]


# -- robots.txt ------------------------------------------------------------------------------------------------------

def test_a_robots_txt_that_redirects_is_followed_and_obeyed(sites, tmp_path):
    archive, elsewhere = sites
    archive.routes["/robots.txt"] = redirect("/real-robots.txt")
    archive.routes["/real-robots.txt"] = text("User-agent: *\nDisallow: /search\n")
    listing(archive, 1)
    result = crawl(archive, tmp_path)
    assert [urlsplit(r).path for r in archive.requests] == ["/robots.txt", "/real-robots.txt"]
    assert "disallows" in result.failures[0][1]


@pytest.mark.parametrize("where", ["chain", "elsewhere"])
def test_a_robots_txt_redirected_too_often_or_off_the_host_means_nothing_is_fetched(sites, tmp_path, where):
    archive, elsewhere = sites
    if where == "chain":
        for i in range(7):
            archive.routes[f"/r{i}.txt" if i else "/robots.txt"] = redirect(f"/r{i + 1}.txt")
    else:
        archive.routes["/robots.txt"] = redirect(f"{elsewhere.base_url}/robots.txt")
    listing(archive, 1)
    result = crawl(archive, tmp_path)
    in_lane(archive, elsewhere)
    assert not [r for r in archive.requests if r.startswith("/search")]
    assert "robots.txt" in result.failures[0][1]


def test_a_slow_robots_txt_ends_within_the_deadline(sites, tmp_path):
    archive, elsewhere = sites
    archive.routes["/robots.txt"] = slow(b"User-agent: *\nAllow: /\n" * 20, 0.2, "text/plain")
    listing(archive, 1)
    result = crawl(archive, tmp_path)
    assert not [r for r in archive.requests if r.startswith("/search")]
    assert "robots.txt" in result.failures[0][1]


def test_a_crawl_delay_over_the_maximum_ends_the_harvest_cleanly(sites, tmp_path):
    archive, elsewhere = sites
    archive.routes["/robots.txt"] = text("User-agent: *\nCrawl-delay: 99999\n")
    listing(archive, 2)
    result = crawl(archive, tmp_path)
    assert not [r for r in archive.requests if r.startswith("/search")]
    assert "Crawl-delay" in result.stopped and "99999" in result.stopped


# -- bodies, waits and pagers that would never end ---------------------------------------------------------------

def test_a_body_sent_a_byte_at_a_time_ends_within_the_deadline(sites, tmp_path):
    archive, elsewhere = sites
    archive.routes["/search?page=0"] = slow(results(0, 10).encode(), 0.05)
    result = crawl(archive, tmp_path)
    assert "took longer than" in result.failures[0][1]


def test_a_gzip_bomb_is_refused_at_the_size_cap(sites, tmp_path):
    archive, elsewhere = sites
    bomb = gzip.compress(b"<html>" + b" " * (40 * 1024 * 1024) + b"</html>")
    archive.routes["/search?page=0"] = page(bomb, **{"Content-Encoding": "gzip"})
    result = crawl(archive, tmp_path, config=FetchConfig(**{**FAST.__dict__, "max_bytes": 1024 * 1024}))
    assert "cap" in result.failures[0][1]


def test_a_retry_after_over_the_maximum_stops_the_harvest_and_the_next_one_carries_on(sites, tmp_path):
    archive, elsewhere = sites
    listing(archive, 3)
    archive.routes["/search?page=1"] = page("busy", 429, **{"Retry-After": "99999"})
    first = crawl(archive, tmp_path, full=True)
    assert "(Retry-After), over the 5 s this harvest waits" in first.stopped  # urllib3 reads 99999 as at most 6 h
    assert first.failures == []  # asked to wait, not failed
    archive.routes["/search?page=1"] = page(results(1, 30))
    second = crawl(archive, tmp_path)
    assert second.stopped == "reached the last page"
    assert {e.page for e in read_manifest(tmp_path) if e.kind == "search" and e.status == 200} == {0, 1, 2}


def test_a_short_retry_after_is_waited_for(sites, tmp_path):
    archive, elsewhere = sites
    listing(archive, 1)
    answers = iter([page("busy", 429, **{"Retry-After": "1"}), page(results(0, 10))])
    archive.routes["/search?page=0"] = lambda handler: next(answers)(handler)
    result = crawl(archive, tmp_path)
    assert result.stopped == "reached the last page" and result.pages_added == 1


def test_a_count_beyond_any_archive_stops_the_crawl(sites, tmp_path):
    archive, elsewhere = sites
    for n in range(50):
        archive.routes[f"/search?page={n}"] = page(results(n, 10, next_link=True,
                                                           count=f"{n * 10 + 1} - {n * 10 + 10} of 1,000,000,000"))
    result = crawl(archive, tmp_path, full=True)
    assert len([r for r in archive.requests if r.startswith("/search")]) == 1
    assert "'1 - 10 of 1,000,000,000'" in result.stopped


def test_a_pager_that_runs_past_the_listing_stops_at_its_end(sites, tmp_path):
    archive, elsewhere = sites
    for n in range(50):  # every page says "1 - 10 of 30" and links a next page
        archive.routes[f"/search?page={n}"] = page(results(n, 30, links=[f"/document/p{n}-{i}" for i in range(10)],
                                                           next_link=True, count="1 - 10 of 30"))
    result = crawl(archive, tmp_path, full=True)
    assert len([r for r in archive.requests if r.startswith("/search")]) == 3
    assert "3 pages" in result.stopped


def test_an_endless_pager_without_a_count_stops_at_the_crawl_cap(sites, tmp_path):
    archive, elsewhere = sites
    for n in range(40):
        archive.routes[f"/search?page={n}"] = page(results(n, 0, links=[f"/document/e{n}-{i}" for i in range(10)],
                                                           next_link=True, count=""))
    result = crawl(archive, tmp_path, full=True, max_crawl_pages=25)
    assert len([r for r in archive.requests if r.startswith("/search")]) == 25
    assert "25 pages" in result.stopped


def test_consecutive_failures_trip_the_breaker(sites, tmp_path):
    archive, elsewhere = sites
    for n in range(100):
        archive.routes[f"/search?page={n}"] = page("down", 500)
    archive.routes["/search?page=0"] = page(results(0, 1000))
    result = crawl(archive, tmp_path, full=True)
    searched = len([r for r in archive.requests if r.startswith("/search")])
    assert searched < 40  # 5 pages failed in a row (each tried 3 times), not 100
    assert "in a row" in result.stopped


def test_a_server_that_never_answers_ends_within_the_deadline(sites, tmp_path):
    archive, elsewhere = sites
    archive.routes["/search?page=0"] = lambda handler: time.sleep(60)
    result = crawl(archive, tmp_path)
    assert result.failures and "timed out" in result.failures[0][1]


def test_the_polite_pause_is_not_counted_against_the_deadline(sites, tmp_path):
    archive, elsewhere = sites
    archive.routes["/robots.txt"] = text("User-agent: *\nCrawl-delay: 2\n")
    listing(archive, 2)
    result = crawl(archive, tmp_path, config=FetchConfig(**{**FAST.__dict__, "total_timeout": 1.5}))
    assert result.stopped == "reached the last page" and result.failures == []


def test_a_harvest_stopped_at_the_head_keeps_where_an_earlier_crawl_stopped(sites, tmp_path):
    archive, elsewhere = sites
    listing(archive, 5)
    assert "--max-pages 2" in crawl(archive, tmp_path, max_pages=2).stopped  # pages 0 and 1 of 5
    archive.routes["/search?page=0"] = page("busy", 429, **{"Retry-After": "99999"})
    assert "Retry-After" in crawl(archive, tmp_path).stopped  # stopped while reading the head again
    archive.routes["/search?page=0"] = page(results(0, 50))
    assert crawl(archive, tmp_path).stopped == "reached the last page"
    assert {e.page for e in read_manifest(tmp_path) if e.kind == "search" and e.status == 200} == {0, 1, 2, 3, 4}
