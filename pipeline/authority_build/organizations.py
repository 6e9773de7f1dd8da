"""Party and state bodies by country and period, generated from data: each communist party's Central Committee,
Politburo (or Presidium) and Secretariat under every name titles give them, and each country's foreign ministry.

The rules are data: pipeline/data/countries.csv (a country's adjectives and names), parties.csv (each party's names,
country, years, and what its leading body was called when), party_bodies.csv (the forms a body's name takes). A form
that names the party ("CPSU CC Politburo") is valid for all time, as the writer named it; a form that names only the
country ("Soviet Politburo", "Hungarian Central Committee") is valid only while the party held that name, so a 1950
"Soviet Politburo" is the VKP(b)'s and a 1980 one the CPSU's.
"""

from __future__ import annotations

import re
from collections import defaultdict

from pipeline import datafiles
from pipeline.normalizing.authority import Alias, Entity
from pipeline.normalizing.bodies import countries

SOURCE = "rules"
_BODY_YEARS = re.compile(r"^(?P<body>.+?)(?:\[(?P<start>\d{4})-(?P<end>\d{4})\])?$")
# A party's leading body may be named otherwise: "Politburo" is also "Political Bureau".
_BODY_SYNONYMS = {"Politburo": ("Politburo", "Political Bureau", "Politbureau")}


def organizations() -> list[Entity]:
    """Every party, its bodies, and every country's foreign ministry, with their aliases."""
    templates = defaultdict(list)
    for row in datafiles.rows("party_bodies.csv"):
        templates[row["body"]].append(row["template"])
    known = countries()
    entities = []
    for party in datafiles.rows("parties.csv"):
        entities += _party(party, known[party["country"]], templates)
    for country, names in known.items():
        if names["foreign_ministry"]:  # not the United States' Department of State, nor the British Foreign Office
            entities.append(_foreign_ministry(country, names, templates["foreign_ministry"]))
    return entities


def _party(party: dict, country: dict, templates: dict[str, list[str]]) -> list[Entity]:
    pid, start, end = party["party_id"], _year(party["from_year"]), _year(party["to_year"])
    abbreviations = datafiles.cells(party["abbreviations"])
    names = [party["name"], *datafiles.cells(party["other_names"])]
    fill = dict(party=names, abbr=abbreviations, adj=country["adjectives"])
    entities = [
        _entity(pid, party["name"], "party", templates["party"], fill, start, end, party["country"]),
        _entity(f"{pid}_cc", f"Central Committee of the {party['name']}", "cc", templates["cc"], fill, start, end,
                party["country"]),
    ]
    for item in datafiles.cells(party["politburo"]):
        m = _BODY_YEARS.match(item)
        body, *synonyms = m["body"].split("/")  # "Presidium/Politburo": one body, two names
        b_start = max(_year(m["start"]) or start or 0, start or 0) or None
        b_end = min(_year(m["end"]) or end or 9999, end or 9999)
        b_end = None if b_end == 9999 else b_end
        slug = re.sub(r"\W+", "_", body.lower()).strip("_")
        entities.append(_entity(f"{pid}_cc_{slug}", f"{abbreviations[0]} CC {body}", "bureau", templates["bureau"],
                                {**fill, "body": list(dict.fromkeys(
                                    b for name in (body, *synonyms) for b in _BODY_SYNONYMS.get(name, (name,))))},
                                b_start, b_end,
                                party["country"]))
    entities.append(_entity(f"{pid}_cc_secretariat", f"{abbreviations[0]} CC Secretariat", "secretariat",
                            templates["secretariat"], fill, start, end, party["country"]))
    return entities


def _foreign_ministry(country: str, names: dict, templates: list[str]) -> Entity:
    slug = re.sub(r"\W+", "_", country.lower()).strip("_")
    adjective = names["adjectives"][0]
    aliases = _expand(templates, dict(adj=names["adjectives"], country=names["names"]), None, None,
                      dated_fields=())
    return Entity(f"{slug}_mfa", f"{adjective} Ministry of Foreign Affairs", f"{country}. Ministry of Foreign Affairs",
                  "organization", None, None, None, aliases, country=country, source=SOURCE)


def _entity(entity_id: str, name: str, body: str, templates: list[str], fill: dict, start: int | None,
            end: int | None, country: str) -> Entity:
    aliases = _expand(templates, fill, start, end, dated_fields=("adj",))
    return Entity(entity_id, name, name, "organization", None, None, None, aliases, country=country,
                  active_from=start, active_to=end, source=SOURCE)


def _expand(templates: list[str], fill: dict[str, list[str]], start: int | None, end: int | None,
            dated_fields: tuple[str, ...]) -> tuple[Alias, ...]:
    """Every form of every template with every value of its fields. A form that names the body only by its
    country's adjective holds only in the body's years."""
    out: dict[str, Alias] = {}
    for template in templates:
        fields = re.findall(r"\{(\w+)\}", template)
        forms = [("", {})]
        for field in dict.fromkeys(fields):
            forms = [(f, {**chosen, field: value}) for f, chosen in forms for value in fill.get(field, ())]
        dated = any(f in dated_fields for f in fields)
        for _, chosen in forms:
            text = template.format(**chosen)
            if text not in out:
                out[text] = Alias(text, "name", start if dated else None,
                                  (end or 2100) if dated and start else None, scheme="party bodies",
                                  source=SOURCE)
    return tuple(out.values())



def _year(value: str | None) -> int | None:
    return int(value) if value and value.strip() else None
