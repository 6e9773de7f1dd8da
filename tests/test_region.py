"""The cut (pipeline/designs/region.py): reading the part of a page a design cuts out gives exactly what reading the
whole page gives, on every sample page, on generated pages, on markup made to trip the cut, and on random markup.

The whole page is read two ways: by the design's own reading (the tests of each tag), and by the CSS selectors those
tests stand for, run with soupsieve as the design ran them before the cut. All three must agree."""

from __future__ import annotations

import os
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.corpus import RENDER, catalogue, document_page, documents
from conftest import FILES
from pipeline.designs import current_html, legacy_html, record_html
from pipeline.designs.common import Entry, collapse, find_date_string, is_hidden, make_soup, record_path, visible_strings
from pipeline.reading.decode import decode_page

DESIGNS = {"current-html": current_html, "legacy-html": legacy_html, "record-html": record_html}


def _selector_reading(design, html: str) -> tuple[list[Entry], str | None]:
    """The entries and next link of the whole page, found with the CSS selectors the design's tests stand for."""
    soup = make_soup(html, design.ONLY)
    if design is current_html:
        results, title_link, title, nxt = "table.table td.document", 'a[href*="/document/"]', None, \
            'a[rel="next"], .pager__item--next a'
    else:
        results, title_link, title, nxt = ".search-res li", "a.lnk-res[href]", ".itm-title", None
    next_link = next((a for a in soup.select(nxt) if not is_hidden(a)), None) if nxt else None
    entries = []
    for position, cell in enumerate((c for c in soup.select(results) if not is_hidden(c)), start=1):
        link = cell.select_one(title_link)
        head = (cell.select_one(title) if title else None) or link
        url = record_path(link.get("href")) if link is not None else None
        if link is None or url is None or "/document/" not in url:
            continue
        skip = tuple(n for n in (head, link) if n is not None)
        date = find_date_string(cell, skip=skip)
        rest = [s for s, _ in visible_strings(cell, skip + ((date,) if date is not None else ()))]
        entries.append((position, collapse(str(date)) if date is not None else None, collapse(head.get_text()), url,
                        collapse(" ".join(map(str, rest)))))
    return entries, next_link.get("href") if next_link is not None else None


def _readings(design, html: str):
    page = decode_page(html.encode("utf-8"))
    cut = design.extract_from(page, design.results_region(html))
    whole = design.extract_from(page, html)
    return page, cut, whole


def _assert_same(design, html: str) -> None:
    _, cut, whole = _readings(design, html)
    assert cut == whole
    if design is record_html:
        return  # what the record reader's tests of tags read against its selectors: tests/test_records.py
    entries, next_page = _selector_reading(design, html)
    assert [(e.position, e.date_raw, e.title_raw, e.record_url) for e in whole.entries] == [e[:4] for e in entries]
    # The selector reading joins every string with a space; the design's reading joins inline markup without one.
    assert [collapse((e.summary_raw or "").replace(" ", "")) for e in whole.entries] == \
           [collapse((e[4] or "").replace(" ", "")) for e in entries]
    if design is current_html:
        assert whole.next_page == next_page


def _sample_pages():
    for design_name, design in DESIGNS.items():
        for path in sorted((FILES / design_name).iterdir()):
            yield pytest.param(design, path, id=path.name)


@pytest.mark.parametrize("design, path", list(_sample_pages()))
def test_sample_page_reads_the_same_cut_or_whole(design, path):
    html = decode_page(path.read_bytes()).text
    _assert_same(design, html)


def _generated(layout: str, seed: int) -> str:
    rng = random.Random(seed)
    if layout == "record-html":
        doc = catalogue(seed + 1, seed)[seed]
        return document_page(doc, "".join(f"<p>Paragraph {i} of the document's text.</p>" for i in range(40)))
    return RENDER[layout](documents(rng, 10), seed, 100, rng)


@pytest.mark.parametrize("layout", ["current-html", "legacy-html", "record-html"])
@pytest.mark.parametrize("seed", range(5))
def test_generated_page_reads_the_same_and_the_cut_leaves_the_boilerplate_out(layout, seed):
    html = _generated(layout, seed)
    design = DESIGNS[layout]
    _assert_same(design, html)
    # the facets and settings, or a document page's chrome and text, are not read
    assert len(design.results_region(html)) < len(html) / 3


CELL = ('<td class="document"><div>May 1, 1950</div><h3><a href="/document/made-{n}">Made Report {n}</a></h3>'
        '<p>Summary {n}.</p></td>')


def _current(before: str = "", inside: str = "", after: str = "", table_class: str = "table") -> str:
    rows = "".join(f"<tr>{CELL.format(n=n)}</tr>" for n in range(3))
    return (f'<!DOCTYPE html><html><head><title>Search</title></head><body>{before}<span>1 - 3 of 3</span>'
            f'<table class="{table_class}"><tbody>{rows}{inside}</tbody></table>{after}</body></html>')


