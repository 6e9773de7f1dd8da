"""Polite, fault-tolerant HTTP: robots.txt, a pause between requests, an honest User-Agent, retries.

Two layers of retries, each with one job:
- urllib3's Retry (under requests) retries connection errors, timeouts and 429/500-504 responses with
  exponential backoff and jitter, and honors Retry-After up to `max_wait` seconds;
- tenacity retries a response whose body is not whole: shorter than its Content-Length, or an HTML
  page cut off before </html>. Such a body is never returned, so it is never stored.

It stays in its lane: every URL is normalized (url-normalize: dot segments, percent-encoding, case) before it is
checked against the host and robots.txt, and the URL fetched is the URL checked; a URL with a user name is refused;
redirects are followed only on the same host, each hop checked again. Every request has a total deadline
(`total_timeout`) that a body sent a byte at a time cannot stretch. A site that asks to wait longer than `max_wait`
(Retry-After, robots.txt's Crawl-delay) is not waited for: HostAsksToWait ends the harvest, which carries on later.
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
from url_normalize import url_normalize
from urllib3 import exceptions as urllib3_errors
from urllib3.util.retry import Retry

from pipeline import __version__

# Who to contact about this crawler: set it to your own page or mailto: address (--contact).
DEFAULT_CONTACT = "https://example.org/archive-pipeline"
MAX_BYTES = 10 * 1024 * 1024
_HTML_END = re.compile(rb"</html\s*>", re.I)
_MAX_REDIRECTS = 5  # also the redirects of a robots.txt followed, as RFC 9309 asks
RETRY_STATUSES = (429, 500, 502, 503, 504)


class NoContact(ValueError):
    """A scheduled harvest with no real contact address to name in its User-Agent."""


# The Prefect variable that holds the contact address every deployment's harvests name (set once per server).
CONTACT_VARIABLE = "archive-pipeline-contact"


def resolve_contact(given: str | None, configured: str | None, scheduled: bool) -> str:
    """The contact address a harvest names in its User-Agent: the one given for this run, else the one configured
    (ARCHIVE_PIPELINE_CONTACT, or the Prefect variable archive-pipeline-contact). A run by hand may go with the
    placeholder; a run of a deployment (scheduled, or started with `prefect deployment run`) may not: the
    archive must be able to reach whoever runs a crawler on a schedule."""
    for contact in (given, configured):
        if contact and contact != DEFAULT_CONTACT:
            return contact
    if scheduled:
        raise NoContact(
            f"no contact address for the User-Agent of a scheduled harvest: set it once with `prefect variable set "
            f"{CONTACT_VARIABLE} mailto:you@example.org` (or an https:// page of yours)")
    return DEFAULT_CONTACT


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
    total_timeout: float = 120.0  # seconds one response may take, headers and body, however slowly it comes
    max_wait: float = 300.0  # the longest Retry-After or Crawl-delay waited for; a longer one ends the harvest

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


class HostAsksToWait(FetchError):
    """The site asks to wait longer than this harvest waits (Retry-After, Crawl-delay): stop, and carry on later."""

    def __init__(self, url: str, reason: str, seconds: float):
        super().__init__(url, reason)
        self.seconds = seconds


class _WaitTooLong(Exception):
    """Raised out of urllib3's retry loop when a Retry-After is over the maximum (not one of its own errors, so that
    requests does not wrap it)."""

    def __init__(self, seconds: float):
        super().__init__(seconds)
        self.seconds = seconds


class _PatientRetry(Retry):
    """urllib3's Retry, which would sleep as long as any Retry-After says, waiting at most `max_wait` seconds."""

    max_wait = 300.0

    def sleep_for_retry(self, response) -> bool:
        wait = self.get_retry_after(response)
        if wait is not None and wait > self.max_wait:
            raise _WaitTooLong(wait)
        return super().sleep_for_retry(response)


def canonical(url: str) -> str:
    """The URL as it is checked and fetched: normalized (scheme and host in lower case, dot segments resolved,
    percent-encoding of unreserved characters decoded, default port dropped), without fragment. A URL with a user
    name or password, or not http(s), raises FetchError: it names another host than it seems to."""
    normal = url_normalize(url)
    parts = urlsplit(normal)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(url, "not an http(s) address; refused")
    if parts.username is not None or parts.password is not None:
        raise FetchError(url, "carries a user name (what follows its @ is another host); refused")
    return parts._replace(fragment="").geturl()


