"""A document's own page (/document/<slug>) on the current design: the fields the archive catalogues.

Selectors are those public scrapers used on the live site; labelled lists are an h2.title with the
label, then pills in the next element; single values are .information-block boxes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Tag

from pipeline.designs import region
from pipeline.designs.common import Entry, Extraction, Issue, class_has, collapse, find_date_string, make_soup, record_path
from pipeline.reading.decode import DecodedPage

LAYOUT = "record-html"

# What this design reads, each a test of one tag with its CSS selector beside it (the selectors public scrapers used
# on the live site). Tests, not selectors: the page is walked once, and a CSS engine per field costs more than reading
# the page's fields.
def _is_title(tag: Tag) -> bool:  # h1.title
    return tag.name == "h1" and class_has(tag.attrs, "title")


def _is_date(tag: Tag) -> bool:  # .date
    return class_has(tag.attrs, "date")


def _is_summary(tag: Tag) -> bool:  # .text-block
    return class_has(tag.attrs, "text-block")


def _is_list_label(tag: Tag) -> bool:  # h2.title
    return tag.name == "h2" and class_has(tag.attrs, "title")


def _is_list_value(tag: Tag) -> bool:  # .pill .name span
    if tag.name != "span":
        return False
    parents = iter(tag.parents)
    return any(class_has(p.attrs, "name") for p in parents) and any(class_has(p.attrs, "pill") for p in parents)


def _is_info_block(tag: Tag) -> bool:  # .information-block
    return class_has(tag.attrs, "information-block")


def _is_info_label(tag: Tag) -> bool:  # .sub-title
    return class_has(tag.attrs, "sub-title")


def _is_info_value(tag: Tag) -> bool:  # .text
    return class_has(tag.attrs, "text")


def _is_canonical(tag: Tag) -> bool:  # link[rel="canonical"]
    return tag.name == "link" and " ".join(tag.get_attribute_list("rel")) == "canonical"


LISTS = {
    "Author(s)": "authors",
    "Associated People & Organizations": "people_orgs",
    "Associated Places": "places",
    "Subjects Discussed": "subjects",
    "Original Archive": "original_archive",
    "Language": "language",
    "Donors": "donors",
}
SINGLES = {
    "Source": "source_citation",
    "Original Uploaded Date": "upload_date",
    "Record ID": "record_id",
    "Original Classification": "original_classification",
    "Type": "record_type",
}


@dataclass
class Record:
    """What a document page says about its document, as written."""

    title: str | None = None
    date_raw: str | None = None
    summary: str | None = None
    record_url: str | None = None  # from the page's canonical link, when it has one
    record_type: str | None = None
    source_citation: str | None = None
    record_id: str | None = None
    original_classification: str | None = None
    upload_date: str | None = None
    authors: list[str] = field(default_factory=list)
    people_orgs: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    original_archive: list[str] = field(default_factory=list)
    language: list[str] = field(default_factory=list)
    donors: list[str] = field(default_factory=list)


SIGNATURE = re.compile(r"class=[\"'][^\"'<>]*\binformation-block\b", re.I)  # never across a "<" or ">"
ONLY = None  # every element of the parts cut out is read
STATES_A_COUNT = False  # a document page states no "1 - 10 of N"
# Where the parts read are, for the cut (pipeline/designs/region.py): every tag with one of the classes read (an h2
# with the class "title" with the element after it, its list), and the canonical link. Looked for in the page's tags,
# lower-cased.
_FIELD_CLASSES = ("date", "title", "text-block", "information-block")
_FIELD = re.compile(r"class\s*=\s*[\"']?(?:[^\"'<>]*\s)?(?:" + "|".join(_FIELD_CLASSES) + r")(?=[\s\"'>/])")
_CANONICAL = re.compile(r"<link\b[^<>]*canonical")


def recognize(page: DecodedPage) -> bool:
    return page.is_html and SIGNATURE.search(page.text) is not None


def extract(page: DecodedPage) -> Extraction:
    return extract_from(page, results_region(page.text))


def results_region(html: str) -> str:
    """The elements read, cut out of the page and joined (the page's chrome and the document's text left out), or the
    whole page when the cut is not plain."""
    return region.cut(html, _spans, apart=True)


def _spans(tags: str) -> list:
    spots = region.at_most(sorted(region.tags_with(tags, _FIELD_CLASSES, _FIELD)))
    if spots is None:
        return [None]
    spans = []
    for start in spots:
        span = region.element_at(tags, start + 1)
        spans.append(span)
        if span is not None and tags.startswith("<h2", start):  # a list's label: its values are the next element
            spans.append(region.next_element(tags, span[1]))
    spans += [(start, region.tag_end(tags, start)) for start in region.tags_with(tags, ("canonical",), _CANONICAL)]
    return spans


def extract_from(page: DecodedPage, html: str) -> Extraction:
    """A document page is one entry (its title, date and summary) plus its catalogue fields, read from `html`: the
    page's text, or the parts of it that hold everything read."""
    record = _parse_record(make_soup(html, ONLY))
    if not record.title:
        return Extraction(issues=[Issue(None, "no_entries", "document page without a title (h1.title)")])
    entry = Entry(1, record.date_raw, record.title, record.summary, record.record_url)
    return Extraction(entries=[entry], record=record)


def _parse_record(soup: BeautifulSoup) -> Record:
    elements = soup.find_all(True)  # every element, in the page's order: walked once for every field

    def first(test):
        return next((tag for tag in elements if test(tag)), None)

    title, date, summary, canonical = first(_is_title), first(_is_date), first(_is_summary), first(_is_canonical)
    date_string = find_date_string(date) if date is not None else None
    record = Record(
        title=collapse(title.get_text()) if title is not None else None,
        date_raw=collapse(str(date_string)) if date_string is not None else None,
        summary=collapse(summary.get_text(" ")) if summary is not None else None,
        record_url=record_path(canonical.get("href")) if canonical is not None else None,
    )
    for heading in filter(_is_list_label, elements):
        attr = LISTS.get(collapse(heading.get_text()) or "")
        box = heading.find_next_sibling()
        if attr and box is not None:
            setattr(record, attr, [v for v in (collapse(s.get_text()) for s in box.find_all(_is_list_value)) if v])
    for block in filter(_is_info_block, elements):
        label, value = block.find(_is_info_label), block.find(_is_info_value)
        attr = SINGLES.get(collapse(label.get_text()) or "") if label else None
        if attr and value is not None:
            setattr(record, attr, collapse(value.get_text(" ")))
    return record
