"""People a title or summary names whom the authority does not know, outside the slots the title reader fills.

Without a language model, a name in running text is only taken where its shape leaves no doubt: after a title that
only a person bears ("Comrade Jarck", "Cde. Siedlecki"), as initials and a surname ("A. Juniewicz", "N.S.
Patolichev"), or as a given name and a surname the authority's people bear ("Hermann Axen"); after an office
("Ambassador", "Premier") only a surname the authority's people bear ("Premier Zhou", not "Minister Level"). Titles
capitalize every word, so capitalized words are no name by themselves ("Soviet Experts", "Party Officials"). A place,
an office, a body, a month or a topic word is never part of such a name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline import datafiles
from pipeline.normalizing.authority import Authority, _fold_word, fold, honorific_words
from pipeline.normalizing.dates import MONTHS
from pipeline.normalizing.places import is_place
from pipeline.normalizing.title_names import title_words

_TOKEN = re.compile(r"[^\s()\[\]\"“”]+")
_INITIALS = re.compile(r"^(?:[A-Z][a-z]?\.){1,3}$")
_WORD = re.compile(r"^[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’-]*[a-zà-öø-ÿ]$")  # "Jarck", "Le", "Nam"
_POSSESSIVE = re.compile(r"['’]s$")
# Titles only a person bears; after any other honorific (an office: "Minister", "General") the name must be known.
_PERSON_TITLES = frozenset({"cde", "cdes", "com", "comr", "comrade", "comrades", "mr", "mrs", "ms", "dr", "sir"})
# Initials that are a country's, not a person's: "U.S. Scientists".
_COUNTRY_INITIALS = frozenset({"U.S.", "U.K.", "U.N.", "U.S.A.", "U.S.S.R.", "D.C."})
_STOP = frozenset({"the", "and", "for", "with", "from", "von", "van", "der", "del", "des", "los", "las"})


@lru_cache(maxsize=1)
def _not_names() -> frozenset[str]:
    """Words that are never part of a person's name: the title words of every role but qualifiers (offices, bodies,
    groups, topics, verbs …), the document types' words, months and weekdays."""
    words = {fold(w) for role, members in title_words().items() if role != "qualifier" for w in members}
    words |= {fold(w) for row in datafiles.rows("doc_types.csv") for w in row["written"].split()}
    return frozenset(words | set(MONTHS) | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                            "sunday"} | _STOP)


def unknown_people(text: str | None, authority: Authority, year: int | None, known: list[str]) -> list[str]:
    """Names of people in `text` that no slot or known mention already holds and the authority does not resolve."""
    if not text:
        return []
    tokens = [(m.group(0).rstrip(".,;:"), m.group(0)) for m in _TOKEN.finditer(text)]
    taken = [set(fold(k).split()) for k in known]
    found: dict[str, str] = {}
    i = 0
    while i < len(tokens):
        name, used = _name_at(tokens, i, authority)
        if name:
            words = set(fold(name).split())
            # a name a slot holds already, in part or whole ("Lin" is not in "Stalin", but is in "Lin Biao")
            if (fold(name) not in found and not any(words <= t or t <= words for t in taken if t)
                    and authority.resolve(name, year).person_id is None):
                found[fold(name)] = name
            i += used
        else:
            i += 1
    return list(found.values())


def _name_at(tokens: list[tuple[str, str]], i: int, authority: Authority) -> tuple[str | None, int]:
    """(name, tokens used) of a name starting at token i, or (None, 0)."""
    bare, raw = tokens[i]
    if not bare[:1].isupper():  # most words of a summary: no name starts here
        return None, 0
    title = _fold_word(bare)
    if title in honorific_words() and bare[:1].isupper() and not _POSSESSIVE.search(bare):
        words = _name_words(tokens, i + 1, limit=2)
        if words and (title in _PERSON_TITLES or _fold_word(words[-1]) in authority.surname_keys):
            return " ".join(words), 1 + len(words)
        return None, 0
    if _INITIALS.match(raw.rstrip(",;:")) and raw.rstrip(",;:") not in _COUNTRY_INITIALS:
        initials = []
        j = i
        while j < len(tokens) and _INITIALS.match(tokens[j][1].rstrip(",;:")):
            initials.append(tokens[j][1].rstrip(",;:"))
            j += 1
        words = _name_words(tokens, j, limit=1)
        return (" ".join([*initials, *words]), len(initials) + len(words)) if words else (None, 0)
    if (bare in authority.given_names and i + 1 < len(tokens) and title not in _not_names()
            and not is_place(bare)):
        words = _name_words(tokens, i + 1, limit=1)
        if words and _fold_word(words[0]) in authority.surname_keys:
            return f"{bare} {words[0]}", 2
    return None, 0


def _name_words(tokens: list[tuple[str, str]], start: int, limit: int) -> list[str]:
    """The capitalized name words from `start` on (a possessive or a comma ends the name)."""
    words = []
    for bare, raw in tokens[start: start + limit]:
        word = _POSSESSIVE.sub("", bare)
        if (not _WORD.match(word) or _fold_word(word) in _not_names() or _fold_word(word) in honorific_words()
                or is_place(word)):
            break
        words.append(word)
        if word != bare or raw.endswith((",", ";", ":")):
            break
    if words and is_place(" ".join(words)):
        return []
    return words
