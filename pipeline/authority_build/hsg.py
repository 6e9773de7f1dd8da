"""The Office of the Historian's persons database (../shared/data/hsg-people/people.tsv: 16,312 people of the FRUS
volumes, public domain) as authority entities: every printed spelling, in both orders, with the variants the known
romanization rules give, the person's life years, and the years the volumes that name the person cover."""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from pipeline import datafiles
from pipeline.authority_build import variants
from pipeline.normalizing.authority import Alias, Entity, fold, honorific_words, merge, strip_honorifics
from pipeline.normalizing.bodies import countries
from pipeline.normalizing.places import is_place

SOURCE = "hsg"
# Beside the repository: ../shared/data/hsg-people/people.tsv, wherever the command is run from.
DEFAULT_PATH = Path(__file__).resolve().parents[3] / "shared" / "data" / "hsg-people" / "people.tsv"

_MAX_VOLUME_YEARS = 10
_VOLUME_YEARS = re.compile(r"^frus(?P<start>\d{4})(?:-(?P<end>\d{2,4}))?")
_PARENTHESIS = re.compile(r"\s*\(([^()]*)\)")
_SUFFIX = re.compile(r"^(?:Jr|Sr|II|III|IV)\.?$")
# A given name as the database prints it: "Andreĭ", "A.", "de", "al-"; not "The King of".
_NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÖØ-ÞĀ-ſ‘’'][\w.'’‘-]*|de|da|del|van|von|der|al|el|bin|ibn|y|la|le|di|du|dos)$")
_PATRONYMIC = re.compile(r"(?:ovich|evich|ich|ovna|evna|ichna)$")


def read(path: Path = DEFAULT_PATH) -> list[Entity]:
    """Every person of the database, as an entity with id `hsg_<id>`. A foreign leader's record in the lists of
    visits ("departmenthistory/visits/japan") is often a second record of a person the volumes name: it joins the
    one record of the volumes it shares a full name with."""
    volumes, visits = [], []
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            entity = person(row)
            if entity:
                visit_only = all(s.startswith("departmenthistory/visits/") for s in datafiles.cells(row["sources"]))
                (visits if visit_only else volumes).append(entity)
    return merge(volumes, visits)


def person(row: dict) -> Entity | None:
    """One person of the database, or None when no form of the name has two words (a bare "Albert" or "Gill" is no
    name to find in a title)."""
    forms = [row["preferred"], *datafiles.cells(row["alternates"]), *datafiles.cells(row["originals"])]
    remarks = row.get("remarks") or ""
    country = _country(remarks, row.get("sources") or "")
    aliases: dict[str, Alias] = {}

    def add(text: str, alias_type: str, scheme: str | None = None) -> None:
        text = " ".join(text.split())
        key = fold(text)
        if len(key.split()) >= 2 and key not in aliases:
            aliases[key] = Alias(text, alias_type, scheme=scheme, source=SOURCE, key=key)

    surnames: dict[str, None] = {}  # in the order printed: the build is the same bytes on every run
    for form in forms:
        for written in _written(form):
            surname, given = _parts(written)
            if given is None:  # written in one order only: "Kim Il Sung", "Mao Zedong"; not "President Nasser"
                written = strip_honorifics(surname)
                add(written, "name")
                if country in variants.CHINESE_COUNTRIES:
                    for text, scheme in variants.chinese(written):
                        add(text, "romanization", scheme)
                if country in variants.KOREAN_COUNTRIES:
                    for text, scheme in variants.korean(written):
                        add(text, "romanization", scheme)
                continue
            if is_place(surname) or not all(_NAME_WORD.match(g) for g in given):
                continue  # "Saudi Arabia, The King of": an office, no name
            add(f"{surname}, {' '.join(given)}", "heading")
            suffix = [g for g in given if _SUFFIX.match(g)]
            given = [g for g in given if not _SUFFIX.match(g)] or given
            full = " ".join([*given, surname, *suffix])  # "Martin Luther King Jr."
            add(full, "name")
            plain = [g for g in given if not _PATRONYMIC.search(g.lower()) and not g.endswith(".")]
            if plain and plain != given:  # "Andrei Andreevich Gromyko" is also "Andrei Gromyko"
                add(f"{plain[0]} {surname}", "name", "without middle name or patronymic")
            for text, scheme in variants.initials(given, surname):
                add(text, "name", scheme)
            if country == "USSR":
                for text, scheme in variants.russian(full):
                    add(text, "transliteration", scheme)
            surnames[surname] = None
    if not aliases:
        return None
    surnames = {s: None for s in surnames if not is_place(s)}
    first = next(iter(_written(row["preferred"])), row["preferred"])
    surname, given = _parts(first)
    name = " ".join([*(g for g in given if not _SUFFIX.match(g)), surname, *(g for g in given if _SUFFIX.match(g))]) \
        if given else first
    for surname in surnames:  # a surname alone resolves only when one candidate is plausible (see authority.py)
        key = fold(surname)
        if key and key not in aliases:
            aliases[key] = Alias(surname, "surname", source=SOURCE, key=key)
    start, end = _active_years(row.get("sources") or "")
    if start is None:  # the visits lists say when in their remarks: "Visited U.S. 3 times, 1972–1974"
        years = [int(y) for y in re.findall(r"\b(19[0-9]{2}|20[0-2][0-9])\b", remarks)]
        if years and max(years) - min(years) <= _MAX_VOLUME_YEARS:
            start, end = min(years), max(years)
    return Entity(f"hsg_{row['hsg_id']}", name, row["preferred"], "person", _int(row.get("birth_year")),
                  _int(row.get("death_year")), None, tuple(aliases.values()), country=country,
                  active_from=start, active_to=end, source=f"{SOURCE}:{row['hsg_id']}")


