"""Polite, fault-tolerant HTTP: robots.txt, a pause between requests, an honest User-Agent, retries.

Two layers of retries, each with one job:
- urllib3's Retry (under requests) retries connection errors, timeouts and 429/500-504 responses with
  exponential backoff and jitter, and honors Retry-After;
- tenacity retries a response whose body is not whole: shorter than its Content-Length, or an HTML
  page cut off before </html>. Such a body is never returned, so it is never stored.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests
from protego import Protego
from requests.adapters import HTTPAdapter
from tenacity import retry, retry_if_exception_type, stop_after_attempt, wait_exponential_jitter
from urllib3.util.retry import Retry

from pipeline import __version__

# Who to contact about this crawler: set it to your own page or mailto: address (--contact).
DEFAULT_CONTACT = "https://example.org/archive-pipeline"
MAX_BYTES = 10 * 1024 * 1024
_HTML_END = re.compile(rb"</html\s*>", re.I)
_MAX_REDIRECTS = 5
RETRY_STATUSES = (429, 500, 502, 503, 504)


@dataclass(frozen=True)
class FetchConfig:
    contact: str = DEFAULT_CONTACT
    delay: float = 1.0  # seconds between requests to a host; robots.txt's Crawl-delay wins when larger
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_bytes: int = MAX_BYTES
    retries: int = 4  # transport and status retries per request
    body_retries: int = 3  # attempts at getting a whole body
    backoff: float = 1.0  # first backoff in seconds; doubles each retry, with jitter
    backoff_max: float = 60.0

    @property
    def user_agent(self) -> str:
        return f"archive-pipeline/{__version__} (+{self.contact})"


@dataclass
class Fetched:
    url: str  # the URL asked for (same-host redirects are followed, but a page is known by this URL)
    status: int  # 200, or 304 when a conditional request found the page unchanged
    body: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None
    fetched_at: float = field(default_factory=time.time)


class FetchError(Exception):
    """A page that could not be got; `reason` says why in words."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class _IncompleteBody(FetchError):
    """A body that is not whole: retried by tenacity, never returned."""


