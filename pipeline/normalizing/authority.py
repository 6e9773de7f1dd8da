"""The authority file: one row per person or organization, and every way the archive writes them.

Resolution never guesses: a name resolves when it matches one entity exactly (after folding case,
diacritics, punctuation and honorifics), through an editor's bracket ("Filippov [Stalin]"), through a
date-limited alias, or through a logged fuzzy match of a spelling slip. Anything else stays as written.
"""

from __future__ import annotations

import csv
import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from types import MappingProxyType

from rapidfuzz import fuzz, process

from pipeline import datafiles

log = logging.getLogger(__name__)

# Fuzzy matching only catches spelling slips ("Roschin" ~ "Roshchin" scores 93); romanizations
# score far lower (Mao Tse-tung ~ Mao Zedong: 64) and live in the authority file instead.
FUZZY_THRESHOLD = 90
FUZZY_MIN_LENGTH = 6

_ALIAS = re.compile(r"^(?P<type>[a-z_]+):(?P<text>.+?)(?:\[(?P<start>\d{4})-(?P<end>\d{4})\])?$")
_BRACKET = re.compile(r"^(?P<outer>.*?)\s*[\[(](?P<inner>[^\[\]()]+)[\])]\s*$")

ALIAS_TYPES = (
    "name", "surname", "heading", "pseudonym", "romanization", "transliteration",
    "spelling_variant", "misspelling", "abbreviation",
)


@dataclass(frozen=True)
class Alias:
    text: str
    type: str
    valid_from: int | None = None
    valid_to: int | None = None

    def valid_in(self, year: int | None) -> bool:
        if self.valid_from is None:
            return True
        return year is not None and self.valid_from <= year <= self.valid_to


@dataclass(frozen=True)
class Entity:
    person_id: str
    name: str
    sort_name: str
    kind: str
    birth_year: int | None
    death_year: int | None
    wikidata_id: str | None
    aliases: tuple[Alias, ...]


@dataclass(frozen=True)
class Resolution:
    """A name as written, and who it is (person_id None when unresolved)."""

    as_written: str
    name: str
    person_id: str | None
    method: str  # exact, bracket, fuzzy, unresolved


