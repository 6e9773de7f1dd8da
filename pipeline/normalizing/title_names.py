"""How titles write the names in a slot: lists of names, an office and its holder, and what is no name at all.

A slot's text ("Soviet Ambassador to China Stepan V. Chervonenko and the Counselor of the Soviet Embassy Basmanov")
is split into names, each kept apart from the office, place or affiliation written around it (its descriptor). A
phrase, a topic, a purpose or a place is never a name. The words these readings rest on (offices, bodies, groups,
topics …) are data: pipeline/data/title_words.csv.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline import datafiles
from pipeline.normalizing.authority import fold, honorific_words
from pipeline.normalizing.places import is_place


@lru_cache(maxsize=1)
def title_words() -> dict[str, frozenset[str]]:
    """Title words by role (pipeline/data/title_words.csv): offices, missions, groups, qualifiers."""
    roles: dict[str, set[str]] = {}
    for row in datafiles.rows("title_words.csv"):
        roles.setdefault(row["role"], set()).add(row["word"])
    return {role: frozenset(words) for role, words in roles.items()}


@lru_cache(maxsize=None)
def _word_set(*roles: str) -> frozenset[str]:
    """The words of several roles together, built once: they are asked of every word of every title."""
    return frozenset().union(*(title_words()[role] for role in roles))


@lru_cache(maxsize=1)
def descriptor_heads() -> frozenset[str]:
    """Offices and missions: after one of them "to" belongs to a descriptor ("Ambassador to China")."""
    return title_words()["office"] | title_words()["mission"]


QUOTES = "'‘’\"“”"


# What trails a correspondent's name: a date, a bracketed date, closing quotes.
_DATE_TAIL = re.compile(rf",\s*\d.*$|\s*\(\d.*$|\s+(?:for|on|of|dated)\s+\d.*$|[{QUOTES}]+$"
                        r"|\s+for\s+the\s+(?:[Pp]eriod|[Yy]ear|[Mm]onth|[Qq]uarter)\b.*$")  # "… for the Period of 1 December"
# What trails the people of a meeting: its date, time, place or occasion.
_TAIL = re.compile(
    # … unless a name follows it ("… of the Embassy in China S. Antonov": the place belongs to an office)
    r"(?:,\s*|\s+)(?:on|in|at|during|regarding|concerning|about|which|who)\s+(?!.*\b(?-i:[A-Z])\.\s?(?-i:[A-Z]))"
    r".*$|\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b.*$|" + _DATE_TAIL.pattern, re.I)
# Events a document may be "of": never its author.
EVENT = re.compile(r"^(?:the\s+|an?\s+)?(?:\d+\w*\s+|first\s+|second\s+|third\s+)?(?:Meetings?|Conversations?|Talks|"
                    r"Sessions?|Visits?|Trips?|Situation|Negotiations|Plenum|Conference|Congress|Discussions?|"
                    r"Receptions?|Audiences?)\b", re.I)


_EVENT_WORD = re.compile(EVENT.pattern.replace("^(?:the\\s+|an?\\s+)?", "\\b", 1), re.I)  # anywhere in a text


# Lower-case words that may occur inside a name ("Ministry of Foreign Affairs of the USSR").
_NAME_PARTICLES = frozenset({"of", "the", "de", "da", "del", "van", "von", "der", "al", "bin", "y", "la", "le", "in", "di",
                             "du", "dos", "das", "do", "e", "ibn", "os", "ul", "ud", "el"})
_SURNAME_PARTICLES = frozenset({"de", "da", "del", "van", "von", "der", "al", "le", "la", "di", "du", "dos", "das"})
_BODY_PARTICLES = frozenset({"under", "for", "and", "on", "at", "from", "to"})
_MAX_NAME_WORDS = 14  # "the Ministry of Foreign Affairs of the Socialist Republic of Vietnam"


def people(text: str | None, meeting: bool = False) -> list[str]:
    """The names in a list: "A, B, and C"; "A and B, Moscow" (a place after the list);
    "X, Leader of …" (a descriptor in apposition); "Soviet Ambassador to China, N. V. Roshchin".

    A meeting's people are followed by where and when it was ("… in Chequers on 20 October");
    a correspondent's name may itself hold "in" ("the Romanian Embassy in Pyongyang")."""
    if not text:
        return []
    # "the 1st Secretary of the PRL Embassy in the DPRK": an office's place is the office's, not the meeting's
    text = _OFFICE_IN_PLACE.sub(lambda m: m[0].replace(" ", _HIDDEN[" "]), text.strip())
    text = _SUFFIX.sub(lambda m: _HIDDEN[","] + _HIDDEN[" "] + m[1], text)  # "William K. Harrison, Jr." is one name
    text = unprotect((_TAIL if meeting else _DATE_TAIL).sub("", text)).strip(" ," + QUOTES)
    protected = protect(_HEADED_BY_COMMA.sub(r" \1", text))  # "…, headed by X" stays with its group
    last_and = max(protected.rfind(" and "), protected.rfind(",and "))
    comma = protected.rfind(",", 0, last_and)
    if last_and > 0 and comma > 0 and _is_descriptor(protected[comma + 1: last_and].strip()):
        last_and = -1  # "A, Deputy Chief of Energy and Mineral Resources": the "and" is the office's
    end = protected.find(",", last_and) if last_and >= 0 else -1
    items = _split(protected if end < 0 else protected[:end], apposition=True)  # it ends at the comma after its "and"
    if end >= 0 and items and _is_descriptor(items[-1]):
        # "… and the President of the Executive Committee of the PLO, Yasser Arafat, in Cairo": the office's holder
        # follows it in apposition.
        apposed = _split(protected[end + 1:].split(",")[0])
        if apposed and _is_listed_name(apposed[0], min_words=2):
            items[-1] = Name.described(apposed[0], items[-1])
    if last_and < 0 and len(items) > 1 and not all(_is_listed_name(i) for i in items):
        # No "and": one name, perhaps with a descriptor before it ("Soviet Ambassador to China,
        # N. V. Roshchin"); what follows a name is a descriptor, a place or a subject. (But "Zhou Enlai, Chen Yi,
        # Huang Kecheng" is a list of names.)
        first, second = items[0], items[1]
        person_next = not _is_descriptor(second) and len(second.split()) >= 2
        items = [Name.described(second, first)] if _is_descriptor(first) and person_next else [first]
    # A descriptor right after a name is that person's office ("Kim Il Sung, General Secretary of …").
    # "a Delegation … headed by Kim Il Sung", "…, led by Prime Minister Yu. Tsedenbal": the group and its head.
    items = [part for item in items for part in _HEADED_BY.split(item) if part.strip()]
    # An office that ends in its holder's name is that person ("… and the Counselor of the Soviet Embassy Basmanov").
    # A bare office after a name is what the name holds ("Le Duc Tho, member of the Politburo and Secretary of the VWP
    # CC"); "the DPRK Ambassador" after "and" is another person.
    named = [i for n, i in enumerate(items)
             if not (_is_descriptor(i) and not i.lower().startswith("the ")
                     and any(not _is_descriptor(before) for before in items[:n]))
             or _after_office(i) or getattr(holder(i), "descriptor", None)]
    # A place is never a correspondent: "Message to Washington", "to Moscow". (Countries that meet are parties.)
    return [holder(i) for i in named if meeting or not is_place(i)]


