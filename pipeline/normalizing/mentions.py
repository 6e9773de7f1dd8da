"""People a title or summary names whom the authority does not know, outside the slots the title reader fills.

Without a language model, a name in running text is only taken where its shape leaves no doubt: after an honorific
or a title ("Comrade Jarck", "Ambassador Siedlecki"), as initials and a surname ("A. Juniewicz", "N.S. Patolichev"), or
as a given name and a surname both known to the authority's people ("Hermann Axen"). Titles capitalize every word, so
two capitalized words are no name by themselves ("Soviet Experts", "Party Officials"). A place, an office, a body or
a topic word is never part of such a name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline import datafiles
from pipeline.normalizing.authority import Authority, fold
from pipeline.normalizing.places import is_place
from pipeline.normalizing.title_names import title_words

_TOKEN = re.compile(r"[^\s()\[\]\"“”]+")
_INITIALS = re.compile(r"^(?:[A-Z][a-z]?\.){1,3}$")
_WORD = re.compile(r"^[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’-]+[a-zà-öø-ÿ]$")
_POSSESSIVE = re.compile(r"['’]s$")
_MAX_WORDS = 3


# The honorifics that only ever stand before a person's name: "General Outline" and "Secretary General" are no names.
_PERSON_TITLES = frozenset({"cde", "cdes", "com", "comr", "comrade", "comrades", "mr", "mrs", "ms", "dr", "sir",
                            "ambassador", "marshal", "premier", "chairman", "president", "minister", "chancellor"})
# Initials that are a country's, not a person's: "U.S. Scientists".
_COUNTRY_INITIALS = frozenset({"U.S.", "U.K.", "U.N.", "U.S.A.", "U.S.S.R.", "D.C."})
_STOP = frozenset({"the", "and", "for", "with", "from", "von", "van", "der", "del", "des", "los", "las"})


@lru_cache(maxsize=1)
def _honorifics() -> frozenset[str]:
    """Single-word honorifics and titles before a name (pipeline/data/honorifics.txt), the article aside."""
    return frozenset(fold(h) for h in datafiles.listed("honorifics.txt") if " " not in h) - {"the"}


@lru_cache(maxsize=1)
def _type_words() -> frozenset[str]:
    """The words of the document types ("Memorandum", "Outline", "Meeting"): never a name."""
    return frozenset(fold(w) for row in datafiles.rows("doc_types.csv") for w in row["written"].split())


@lru_cache(maxsize=1)
def _not_names() -> frozenset[str]:
    """Words that are never part of a person's name: offices, bodies, groups, topics, verbs, and the like."""
    words = set()
    for role, members in title_words().items():
        if role not in ("qualifier",):
            words |= {fold(w) for w in members}
    return frozenset(words) | {"january", "february", "march", "april", "may", "june", "july", "august", "september",
                               "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
                               "friday", "saturday", "sunday"}


def unknown_people(text: str | None, authority: Authority, year: int | None, known: list[str]) -> list[str]:
    """Names of people in `text` that no slot or known mention already holds and the authority does not resolve."""
    if not text:
        return []
    tokens = [(m.group(0).rstrip(".,;:"), m.group(0)) for m in _TOKEN.finditer(text)]
    taken = {fold(k) for k in known}
    found: dict[str, str] = {}
    i = 0
    while i < len(tokens):
        name, used = _name_at(tokens, i, authority)
        if name:
            key = fold(name)
            if (key not in found and not any(key in t or t in key for t in taken)
                    and authority.resolve(name, year).person_id is None):
                found[key] = name
            i += used
        else:
            i += 1
    return list(found.values())


def _name_at(tokens: list[tuple[str, str]], i: int, authority: Authority) -> tuple[str | None, int]:
    """(name, tokens used) of a name starting at token i, or (None, 0)."""
    bare, raw = tokens[i]
    if fold(bare) in _PERSON_TITLES and bare[:1].isupper() and not _POSSESSIVE.search(bare):
        words = _name_words(tokens, i + 1)
        return (" ".join(words), 1 + len(words)) if words else (None, 0)
    if _INITIALS.match(raw.rstrip(",;:")) and raw.rstrip(",;:") not in _COUNTRY_INITIALS:
        initials = []
        j = i
        while j < len(tokens) and _INITIALS.match(tokens[j][1].rstrip(",;:")):
            initials.append(tokens[j][1].rstrip(",;:"))
            j += 1
        words = _name_words(tokens, j, limit=1)
        return (" ".join([*initials, *words]), len(initials) + len(words)) if words else (None, 0)
    if (bare in authority.given_names and i + 1 < len(tokens) and fold(bare) not in _STOP
            and fold(bare) not in _not_names() and fold(bare) not in _type_words() and not is_place(bare)):
        words = _name_words(tokens, i + 1, limit=1)
        if words and fold(words[0]) in authority.surname_keys:
            return f"{bare} {words[0]}", 2
    return None, 0


def _name_words(tokens: list[tuple[str, str]], start: int, limit: int = _MAX_WORDS) -> list[str]:
    """The capitalized name words from `start` on (a possessive ends the name)."""
    words = []
    for bare, raw in tokens[start: start + limit]:
        word = _POSSESSIVE.sub("", bare)
        if (not _WORD.match(word) or fold(word) in _not_names() or fold(word) in _honorifics()
                or fold(word) in _type_words() or fold(word) in _STOP or is_place(word)):
            break
        words.append(word)
        if word != bare or raw.endswith((",", ";", ":")):
            break
    if words and is_place(" ".join(words)):
        return []
    return words