# Markup before, in or after the results that could make a cut read differently from the whole page.
TRICKS = {
    "hidden wrapper open": _current(before="<div hidden>") ,
    "hidden wrapper closed": _current(before="<div hidden><p>x</p></div>"),
    "display none open": _current(before='<section style="display: none">'),
    "noscript open": _current(before="<noscript>"),
    "template open": _current(before="<template>"),
    "svg icon closed": _current(before='<svg viewBox="0 0 1 1"><path d="M0"/></svg>'),
    "comment with a table": _current(before="<!-- <table class='table'><tr><td class='document'> -->"),
    "comment open": _current(before="<!-- "),
    "script with markup": _current(before="<script>var t = '<table><td class=\"document\">';</script>"),
    "script closing a table": _current(inside="<script>x = '</table>'</script>" + f"<tr>{CELL.format(n=9)}</tr>"),
    "nested table": _current(inside=f'<tr><td><table><tr>{CELL.format(n=7)}</tr></table></td></tr>'),
    "outer table gives the class": _current(before='<table class="table"><tr><td>', table_class="inner",
                                            after="</td></tr></table>"),
    "pager before": _current(before='<nav class="pager"><a rel="next" href="?page=1">Next</a></nav>'),
    "pager after": _current(after='<nav><ul><li class="pager__item--next"><a href="?page=2">›</a></li></ul></nav>'),
    "hidden pager before": _current(before='<nav hidden><a rel="next" href="?page=9">Next</a></nav>'),
    "next link outside nav": _current(after='<div><a rel="next" href="?page=3">Next</a></div>'),
    "upper-case tags": _current().replace("<table", "<TABLE").replace("</table", "</TABLE").replace("<td", "<TD"),
    "upper-case script with markup": _current(before="<SCRIPT>var t = '<table><td class=\"document\">';</SCRIPT>"),
    "unquoted class elsewhere": _current(after="<table class=table><tr><td class=document><a href='/document/u'>U</a>"
                                               "</td></tr></table>"),
    "cell outside a table": _current(after=CELL.format(n=5)),
    "dotted capital I": _current(before="<p>İstanbul</p>"),
    "table never closed": _current().replace("</tbody></table>", ""),
    "void hidden input": _current(before='<input type="text" hidden>'),
    "hidden paragraph never closed": _current(before="<p hidden>note"),
    "comment opened in the title": _current().replace("<title>Search</title>", "<title>Search <!-- all</title>"),
    "script tag in a textarea": _current(before="<textarea><script>x</textarea>"),
    "script ended with attributes": _current(before="<script>if (a<b) x()</script foo>"),
}


@pytest.mark.parametrize("name", list(TRICKS))
def test_markup_made_to_trip_the_cut_reads_the_same(name):
    _assert_same(current_html, TRICKS[name])


@pytest.mark.parametrize("text", ["<!--", "<script>", "<style>", "<!-- not closed </title", "<textarea>"])
def test_markup_in_a_document_pages_title_is_text(text):
    """"<!--" in a title is text to libxml2, not a comment that runs on (found by the random markup below)."""
    html = _generated("record-html", 0)
    html = html.replace("</title>", f"{text}</title>", 1)
    _assert_same(record_html, html)
    assert _readings(record_html, html)[1].record is not None


def test_the_cut_reads_the_whole_page_when_something_before_may_hide_the_results():
    for name in ("hidden wrapper open", "display none open", "noscript open", "template open", "comment open"):
        assert current_html.results_region(TRICKS[name]) == TRICKS[name], name
    for name in ("hidden wrapper closed", "svg icon closed", "pager after"):
        assert current_html.results_region(TRICKS[name]) != TRICKS[name], name


SNIPPETS = ["<div hidden>", "</div>", "<!--", "-->", "<script>", "</script>", "<table>", '<table class="table">',
            "</table>", "<nav>", "</nav>", "<noscript>", "</noscript>", "<svg>", "</svg>", "<tr>", "</td>",
            CELL.format(n=50), '<a rel="next" href="?p=2">n</a>', '<li class="pager__item--next"><a href="?x">',
            '<div style="display:none">', "<p>", "İ", "<style>", "</style>", '<ul class="search-res">', "</ul>",
            '<li><a class="lnk-res" href="/document/l"><span class="itm-title">L</span></a></li>', "<template>",
            "June 2, 1950", "<b>", "</b>", "<li>", "</li>", "</p>", "</tr>", "</tbody>", "</body>", "<td>",
            '<input hidden>', "<select>", "<option>", "</main>", "<div>", "<h3>", '<h2 class="title">Author(s)</h2>',
            '<div class="date">May 5, 1955</div>', '<h1 class="title">Another</h1>', "</aside>", "</h2>",
            '<div class="information-block"><h3 class="sub-title">Type</h3><div class="text">Memo</div></div>',
            '<link rel="canonical" href="https://example.org/document/other">', '<a class="pill"><div class="name">',
            "<span>Name</span>", "</article>", "<SCRIPT>", "</SCRIPT>", "<TABLE>", "</TD>", "<title>", "</title>",
            "<textarea>", "</textarea>", "<iframe>", "</iframe>", "</script x>"]


# REGION_EXAMPLES=20000 for a longer hunt, with new random examples each time (20,000 passed when the cut was written,
# and again when a hunt found "<!--" in a title read as a comment). In the suite the same 300 run every time, so a
# run's outcome does not depend on its luck.
@settings(max_examples=int(os.environ.get("REGION_EXAMPLES", 300)), deadline=None,
          derandomize="REGION_EXAMPLES" not in os.environ)
@given(st.sampled_from(["current-html", "legacy-html", "record-html"]), st.integers(0, 20),
       st.lists(st.tuples(st.floats(0, 1), st.sampled_from(SNIPPETS)), max_size=6))
def test_random_markup_inserted_anywhere_reads_the_same_cut_or_whole(layout, seed, inserts):
    html = _generated(layout, seed)
    for at, snippet in inserts:
        i = html.find("<", int(at * len(html)))  # at a tag's start, as markup is inserted
        i = len(html) if i < 0 else i
        html = html[:i] + snippet + html[i:]
    design = DESIGNS[layout]
    if not design.recognize(decode_page(html.encode("utf-8"))):
        return
    _, cut, whole = _readings(design, html)
    assert cut == whole