_OFFICE_IN_PLACE = re.compile(r"\b(?:Embassy|Legation|Consulate|Mission|Ambassador|Chargé|Charge|Representative|Delegation)"
                           r"\s+(?:in|to|at)\s+(?:the\s+)?(?-i:[A-Z])[\w'’-]*", re.I)
_HEADED_BY_COMMA = re.compile(r",\s*((?:headed|led)\s+by)\b", re.I)
_HEADED_BY = re.compile(r"^(?:headed|led)\s+by\s+|\s+(?:headed|led)\s+by\s+", re.I)
# "The Ambassador in France (Bruce)": an office with its holder in brackets.
_OFFICE_HOLDER = re.compile(r"^(?P<office>.+?)\s*\((?P<holder>[^()]+)\)$")
# "Soviet Ambassador to Poland V. Z. Lebedev": a descriptor, then a name that starts with initials.
_INITIALED = re.compile(r"^(?P<descriptor>.+?)\s+(?P<name>(?:[A-Z][a-z]?\.\s?){1,3}\s*[A-Z][\w'’-]+)$")
# "V. Sokolovskii in Berlin", "Richard Pipes of the National Security Council Staff": a place or an affiliation.
_AFTER_PERSON = re.compile(r"^(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s+(?:in|at|of)\s+(?:the\s+|an?\s+)?[A-Z].*$")


