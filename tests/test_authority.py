"""Names resolve to one canonical entity, or stay as written: never a guess."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT
from pipeline.normalizing.authority import fold


@pytest.mark.parametrize(
    "written, year, person_id, method",
    [
        ("Filippov [Stalin]", 1951, "stalin", "bracket"),
        ("Filippov (Stalin)", 1951, "stalin", "bracket"),
        ("Cde. Filippov [Stalin]", 1951, "stalin", "bracket"),
        ("Filipov", 1951, "stalin", "exact"),
        ("Flippov [Stalin]", 1950, "stalin", "bracket"),
        ("Feng Xi (Stalin)", 1950, "stalin", "bracket"),
        ("Terebin", 1949, "terebin_orlov", "exact"),
        ("Mao Tse-tung", None, "mao_zedong", "exact"),
        ("Chairman Mao Zedong", None, "mao_zedong", "exact"),
        ("Cde. Mao Zedong", None, "mao_zedong", "exact"),
        ("Comrade I.V. Stalin", None, "stalin", "exact"),
        ("Gen. Ridgway", None, "ridgway", "exact"),
        ("Roschin", None, "roshchin", "exact"),
        ("Roshchinn", None, "roshchin", "fuzzy"),
        ("Soviet Foreign Ministry", None, "soviet_mfa", "exact"),
        ("MID", None, "soviet_mfa", "exact"),
        ("Politburo of the VKP(b) CC", None, "vkpb_politburo", "exact"),
        ("Kuznetsov", 1953, "kuznetsov_vv", "exact"),
        ("Kuznetsov", 1948, "stalin", "exact"),
        ("Stalin [Kuznetsov]", 1947, "stalin", "bracket"),
        ("Nakajima Kenzo", None, "nakajima_kenzo", "exact"),
    ],
)
def test_resolves(authority, written, year, person_id, method):
    r = authority.resolve(written, year)
    assert (r.person_id, r.method) == (person_id, method)


# A bare "Politburo" or "Central Committee" may be any party's: the Soviet, Chinese, Korean, Romanian …
@pytest.mark.parametrize("written, year", [("Kuznetsov", None), ("Kuznetsov", 1960), ("All Provincial Premiers", None), ("Kim", None),
                                           ("Politburo", 1950), ("Central Committee", 1950), ("CC Politburo", None)])
def test_unknown_or_ambiguous_stays_as_written(authority, written, year):
    r = authority.resolve(written, year)
    assert (r.person_id, r.name, r.method) == (None, written, "unresolved")


def test_unresolved_name_loses_only_its_honorific(authority):
    assert authority.resolve("Cde. Kaganovich", None).name == "Kaganovich"


def test_bracket_keeps_the_name_as_written(authority):
    r = authority.resolve("Filippov [Stalin]", 1951)
    assert (r.as_written, r.name) == ("Filippov [Stalin]", "Joseph Stalin")


def test_scan_finds_people_in_a_summary(authority):
    text = "Telegram from Mao to Stalin relaying a query from Kim Il Sung on how to respond to a request for negotiations from Ridgway."
    assert [r.person_id for r in authority.scan(text, 1951)] == ["mao_zedong", "stalin", "kim_il_sung", "ridgway"]


def test_scan_finds_li_kenong(authority):
    text = "Telegram from Mao to Stalin relaying the assessment of Li Kenong of the state of the ongoing armistice talks."
    assert "li_kenong" in [r.person_id for r in authority.scan(text, 1951)]


def test_scan_ignores_lowercase_words(authority):
    assert authority.scan("the mid-point of the talks; mao and stalin in lower case", 1951) == []


def test_every_alias_of_the_hand_file_points_at_one_entity_at_a_time():
    """The curator's promise. (The other sources may share a spelling between two people: such a name resolves to
    no one, and lists both as candidates: see test_authority_build.py.)"""
    from pipeline.normalizing.authority import Authority

    seen = {}
    for entity in Authority.load(built=False).entities.values():
        for alias in entity.aliases:
            for year in range(1900, 2001):
                if alias.valid_in(year):
                    key = (fold(alias.text), year)
                    assert seen.setdefault(key, entity.person_id) == entity.person_id, (alias.text, year)


def test_every_wikidata_id_is_marked_verified():
    """An id is filled in only where its notes say it was corroborated, and every corroborated id is filled in."""
    import csv
    import re

    rows = list(csv.DictReader((ROOT / "pipeline" / "data" / "authority.csv").open(encoding="utf-8")))
    for row in rows:
        said = re.findall(r"Wikidata (Q\d+) corroborated", row["notes"] or "")
        assert said == ([row["wikidata_id"]] if row["wikidata_id"] else []), row["person_id"]
    assert any(row["wikidata_id"] for row in rows)  # the check is not vacuous


@given(st.sampled_from(["Mao Zedong", "Zhou Enlai", "Kim Il Sung", "Nakajima Kenzō", "Roshchin", "Filippov"]),
       st.sampled_from(["", "Cde. ", "Comrade ", "Chairman ", "Gen. "]), st.booleans())
def test_resolution_is_stable_under_case_and_honorifics(authority, name, honorific, upper):
    written = honorific + (name.upper() if upper else name)
    assert authority.resolve(written, 1951).person_id == authority.resolve(name, 1951).person_id is not None


BAD_AUTHORITY = """person_id,name,sort_name,kind,birth_year,death_year,wikidata_id,aliases,notes
stalin,Joseph Stalin,"Stalin, Joseph",person,1878,1953,Q855,pseudonym:Filippov|pseudonym:Kuznetsov[1947-1949],
impostor,Ivan Filippov,"Filippov, Ivan",person,1960,1920,,name:Filippov,
kuznetsov_vv,V. V. Kuznetsov,"Kuznetsov, V. V.",person,1901,1990,,surname:Kuznetsov[1949-1953],
nameless,,,person,,,,,
"""


def test_authority_check_names_every_problem(tmp_path, capsys):
    from flows.cli import main

    path = tmp_path / "authority.csv"
    path.write_text(BAD_AUTHORITY, encoding="utf-8")
    assert main(["authority", "check", "--file", str(path)]) == 1
    err = capsys.readouterr().err
    assert "alias 'Filippov' points at both stalin and impostor" in err
    assert "alias 'Kuznetsov' points at both stalin and kuznetsov_vv in overlapping years" in err
    assert "impostor: born 1960, after dying in 1920" in err
    assert "nameless: empty name" in err
    assert "nameless: empty sort_name" in err


def test_shipped_authority_file_passes_its_check(capsys):
    from flows.cli import main

    assert main(["authority", "check"]) == 0
    assert "authority file OK" in capsys.readouterr().out


def test_every_heading_in_the_reference_records_resolves(authority):
    """Everyone the 11 real records name as author or associated person is in the authority file."""
    import csv
    import json

    from conftest import ROOT

    import os

    shared = Path(os.environ.get("ARCHIVE_PIPELINE_SHARED") or ROOT.parent / "shared")
    reference = shared / "reference" / "wilson_records_sample.csv"
    if not reference.exists():
        # CI lays shared/ beside the checkout: there a missing reference is a failure, not a skip.
        assert not os.environ.get("CI"), f"{reference} is missing (set ARCHIVE_PIPELINE_SHARED)"
        pytest.skip("shared/reference is not beside this checkout (set ARCHIVE_PIPELINE_SHARED)")
    headings = set()
    for row in csv.DictReader(open(reference, encoding="utf-8")):
        for column in ("authors", "associated_people_orgs"):
            headings.update(json.loads(row[column]) if row[column] else [])
    unresolved = sorted(h for h in headings if authority.resolve(h, None).person_id is None)
    assert unresolved == []


def test_the_authority_is_immutable_and_travels_to_workers_as_its_entities(authority):
    import pickle

    with pytest.raises(TypeError):
        authority.entities["someone"] = None
    copy = pickle.loads(pickle.dumps(authority))
    assert copy.entities == authority.entities
    assert copy.resolve("Filippov [Stalin]", 1951) == authority.resolve("Filippov [Stalin]", 1951)


def test_a_bodys_bracket_names_its_parent_not_who_it_is(authority):
    r = authority.resolve("Asian Affairs Bureau [Ministry of Foreign Affairs, Japan]", 1960)
    assert (r.person_id, r.method) == ("japan_mofa_asian_affairs", "exact")
    assert authority.resolve("Filippov [Stalin]", 1950).method == "bracket"  # a person's bracket identifies him
