"""The archive's page designs, one module each, in the order they are tried.

Every design module offers the same interface:
- `LAYOUT`: its name in the staging tables;
- `recognize(page: DecodedPage) -> bool`: whether a decoded page is of this design;
- `extract(page: DecodedPage) -> Extraction`: its entries, its stated count, its next-page link, its issues
  (and, for a document's own page, the catalogue record).
A design of pages in markup also offers the cut (pipeline/designs/region.py), which reading a page uses:
- `results_region(html: str) -> str`: the part of the markup it reads, or the whole of it;
- `extract_from(page, html) -> Extraction`: what `extract` gives, read from that part (`extract` is the two in one).
A design whose pages state no "1 - 10 of N" count says so: `STATES_A_COUNT = False`.
Adding a design means adding its module here, with its fixture pages under tests/files/<design>/ and its test.
"""

from __future__ import annotations

from pipeline.designs import current_html, current_text, legacy_html, legacy_text, record_html

# The more specific test first: the old design's banner or bullets before the current rendering's bare dates.
REGISTRY = (current_html, legacy_html, record_html, legacy_text, current_text)
LAYOUTS = tuple(design.LAYOUT for design in REGISTRY)


def recognize(page):
    """The first design that recognizes the page, or None."""
    return next((design for design in REGISTRY if design.recognize(page)), None)