class Name(str):
    """A name as a title writes it, with what the title says beside it (its office, place or affiliation), kept
    apart: "Soviet Ambassador to Poland V. Z. Lebedev" is the name "V. Z. Lebedev", described as "Soviet Ambassador
    to Poland". It is the name wherever a string is used."""

    descriptor: str | None = None

    @classmethod
    def described(cls, name: str, descriptor: str) -> Name:
        out = cls(name.strip())
        out.descriptor = " ".join(descriptor.split()).strip(" ,") or None
        return out


_SUFFIX = re.compile(r",\s*((?:Jr|Sr)\.?)(?=[\s,]|$)")
_BRACKETED_OFFICE = re.compile(r"^\[(?P<office>[^\]]+)\]\s+(?P<rest>\S.*)$")
_OFFICE_AT = re.compile(r"^(?P<office>.+?)\s+at\s+(?:the\s+|an?\s+)?[A-Z].*$")
_TRAILING_AFFILIATION = re.compile(r"^(?P<head>.+?)\s+(?:of|in|at)\s+(?:the\s+)?[A-Z][^,]*$")


def holder(item: str) -> str:
    """The person an item names, without the office or place written around the name: an office with its
    holder in brackets is the holder; a descriptor before an initialled name, and a place or an affiliation after
    a person's name, are not part of it, and are kept as its descriptor. An office or a body stays as written."""
    m = _OFFICE_HOLDER.match(item)
    if m and is_place(m["holder"]) and is_name(m["office"]):  # "Maneli (Hanoi)": where the person wrote from
        return Name.described(m["office"], f"in {m['holder']}")
    # "Polish Embassy in Hanoi (Siedlecki)"; not an office's initials: "… Energy Commission (CNEN)"
    if m and is_descriptor_phrase(m["office"]) and is_name(m["holder"]) and m["holder"] != m["holder"].upper():
        return Name.described(m["holder"], m["office"])
    split = _after_office(item)
    if split:
        return Name.described(split[1], split[0])
    m = _INITIALED.match(item)
    if m and is_descriptor_phrase(m["descriptor"]):
        return Name.described(m["name"], m["descriptor"])
    m = _TRAILING_AFFILIATION.match(item)
    if m:  # "Prime Minister Pham Van Dong of the Democratic Republic of Vietnam": the office's place after the name
        head = holder(m["head"])
        if getattr(head, "descriptor", None):
            return Name.described(head, f"{head.descriptor} {item[m.end('head'):]}")
    m = _BRACKETED_OFFICE.match(item)
    if m and is_descriptor_phrase(m["office"], groups=True):  # "[Syrian President] Hafez al-Assad"
        return Name.described(holder(m["rest"]), m["office"])
    m = _OFFICE_AT.match(item)
    if m and m["office"].split()[-1] in title_words()["office"]:  # "the South African Prime Minister at Congress of …"
        return Name.described(m["office"], item[m.end("office"):])
    m = _AFTER_PERSON.match(item)
    if m and not is_descriptor_phrase(m["name"], groups=True):
        return Name.described(m["name"], item[m.end("name"):])
    return item


