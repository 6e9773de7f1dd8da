"""The authority file: one row per person or organization, and every way the archive writes them.

Resolution never guesses: a name resolves when it matches one entity exactly (after folding case,
diacritics, punctuation and honorifics), through an editor's bracket ("Filippov [Stalin]"), through a
date-limited alias, or through a logged fuzzy match of a spelling slip. Anything else stays as written.
"""

from __future__ import annotations

import csv
import gc
import gzip
import logging
import re
import unicodedata
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

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


class Alias(NamedTuple):
    """One way of writing an entity's name. (A named tuple, not a dataclass: the built authority holds over a hundred
    thousand, and a tuple is built five times faster.)"""

    text: str
    type: str
    valid_from: int | None = None
    valid_to: int | None = None
    scheme: str | None = None  # the rule a generated alias comes from ("wade-giles", "bgn/pcgn", "initials")
    source: str = "hand"  # hand (the curated file), hsg (the Office of the Historian), rules, catalogue
    key: str | None = None  # fold(text), stored by the build so that loading folds nothing

    @property
    def folded(self) -> str:
        return self.key if self.key is not None else fold(self.text)

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
    country: str | None = None
    active_from: int | None = None  # the years the sources say the person or body was active
    active_to: int | None = None
    source: str = "hand"  # where the entity comes from, with its id there ("hsg:105222")


@dataclass(frozen=True)
class Resolution:
    """A name as written, and who it is (person_id None when unresolved)."""

    as_written: str
    name: str
    person_id: str | None
    method: str  # exact, bracket, surname, fuzzy, context, unresolved
    candidates: tuple[str, ...] = ()  # who an unresolved name may be, when it is ambiguous rather than unknown


