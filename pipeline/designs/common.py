"""What every page design shares: the shape of an extracted entry, and how to read text out of markup."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from itertools import chain

from bs4 import BeautifulSoup, Comment, NavigableString, SoupStrainer, Tag
from bs4.filter import ElementFilter
from lxml import etree

from pipeline import limits

from pipeline.normalizing.dates import looks_like_date

# "1 - 10 of 18", "1851 - 1860 of 2425", "Showing 1 - 8 of 8 results".
COUNT = re.compile(r"(?<![\d,])(\d[\d,]*)\s*[-–]\s*(\d[\d,]*)\s+of\s+(\d[\d,]*)(?![\d,])")

_BLOCK_TAGS = frozenset(
    "address article aside blockquote dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header li main nav ol p pre section table tbody td tfoot th thead tr ul time".split()
)
_INVISIBLE = frozenset({"script", "style", "noscript", "template"})


@dataclass(frozen=True)
class Entry:
    """One result entry, values exactly as written on the page (whitespace collapsed)."""

    position: int
    date_raw: str | None
    title_raw: str | None
    summary_raw: str | None
    record_url: str | None


@dataclass(frozen=True)
class Issue:
    """Something on a page that was not accepted: a reject row in the making."""

    position: int | None
    check: str
    reason: str


@dataclass
class Extraction:
    """What a design found on one page."""

    entries: list[Entry] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    # Items in the result list that are not documents (collections): they count
    # against the page's stated range but are not entries.
    other_items: int = 0
    stated: tuple[int, int, int] | None = None
    next_page: str | None = None  # the pager's link to the next result page, as written
    record: object | None = None  # a document's own page: its catalogue fields (designs.record_html.Record)


def collapse(text: str | None) -> str | None:
    """Collapse runs of whitespace; empty text becomes None."""
    if text is None:
        return None
    out = " ".join(text.split())
    return out or None


def stated_count(text: str) -> tuple[int, int, int] | None:
    """The page's "{start} - {end} of {total}" count, if it states one within limits.MAX_COUNT (a number beyond it,
    however many digits it has, is a data error of the page: see count_out_of_range)."""
    m = COUNT.search(text)
    if not m:
        return None
    digits = [g.replace(",", "") for g in m.groups()]
    if any(_beyond_count(d) for d in digits):
        return None
    start, end, total = (int(d) for d in digits)
    return start, end, total


def count_out_of_range(text: str) -> Issue | None:
    """The issue of a page whose stated count has a number over limits.MAX_COUNT: none has so many results."""
    for m in COUNT.finditer(text):
        digits = [g.replace(",", "") for g in m.groups()]
        if any(_beyond_count(d) for d in digits):
            said = m.group(0)
            shown = said if len(said) <= 60 else f"{said[:40]}… ({len(said):,} characters)"
            return Issue(None, "count_out_of_range", f"the page states the count '{shown}', a number over "
                                               f"{limits.MAX_COUNT:,}: no archive has so many results; not used")
    return None


def _beyond_count(digits: str) -> bool:
    # Compared as text first: int() of thousands of digits is slow, and refused past 4,300.
    return len(digits) > len(str(limits.MAX_COUNT)) or int(digits) > limits.MAX_COUNT


_MAX_COUNT_LINE = 60


def lines_stated_count(lines: list[str]) -> tuple[int | None, tuple[int, int, int] | None]:
    """In a text rendering: the index of the count line and its count, if there is one."""
    for i, line in enumerate(lines):
        if len(line) <= _MAX_COUNT_LINE:
            count = stated_count(line)
            if count:
                return i, count
    return None, None


def record_path(href: str | None) -> str | None:
    """The site-relative path of a record link ("/document/<slug>"), dropping host, query and fragment."""
    if not href:
        return None
    path = urlsplit(href.strip()).path
    return path.rstrip("/") or None


def visible_strings(node: Tag, skip: tuple[Tag, ...] = ()) -> list[tuple[NavigableString, Tag]]:
    """Text nodes a reader sees inside `node` (no comments, scripts or styles), outside the `skip` nodes, in reading
    order, each with the block it is in (the nearest block element around it, or `node`). One walk of the tree."""
    out: list[tuple[NavigableString, Tag]] = []
    _collect(node, {id(n) for n in skip}, node, out)  # identity: bs4 compares tags by content
    return out


def _collect(node: Tag, skip: set[int], block: Tag, out: list) -> None:
    for child in node.contents:
        if id(child) in skip:
            continue
        if isinstance(child, Tag):
            if child.name not in _INVISIBLE:
                _collect(child, skip, child if child.name in _BLOCK_TAGS else block, out)
        elif not isinstance(child, Comment):
            out.append((child, block))


def find_date_string(node: Tag, skip: tuple[Tag, ...] = ()) -> NavigableString | None:
    """The first text node inside `node` (outside `skip`) whose whole text has a date's shape.

    The markup around a result's date is not known for sure, so the date is found by
    what it looks like, not by a class name.
    """
    return _date_in(visible_strings(node, skip))


def _date_in(strings: list[tuple[NavigableString, Tag]]) -> NavigableString | None:
    for s, _ in strings:
        text = collapse(str(s))
        if text and looks_like_date(text):
            return s
    return None


def date_and_text(node: Tag, skip: tuple[Tag, ...]) -> tuple[NavigableString | None, str | None]:
    """A result's date (as find_date_string finds it) and the rest of its visible text outside `skip`, from one walk:
    block boundaries are read as spaces, inline markup (<em>, <a>) joins without one, as a browser shows it."""
    strings = visible_strings(node, skip)
    date = _date_in(strings)
    parts: list[str] = []
    last_block = None
    for s, block in strings:
        if s is date:
            continue
        if parts and block is not last_block:
            parts.append(" ")
        parts.append(str(s))
        last_block = block
    return date, collapse("".join(parts))


# Markup whose content a browser does not show: results inside it are not results.
_HIDING_TAGS = frozenset({"noscript", "template", "svg"})
_HIDING_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _hides(name: str, attrs) -> bool:
    return name in _HIDING_TAGS or "hidden" in attrs or bool(_HIDING_STYLE.search(attrs.get("style") or ""))


class Parts(ElementFilter):
    """Builds only the elements `wanted(name, attrs)` selects, and the markup that hides content from a reader
    (noscript, template, svg, the hidden attribute, display: none), so that is_hidden() sees what hides a result."""

    def __init__(self, wanted):
        super().__init__()
        self.wanted = wanted

    def allow_tag_creation(self, nsprefix, name, attrs) -> bool:
        attrs = attrs or {}
        return self.wanted(name, attrs) or _hides(name, attrs)

    def allow_string_creation(self, string) -> bool:
        return False


def is_hidden(tag: Tag) -> bool:
    """Whether a browser shows nothing of `tag`: it or an element around it hides its content."""
    return any(_hides(t.name, t.attrs) for t in chain([tag], tag.parents) if isinstance(t, Tag) and t.name)


def hidden_issue(n: int) -> Issue:
    return Issue(None, "hidden", f"{n} result(s) inside markup a browser does not show (noscript, template, svg, "
                                 "hidden, display: none): not documents")


def class_has(attrs, name: str) -> bool:
    """Whether the attributes of a tag being built give it the class `name`."""
    value = attrs.get("class") or ""
    return name in (value.split() if isinstance(value, str) else value)


def make_soup(text: str, only: SoupStrainer | ElementFilter | None = None) -> BeautifulSoup:
    """The page's tree, with lxml; `only` builds just the parts a design reads (tree building is
    most of the cost of reading a page, and a live page is mostly menus and facets)."""
    return BeautifulSoup(text, "lxml", parse_only=only)


TAG = re.compile(r"<[^<>]+>")  # not across another "<": linear on markup with no ">"


def text_stated_count(html: str) -> tuple[int, int, int] | None:
    """The "{start} - {end} of {total}" an HTML page states, read from its text without a tree."""
    return stated_count(TAG.sub(" ", html))


def nesting_depth(html: str, limit: int) -> int:
    """How deep elements nest, as libxml2's HTML parser (through lxml) builds them: implied end tags closed, stray
    ones ignored, script text not markup. Counting stops past `limit` (libxml2 itself stops at 256 levels), so the
    cost is one pass of a C parser, whatever the markup."""
    parser = etree.HTMLPullParser(events=("start", "end"))
    depth = deepest = 0
    for at in range(0, len(html), _FEED):
        parser.feed(html[at : at + _FEED])
        for event, _ in parser.read_events():
            depth += 1 if event == "start" else -1
            deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
    try:
        parser.close()
    except etree.LxmlError:
        pass  # what was read before the error has been counted
    for event, _ in parser.read_events():
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


_FEED = 1 << 16


# Text renderings: a summary's paragraphs end a sentence, a title does not; a notice about a summary
# ("This summary was generated automatically.") is neither.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_NOTICE = re.compile(r"\bsummar(?:y|ies)\b.{0,60}\b(?:generated|machine|automatic(?:ally)?|AI)\b"
                     r"|\b(?:generated|machine|automatic(?:ally)?|AI)\b.{0,60}\bsummar(?:y|ies)\b", re.I)
_MAX_NOTICE = 160


def is_notice(line: str) -> bool:
    """A line that says something about a summary rather than being one (a machine-generation notice)."""
    return len(line) <= _MAX_NOTICE and _NOTICE.search(line) is not None


def ends_sentence(line: str) -> bool:
    return _SENTENCE_END.search(line) is not None


def titled_entries(lines: list[str]) -> list[tuple[str, list[str]]]:
    """A run of lines that holds one or more (title, summary paragraphs) entries, in order.

    The first line is a title. A summary may run over several paragraphs, each ending a sentence; a line that
    ends no sentence, after a paragraph that does and with a line after it, starts the next entry (an undated
    one: the rendering writes no date line for it)."""
    entries: list[tuple[str, list[str]]] = []
    for i, line in enumerate(lines):
        previous = entries[-1][1] if entries else None
        starts_entry = (
            previous is None
            or (previous and ends_sentence(previous[-1]) and not ends_sentence(line) and i + 1 < len(lines))
        )
        if starts_entry:
            entries.append((line, []))
        else:
            entries[-1][1].append(line)
    return entries


def summary_of(paragraphs: list[str]) -> str | None:
    return " ".join(paragraphs) or None


def cut_issue(entry: Entry) -> Issue:
    """The reject of an entry a page ends inside: its title may be cut short, so it is never stored as complete."""
    return Issue(entry.position, "cut", f"the page ends inside this entry ('{(entry.title_raw or '')[:80]}'): "
                                        "its title and summary may be cut short, so they are not used")


def report_cut_last(found: Extraction) -> None:
    """A text rendering cut off by the end of the page: its last entry has a title but no summary while every other
    entry has one. It is reported ("cut"), never kept as a complete entry."""
    entries = found.entries
    if len(entries) >= 2 and entries[-1].summary_raw is None and all(e.summary_raw for e in entries[:-1]):
        found.issues.append(cut_issue(entries.pop()))