class Fetcher:
    """Gets pages from one or more hosts, one request in flight per host, with a pause between requests."""

    def __init__(self, config: FetchConfig = FetchConfig(), session: requests.Session | None = None):
        self.config = config
        self.session = session or requests.Session()
        retries = Retry(
            total=config.retries,
            connect=config.retries,
            read=config.retries,
            status=config.retries,
            other=0,
            redirect=0,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=frozenset({"GET"}),
            backoff_factor=config.backoff,
            backoff_max=config.backoff_max,
            backoff_jitter=config.backoff / 2,
            respect_retry_after_header=True,
            raise_on_status=False,
        )
        adapter = HTTPAdapter(max_retries=retries, pool_maxsize=1)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["User-Agent"] = config.user_agent
        self._robots: dict[str, Protego | None] = {}
        self._robots_errors: dict[str, str] = {}
        self._last_request: dict[str, float] = {}
        self._host_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    # robots.txt -------------------------------------------------------------------------------

    def allowed(self, url: str) -> tuple[bool, str]:
        """Whether robots.txt lets us fetch `url`, and if not, why. Read once per host per run."""
        host = _origin(url)
        if host not in self._robots:
            self._robots[host] = self._read_robots(host)
        rules = self._robots[host]
        if rules is None:
            return False, self._robots_errors[host]
        if not rules.can_fetch(url, self.config.user_agent):
            return False, f"robots.txt of {host} disallows it for {self.config.user_agent}"
        return True, ""

    def _read_robots(self, host: str) -> Protego | None:
        url = f"{host}/robots.txt"
        try:
            response = self._send(url, {})
            body = self._read_body(url, response)
        except FetchError as err:
            # RFC 9309: an unreachable robots.txt means "assume complete disallow".
            self._robots_errors[host] = f"robots.txt of {host} could not be read ({err.reason}); nothing is fetched"
            return None
        if response.status_code >= 500:
            self._robots_errors[host] = f"robots.txt of {host} answered {response.status_code}; nothing is fetched"
            return None
        if response.status_code >= 400:  # no robots.txt: everything is allowed
            return Protego.parse("")
        return Protego.parse(body.decode("utf-8", errors="replace"))

    def crawl_delay(self, url: str) -> float:
        rules = self._robots.get(_origin(url))
        robots_delay = (rules.crawl_delay(self.config.user_agent) if rules else None) or 0.0
        return max(self.config.delay, float(robots_delay))

    # fetching ---------------------------------------------------------------------------------

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET a page politely. Raises FetchError when it cannot be got whole, saying why."""
        ok, why = self.allowed(url)
        if not ok:
            raise FetchError(url, why)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempt = retry(
            retry=retry_if_exception_type(_IncompleteBody),
            stop=stop_after_attempt(self.config.body_retries),
            wait=wait_exponential_jitter(multiplier=self.config.backoff, max=self.config.backoff_max, jitter=self.config.backoff),
            reraise=True,
        )(self._get_whole)
        try:
            return attempt(url, headers)
        except _IncompleteBody as err:
            raise FetchError(url, f"{err.reason}, {self.config.body_retries} times") from None

    def _get_whole(self, url: str, headers: dict) -> Fetched:
        current = url
        for _ in range(_MAX_REDIRECTS + 1):
            response = self._send(current, headers)
            if response.is_redirect:
                target = urljoin(current, response.headers.get("Location", ""))
                response.close()
                if _origin(target) != _origin(url):
                    raise FetchError(url, f"redirected to another host ({target}); refused")
                ok, why = self.allowed(target)
                if not ok:
                    raise FetchError(url, f"redirected to {target}, which {why}")
                current = target
                continue
            break
        else:
            raise FetchError(url, f"more than {_MAX_REDIRECTS} redirects")
        if response.status_code == 304:
            response.close()
            return Fetched(url, 304, b"", None, headers.get("If-None-Match"), headers.get("If-Modified-Since"))
        if response.status_code != 200:
            response.close()
            retried = " after retries" if response.status_code in RETRY_STATUSES else ""
            raise FetchError(url, f"HTTP {response.status_code}{retried}")
        body = self._read_body(url, response)
        content_type = response.headers.get("Content-Type")
        if content_type and "html" in content_type.lower() and not _HTML_END.search(body):
            raise _IncompleteBody(url, "HTML page cut off before </html>")
        return Fetched(url, 200, body, content_type, response.headers.get("ETag"),
                       response.headers.get("Last-Modified"))

    def _send(self, url: str, headers: dict) -> requests.Response:
        """One request (urllib3 retries inside it), after the host's pause, one in flight per host."""
        host = _origin(url)
        with self._lock:
            lock = self._host_locks.setdefault(host, threading.Lock())
        with lock:
            wait = self._last_request.get(host, 0.0) + self.crawl_delay(url) - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                return self.session.get(
                    url, headers=headers, stream=True, allow_redirects=False,
                    timeout=(self.config.connect_timeout, self.config.read_timeout),
                )
            except requests.exceptions.RetryError as err:
                raise FetchError(url, f"gave up after {self.config.retries} retries ({_cause(err)})") from None
            except requests.exceptions.Timeout as err:
                raise FetchError(url, f"timed out after {self.config.retries} retries ({_cause(err)})") from None
            except requests.exceptions.RequestException as err:
                raise FetchError(url, f"request failed after {self.config.retries} retries ({_cause(err)})") from None
            finally:
                self._last_request[host] = time.monotonic()

    def _read_body(self, url: str, response: requests.Response) -> bytes:
        """The whole body, within the size cap and its Content-Length."""
        cap = self.config.max_bytes
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > cap:
            response.close()
            raise FetchError(url, f"page of {int(declared):,} bytes is over the {cap:,}-byte cap; refused")
        chunks, size = [], 0
        try:
            for chunk in response.iter_content(chunk_size=65536):
                size += len(chunk)
                if size > cap:
                    response.close()
                    raise FetchError(url, f"page is over the {cap:,}-byte cap; refused")
                chunks.append(chunk)
        except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError) as err:
            raise _IncompleteBody(url, f"body cut short ({_cause(err)})") from None
        body = b"".join(chunks)
        if declared and declared.isdigit() and len(body) < int(declared):
            raise _IncompleteBody(url, f"body of {len(body):,} bytes is shorter than its Content-Length {int(declared):,}")
        return body


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _cause(err: BaseException) -> str:
    while err.__context__ is not None and err.__context__ is not err and str(err) == "":
        err = err.__context__
    text = str(err) or type(err).__name__
    return text if len(text) < 200 else text[:200] + "…"
