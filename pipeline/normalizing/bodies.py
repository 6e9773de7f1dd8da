"""A generic body ("the Central Committee", "Politburo", "the Ministry of Foreign Affairs") in its country and time.

A title that names a body without its party or country names it only when something else fixes the country: an
adjective or a party's name elsewhere in the title ("Report from the Romanian Embassy … to the Ministry of Foreign
Affairs"), or else the country of the people the title names ("Zhou Enlai to Chairman Mao and the Central
Committee"). With exactly one country, the body is that country's in the document's year ("Soviet Politburo" in 1950
is the VKP(b)'s, in 1980 the CPSU's: pipeline/data/parties.csv). Otherwise it stays as written.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline import datafiles
from pipeline.normalizing.authority import Authority, Resolution, fold

# Bodies titles name without their country, and how the country's adjective names each ("Soviet Politburo").
GENERIC = {fold(generic): head for head, generics in {
    "Central Committee": ("Central Committee", "CC", "Party Central Committee", "Central Committee of the Party",
                          "Party CC"),
    "Politburo": ("Politburo", "Political Bureau", "CC Politburo", "Politburo of the Central Committee"),
    "Presidium": ("Presidium", "CC Presidium"),
    "Secretariat": ("Secretariat", "CC Secretariat"),
    "Ministry of Foreign Affairs": ("Ministry of Foreign Affairs", "Foreign Ministry", "MFA", "MOFA",
                                    "Ministry for Foreign Affairs"),
}.items() for generic in generics}


@lru_cache(maxsize=1)
def countries() -> dict[str, dict]:
    """Country -> its adjectives, names, and whether it had a ministry of foreign affairs (pipeline/data/countries.csv)."""
    return {row["country"]: dict(adjectives=datafiles.cells(row["adjectives"]), names=datafiles.cells(row["names"]),
                                 foreign_ministry=row["foreign_ministry"] == "yes")
            for row in datafiles.rows("countries.csv")}


@lru_cache(maxsize=1)
def _cues() -> tuple[re.Pattern, dict[str, str]]:
    """One pattern for every word that fixes a country (adjectives, names, parties' names), and the country of each."""
    country_of: dict[str, str] = {}
    for country, names in countries().items():
        for word in names["adjectives"] + names["names"]:
            country_of[word] = country
    for party in datafiles.rows("parties.csv"):
        for word in [party["name"], *datafiles.cells(party["abbreviations"]), *datafiles.cells(party["other_names"])]:
            country_of[word] = party["country"]
    words = sorted(country_of, key=len, reverse=True)
    # ("Latin American", "South America" name no United States)
    return re.compile(r"(?<![\w-])(?<!Latin )(?<!South )(?<!Central )(?<!North )(?:"
                      + "|".join(re.escape(w) for w in words) + r")(?![\w-])"), country_of


def countries_named(text: str | None) -> set[str]:
    """The countries a text names by adjective, name or party ("Romanian Embassy", "the DPRK", "HSWP")."""
    if not text:
        return set()
    pattern, country_of = _cues()
    return {country_of[m.group(0)] for m in pattern.finditer(text)}


def in_context(resolution: Resolution, authority: Authority, year: int | None, title: str | None,
               people: list[Resolution], summary: str | None = None) -> Resolution:
    """A generic body resolved in its country and time, when the people the title names, the title itself (its
    subject aside) or the summary fix one country: asked in that order, the first that names any country decides."""
    if resolution.person_id or _generic(resolution.name) is None:
        return resolution
    found = ({authority.entities[r.person_id].country for r in people
              if r.person_id and authority.entities[r.person_id].country}
             or countries_named(_without_subject(title))
             or countries_named(summary))
    if len(found) != 1:
        return resolution
    adjective = countries()[found.pop()]["adjectives"][0]
    hit = authority.resolve(f"{adjective} {_generic(resolution.name)}", year)
    if not hit.person_id:
        return resolution
    return Resolution(resolution.as_written, hit.name, hit.person_id, "context")


_SUBJECT = re.compile(r"(?:^|[\s,:])['‘\"“]|\s(?:regarding|concerning|about|on|re|with regard to)\s", re.I)


def _without_subject(title: str | None) -> str | None:
    """A title without what it is about (its document's quoted title, what follows "regarding", "on" …): a subject
    names no one who wrote or received the document ("Telegram from the Foreign Ministry, 'On the Commemoration of
    Vietnam's National Day'", "… to the Central Committee regarding Vietnam")."""
    return _SUBJECT.split(title, maxsplit=1)[0] if title else title


def _generic(name: str) -> str | None:
    """The body a generic name stands for ("the Party Central Committee": Central Committee), or None."""
    return GENERIC.get(fold(re.sub(r"^(?:the|The)\s+", "", name.strip())))

