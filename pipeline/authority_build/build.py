"""The built authority: the sources other than the hand-curated file, merged in order of trust, with the
provenance of every alias, written to pipeline/data/authority_built.tsv.gz (`archive-pipeline authority build`).

Order of trust: the hand-curated file (merged on top at load, so it wins every conflict and a curator's correction
needs no rebuild), then the rules (party and state bodies by country and period; the romanizations of the hand
file's names), then the Office of the Historian's persons database, then the archive's catalogue headings."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import storage
from pipeline.reading import staging
from pipeline.authority_build import catalogue, hsg, variants
from pipeline.authority_build.organizations import organizations
from pipeline.normalizing.authority import (BUILT, Alias, Entity, authority_text, fold, merge, parse_authority,
                                            write_built)

OUTPUT = Path(__file__).resolve().parent.parent / "data" / BUILT


@dataclass
class Built:
    entities: list[Entity]
    sources: dict[str, str]  # source -> what was read (with its sha256)
    counts: Counter = field(default_factory=Counter)

    def header(self) -> str:
        return "archive-pipeline authority build; " + "; ".join(f"{k}: {v}" for k, v in self.sources.items())

    def summary(self) -> str:
        c = self.counts
        return (f"{c['entities']} people and organizations, {c['aliases']} aliases: {c['rules']} bodies of parties "
                f"and states, {c['hand_romanizations']} romanizations of hand-file names, {c['hsg']} people of the "
                f"Office of the Historian ({c['hsg_joined']} of them joined to a hand-file entry at load), "
                f"{c['catalogue']} catalogue headings ({c['catalogue_joined']} joined to an entity above)")


def build(hsg_path: Path = hsg.DEFAULT_PATH, headings: list[str] | None = None,
          hand_path: Path | None = None) -> Built:
    """The other sources, each entity's aliases joined to the more trusted entity it names."""
    hand_text = authority_text(hand_path)
    hand = parse_authority(hand_text)
    people = hsg.read(hsg_path)
    bodies = organizations()
    built = merge(bodies, people)
    headings = sorted(set(headings or ()))
    cat = catalogue.entities(headings)
    before = {e.person_id for e in built}
    built = merge(built, cat)
    with_hand = merge(hand, people)  # (once: which of the database's people join the hand file, and their countries)
    romanized = hand_romanizations(hand, with_hand)
    out = romanized + built
    counts = Counter(entities=len(out), aliases=sum(len(e.aliases) for e in out), rules=len(bodies), hsg=len(people),
                     hand_romanizations=sum(len(e.aliases) for e in romanized), catalogue=len(cat))
    counts["catalogue_joined"] = len(cat) - sum(e.person_id not in before for e in built)
    merged_ids = {e.person_id for e in with_hand}
    counts["hsg_joined"] = sum(e.person_id not in merged_ids for e in people)
    sources = {"hand file": _digest(hand_text.encode("utf-8")),
               "persons database": f"{hsg_path.name} {_digest(Path(hsg_path).read_bytes())}",
               "catalogue headings": f"{len(headings)} {_digest(chr(10).join(headings).encode('utf-8'))}"}
    return Built(out, sources, counts)


def hand_romanizations(hand: list[Entity], with_hand: list[Entity]) -> list[Entity]:
    """The romanizations of the hand file's people by rule, as entities with the hand file's ids (they join them at
    load): the Chinese (by the country the persons database gives the person they share a name with, or a name only
    pinyin writes) in pinyin and Wade-Giles, the Korean in McCune-Reischauer and the Revised Romanization, the Soviet
    in the other Russian romanizations. The hand file writes a name in pinyin; its romanization aliases may be
    Wade-Giles. `with_hand`: the hand file merged with the persons database (merge())."""
    country = {e.person_id: e.country for e in with_hand}  # the hand file's own, else the database's
    out = []
    for e in hand:
        if e.kind != "person":
            continue
        chinese = country.get(e.person_id) in variants.CHINESE_COUNTRIES or bool(re.search(r"[qxz]", e.name.lower()))
        found: dict[str, Alias] = {}
        for a in e.aliases:
            generated = []
            if chinese and a.type in ("name", "romanization", "spelling_variant"):
                generated += variants.chinese(a.text, wade_giles=a.type != "name")
            if country.get(e.person_id) == "USSR" and a.type in ("name", "transliteration"):
                generated += variants.russian(a.text)
            if country.get(e.person_id) in variants.KOREAN_COUNTRIES and a.type in ("name", "spelling_variant"):
                generated += variants.korean(a.text)
            for variant, scheme in generated:
                kind = "romanization" if scheme.startswith(("pinyin", "wade", "mccune", "revised")) else "transliteration"
                alias = Alias(variant, kind, scheme=scheme, source="rules")
                found.setdefault(alias.folded, alias)
        if found:
            out.append(Entity(e.person_id, e.name, e.sort_name, e.kind, None, None, None, tuple(found.values()),
                              source="rules"))
    return out


def write(built: Built, path: Path = OUTPUT) -> Path:
    """Write the built authority atomically: a crash never leaves half a file."""
    storage.write_bytes(write_built(built.entities, built.header()), path)
    return path


def review(hand: list[Entity], built: list[Entity], header: str) -> list[str]:
    """What a curator should look at in the built authority (notes, not errors): a build made from another hand
    file, and the people of the other sources who may be a hand-file person under another spelling (same surname,
    same first initial, not joined)."""
    notes = []
    digest = _digest(authority_text().encode("utf-8"))
    if digest not in header:
        notes.append("the built authority was made from another version of the hand-curated file: run "
                     "`archive-pipeline authority build` so that new entries get their romanizations")
    hand_ids = {e.person_id for e in hand}
    apart = {e.person_id for e in merge(hand, built)} - hand_ids  # the others' people who joined no hand entry
    by_surname: dict[tuple[str, str], list[Entity]] = {}
    for e in built:
        if e.kind == "person" and e.person_id in apart and " " in e.name:
            first, last = e.name.split()[0], e.name.split()[-1]
            by_surname.setdefault((fold(last), fold(first)[:1]), []).append(e)
    for e in hand:
        if e.kind != "person" or " " not in e.name:
            continue
        first, last = e.name.split()[0], e.name.split()[-1]
        for other in by_surname.get((fold(last), fold(first)[:1]), []):
            notes.append(f"{e.person_id} ({e.name}) and {other.person_id} ({other.name}) may be one person: "
                         "if so, add a name of one to the other in the hand-curated file")
    return notes


def staged_headings(staging_dir: str | Path) -> list[str]:
    """The "Author(s)" and "Associated People & Organizations" headings of the document pages a run staged."""
    records = staging.load(staging_dir).records
    return sorted({h for column in ("authors", "people_orgs") if column in records
                   for value in records[column].dropna() for h in value if h})


def _digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()[:16]