# A word of a name as titles write it: "Basmanov", "Stepan", an initial ("V.", "Sh.", "N.S.").
_ARABIC_ARTICLE = re.compile(r"^(?:al|el|os|ul|ud|ad|as|ash|an)-[A-Z]")
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’-]*[a-z][\w'’-]*|(?:[A-Z][a-z]?\.){1,3}|(?:al|el|os|ul|ud|ad|as|ash|an)-[A-Z][\w'’-]*)$")
_MAX_HOLDER_WORDS = 4


def _after_office(item: str) -> tuple[str, str] | None:
    """(descriptor, name) of "Soviet Ambassador Stepan Chervonenko", "Chinese Vice Foreign Minister Zhang Hanfu",
    "Soviet Ambassador to China Stepan V. Chervonenko", "the Counselor of the Soviet Embassy Basmanov",
    "General Secretary of the CC of the PDPA Cde. Najib": the longest run of one to four name words at the end,
    after an office, a mission, a body, an honorific or a place, is a name when the words before it describe an office."""
    words = item.split()
    offices = title_words()["office"]
    # "Secretary of State Rusk": the field of an office ends it as well as the office word does; so does a group
    # ("Politburo Members Peng Zhen")
    anchors = _word_set("office", "mission", "body", "domain", "group")
    for size in range(min(_MAX_HOLDER_WORDS, len(words) - 1), 0, -1):
        descriptor, name = words[:-size], words[-size:]
        before = descriptor[-1].strip(",")
        anchored = (before in anchors or descriptor[-1].endswith((",", "]", ")")) or _is_honorific(before)
                    or (len(before) > 1 and before.isalpha() and before.isupper())  # "… CC CPSU Khodov"
                    or any(is_place(" ".join(descriptor[-n:]).strip(",")) for n in (1, 2)))
        if not anchored or not _NAME_WORD.match(name[0]) or not all(_NAME_WORD.match(w) or w in _SURNAME_PARTICLES
                                                                      for w in name):
            continue  # ("Uriel da Costa Ribeiro": a particle inside a name)
        if size == 1 and before in title_words()["mission"] and not any(w in offices for w in descriptor):
            continue  # "US Embassy Bonn": an embassy's town; but "the Counselor of the Soviet Embassy Basmanov"
        if (is_descriptor_phrase(" ".join(name), groups=True) or _is_honorific(name[0]) or is_place(" ".join(name))
                or EVENT.match(name[0]) or set(name) & _word_set("topic", "qualifier")):
            continue
        if any(w.strip(",") in _word_set("office", "mission", "body", "group") for w in descriptor):
            # an office, or a body's ("CC of the CP of Azerbaijan")
            return " ".join(descriptor), " ".join(name)
    return None


def _is_honorific(word: str) -> bool:
    """A single honorific word ("Cde.", "Comrade", "Prince"), as the authority drops them before matching a name."""
    return fold(word.rstrip(".,")) in honorific_words()


def _is_listed_name(text: str, min_words: int = 1) -> bool:
    """`min_words` to four name words (an honorific first allowed), no office, body, place, qualifier or topic: a
    name that may stand in a comma list ("Chamberlin, Ennis"; "Comrade Jarck"), or after an office in apposition
    ("…, Yasser Arafat")."""
    words = re.sub(r"\s*[\[(][^\])]*[\])]\s*$", "", text).rstrip(" .").split()  # "Comrade Tsedenbal. (fragments)"
    if len(words) < min_words:  # ("Comrade Berlinguer" is two words)
        return False
    if _is_honorific(words[0]) and len(words) > 1:
        words = words[1:]
    return (1 <= len(words) <= _MAX_HOLDER_WORDS and words[0][:1].isupper()
            and all(_NAME_WORD.match(w) or w in _SURNAME_PARTICLES for w in words)
            and not is_descriptor_phrase(" ".join(words), groups=True) and not is_place(" ".join(words))
            and not set(words) & _word_set("qualifier", "topic"))