def fold(text: str) -> str:
    """Matching key: no case, no diacritics, no punctuation ("Satō, Eisaku" -> "sato eisaku")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"['’‘`]s\b", "", text.casefold())  # possessive: "Mao's", "Stalin’s"
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def authority_text(path: str | Path | None = None) -> str:
    """The authority CSV: the given file, or the one shipped in pipeline/data."""
    return Path(path).read_text(encoding="utf-8") if path else datafiles.text("authority.csv")


def _honorifics() -> tuple[str, ...]:
    words = [fold(line) for line in datafiles.listed("honorifics.txt")]
    return tuple(sorted(set(words), key=len, reverse=True))


class Authority:
    """Resolves names to entities. Loaded once per run and passed to what needs it; it does not change once
    built (its look-ups are memoized, which changes no answer). It pickles as its entities, so a worker
    process rebuilds it rather than receiving its caches."""

    def __init__(self, entities: list[Entity] | tuple[Entity, ...]):
        self.entities = MappingProxyType({e.person_id: e for e in entities})
        # Compiled once: honorifics are stripped from every name of every document.
        self._honorifics = [re.compile(rf"^(?i:{_loose(h)})\.?\s+(?=[^\sa-z])") for h in _honorifics()]
        self._exact: dict[str, list[tuple[str, Alias]]] = {}
        for entity in entities:
            for alias in entity.aliases:
                self._exact.setdefault(fold(alias.text), []).append((entity.person_id, alias))
        # Only aliases that name one entity for all time are candidates for fuzzy matching;
        # their words are split once here, not for every name that misses.
        self._fuzzy_keys = [
            (key, key.split()) for key, hits in self._exact.items()
            if len(key) >= FUZZY_MIN_LENGTH and len({pid for pid, _ in hits}) == 1
            and all(a.valid_from is None for _, a in hits)
        ]
        self.resolve = lru_cache(maxsize=65536)(self._resolve)

    @classmethod
    def load(cls, path: Path | None = None) -> Authority:
        """The authority file at `path`, or the one shipped in pipeline/data."""
        return cls(parse_authority(authority_text(path)))

    def __reduce__(self):
        return Authority, (tuple(self.entities.values()),)

    def strip_honorifics(self, name: str) -> str:
        """Drop leading honorifics and titles ("Cde.", "Chairman", "Gen.") from a name as written."""
        text = name.strip()
        changed = True
        while changed:
            changed = False
            # Only before a name: "President Truman" loses its title, "President of Ukraine" keeps it.
            for honorific in self._honorifics:
                m = honorific.match(text)
                if m:
                    text = text[m.end():]
                    changed = True
                    break
        return text

    def _resolve(self, as_written: str, year: int | None = None) -> Resolution:
        written = " ".join(as_written.split())
        bare = self.strip_honorifics(written)
        m = _BRACKET.match(bare)
        if m and m["outer"]:
            # "X [Y]" / "X (Y)": the bracket is the editor's identification; resolve Y, keep X as written. But a
            # body's bracket names the body it belongs to: "Asian Affairs Bureau [Ministry of Foreign Affairs, Japan]".
            inner = self._lookup(self.strip_honorifics(m["inner"]), year)
            outer = self._lookup(m["outer"], year)
            if inner and not (outer and self.entities[outer].kind == "organization"):
                return Resolution(written, self.entities[inner].name, inner, "bracket")
            bare = m["outer"]
        for variant in _variants(bare):  # the name itself first
            hit = self._lookup(variant, year) or self._after_descriptor(variant, year)
            if hit:
                return Resolution(written, self.entities[hit].name, hit, "exact")
        hit = self._fuzzy(bare)
        if hit:
            return Resolution(written, self.entities[hit].name, hit, "fuzzy")
        return Resolution(written, bare, None, "unresolved")

    def _lookup(self, name: str, year: int | None) -> str | None:
        return self._lookup_key(fold(name), year)

    def _after_descriptor(self, name: str, year: int | None) -> str | None:
        """English titles put a descriptor before a name ("British PM Blair", "Soviet Defense Minister
        A.M. Vasilevsky"): the name is the last words, matched exactly, longest first."""
        words = name.split()
        for n in range(min(len(words) - 1, 3), 0, -1):
            hit = self._lookup(" ".join(words[-n:]), year)
            if hit:
                return hit
        return None

    def _fuzzy(self, name: str) -> str | None:
        """A spelling slip in one word of a known name ("Roschin", "Mao Zedon"); never a different name
        that merely looks alike ("Central Committee of the CCP" is not "… of the CPSU")."""
        key = fold(name)
        if len(key) < FUZZY_MIN_LENGTH:
            return None
        words = key.split()
        candidates = [k for k, k_words in self._fuzzy_keys if _one_word_apart(words, k_words)]
        best = process.extractOne(key, candidates, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
        if best is None:
            return None
        person_id = self._exact[best[0]][0][0]
        log.info("fuzzy match: %r -> %r (alias %r, score %.0f)", name, person_id, best[0], best[1])
        return person_id

    def scan(self, text: str, year: int | None = None) -> list[Resolution]:
        """Known names mentioned in running text ("Mao asks ..."), each entity once, in order of appearance.

        The text is read word by word against an index of folded aliases, longest name first, so that
        "Kim Il Sung" wins over "Kim Il". A one-word name must be capitalized as written ("Mao", not
        "mao"; "MID", not "mid"). Headings ("Mao, Zedong") are for catalogues, not running text.
        """
        keys, starts = self._scan_index
        words = list(_WORD.finditer(text))
        folded = [_fold_word(m.group(0)) for m in words]
        found: dict[str, Resolution] = {}
        i = 0
        while i < len(words):
            step = 1
            for n in range(min(starts.get(folded[i], 0), len(words) - i), 0, -1):
                key = " ".join(folded[i:i + n])
                if key not in keys or (n == 1 and not words[i].group(0)[0].isupper()):
                    continue
                pid = self._lookup_key(key, year)
                if pid:
                    if pid not in found:
                        written = text[words[i].start():words[i + n - 1].end()]
                        found[pid] = Resolution(written, self.entities[pid].name, pid, "exact")
                    step = n
                    break
            i += step
        return list(found.values())

    @cached_property
    def _scan_index(self) -> tuple[frozenset[str], dict[str, int]]:
        """Folded aliases, and for each first word the most words an alias starting with it has."""
        keys, starts = set(), {}
        for e in self.entities.values():
            for a in e.aliases:
                key = fold(re.sub(r"^(?:the|The)\s+", "", a.text)) if a.type != "heading" else ""
                if key:
                    keys.add(key)
                    first, n = key.split()[0], len(key.split())
                    starts[first] = max(starts.get(first, 0), n)
        return frozenset(keys), starts

    def _lookup_key(self, key: str, year: int | None) -> str | None:
        hits = {pid for pid, alias in self._exact.get(key, ()) if alias.valid_in(year)}
        return hits.pop() if len(hits) == 1 else None


# A word, with its possessive ("People’s" folds to "people", as fold() reads the whole name).
_WORD = re.compile(r"[^\W_]+(?:['’]s\b)?")


@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    return fold(word)


def _one_word_apart(a: list[str], b: list[str]) -> bool:
    """Same number of words, all equal but one, and that one long enough to carry a slip."""
    if len(a) != len(b):
        return False
    differ = [(x, y) for x, y in zip(a, b) if x != y]
    return len(differ) == 1 and min(len(differ[0][0]), len(differ[0][1])) >= 5


def _variants(name: str) -> list[str]:
    """The same name without what titles add after it: trailing initials ("Stalin I.V."),
    a place ("Kim Il Sung of North Korea")."""
    out = []
    stripped = re.sub(r"(?:\s+[A-Z]\.){1,3}\s*$|(?:\s+[A-Z]\.[A-Z]\.?)\s*$", "", name)
    if stripped != name:
        out.append(stripped)
    m = re.match(r"^(.+?)\s+of\s+[A-Z].*$", name)
    if m:
        out.append(m[1])
    return [name] + out


def _loose(text: str) -> str:
    """A regex for `text` that tolerates any run of spaces, dots, or hyphens between its words."""
    words = re.split(r"[\s.\-]+", text.strip(" ."))
    return r"[\s.\-]*".join(re.escape(w) for w in words if w) + (r"\.?" if text.endswith(".") else "")


def check(entities: list[Entity]) -> list[str]:
    """Problems in an authority file, in words; an empty list when it is sound."""
    problems = []
    seen_ids: set[str] = set()
    for e in entities:
        where = f"{e.person_id or '(no id)'}"
        if not e.person_id or not re.fullmatch(r"[a-z0-9_]+", e.person_id):
            problems.append(f"{where}: person_id must be lower-case letters, digits and underscores")
        if e.person_id in seen_ids:
            problems.append(f"{where}: person_id used by more than one row")
        seen_ids.add(e.person_id)
        if not e.name.strip():
            problems.append(f"{where}: empty name")
        if not e.sort_name.strip():
            problems.append(f"{where}: empty sort_name")
        if e.kind not in ("person", "organization"):
            problems.append(f"{where}: kind must be person or organization, not {e.kind!r}")
        if e.birth_year and e.death_year and e.birth_year > e.death_year:
            problems.append(f"{where}: born {e.birth_year}, after dying in {e.death_year}")
        if e.wikidata_id and not re.fullmatch(r"Q\d+", e.wikidata_id):
            problems.append(f"{where}: wikidata_id {e.wikidata_id!r} is not a Wikidata id")
        for a in e.aliases:
            if a.type not in ALIAS_TYPES:
                problems.append(f"{where}: alias {a.text!r} has unknown type {a.type!r}")
            if not fold(a.text):
                problems.append(f"{where}: empty alias")
            if a.valid_from is not None and a.valid_from > a.valid_to:
                problems.append(f"{where}: alias {a.text!r} valid from {a.valid_from} to {a.valid_to}")
    by_key: dict[str, list[tuple[Entity, Alias]]] = {}
    for e in entities:
        for a in e.aliases:
            by_key.setdefault(fold(a.text), []).append((e, a))
    for key, hits in sorted(by_key.items()):
        for i, (e1, a1) in enumerate(hits):
            for e2, a2 in hits[i + 1:]:
                if e1.person_id != e2.person_id and _overlap(a1, a2):
                    problems.append(f"alias {a1.text!r} points at both {e1.person_id} and {e2.person_id}"
                                    + ("" if a1.valid_from is None and a2.valid_from is None else " in overlapping years"))
    return problems


def _overlap(a: Alias, b: Alias) -> bool:
    if a.valid_from is None or b.valid_from is None:
        return True
    return a.valid_from <= b.valid_to and b.valid_from <= a.valid_to


def parse_authority(text: str) -> list[Entity]:
    """Read the authority CSV (see pipeline/data/authority.csv)."""
    entities = []
    for row in csv.DictReader(text.splitlines()):
        aliases = []
        for item in (row.get("aliases") or "").split("|"):
            item = item.strip()
            if not item:
                continue
            m = _ALIAS.match(item)
            if not m:
                raise ValueError(f"authority: person {row['person_id']!r}: alias {item!r} is not 'type:text' or 'type:text[YYYY-YYYY]'")
            aliases.append(Alias(m["text"].strip(), m["type"], _int(m["start"]), _int(m["end"])))
        # The canonical name always resolves to its entity.
        if not any(fold(a.text) == fold(row["name"]) for a in aliases):
            aliases.insert(0, Alias(row["name"], "name"))
        entities.append(
            Entity(
                person_id=row["person_id"].strip(),
                name=row["name"].strip(),
                sort_name=(row.get("sort_name") or "").strip(),
                kind=(row.get("kind") or "").strip(),
                birth_year=_int(row.get("birth_year")),
                death_year=_int(row.get("death_year")),
                wikidata_id=(row.get("wikidata_id") or "").strip() or None,
                aliases=tuple(aliases),
            )
        )
    return entities


def _int(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value else None