class Fetcher:
    """Gets pages from one or more hosts, one request in flight per host, with a pause between requests."""

    def __init__(self, config: FetchConfig = FetchConfig(), session: requests.Session | None = None):
        self.config = config
        self.session = session or requests.Session()
        retries = type("_Retry", (_PatientRetry,), {"max_wait": config.max_wait})(
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
        """Whether robots.txt lets us fetch `url` (normalized), and if not, why. Read once per host per run."""
        url = canonical(url)
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
            response, body = self._robots_response(url)
        except HostAsksToWait:
            raise  # not unreachable: the harvest stops, and carries on later
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

    def _robots_response(self, url: str) -> tuple[requests.Response, bytes]:
        """robots.txt and its body, following up to five redirects on its host (RFC 9309 §2.3.1.2). More, or one to
        another host, and it counts as unreachable: nothing is fetched rather than another host asked."""
        current = url
        for _ in range(_MAX_REDIRECTS + 1):
            response = self._send(current, {})
            if not response.is_redirect:
                return response, self._read_body(current, response, time.monotonic())
            target = canonical(urljoin(current, response.headers.get("Location", "")))
            response.close()
            if _origin(target) != _origin(url):
                raise FetchError(url, f"redirected to another host ({target})")
            current = target
        raise FetchError(url, f"more than {_MAX_REDIRECTS} redirects")

    def crawl_delay(self, url: str) -> float:
        rules = self._robots.get(_origin(url))
        robots_delay = float((rules.crawl_delay(self.config.user_agent) if rules else None) or 0.0)
        if robots_delay > self.config.max_wait:
            raise HostAsksToWait(url, f"robots.txt of {_origin(url)} asks for a Crawl-delay of {robots_delay:g} s, "
                                      f"over the {self.config.max_wait:g} s this harvest waits", robots_delay)
        return max(self.config.delay, robots_delay)

    # fetching ---------------------------------------------------------------------------------

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None,
            origin: str | None = None) -> Fetched:
        """GET a page politely. Raises FetchError when it cannot be got whole, saying why; HostAsksToWait when the
        site asks to wait longer than this harvest waits. With `origin`, a URL of another host is refused. The page
        is known by `url` as asked; what is checked and fetched is its normalized form."""
        asked, url = url, canonical(url)
        if origin is not None and _origin(url) != _origin(canonical(origin)):
            raise FetchError(asked, f"leads off the archive's host ({_origin(url)}); refused")
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
            fetched = attempt(url, headers)
        except _IncompleteBody as err:
            raise FetchError(asked, f"{err.reason}, {self.config.body_retries} times") from None
        fetched.url = asked
        return fetched

    def _get_whole(self, url: str, headers: dict) -> Fetched:
        current = url
        for _ in range(_MAX_REDIRECTS + 1):
            response = self._send(current, headers)
            # The body's deadline runs from its headers: the polite pause and a Retry-After waited for before
            # them are not the response's slowness.
            started = time.monotonic()
            if response.is_redirect:
                target = canonical(urljoin(current, response.headers.get("Location", "")))
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
        body = self._read_body(url, response, started)
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
            except _WaitTooLong as err:
                raise HostAsksToWait(url, f"{_origin(url)} asks to wait {err.seconds:g} s (Retry-After), over the "
                                          f"{self.config.max_wait:g} s this harvest waits", err.seconds) from None
            except requests.exceptions.RetryError as err:
                raise FetchError(url, f"gave up after {self.config.retries} retries ({_cause(err)})") from None
            except requests.exceptions.Timeout as err:
                raise FetchError(url, f"timed out after {self.config.retries} retries ({_cause(err)})") from None
            except requests.exceptions.RequestException as err:
                raise FetchError(url, f"request failed after {self.config.retries} retries ({_cause(err)})") from None
            finally:
                self._last_request[host] = time.monotonic()

    def _read_body(self, url: str, response: requests.Response, started: float) -> bytes:
        """The whole body, within the size cap, its Content-Length, and the response's total deadline (counted from
        `started`, when its headers came). Read with read1, which returns what has come: a body sent a byte at a time meets the deadline
        between two reads, instead of one read waiting for a whole block."""
        cap = self.config.max_bytes
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > cap:
            response.close()
            raise FetchError(url, f"page of {int(declared):,} bytes is over the {cap:,}-byte cap; refused")
        chunks, size = [], 0
        try:
            while chunk := response.raw.read1(65536, decode_content=True):
                size += len(chunk)
                if size > cap:
                    response.close()
                    raise FetchError(url, f"page is over the {cap:,}-byte cap; refused")
                if time.monotonic() - started > self.config.total_timeout:
                    response.close()
                    raise FetchError(url, f"took longer than {self.config.total_timeout:g} s to arrive; refused")
                chunks.append(chunk)
        except (urllib3_errors.ProtocolError, urllib3_errors.ReadTimeoutError, urllib3_errors.DecodeError,
                OSError) as err:
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