def addressee(text: str) -> bool:
    """Whether what a document is "for" is someone, not a purpose ("for Help in …", "for the Phased Withdrawal of
    Troops", "for Discussion"): a person's full name, or an office or a body, in every item of the list."""
    items = people(text)
    return bool(items) and not _EVENT_WORD.search(text) and all(
        _is_listed_name(holder(i), min_words=2) or (is_descriptor_phrase(i, groups=True) and is_name(i)) for i in items)


def is_descriptor_phrase(text: str, groups: bool = False) -> bool:
    """An office, a mission or a body (or, with `groups`, a group) rather than a person: "The Ambassador in France",
    "Soviet Ambassador to Poland", "Director of Central Intelligence"."""
    words = {w.strip(",.") for w in text.split()}
    return bool(words & (_word_set("office", "mission", "body", "group") if groups else _word_set("office", "mission", "body")))


def _is_descriptor(item: str) -> bool:
    """An office rather than a name: "Leader of the Democratic Party", "Consul General in Urumqi"."""
    words = item.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    offices = title_words()["office"]
    # An office followed by "of"/"in"/"to", or a phrase ending in an office, names no one.
    # ("the director of the Prime Minister's office": an office may be written in lower case)
    return any((w in offices or w.capitalize() in offices)
               and (i + 1 == len(words) or words[i + 1] in ("of", "in", "to", "General")) for i, w in enumerate(words))


_HIDDEN = {",": "\x00", " ": "\x01"}  # placeholders _split turns back into commas and spaces


def protect(text: str) -> str:
    """Hide commas and spaces inside brackets from the list split ("[Ministry of Foreign Affairs, Japan]")."""
    if "[" not in text and "(" not in text:  # most lists have no brackets: nothing to hide
        return text
    depth, out = 0, []
    for ch in text:
        depth += ch in "[(" and 1 or (ch in "])" and -1 or 0)
        out.append(_HIDDEN.get(ch, ch) if depth > 0 else ch)
    return "".join(out)


def unprotect(protected: str) -> str:
    return protected.replace("\x00", ",").replace("\x01", " ")


def _split(protected: str, apposition: bool = False) -> list[str]:
    """The items of a list joined by commas and "and". With `apposition`, an office and its holder's name after a
    comma are one item, the holder described by the office: "the Chairman of the SPD, Brandt", "the President of the
    French Republic, Charles de Gaulle" (an office "and" a name are two people)."""
    pieces = [p for p in re.split(r"\s*,\s*", protected) if p.strip(" .")]
    items: list[str] = []
    for n, piece in enumerate(pieces):
        parts = [_clean(p) for p in re.split(r"^and\s+|\s+and\s+", piece) if _clean(p)]
        if items and _INITIALS.match(piece):  # "Yakubov, T.": a surname and its initials, as indexes write them
            items[-1] = f"{items[-1]}, {piece.strip()}"
            continue
        apposed = apposition and n and items and len(parts) == 1 and not piece.startswith("and ")
        if (apposed and _is_descriptor(items[-1]) and not _after_office(items[-1])
                and not getattr(items[-1], "descriptor", None) and _is_listed_name(parts[0])):
            items[-1] = Name.described(parts[0], items[-1])
        elif (apposed and _is_descriptor(parts[0]) and not _is_descriptor(items[-1])
              and not getattr(items[-1], "descriptor", None) and not _after_office(parts[0])):
            # "Kim Il Sung, General Secretary of …": the office after a name is that person's
            items[-1] = Name.described(items[-1], parts[0])
        else:
            items += parts
    return items