def _written(form: str) -> list[str]:
    """The names one printed form holds: "Kim Il-sung (Kim Il Sung)" holds two; "Gromyko, Madam Lydia (Grinevich)"
    one (a maiden name in brackets is no name by itself)."""
    form = form.strip().strip("‘’'\"")
    inner = [m.strip() for m in _PARENTHESIS.findall(form)]
    outer = _PARENTHESIS.sub("", form).strip()
    out = [outer] if outer else []
    out += [i for i in inner if len(i.split()) >= 2 and i[:1].isupper()]
    return out


def _parts(name: str) -> tuple[str, list[str] | None]:
    """(surname, given names) of an inverted form "Gromyko, Andreĭ Andreevich" ("King, Martin Luther, Jr." keeps
    its suffix with the surname); (name, None) of a form in one order."""
    pieces = [p.strip() for p in name.split(",")]
    if len(pieces) < 2 or not pieces[1]:
        return name, None
    surname, given = pieces[0], pieces[1].split()
    if all(fold(g) in honorific_words() for g in given):  # "Mao Tse-Tung, Chairman": an office after the name
        return surname, None
    given = strip_honorifics(" ".join(given)).split()  # "Gromyko, Madam Lydia"
    suffix = [p for p in pieces[2:] if _SUFFIX.match(p)]
    if suffix:
        given = given + suffix
    return surname, [g for g in given if g] or None


def _country(remarks: str, sources: str) -> str | None:
    """The one country the remarks make the person an official of ("Soviet Ambassador to the United States",
    "Chairman of the Chinese Communist Party", "Premier of the Democratic People's Republic of Korea"), or None. The
    country of a post ("Ambassador to the Soviet Union") is not the person's; the chiefs of mission lists are of
    Americans."""
    if "departmenthistory/people" in sources:
        return "United States"
    found = {country for country, pattern in _country_patterns() if pattern.search(remarks)}
    return found.pop() if len(found) == 1 else None


_OFFICE_OF = r"(?:Premier|Chairman|President|Minister|Secretary|Leader|leader|Member|member|Chief|Head|head|King|Queen)"


@lru_cache(maxsize=1)
def _country_patterns() -> list[tuple[str, re.Pattern]]:
    patterns = []
    for country, names in countries().items():
        adjectives = "|".join(re.escape(a) for a in names["adjectives"])
        full = "|".join(re.escape(n) for n in names["names"])
        patterns.append((country, re.compile(
            rf"(?<!to the )(?<!in the )(?<!to )(?<!in )(?<!of )(?<!for )\b(?:{adjectives})\s+(?!Affairs|Desk)[A-Z]"
            rf"|\b{_OFFICE_OF}\b[^;,.|]*?\bof (?:the )?(?:{full})\b")))
    return patterns


def _active_years(sources: str) -> tuple[int | None, int | None]:
    """The span of the FRUS volumes that name the person ("frus1952-54v14p1" covers 1952 to 1954). A retrospective
    volume of many decades ("frus1917-72PubDip") says nothing of when someone was active."""
    years = []
    for source in datafiles.cells(sources):
        m = _VOLUME_YEARS.match(source)
        if m:
            start = int(m["start"])
            end = int(str(start)[: 4 - len(m["end"])] + m["end"]) if m["end"] else start
            if end - start <= _MAX_VOLUME_YEARS:
                years += [start, end]
    return (min(years), max(years)) if years else (None, None)



def _int(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() else None
