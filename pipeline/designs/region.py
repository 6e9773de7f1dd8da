"""The part of a page's markup that a design reads, cut out of the decoded text before any tree is built.

A live search page is mostly menus, facets and inline settings around its ten results, and building a tree of all of
it is most of the cost of reading the page (BeautifulSoup's builder is called for every element, even one a filter
then drops). A design names the elements it reads by marks in their markup (a result cell's class, the pager's
next link, a document page's field classes); the cut runs from the opening tag of the first such element to the end
of the last, or, for a document page, takes the elements alone and joins them.

The markup around the cut can still change how it is read: a comment or script left open makes it text, an open
element that hides its content (noscript, template, svg, the hidden attribute, display: none) makes the results in
it not results, and a closing tag in the cut may end an element opened before it. So the cut is taken only when
every hiding element before a part ends before it, and every part closes what it opens and nothing else while its
own elements are open (as libxml2 reads closing tags); else the whole page is read, as it would be without the cut.
The cut saves time; it never changes what is read: tests/test_region.py reads every sample page, generated pages
and random markup both ways.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from itertools import islice

# Comments, and the elements whose content is text, not markup (scripts, styles, a title, a textarea: "<!--" in a
# title is text, as libxml2 reads it): blanked out before tags are looked for in the page (position for position, so
# what is found is where it is). One left open runs to the end of the page.
_NOT_MARKUP = re.compile(r"<!--.*?(?:-->|\Z)|<(script|style|title|textarea|xmp|iframe|noembed|noframes)(?![\w-])"
                         r".*?(?:</\1(?=[\s/>])[^>]*>|\Z)", re.S | re.I)
# Elements whose content is not shown, or not read as markup.
_OPAQUE = re.compile(r"<(/?)(textarea|title|xmp|iframe|noembed|noframes|noscript|template|svg|math|plaintext)(?![\w-])")
# What in an opening tag hides the element's content.
_HIDING = re.compile(r"\shidden(?=[\s=/>])|display\s*:\s*none|visibility\s*:\s*hidden")
_HIDING_WORDS = ("hidden", "display", "visibility")
_NAME = re.compile(r"<([a-z][a-z0-9-]*)")
_TAG = re.compile(r"<(/?)([a-z][a-z0-9-]*)")
# Elements that hold nothing, so hide nothing after their tag.
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())

Span = tuple[int, int]
# More elements to look at than any real page has (the archive lists at most 50 results on a page, a document page
# has a few dozen fields): such a page is read whole, and the bounds of pipeline/limits.py judge it. It keeps the cut
# linear in the page's length, however the markup is made.
MAX_SPOTS = 500


def at_most(spots: Iterable[int]) -> list[int] | None:
    """The spots, or None when there are more than MAX_SPOTS."""
    found = list(islice(spots, MAX_SPOTS + 1))
    return None if len(found) > MAX_SPOTS else found


def cut(html: str, spans_of: Callable[[str], list[Span | None]], apart: bool = False) -> str:
    """The part of html from the first span's start to the last one's end; with `apart`, the spans alone (those that
    touch or overlap joined), one after the other. spans_of(tags) gives the spans of the elements read, found in tags:
    the page lower-cased, its comments, scripts and styles blanked out, position for position. The whole html when a
    span is None (its element's extent is not plain), when there is none, or when the markup before or between the
    parts may leave something open, or a part is not self-contained."""
    tags = _NOT_MARKUP.sub(lambda m: " " * len(m[0]), html).lower()
    if len(tags) != len(html):  # a character whose lower case is longer ("İ"): positions would not hold
        return html
    spans = spans_of(tags)
    if not spans or any(span is None for span in spans):
        return html
    parts = _joined(sorted(spans), tags) if apart else [(min(s for s, _ in spans), max(e for _, e in spans))]
    if parts == [(0, len(html))]:
        return html
    gaps = zip([0] + [end for _, end in parts], [start for start, _ in parts])
    if any(_left_open(tags, before, after) for after, before in gaps) or \
            not all(_self_contained(tags, start, end) for start, end in parts):
        return html
    return "".join(html[start:end] for start, end in parts)


def _joined(spans: list[Span], tags: str) -> list[Span]:
    """Sorted spans with those that overlap, or are apart only by white space, joined into one."""
    parts: list[list[int]] = []
    for start, end in spans:
        if parts and (start <= parts[-1][1] or not tags[parts[-1][1]:start].strip()):
            parts[-1][1] = max(parts[-1][1], end)
        else:
            parts.append([start, end])
    return [(start, end) for start, end in parts]


class Containers:
    """The outermost elements of the named kinds in a page's tags (a table, and the tables inside it, are one), found
    by their tags in the text: a closing tag closes the last open element of its name and those opened inside it."""

    def __init__(self, tags: str, names: tuple[str, ...]):
        self.starts: list[int] = []
        self.ends: list[int] = []
        elements = _Open()
        for m in re.finditer(r"<(/?)(" + "|".join(names) + r")(?![\w-])", tags):
            closing, name = m[1], m[2]
            if not closing:
                if not elements:
                    self.starts.append(m.start())
                elements.open(name)
            elif elements.close(name) is not None and not elements:
                self.ends.append(tag_end(tags, m.end()))
        if elements:  # never closed: it runs to the end of the page, as a parser reads it
            self.ends.append(len(tags))

    def around(self, at: int) -> Span | None:
        """The extent of the outermost element open at `at`, or None when none is."""
        i = bisect.bisect_right(self.starts, at) - 1
        if i < 0 or at >= self.ends[i]:
            return None
        return self.starts[i], self.ends[i]


def element_at(tags: str, at: int) -> Span | None:
    """The extent of the element whose opening tag holds the text at `at` (a class attribute, say), from its "<" to
    the end of its closing tag, elements of the same name inside it counted. None when `at` is not in an opening tag."""
    start = _tag_start(tags, at)
    name = _NAME.match(tags, start) if start is not None else None
    if name is None or name[1] in _VOID:
        return None
    return start, _end_of(tags, start, name[1], len(tags))


def _end_of(tags: str, start: int, name: str, before: int) -> int:
    """Where the element of `name` opened at `start` ends (just after its closing tag, elements of the same name inside
    it counted), or `before` when it does not end before it."""
    depth = 0
    for m in re.compile(r"<(/?)" + name + r"(?![\w-])").finditer(tags, start, before):
        depth += -1 if m[1] else 1
        if depth == 0:
            return tag_end(tags, m.end())
    return before


def _left_open(tags: str, before: int, after: int = 0) -> bool:
    """Whether the markup from `after` to `before` may leave open an element that hides its content or is not read as
    markup (a comment or script is never open at a tag found in `tags`: they are blanked out). Each such element must
    end before `before`, and be self-contained, so that where it ends is not in doubt."""
    hiding = tags_with(tags, _HIDING_WORDS, _HIDING, before, after)
    starts = at_most(sorted(hiding | {m.start() for m in _OPAQUE.finditer(tags, after, before) if not m[1]}))
    if starts is None:
        return True
    for start in starts:
        name = _NAME.match(tags, start)
        if name is None or name[1] in _VOID:
            continue
        end = _end_of(tags, start, name[1], before)
        if end == before or not _self_contained(tags, start, end):
            return True
    return False


# How far a closing tag reaches, as libxml2's HTML parser reads it: one closes the elements opened inside its element
# only when none of them has a higher priority than it (a stray </li> does not close an open table); else it is
# ignored. Elements not listed have 100.
_END_PRIORITY = {"div": 150, "td": 160, "th": 160, "tr": 170, "thead": 180, "tbody": 180, "tfoot": 180, "table": 190,
                 "head": 200, "body": 200, "html": 220}


def _self_contained(tags: str, start: int, end: int) -> bool:
    """Whether the markup from `start` to `end` closes everything it opens, and nothing it did not open while any of
    its own elements is open. Read with the page around it, a closing tag of an element opened before would end that
    element and those inside it, read alone it would be ignored: the two readings would part. Between the elements
    read (a table, then the pager) such tags close only what is around them, and are let be."""
    elements = _Open()
    for m in _TAG.finditer(tags, start, end):
        closing, name = m[1], m[2]
        if not closing:
            if name not in _VOID:
                elements.open(name)
            continue
        had_any = bool(elements)
        inner = elements.close(name)
        if inner is None:
            if had_any:
                return False
        elif any(_END_PRIORITY.get(i, 100) > _END_PRIORITY.get(name, 100) for i in inner):
            return False  # libxml2 would ignore this closing tag
    return not elements


class _Open:
    """The elements open at a point of the markup: a stack, with a count per name, so that a closing tag's element is
    found without searching the stack. Reading markup costs in proportion to its length however deep it nests."""

    def __init__(self):
        self.stack: list[str] = []
        self.count: dict[str, int] = {}

    def __bool__(self) -> bool:
        return bool(self.stack)

    def open(self, name: str) -> None:
        self.stack.append(name)
        self.count[name] = self.count.get(name, 0) + 1

    def close(self, name: str) -> list[str] | None:
        """Close the last open element of `name` and those opened inside it; return the names of those inside, or
        None when no element of `name` is open (the closing tag is stray)."""
        if not self.count.get(name):
            return None
        inner = []
        while True:
            top = self.stack.pop()
            self.count[top] -= 1
            if top == name:
                return inner
            inner.append(top)


def tags_with(tags: str, words: tuple[str, ...], pattern: re.Pattern, before: int | None = None,
              after: int = 0) -> set[int]:
    """Where the tags between `after` and `before` that hold one of `words` and match `pattern` start. Found by the
    words (few on a page), not by a pattern tried at every tag or every character."""
    before = len(tags) if before is None else before
    found = set()
    for word in words:
        at = tags.find(word, after, before)
        while at >= 0:
            start = _tag_start(tags, at)
            if start is not None and start not in found and pattern.search(tags, start, tag_end(tags, at)):
                found.add(start)
            at = tags.find(word, at + len(word), before)
    return found


def next_element(tags: str, at: int) -> Span | None:
    """The extent of the element that starts at the first tag from `at`, if that tag opens one; else None."""
    start = tags.find("<", at)
    if start < 0 or tags[start + 1: start + 2] in ("/", "!", ""):
        return None
    name = _NAME.match(tags, start)
    if name is None:
        return None
    if name[1] in _VOID:
        return start, tag_end(tags, start)
    return element_at(tags, start + 1)


def _tag_start(tags: str, at: int) -> int | None:
    """Where the tag holding the text at `at` starts, or None when `at` is not inside a tag."""
    start = tags.rfind("<", 0, at)
    return start if start >= 0 and tags.find(">", start, at) < 0 else None


def tag_end(tags: str, at: int) -> int:
    """Just after the ">" that ends the tag holding `at` (the end of the page when none does)."""
    close = tags.find(">", at)
    return len(tags) if close < 0 else close + 1