_INITIALS = re.compile(r"^\s*(?:[A-Z]\.\s?){1,3}\s*$")


def _clean(part: str) -> str:
    # "a Governmental Delegation from …", "various Iraqi Military Leaders": the article is not part of the name
    return re.sub(r"^(?:an?|various|several|some)\s+", "", unprotect(part).strip(" ."))


def strip_possessive(name: str) -> str:
    """ "The Chancellor's [Helmut Kohl" -> "The Chancellor's [Helmut Kohl]": keep the bracket whole."""
    name = name.strip()
    if name.count("[") > name.count("]"):
        name += "]"
    return re.sub(r"['’]s(?=\])", "", name)


def is_name(text: str, phrase: bool = False) -> bool:
    """Whether a piece of a title reads as a name (every word capitalized, bar particles), and not as a phrase
    (unless `phrase`)."""
    bare = re.sub(r"\[[^\]]*\]|\([^)]*\)", " ", text)
    if not bare.strip():  # wholly an editor's addition: "[Mao Zedong]"
        bare = text.strip("[]() ")
    words = [w.strip(QUOTES + "[]()") for w in bare.split()]
    words = [w for w in words if w]
    if not words or len(words) > _MAX_NAME_WORDS:
        return False
    if words[0] in ("the", "The") and len(words) > 1:
        words = words[1:]  # "the Central Committee", "the Politburo"
    if not phrase and _is_phrase(words):
        return False
    offices = descriptor_heads()
    # A body's name may hold more small words: "Special Committee under the Council of Ministers", "Committee for the
    # Defense of the Homeland".
    particles = _NAME_PARTICLES | _BODY_PARTICLES if is_descriptor_phrase(" ".join(words), groups=True) else _NAME_PARTICLES
    for i, w in enumerate(words):
        ok = (w[0].isupper() or w[0].isdigit() or w in particles or w.lower().startswith(("d'", "d’"))
              or _ARABIC_ARTICLE.match(w)  # "Qavam os-Saltaneh", "Abd al-Nasser"
              or (i > 0 and w.capitalize() in _word_set("body", "group"))  # "the Chinese leadership"
              or (w == "to" and i > 0 and words[i - 1] in offices)  # "Ambassador to North Korea"
              or (w.capitalize() in offices and i + 1 < len(words)))  # "East German leader Erich Honecker"
        if not ok:
            return False
    # "de Gamboa", "van der Stoel": a particle may open a surname
    return words[0][0].isupper() or words[0][0].isdigit() or (words[0] in _SURNAME_PARTICLES and len(words) > 1)


_MEETING_WORD = re.compile(r"^(?:Meetings?|Conversations?|Talks|Discussions?|Visits?|Trips?|Receptions?|Audiences?)$")


def _is_phrase(words: list[str]) -> bool:
    """A phrase rather than a name: a topic ("US-Greek Relations", "Nakasone's Visit"), a purpose ("[Plan] to Exploit
    Unrest in Poland") or a placeholder ("and Others"). A body's name may hold a topic word ("Committee for Foreign
    Relations")."""
    bare = [re.sub(r"['’]s$", "", w).strip(".,:;") for w in words]
    if bare[0] in title_words()["verb"] or " ".join(bare) in title_words()["unnamed"]:
        return True
    if _MEETING_WORD.match(bare[0]):  # "Meeting of 22 April 1980": an event (a Plenum or a Congress may be a body)
        return True
    if set(bare) & title_words()["pronoun"]:  # "… About His [Meeting]": a phrase
        return True
    if any(re.search(r"['’]s$", w) and b in title_words()["topic"] for w, b in zip(words, bare[1:])):
        return True  # "Prime Minister Nakasone's Visit": someone's visit, not someone
    return bool(set(bare) & title_words()["topic"]) and not is_descriptor_phrase(" ".join(bare), groups=True)
