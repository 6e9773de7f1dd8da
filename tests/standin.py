"""A stand-in of the Wilson Center Digital Archive's web site, for the harvester's tests.

The real site (digitalarchive.wilsoncenter.org) cannot be reached from tests, so this module serves
pages shaped like its current (2023+) design on 127.0.0.1 only:

- ``/robots.txt``;
- ``/search`` with ``search_api_fulltext``, ``f[i]=facet:id`` and 0-based ``page``, ten results a page,
  newest upload first, marked up like ``raw/current-design_search_page-0.html``;
- ``/document/<slug>`` pages with the selectors described in ``shared/reference/wilson-archive.md``.

Pages carry a strong ETag and a Last-Modified date, and a matching If-None-Match gets a 304.
Every response says "Connection: close". Every request is logged with the status sent.

Faults, injected with ``inject(target, *faults)``, each spoil one matching request:

- ``"503"``, ``"500"``: that status with a small HTML body;
- ``"429:N"``: 429 with ``Retry-After: N`` (N as given, e.g. "2" or "0.2");
- ``"timeout:S"``: wait S seconds, then the normal response;
- ``"short-body"``: the full Content-Length but half the body, then the connection closes;
- ``"cut-html"``: the first 60% of the page with a matching Content-Length (no ``</html>``);
- ``"redirect-offsite"``: 302 to ``http://offsite.invalid/...`` (a host a harvester must refuse);
- ``"redirect-samehost"``: 301 to the same URL on this server (the followed request is served normally);
- ``"oversize:N"``: 200 with an N-byte body of HTML comment padding, streamed;
- ``"reset"``: a TCP reset instead of any response.

    with StandInSite() as site:
        site.inject("/search?page=1", "503")
        harvest(base_url=site.base_url)
        assert [r.status for r in site.search_requests()][:3] == [200, 503, 200]
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import socket
import struct
import threading
from collections import deque
from dataclasses import dataclass
from datetime import date, datetime, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, parse_qsl, unquote, urlencode, urlsplit

DEFAULT_ROBOTS = "User-agent: *\nDisallow: /document/restricted-\nDisallow: /admin/\n"

CORPUS_PATH = Path(__file__).resolve().parent / "standin_corpus.json"

# Where an off-site redirect points: a reserved name that never resolves, and is never contacted.
OFFSITE_URL = "http://offsite.invalid/search?page=0"

RIGHTS = (
    "The History and Public Policy Program welcomes reuse of Digital Archive materials for research and "
    "educational purposes. Some documents may be subject to copyright, which is retained by the rights holders."
)
STANDIN_TEXT = "Stand-in text: the document's original text and its translation are not reproduced in this test site."

# Labelled lists and single values of a document page, in page order: (label, document key).
LIST_FIELDS = (
    ("Author(s)", "authors"),
    ("Associated People & Organizations", "people"),
    ("Associated Places", "places"),
    ("Subjects Discussed", "subjects"),
    ("Original Archive", "original_archive"),
    ("Language", "language"),
    ("Donors", "donors"),
)
SINGLE_FIELDS = (
    ("Source", "source"),
    ("Original Uploaded Date", "upload_date"),
    ("Rights", None),  # a fixed sentence, the same for every document
    ("Record ID", "record_id"),
    ("Original Classification", "classification"),
    ("Type", "type"),
)

# The faults inject() accepts; see the module docstring.
_FAULT = re.compile(
    r"503|500|429:\S+|timeout:\d+(\.\d+)?|oversize:\d+|short-body|cut-html|redirect-offsite|redirect-samehost|reset"
)
_FACET_KEY = re.compile(r"f\[\d+\]")
_PADDING = b"<!-- padding -->\n"
_CHUNK = 64 * 1024


def load_corpus(path: Path = CORPUS_PATH) -> list[dict]:
    """The stand-in's documents, newest upload first."""
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass
class Logged:
    """One request the stand-in served, and the status it sent (0 when it sent no status line).

    A request is logged when it arrives, and its status filled in when the status line goes out, so a
    client that has its response always finds the request in the log."""

    path: str
    query: str
    headers: dict[str, str]
    status: int


@dataclass
class _Response:
    """A response before it is sent (faults may still change how)."""

    status: int
    body: bytes = b""
    content_type: str = "text/html; charset=UTF-8"
    headers: dict[str, str] | None = None


def _esc(text: Any) -> str:
    # Drupal writes an apostrophe as &#039;, not html.escape's &#x27;.
    return html.escape(str(text), quote=True).replace("&#x27;", "&#039;")