def fold(text: str) -> str:
    """Matching key: no case, no diacritics, no punctuation ("Satō, Eisaku" -> "sato eisaku")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"['’‘`]s\b", "", text.casefold())  # possessive: "Mao's", "Stalin’s"
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def authority_text(path: str | Path | None = None) -> str:
    """The authority CSV: the given file, or the one shipped in pipeline/data."""
    return Path(path).read_text(encoding="utf-8") if path else datafiles.text("authority.csv")


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    """The common words of English (Webster's Second, through english-words), lower case: a surname that is one is no
    name on its own."""
    from english_words import get_english_words_set

    return frozenset(get_english_words_set(["web2"], lower=False, alpha=True))


@lru_cache(maxsize=1)
def _common_surnames() -> frozenset[str]:
    """pipeline/data/common_surnames.txt: surnames that alone name no one."""
    return frozenset(fold(line) for line in datafiles.listed("common_surnames.txt"))


def _honorifics() -> tuple[str, ...]:
    words = [fold(line) for line in datafiles.listed("honorifics.txt")]
    return tuple(sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def honorific_words() -> frozenset[str]:
    """The one-word honorifics and titles of pipeline/data/honorifics.txt, folded ("cde", "comrade", "marshal"), the
    article aside: what stands before a person's name and is not part of it."""
    return frozenset(h for h in _honorifics() if " " not in h) - {"the"}


@lru_cache(maxsize=1)
def _honorific_prefix() -> re.Pattern:
    """A run of honorifics at the start of a name ("Prime Minister", "Gen.", "Lt. Gen.", and the article before a
    body's name), as the file lists them."""
    return re.compile(rf"^(?:(?i:{'|'.join(_loose(h) for h in _honorifics())})\.?\s+)+(?=[^\sa-z])")


def strip_honorifics(name: str) -> str:
    """A name without the honorifics and titles before it ("President Nasser": Nasser); an office with no name after
    it ("President of Ukraine") keeps them."""
    return _honorific_prefix().sub("", name.strip())


class Authority:
    """Resolves names to entities. Loaded once per run and passed to what needs it; it does not change once
    built (its look-ups are memoized, which changes no answer). It pickles as its entities, so a worker
    process rebuilds it rather than receiving its caches."""

    def __init__(self, entities: list[Entity] | tuple[Entity, ...]):
        self.entities = MappingProxyType({e.person_id: e for e in entities})
        self._exact: dict[str, list[tuple[str, Alias]]] = {}
        exact = self._exact
        common = _common_surnames()
        self._common: dict[str, list[tuple[str, Alias]]] = {}  # the holders of a common surname, for candidates
        for entity in entities:
            pid = entity.person_id
            for alias in entity.aliases:
                key = alias.key if alias.key is not None else fold(alias.text)
                if alias.type == "surname" and key in common and alias.valid_from is None:
                    self._common.setdefault(key, []).append((pid, alias))
                    continue  # "Zhou" alone is no one, unless the hand file says who in which years
                hits = exact.get(key)
                if hits is None:
                    exact[key] = [(pid, alias)]
                else:
                    hits.append((pid, alias))
        # Only hand-curated aliases that name one entity for all time are candidates for fuzzy matching (a slip in
        # a name a curator vouched for, not the nearest of sixteen thousand); their words are split once here.
        hand_keys = {a.folded for e in entities if e.source == "hand" for a in e.aliases if a.source == "hand"}
        self._fuzzy_keys = [
            (key, key.split()) for key in hand_keys
            if key in self._exact and len(key) >= FUZZY_MIN_LENGTH and len({pid for pid, _ in self._exact[key]}) == 1
            and all(a.valid_from is None and a.source == "hand" for _, a in self._exact[key])
        ]
        self.resolve = lru_cache(maxsize=65536)(self._resolve)

    @classmethod
    def load(cls, path: Path | None = None, built: Path | None | bool = None) -> Authority:
        """The hand-curated authority file at `path` (or the one shipped in pipeline/data), merged with the built
        authority (`built`: a file, or the one shipped; False for the hand file alone). The hand file wins every
        conflict, so a curator's correction takes effect without a rebuild."""
        hand = parse_authority(authority_text(path))
        if built is False:
            authority = cls(hand)
        else:
            with _collector_paused():
                others, index = _read_built(built)
                authority = cls(merge(hand, others, index))
        authority._files = (path, built)
        return authority

    def __reduce__(self):
        # A loaded authority travels to a worker process as the files it was loaded from (a worker loads them once
        # and keeps them: _loaded), not as its hundred thousand aliases; one made of entities travels as them.
        files = getattr(self, "_files", None)
        if files is not None:
            return _loaded, files
        return Authority, (tuple(self.entities.values()),)

    def strip_honorifics(self, name: str) -> str:
        """Drop leading honorifics and titles ("Cde.", "Chairman", "Gen.") from a name as written."""
        return strip_honorifics(name)

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
        hit = self._by_surname(bare, written, year)
        if hit:
            return Resolution(written, self.entities[hit].name, hit, "surname")
        hit = self._fuzzy(bare)
        if hit:
            return Resolution(written, self.entities[hit].name, hit, "fuzzy")
        return Resolution(written, bare, None, "unresolved", self.candidates(bare, year))

    def _by_surname(self, bare: str, written: str, year: int | None) -> str | None:
        """A surname alone that only the other sources give ("Gorbachev" in 1989): the one person who bears it, when
        that person is plausible at the document's date (_plausible). Never a common surname, never an English word
        ("Church", "Snow", "Head" are words before they are anyone's name), never a name written with an article
        ("the French"), and never when two people bear it."""
        if " " in bare or year is None or re.match(r"(?i)^the\s", written):
            return None
        key = fold(bare)
        if key in _common_surnames() or key in _english_words():
            return None
        holders = {pid for pid, a in self._exact.get(key, ()) if a.type == "surname"}
        if len(holders) != 1:
            return None
        holder = holders.pop()
        return holder if self._plausible(holder, year) else None

    def _lookup(self, name: str, year: int | None) -> str | None:
        return self._lookup_key(fold(name), year)

    def _after_descriptor(self, name: str, year: int | None) -> str | None:
        """English titles put a descriptor before a name ("British PM Blair", "Soviet Defense Minister
        A.M. Vasilevsky"): the name is the last words, matched exactly, longest first."""
        words = name.split()
        for n in range(min(len(words) - 1, 3), 0, -1):
            key = fold(" ".join(words[-n:]))
            hit = self._lookup_key(key, year)
            if not hit or self.entities[hit].kind != "person":  # "Delegation of the Chinese Communist Party" is no party
                continue
            # One last word is a surname: only a curator's alias makes it someone, and only when no given name or
            # initials stand before it ("Aldo Flores" is not Oscar Flores, "White House" no one).
            if n == 1 and (not any(a.source == "hand" for pid, a in self._exact.get(key, ()) if pid == hit)
                           or _NAME_BEFORE.match(words[-2])):
                continue
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
            if e.kind != "person":
                continue  # a body in running text mostly describes an office ("Chairman of the CC CPC", "KGB Chief
                # Serov", "the Mission at the United Nations"), not an actor
            for a in e.aliases:
                if a.type == "heading" or (a.type == "surname" and a.source != "hand"):
                    continue  # a surname from the persons database is too often a word ("July", "German", "Madrid")
                key = a.folded.removeprefix("the ")
                if key:
                    keys.add(key)
                    first, n = key.split()[0], len(key.split())
                    starts[first] = max(starts.get(first, 0), n)
        return frozenset(keys), starts

    def _lookup_key(self, key: str, year: int | None) -> str | None:
        hits = self._hits(key, year)
        return hits[0] if len(hits) == 1 else None

    def _hits(self, key: str, year: int | None) -> list[str]:
        """The entities an alias may name in a year. A hand-curated alias outranks the others; a surname alone
        that only the other sources give names someone only when the person is plausible then (see _plausible)."""
        entries = [(pid, a) for pid, a in self._exact.get(key, ()) if a.valid_in(year)]
        if len(entries) > 1 and any(a.source == "hand" for _, a in entries):
            entries = [(pid, a) for pid, a in entries if a.source == "hand"]
        # A surname alone that only the other sources give is no look-up's answer: only _by_surname may take it, for
        # a name in a slot, when one plausible person bears it (never in running text, never after a descriptor).
        entries = [(pid, a) for pid, a in entries if not (a.type == "surname" and a.source != "hand")]
        return list(dict.fromkeys(pid for pid, _ in entries))

    def _plausible(self, person_id: str, year: int | None) -> bool:
        """Whether a person named by surname alone may be the one meant in a document of `year`: grown up and alive
        then, and active then according to the sources (the years of the volumes that name the person, give or take
        five)."""
        e = self.entities[person_id]
        if year is None or e.active_from is None or e.active_to is None:
            return False
        if (e.birth_year and year < e.birth_year + 18) or (e.death_year and year > e.death_year):
            return False
        return e.active_from - 5 <= year <= e.active_to + 5

    def closest(self, name: str, limit: int = 3, cutoff: float = 85) -> str:
        """The authority's names closest to an unknown name, for a curator: "gromyko (92); …" (rapidfuzz's
        token-sorted ratio over every entity's name, so that "Mikoyan, A." is near "A. I. Mikoyan")."""
        names, ids = self._names
        hits = process.extract(fold(self.strip_honorifics(name)), names, scorer=fuzz.token_sort_ratio, limit=limit,
                               score_cutoff=cutoff)
        return "; ".join(f"{ids[i]} ({score:.0f})" for _, score, i in hits)

    @cached_property
    def _names(self) -> tuple[list[str], list[str]]:
        entities = list(self.entities.values())
        return [fold(e.name) for e in entities], [e.person_id for e in entities]

    @cached_property
    def given_names(self) -> frozenset[str]:
        """The first words of the people's full names ("Hermann", "Leonid"), for finding unknown people in text."""
        out = set()
        for e in self.entities.values():
            if e.kind == "person":
                for a in e.aliases:
                    words = a.text.split()
                    if a.type == "name" and len(words) >= 2 and len(words[0]) >= 3 and words[0].isalpha() \
                            and words[0][0].isupper():
                        out.add(words[0])
        return frozenset(out)

    @cached_property
    def surname_keys(self) -> frozenset[str]:
        """Every surname the authority's people have, common ones included (folded)."""
        keys = {a.folded for e in self.entities.values() for a in e.aliases if a.type == "surname"}
        return frozenset(keys | set(self._common))

    def candidates(self, name: str, year: int | None = None) -> tuple[str, ...]:
        """The entities an unresolved name may be, when it is ambiguous rather than unknown: every entity an alias
        of that spelling names in that year (a common surname's holders included)."""
        key = fold(self.strip_honorifics(" ".join(name.split())))
        found = dict.fromkeys(pid for pid, a in [*self._exact.get(key, ()), *self._common.get(key, ())]
                              if a.valid_in(year))
        return tuple(sorted(found, key=lambda pid: not self._plausible(pid, year)))  # the plausible first


# A given name or initials just before a surname: "Aldo", "A.", "A.I.".
_NAME_BEFORE = re.compile(r"^(?:(?:[A-Z][a-z]?\.){1,3}|[A-ZÀ-Þ][a-zà-ÿ'’-]+)$")

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
            text = m["text"].strip()
            aliases.append(Alias(text, m["type"], _int(m["start"]), _int(m["end"]), key=fold(text)))
        # The canonical name always resolves to its entity.
        if not any(fold(a.text) == fold(row["name"]) for a in aliases):
            aliases.insert(0, Alias(row["name"], "name", key=fold(row["name"])))
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
                country=(row.get("country") or "").strip() or None,
            )
        )
    return entities


