"""A document's own page: the catalogue fields of a real record (300653), as the stand-in serves it."""

import pytest
import requests

from pipeline.reading.page import read_page
from standin import StandInSite


@pytest.fixture(scope="module")
def nehru():
    with StandInSite() as site:
        body = requests.get(f"{site.base_url}/document/letter-jawaharlal-nehru-all-provincial-premiers", timeout=5,
                            proxies={"http": None}).content
    return read_page(body)


@pytest.mark.parametrize(
    "field, expected",
    [
        ("title", "Letter, Jawaharlal Nehru to All Provincial Premiers"),
        ("date_raw", "April 1, 1949"),
        ("record_id", "300653"),
        ("original_classification", "Secret"),
        ("upload_date", "2023-10-10"),
        ("source_citation", "Nehru Memorial Museum and Library, File No. JNSG, vol. 21-1."),
        ("authors", ["Nehru, Jawaharlal"]),
        ("places", ["India", "China", "Southeast Asia", "Pakistan"]),
        ("subjects", ["India--Foreign relations--Pakistan"]),
        ("original_archive", ["Nehru Memorial Museum and Library (NMML)"]),
        ("language", ["English"]),
    ],
)
def test_record_field(nehru, field, expected):
    assert getattr(nehru.record, field) == expected


def test_record_page_is_one_entry(nehru):
    assert (nehru.layout, nehru.status, len(nehru.entries), nehru.entries[0].title_raw) == (
        "record-html", "ok", 1, "Letter, Jawaharlal Nehru to All Provincial Premiers")