def _http_date(iso_day: str | None) -> str:
    """An HTTP date (RFC 9110) for midnight UTC of an ISO day; a fixed date when there is none."""
    day = date.fromisoformat(iso_day) if iso_day else date(2023, 1, 1)
    return format_datetime(datetime(day.year, day.month, day.day, tzinfo=timezone.utc), usegmt=True)


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:16] + '"'


def _params(query: str) -> dict[str, list[str]]:
    """Query parameters, brackets and all decoded (f%5B0%5D=topics%3A1 and f[0]=topics:1 are the same)."""
    return parse_qs(query, keep_blank_values=True)


class StandInSite:
    """A stand-in of the archive's web site on 127.0.0.1, with faults to inject."""

    def __init__(
        self,
        documents: list[dict] | None = None,
        page_size: int = 10,
        robots_txt: str | None = DEFAULT_ROBOTS,
        conditional: bool = True,
    ) -> None:
        # Copies, so that add_documents never changes the caller's list.
        self._documents: list[dict] = list(load_corpus() if documents is None else documents)
        self.page_size = page_size
        self.robots_txt = robots_txt
        self.conditional = conditional
        self.requests: list[Logged] = []
        self._lock = threading.Lock()
        self._faults: list[tuple[str, dict[str, list[str]] | None, deque[str]]] = []
        # Set on shutdown: wakes "timeout" sleeps and stops "oversize" streams, so __exit__ never hangs.
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.base_url = ""

    # -- lifecycle ---------------------------------------------------------------------------------

    def __enter__(self) -> StandInSite:
        self._stopping.clear()
        self._server = _Server(("127.0.0.1", 0), _Handler, self)
        host, port = self._server.server_address[:2]
        self.base_url = f"http://{host}:{port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="standin-site", daemon=True)
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()  # handler threads are daemons: this does not wait for them
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    # -- what tests use ----------------------------------------------------------------------------

    @property
    def documents(self) -> list[dict]:
        """The documents served, newest upload first (a copy)."""
        with self._lock:
            return list(self._documents)

    def search_requests(self) -> list[Logged]:
        """The logged requests for /search, in order."""
        with self._lock:
            return [r for r in self.requests if r.path == "/search"]

    def add_documents(self, docs: list[dict]) -> None:
        """New uploads: they go to the top of the listing (given newest first), pushing the rest down."""
        with self._lock:
            taken = {d["slug"] for d in self._documents}
            clash = [d["slug"] for d in docs if d["slug"] in taken]
            if clash:
                raise ValueError(f"slugs already served: {clash}")
            self._documents[:0] = list(docs)

    def inject(self, target: str, *faults: str) -> None:
        """Queue faults for requests to `target`, one fault per matching request, in order.

        `target` is a path, with or without a query. Without one it matches any query; with one it
        matches a request whose query holds those parameters (decoded, in any order; others may be
        present). A /search request without `page` counts as page=0.
        """
        for fault in faults:
            if not _FAULT.fullmatch(fault):
                raise ValueError(f"unknown fault {fault!r}")
        parts = urlsplit(target)
        query = _params(parts.query) if parts.query else None
        with self._lock:
            self._faults.append((parts.path, query, deque(faults)))

    # -- used by the handler -----------------------------------------------------------------------

    def _log(self, entry: Logged) -> None:
        with self._lock:
            self.requests.append(entry)

    def _take_fault(self, path: str, query: str) -> str | None:
        """Consume and return the first fault queued for this request, if any."""
        params = _params(query)
        if path == "/search":
            params.setdefault("page", ["0"])
        with self._lock:
            for target_path, target_query, queue in self._faults:
                if not queue or target_path != path:
                    continue
                if target_query is None or all(params.get(k) == v for k, v in target_query.items()):
                    return queue.popleft()
        return None

    # -- pages -------------------------------------------------------------------------------------

    def _route(self, path: str, query: str) -> _Response:
        if path == "/robots.txt":
            if self.robots_txt is None:
                return _not_found()
            return _Response(200, self.robots_txt.encode("utf-8"), "text/plain; charset=UTF-8")
        if path == "/search":
            return self._search(query)
        if path.startswith("/document/"):
            slug = path[len("/document/"):]
            with self._lock:
                doc = next((d for d in self._documents if d["slug"] == slug), None)
            return self._document(doc) if doc is not None else _not_found()
        return _not_found()

    def _search(self, query: str) -> _Response:
        params = _params(query)
        text = (params.get("search_api_fulltext") or [""])[0].strip().lower()
        wanted = [v for k, values in params.items() if _FACET_KEY.fullmatch(k) for v in values]
        try:
            page = max(0, int((params.get("page") or ["0"])[0]))
        except ValueError:
            page = 0  # as Drupal does with a page number it cannot read

        docs = self.documents
        hits = [
            d for d in docs
            if (not text or text in d["title"].lower() or text in (d.get("summary") or "").lower())
            and all(f in d.get("facets", []) for f in wanted)
        ]
        shown = hits[page * self.page_size:(page + 1) * self.page_size]
        body = _search_page(hits, shown, page, self.page_size, query, docs).encode("utf-8")
        newest = max((d["upload_date"] for d in hits), default=max((d["upload_date"] for d in docs), default=None))
        return _Response(200, body, headers={"ETag": _etag(body), "Last-Modified": _http_date(newest)})

    def _document(self, doc: dict) -> _Response:
        body = _document_page(doc, self.documents).encode("utf-8")
        return _Response(200, body, headers={"ETag": _etag(body), "Last-Modified": _http_date(doc.get("upload_date"))})