def _int(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value else None


@lru_cache(maxsize=4)
def _loaded(path: Path | None, built: Path | None | bool) -> Authority:
    """The authority of these files, loaded once per process."""
    return Authority.load(path, built)


@contextmanager
def _collector_paused():
    """Python's cycle collector, paused while the authority's hundred thousand aliases are made: they hold no cycles,
    and collecting as they are made more than doubles the time loading takes."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# The built authority (`archive-pipeline authority build`): entities and aliases of the other sources, one per line,
# tab-separated, gzip-compressed; an alias carries its matching key so that loading folds nothing.
BUILT = "authority_built.tsv.gz"
_ENTITY_FIELDS = ("person_id", "kind", "name", "sort_name", "birth_year", "death_year", "wikidata_id", "country",
                  "active_from", "active_to", "source")
_ALIAS_FIELDS = ("type", "text", "valid_from", "valid_to", "scheme", "source", "key")


def write_built(entities: list[Entity], header: str) -> bytes:
    """The built authority's bytes: a `#` header line (how it was built), then an E line per entity followed by an
    A line per alias."""
    lines = [f"# {header}"]  # (read_built_header gives it back)
    for e in entities:
        lines.append("\t".join(["E", *(_cell(getattr(e, f)) for f in _ENTITY_FIELDS)]))
        for a in e.aliases:
            lines.append("\t".join(["A", *(_cell(a.folded if f == "key" else getattr(a, f)) for f in _ALIAS_FIELDS)]))
    return gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0)


def read_built_header(path: Path | None = None) -> str:
    """The header line of the built authority: what it was built from."""
    data = Path(path).read_bytes() if path is not None else datafiles.binary(BUILT)
    return gzip.decompress(data).split(b"\n", 1)[0].decode("utf-8").lstrip("# ")


def read_built(path: Path | None = None) -> list[Entity]:
    return _read_built(path)[0]


def _read_built(path: Path | None = None) -> tuple[list[Entity], dict[str, list[int]]]:
    """The built authority at `path`, or the one shipped in pipeline/data (none when it was never built)."""
    if path is not None:
        data = Path(path).read_bytes()
    else:
        try:
            data = datafiles.binary(BUILT)
        except FileNotFoundError:
            return [], {}
    entities: list[Entity] = []
    index: dict[str, list[int]] = {}
    current: dict | None = None
    aliases: list[Alias] = []
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        cells = line.split("\t")
        if cells[0] == "A":
            t, text, start, end, scheme, source, key = cells[1:]
            aliases.append(Alias(text, t, int(start) if start else None, int(end) if end else None, scheme or None,
                                 source, key))
            index.setdefault(key, []).append(len(entities))
        elif cells[0] == "E":
            if current:
                entities.append(Entity(**current, aliases=tuple(aliases)))
            values = dict(zip(_ENTITY_FIELDS, cells[1:]))
            current = {f: (_int(v) if f in ("birth_year", "death_year", "active_from", "active_to") else v or None)
                       for f, v in values.items()}
            current["source"] = current["source"] or "built"
            aliases = []
    if current:
        entities.append(Entity(**current, aliases=tuple(aliases)))
    return entities, index


def _cell(value) -> str:
    return "" if value is None else str(value).replace("\t", " ").replace("\n", " ")


# Aliases that may join an entity of another source to a trusted one: a full name, not a surname alone.
_LINKING_TYPES = frozenset({"name", "heading", "romanization", "transliteration", "spelling_variant"})
# Generated forms that two people may share ("G. Zhukov" is Georgy and Grigory): they join no one.
_NOT_LINKING_SCHEMES = frozenset({"initials"})


def _links(alias: Alias) -> bool:
    """Whether an alias may join two sources' entities: a full name as printed, or a romanization by rule."""
    return (alias.type in _LINKING_TYPES and alias.scheme not in _NOT_LINKING_SCHEMES and alias.valid_from is None
            and " " in alias.folded)  # (a form valid in some years only, "Soviet Politburo", names two bodies)


def merge(trusted: list[Entity], others: list[Entity], index: dict[str, list[int]] | None = None) -> list[Entity]:
    """The trusted entities, each joined by the entities of a less trusted source that are the same person or body,
    and the others after them. An entity of the other source is the trusted one with the same id, or the one
    trusted entity it shares a full name with (of the same kind, born the same year where both say); its aliases
    join that entity. An alias a trusted entity holds is never another entity's: the trusted source wins every
    conflict. `index` (folded alias -> positions in `others`, as read_built gives it) spares a pass over every
    alias of the other source: only the entities that share a key with a trusted one are looked at."""
    index = _key_index(others) if index is None else index
    by_id = {e.person_id: e for e in trusted}
    same = [i for i, e in enumerate(others) if e.person_id in by_id]  # a trusted entity's own romanizations
    claimed: dict[str, str] = {}
    candidates: dict[int, set[str]] = {}
    for e in trusted:
        for a in e.aliases:
            claimed.setdefault(a.folded, e.person_id)
    # A trusted entity's own romanizations (same id) link too: "Chang Wen-tien" is the hand file's Zhang Wentian.
    linking = [(e.person_id, a) for e in trusted for a in e.aliases]
    linking += [(others[i].person_id, a) for i in same for a in others[i].aliases]
    for pid, a in linking:
        key = a.folded
        if _links(a):
            for i in index.get(key, ()):
                if others[i].person_id not in by_id and any(o.folded == key and _links(o) for o in others[i].aliases):
                    candidates.setdefault(i, set()).add(pid)
    targets = {i: _link(others[i], by_id, c) for i, c in candidates.items()}
    claims = Counter(t for t in targets.values() if t)
    touched = {i for key in claimed for i in index.get(key, ())} | set(same)
    joined: dict[str, list[Entity]] = {}
    replaced: dict[int, Entity | None] = {}
    for i in sorted(touched):
        e = others[i]
        target = e.person_id if e.person_id in by_id else targets.get(i)
        if target and e.person_id not in by_id and claims[target] > 1:
            target = None  # two entities of the other source would be one trusted entity: neither joins it
        if target:
            joined.setdefault(target, []).append(e)
            replaced[i] = None
        else:
            replaced[i] = replace(e, aliases=tuple(a for a in e.aliases if a.folded not in claimed))
    out = [_joined(e, joined[e.person_id], claimed) if e.person_id in joined else e for e in trusted]
    return out + [replaced.get(i, e) for i, e in enumerate(others) if replaced.get(i, e) is not None]


def _key_index(entities: list[Entity]) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for i, e in enumerate(entities):
        for a in e.aliases:
            index.setdefault(a.folded, []).append(i)
    return index


def _link(entity: Entity, by_id: dict[str, Entity], candidates: set[str]) -> str | None:
    """The one trusted entity, of the same kind and not born years apart, that shares a full name with `entity`."""
    candidates = {c for c in candidates if by_id[c].kind == entity.kind
                  and not (by_id[c].birth_year and entity.birth_year
                           and abs(by_id[c].birth_year - entity.birth_year) > 1)}
    return candidates.pop() if len(candidates) == 1 else None


def _joined(entity: Entity, others: list[Entity], claimed: dict[str, str]) -> Entity:
    """A trusted entity with the aliases (those no other trusted entity holds) and the missing facts of the
    entities that joined it."""
    seen = {a.folded for a in entity.aliases}
    added, fill = [], {}
    for other in others:
        for a in other.aliases:
            key = a.folded
            if a.type == "surname" and a.source != "hand":
                continue  # a surname the curator left out of an entry stays out ("Zhukov", "Chiang")
            if key not in seen and claimed.get(key, entity.person_id) == entity.person_id:
                seen.add(key)
                added.append(a)
        for f in ("birth_year", "death_year", "country", "active_from", "active_to"):
            if getattr(entity, f) is None and getattr(other, f) is not None:
                fill.setdefault(f, getattr(other, f))
    return replace(entity, aliases=entity.aliases + tuple(added), **fill)
