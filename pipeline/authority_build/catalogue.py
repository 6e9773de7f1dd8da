"""The archive's own catalogue as authority entities: the "Author(s)" and "Associated People & Organizations"
headings of the document pages a run staged ("Mao, Zedong", "Stalin, Joseph, 1879-1953", "Soviet Union.
Ministerstvo inostrannykh del")."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.authority_build import variants
from pipeline.normalizing.authority import Alias, Entity, fold

SOURCE = "catalogue"
_YEARS = re.compile(r",\s*(?P<birth>\d{4})?-(?P<death>\d{4})?\s*$")
# Family names written first in the Korean names of the archive's headings ("Kim, Il Sung").
_KOREAN_FAMILY = frozenset({"kim", "pak", "park", "ri", "yi", "lee", "choe", "choi", "chong", "jeong", "kang", "han",
                            "nam", "ho", "hong", "pang", "yun", "song", "chang", "jang", "o", "an", "ryu", "mun"})


def entities(headings: Iterable[str]) -> list[Entity]:
    """One entity per distinct heading."""
    out: dict[str, Entity] = {}
    for heading in headings:
        heading = " ".join((heading or "").split())
        key = fold(heading)
        if key and key not in out:
            out[key] = entity(heading)
    return list(out.values())


def entity(heading: str) -> Entity:
    """A heading as an entity: a person's "Surname, Given[, born-died]", or a body's "Country. Body"."""
    m = _YEARS.search(heading)
    birth = int(m["birth"]) if m and m["birth"] else None
    death = int(m["death"]) if m and m["death"] else None
    bare = heading[: m.start()] if m else heading
    slug = re.sub(r"[^a-z0-9]+", "_", fold(bare)).strip("_")[:60]
    aliases = [Alias(heading, "heading", source=SOURCE)]
    if bare != heading:
        aliases.append(Alias(bare, "heading", source=SOURCE))
    surname, _, given = bare.partition(", ")
    if not given or "." in surname:  # a body: "Soviet Union. Ministerstvo inostrannykh del"
        return Entity(f"cat_{slug}", bare, heading, "organization", None, None, None, tuple(aliases), source=SOURCE)
    family_first = f"{surname} {given}"
    if variants.chinese(family_first) or fold(surname) in _KOREAN_FAMILY:
        name = family_first  # "Mao, Zedong" is Mao Zedong
        generated = variants.korean(name) if fold(surname) in _KOREAN_FAMILY else variants.chinese(name)
        aliases += [Alias(t, "romanization", scheme=s, source=SOURCE) for t, s in generated]
    else:
        name = f"{given} {surname}"
        aliases += [Alias(t, "name", scheme=s, source=SOURCE) for t, s in variants.initials(given.split(), surname)]
    aliases.insert(0, Alias(name, "name", source=SOURCE))
    return Entity(f"cat_{slug}", name, heading, "person", birth, death, None, tuple(aliases), source=SOURCE)