# -- HTML ------------------------------------------------------------------------------------------

PDF_PATH = "/sites/default/files/shared-media/imported_document_original_file/{}.pdf"


def _shell(title: str, body_class: str, main: str, docs: list[dict]) -> str:
    """The page around the content: a header with a main menu and a footer.

    Their /document/ links ("Featured" menu entries: the last two documents; a footer link: the third
    from last) are not results, like the menus, boxes and footers of the real pages.
    """
    menu = "".join(
        f'<li class="dropdown-item"><a href="/document/{_esc(d["slug"])}">'
        f'<span class="featured-label">Featured:</span> {_esc(d["title"])}</a></li>\n'
        for d in docs[-2:]
    )
    classic = docs[-3] if len(docs) >= 3 else None
    footer_link = (
        f'<p>Start with a classic: <a href="/document/{_esc(classic["slug"])}">{_esc(classic["title"])}</a>'
        "&nbsp;&raquo;</p>\n"
        if classic else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8" />
<title>{_esc(title)} | Wilson Center Digital Archive</title>
</head>
<body class="{body_class}">
<a href="#main-content" class="visually-hidden-focusable skip-link">Skip to content</a>
<div class="layout-container">
<header class="site-header" role="banner">
<div class="site-name"><a href="/" rel="home">Digital Archive</a></div>
<nav role="navigation" aria-labelledby="main-menu-heading" id="block-digitalarchive-main-menu" class="menu--main">
<h2 class="visually-hidden" id="main-menu-heading">Main navigation</h2>
<ul data-block="header" class="nav navbar-nav">
<li class="nav-item"><a href="/search" class="nav-link">Search</a></li>
<li class="nav-item dropdown"><a href="/featured" class="nav-link dropdown-toggle">Featured</a>
<ul class="dropdown-menu featured-documents">
{menu}</ul>
</li>
</ul>
</nav>
</header>
<main role="main" class="main-content">
<a id="main-content" tabindex="-1"></a>
{main}</main>
<footer class="site-footer" role="contentinfo">
<div class="footer-about block">
{footer_link}</div>
<p class="copyright">&copy; 2024 The Wilson Center. All rights reserved.</p>
</footer>
</div>
</body>
</html>
"""


def _page_href(query: str, page: int) -> str:
    """A pager link: the current query with page=N (brackets encoded, as Drupal writes them)."""
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != "page"]
    return "?" + urlencode(pairs + [("page", str(page))])


def _pager_item(query: str, page: int, label: str, title: str, extra: str = "", attrs: str = "") -> str:
    href = _esc(_page_href(query, page))
    return (f'<li class="pager__item{extra} page-item"><a href="{href}" title="{title}"{attrs} '
            f'class="page-link">{label}</a></li>')


def _pager(page: int, last: int, query: str) -> str:
    items = []
    if page > 0:
        items.append(_pager_item(query, 0, "&laquo; First", "Go to first page", " pager__item--first"))
        items.append(_pager_item(query, page - 1, "&lsaquo; Previous", "Go to previous page",
                                 " pager__item--previous", ' rel="prev"'))
    # Up to nine numbered links around the current page, as Drupal's pager shows them.
    low = max(0, min(page - 4, last - 8))
    for n in range(low, min(last, low + 8) + 1):
        if n == page:
            items.append(_pager_item(query, n, str(n + 1), "Current page", " is-active active",
                                     ' aria-current="page"'))
        else:
            items.append(_pager_item(query, n, str(n + 1), f"Go to page {n + 1}"))
    if page < last:
        items.append(_pager_item(query, page + 1, "Next &rsaquo;", "Go to next page",
                                 " pager__item--next", ' rel="next"'))
        items.append(_pager_item(query, last, "Last &raquo;", "Go to last page", " pager__item--last"))
    return (
        '<nav class="pager" role="navigation" aria-labelledby="pagination-heading">\n'
        '<h4 id="pagination-heading" class="visually-hidden">Pagination</h4>\n'
        '<ul class="pager__items js-pager__items pagination">\n' + "\n".join(items) + "\n</ul>\n</nav>\n"
    )


def _result_cell(doc: dict) -> str:
    """One result, marked up as on raw/current-design_search_page-0.html."""
    out = ['<tr>\n<td class="document contextual-region">\n']
    if doc.get("date"):  # undated results have no date line, as on the site
        out.append('<div class="views-field views-field-field-date">'
                   f'<span class="field-content">{_esc(doc["date"])}</span></div>\n')
    out.append('<h3 class="views-field views-field-title"><span class="field-content">'
               f'<a href="/document/{_esc(doc["slug"])}" hreflang="en">{_esc(doc["title"])}</a></span></h3>\n')
    out.append('<div class="views-field views-field-field-summary"><div class="field-content">'
               f'<p>{_esc(doc.get("summary") or "")}</p></div></div>\n')
    out.append("</td>\n</tr>\n")
    return "".join(out)


def _search_page(hits: list[dict], shown: list[dict], page: int, page_size: int, query: str,
                 docs: list[dict]) -> str:
    if not shown:
        # No match at all, or a page past the end: Drupal's empty view, with no count, table or pager.
        content = ('<div class="view view-search-documents">\n'
                   '<div class="view-empty"><p>No results found.</p></div>\n</div>\n')
        return _shell("Search", "path-search page-view-search-documents", content, docs)
    start = page * page_size + 1
    last = (len(hits) - 1) // page_size
    content = (
        '<div class="view view-search-documents view-id-search_documents view-display-id-page_1">\n'
        '<div class="view-header">\n<div class="results-summary">\n'
        '<span class="results-label">Results:</span>\n'
        f'<span class="results-count">{start} - {start + len(shown) - 1} of {len(hits)}</span>\n</div>\n'
        '<ul class="nav nav-tabs search-type-tabs" role="tablist"><li class="nav-item" role="presentation">'
        '<a class="nav-link active" aria-current="page" href="#documents">Documents</a></li></ul>\n</div>\n'
        '<div class="view-content">\n<div class="table-responsive">\n'
        '<table class="table table-hover table-striped">\n<tbody>\n'
        + "".join(_result_cell(d) for d in shown)
        + "</tbody>\n</table>\n</div>\n</div>\n"
        + _pager(page, last, query)
        + "</div>\n"
    )
    return _shell("Search", "path-search page-view-search-documents", content, docs)


def _document_page(doc: dict, docs: list[dict]) -> str:
    """A document page with the selectors that worked on the live site (see the reference)."""
    parts = [f'<h1 class="title">{_esc(doc["title"])}</h1>\n']
    if doc.get("date"):
        parts.append(f'<div class="date">{_esc(doc["date"])}</div>\n')
    if doc.get("donors"):
        donors = _esc(", ".join(doc["donors"]))
        parts.append(f'<div class="donated">This document was made possible with support from {donors}</div>\n')
    parts.append(f'<div class="text-block">{_esc(doc.get("summary") or "")}</div>\n')
    parts.append('<div id="documentTabs"><div class="tab-content">'
                 f'<div class="tab-pane active">{_esc(STANDIN_TEXT)}</div></div></div>\n')
    for label, key in LIST_FIELDS:
        values = doc.get(key) or []
        if not values:
            continue
        pills = "".join(
            f'<a class="pill" href="{_esc("/search?" + urlencode({"search_api_fulltext": v}))}">'
            f'<span class="name"><span>{_esc(v)}</span></span></a>'
            for v in values
        )
        parts.append(f'<h2 class="title">{_esc(label)}</h2><div class="pills">{pills}</div>\n')
    for label, key in SINGLE_FIELDS:
        value = RIGHTS if key is None else doc.get(key)
        if value in (None, ""):
            continue
        parts.append(f'<div class="information-block"><div class="sub-title">{_esc(label)}</div>'
                     f'<div class="text">{_esc(value)}</div></div>\n')
    pdf = _esc(PDF_PATH.format(doc["record_id"]))
    parts.append(f'<object class="pdf-preview" type="application/pdf" data="{pdf}"></object>\n')
    article = '<article class="document">\n' + "".join(parts) + "</article>\n"
    return _shell(doc["title"], "path-node page-node-type-document", article, docs)


def _not_found() -> _Response:
    return _Response(404, _error_page(404, "Page not found"))


def _error_page(status: int, message: str) -> bytes:
    return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8" /><title>{status}</title></head>'
            f"<body><h1>{status} {_esc(message)}</h1></body></html>\n").encode("utf-8")


# -- HTTP ------------------------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a stuck client never keeps the test process alive

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], site: StandInSite) -> None:
        self.site = site
        super().__init__(address, handler)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "StandInArchive/1.0"
    timeout = 10  # seconds a silent client may hold a handler thread
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass  # the site keeps its own log; stderr noise would clutter test output

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        site = self.server.site
        parts = urlsplit(self.path)
        path, query = unquote(parts.path), parts.query
        fault = site._take_fault(path, query)
        self._logged = Logged(self.path.split("?", 1)[0], query, dict(self.headers.items()), 0)
        site._log(self._logged)
        try:
            self._serve(site, path, query, fault)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client hung up (e.g. it refused an oversize body): nothing more to send
        finally:
            self.close_connection = True

    def send_response(self, code: int, message: str | None = None) -> None:
        self._logged.status = code  # what the log records, even if the body never gets through
        super().send_response(code, message)

    def _serve(self, site: StandInSite, path: str, query: str, fault: str | None) -> None:
        """Answer one request, with its fault if it has one."""
        if fault == "reset":
            # SO_LINGER with a zero timeout turns close() into a TCP reset: no response at all.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            return
        if fault in ("503", "500"):
            status = int(fault)
            self._send(_Response(status, _error_page(status, self.responses[status][0])))
            return
        if fault is not None and fault.startswith("429:"):
            self._send(_Response(429, _error_page(429, "Too Many Requests"), headers={"Retry-After": fault[4:]}))
            return
        if fault == "redirect-offsite":
            self._send(_Response(302, headers={"Location": OFFSITE_URL}))
            return
        if fault == "redirect-samehost":
            # The fault is consumed by this request, so the followed one gets the normal page.
            self._send(_Response(301, headers={"Location": site.base_url + self.path}))
            return
        if fault is not None and fault.startswith("oversize:"):
            self._send_oversize(int(fault.split(":", 1)[1]))
            return
        if fault is not None and fault.startswith("timeout:"):
            # Interruptible, so shutting down never waits it out; a stopping site sends nothing.
            if site._stopping.wait(float(fault.split(":", 1)[1])):
                return

        response = site._route(path, query)
        etag = (response.headers or {}).get("ETag")
        if site.conditional and etag:
            asked = [tag.strip() for tag in self.headers.get("If-None-Match", "").split(",")]
            if etag in asked or "*" in asked:
                self._send(_Response(304, headers=response.headers), with_body=False)
                return
        if fault == "short-body":
            # Full Content-Length, half the bytes, then close: the client must notice the shortfall.
            self._send(response, body=response.body[: len(response.body) // 2])
            return
        if fault == "cut-html":
            # A well-formed response of a cut page: Content-Length matches, but </html> is missing.
            response.body = response.body[: len(response.body) * 6 // 10]
        self._send(response)

    def _send(self, response: _Response, with_body: bool = True, body: bytes | None = None) -> None:
        """Status, headers and body; `body` overrides what is written (Content-Length stays the full size)."""
        self.send_response(response.status)
        if with_body:
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
        for name, value in (response.headers or {}).items():
            self.send_header(name, value)
        self.send_header("Connection", "close")
        self.end_headers()
        if with_body:
            self.wfile.write(response.body if body is None else body)

    def _send_oversize(self, size: int) -> None:
        """200 with a `size`-byte HTML body of comment padding, streamed in chunks."""
        head = b'<!DOCTYPE html>\n<html><head><meta charset="utf-8" /></head><body>\n'
        tail = b"</body></html>\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=UTF-8")
        self.send_header("Content-Length", str(size))
        self.send_header("Connection", "close")
        self.end_headers()
        if size < len(head) + len(tail):
            self.wfile.write((head + tail)[:size])
            return
        # Whole padding comments, then spaces to reach the exact size: the body stays well-formed HTML.
        units, spaces = divmod(size - len(head) - len(tail), len(_PADDING))
        per_chunk = _CHUNK // len(_PADDING)
        chunk = _PADDING * per_chunk
        self.wfile.write(head)
        while units > 0:
            if self.server.site._stopping.is_set():
                return  # shutting down: give up on the rest
            count = min(units, per_chunk)
            self.wfile.write(chunk if count == per_chunk else _PADDING * count)
            units -= count
        self.wfile.write(b" " * spaces + tail)
