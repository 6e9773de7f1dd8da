"""The title grammar: document type, number, place of origin, and who wrote to whom, read from a title.

TYPE [No. N] [from PLACE,] SENDERS to RECIPIENTS [via X | [via X] | (via X)] [, for Y]
     [, transmitting / conveying / with <embedded document>] [regarding <subject>]
TYPE between A and B / TYPE of A with B: participants of a conversation, not senders.

Names come out as written; resolving them is the authority file's job. A part of a title
that does not read as names (a subject, an embedded document) yields no sender or recipient:
its people are picked up as mentioned, never promoted to a role by guesswork.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class TitleParts:
    doc_type: str | None = None
    doc_number: str | None = None
    origin_place: str | None = None
    senders: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    via: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def doc_types() -> tuple[tuple[re.Pattern, str, str], ...]:
    """The controlled vocabulary of document types (pipeline/data/doc_types.csv), longest form first.

    Each type has a kind: correspondence (A to B), conversation (participants), or other.
    """
    text = resources.files("pipeline").joinpath("data", "doc_types.csv").read_text(encoding="utf-8")
    rows = sorted(csv.DictReader(text.splitlines()), key=lambda r: len(r["written"]), reverse=True)
    return tuple((re.compile(rf"^{re.escape(r['written'])}(?![\w(])", re.I), r["doc_type"], r["kind"]) for r in rows)


def vocabulary() -> list[str]:
    """Every document type of the controlled vocabulary."""
    return sorted({doc_type for _, doc_type, _ in doc_types()})


_UNDATED_MARK = re.compile(r"\s*[\[(]undated[\])]\s*$", re.I)
_DIARY = re.compile(r"^From the (?:Diary|Journal) of (?P<author>[^:]+):\s*(?P<rest>.+)$", re.I)
_NUMBER = re.compile(r"^\s*(?:Nos?|Number)\.?\s*(?P<number>\d[\w/]*(?:\s*[-–]\s*\d[\w/]*)?)", re.I)
_CONNECTOR = re.compile(r"^(?:with\s+(?:an?\s+)?approved\s+message|with\s+message)\s+", re.I)
# Where the correspondence part of a title ends and an embedded document or subject begins.
_EMBEDDED = re.compile(
    r"(?:,?\s+(?:transmitting|conveying|containing|relaying|enclosing|forwarding)\b"
    r"|,\s*with\b"
    r"|\s+(?:regarding|concerning|about)\b"
    r"|\s+on\s+(?:an?|the|his|her|their)\b|\s+on\s+\d)",
    re.I,
)
_VIA_BRACKET = re.compile(r"\s*[\[(]via\s+(?P<via>[^\[\]()]+)[\])]", re.I)
_VIA_TRAILING = re.compile(r"\s+via\s+(?P<via>.+)$", re.I)
_FOR = re.compile(r"(?:,\s*|\s*\(\s*)for\s+(?P<for>[^()]+?)\)?$", re.I)
_ORIGIN = re.compile(r"^from\s+(?P<place>[^,]+?),\s*(?P<rest>.+)$", re.I)
_TO_FROM = re.compile(r"^to\s+(?P<recipients>.+?)\s+from\s+(?P<senders>.+)$", re.I)
_FROM_TO = re.compile(r"^from\s+(?P<senders>.+?)\s+to\s+(?P<recipients>.+)$", re.I)
_OF_TO = re.compile(r"^of\s+(?P<senders>.+?)\s+to\s+(?P<recipients>.+)$", re.I)
_POSSESSIVE = re.compile(r"['’]s\s+\w+$")
_A_TO_B = re.compile(r"^(?P<senders>.+?)\s+to\s+(?P<recipients>.+)$", re.I)
_BETWEEN = re.compile(r"^between\s+(?P<who>.+)$", re.I)
_OF_WITH = re.compile(r"^(?:of\s+(?P<a>.+?)\s+)?with\s+(?P<b>.+)$", re.I)
_LIST_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+", re.I)
# "The Chancellor's [Helmut Kohl's] Meeting with British PM Blair on …", "[Mao Zedong's] Conversation with …"
_POSSESSIVE_MEETING = re.compile(
    r"^(?P<a>.+?)['’]s\]?\s+(?:Telephone\s+)?(?:Conversation|Meeting|Talks?|Audience|Discussion)s?\s+with\s+(?P<b>.+)$", re.I)
_MEETING_BETWEEN = re.compile(r"^(?:Meeting|Conversation|Talks?|Discussion)s?\s+between\s+(?P<who>.+)$", re.I)
# What trails the people of a meeting: its date, time, place or occasion.
_MEETING_TAIL = re.compile(r"(?:,\s*|\s+)(?:on|in|at|during|regarding|concerning|about)\s+.*$|,\s*\d.*$", re.I)
_ON_DATE = re.compile(r"\s+on\s+\d{1,2}\s+\w+\s+\d{4}.*$|\s+on\s+\w+\s+\d{1,2},?\s+\d{4}.*$", re.I)

# Lower-case words that may occur inside a name ("Ministry of Foreign Affairs of the USSR").
_NAME_PARTICLES = frozenset({"of", "the", "de", "da", "del", "van", "von", "der", "al", "bin", "y", "la", "le"})
_MAX_NAME_WORDS = 8


def parse_title(title: str | None) -> TitleParts:
    if not title:
        return TitleParts()
    text = _UNDATED_MARK.sub("", " ".join(title.split()))
    diarist = None
    m = _DIARY.match(text)
    if m:
        diarist, text = m["author"].strip(), m["rest"]

    doc_type, kind, text = _doc_type(text)
    number = None
    if doc_type:
        m = _NUMBER.match(text)
        if m:
            number = m["number"].replace(" ", "")
            text = text[m.end():]
    body_after_comma = text.lstrip().startswith(",")
    text = _CONNECTOR.sub("", text.lstrip(" ,:;"))

    if doc_type is None and not diarist:
        m = _POSSESSIVE_MEETING.match(text) or _MEETING_BETWEEN.match(text)
        if m:
            who = [m["a"]] if "a" in m.groupdict() else []
            rest = m["b"] if "b" in m.groupdict() else m["who"]
            names = [_strip_possessive(n) for n in who] + _names(_MEETING_TAIL.sub("", rest))
            return TitleParts(participants=tuple(n for n in names if _is_name(n)))
    if kind == "conversation" or _BETWEEN.match(text) or diarist:
        participants = ([diarist] if diarist else []) + _participants(text)
        return TitleParts(doc_type, number, None, participants=tuple(p for p in participants if _is_name(p)))
    if kind == "other" and not _starts_correspondence(text, after_comma=body_after_comma):
        # "Statement of X, ... to the United States": a report or statement is not a letter.
        return TitleParts(doc_type, number)

    m = _EMBEDDED.search(text)
    core = text[: m.start()] if m else text
    origin = None
    m = _ORIGIN.match(core)
    if m and " to " not in f" {m['place']} ":
        origin, core = m["place"].strip(), m["rest"]
    senders, recipients, via = _correspondence(core, letter_of=kind == "correspondence")
    return TitleParts(doc_type, number, origin, tuple(senders), tuple(recipients), tuple(via))


def _doc_type(text: str) -> tuple[str | None, str | None, str]:
    for pattern, doc_type, kind in doc_types():
        m = pattern.match(text)
        if m:
            return doc_type, kind, text[m.end():]
    return None, None, text


def _starts_correspondence(text: str, after_comma: bool) -> bool:
    """Whether the words after a non-letter type still name a sender: "Report, A to B", "Report from A to B"."""
    return after_comma or bool(re.match(r"^from\s", text, re.I))


def _participants(text: str) -> list[str]:
    text = _ON_DATE.sub("", text)
    m = _BETWEEN.match(text)
    if m:
        return _names(m["who"])
    m = _OF_WITH.match(text)
    if m:
        return (_names(m["a"]) if m["a"] else []) + _names(m["b"])
    return []


def _correspondence(core: str, letter_of: bool) -> tuple[list[str], list[str], list[str]]:
    """Senders, recipients and channels of "A to B [via C] [, for D]"; nothing if it does not read so."""
    via = [v.strip() for v in _VIA_BRACKET.findall(core)]
    core = _VIA_BRACKET.sub("", core).strip(" ,")
    m_via = _VIA_TRAILING.search(core)
    if m_via:
        via += _names(m_via["via"])
        core = core[: m_via.start()]
    m = _TO_FROM.match(core)
    if m:
        # "to B from A" (a reply "to Mao Zedong's Telegram" is addressed to Mao Zedong)
        senders, to = _names(m["senders"]), _POSSESSIVE.sub("", m["recipients"])
    else:
        m = _FROM_TO.match(core) or (letter_of and _OF_TO.match(core)) or _A_TO_B.match(core)
        if not m:
            return [], [], []
        senders, to = _names(m["senders"]), m["recipients"]
    if not senders or not all(_is_name(s) for s in senders):
        return [], [], []
    m_for = _FOR.search(to)
    if m_for and all(_is_name(n) for n in _names(m_for["for"])):
        # "to X, for Y": addressed to channel X, intended for Y.
        via += _names(to[: m_for.start()])
        to = m_for["for"]
    recipients = []
    for name in _names(to):
        if not _is_name(name):
            break  # a subject after the recipients ("…, Plans for Mao's Visit to Moscow")
        recipients.append(name)
    if not recipients:
        return [], [], []
    return senders, recipients, [v for v in via if _is_name(v)]


def _strip_possessive(name: str) -> str:
    """ "The Chancellor's [Helmut Kohl" -> "The Chancellor's [Helmut Kohl]": keep the bracket whole."""
    name = name.strip()
    if name.count("[") > name.count("]"):
        name += "]"
    return re.sub(r"['’]s(?=\])", "", name)


def _names(text: str) -> list[str]:
    """Split "A, B, and C" into names, keeping editorial brackets with their name."""
    parts, depth, current = [], 0, ""
    # Protect commas and spaces inside brackets ("[Ministry of Foreign Affairs, Japan]",
    # "[then President and General Secretary …]") from the split.
    for ch in text:
        depth += ch in "[(" and 1 or (ch in "])" and -1 or 0)
        current += {",": "\x00", " ": "\x01"}.get(ch, ch) if depth > 0 else ch
    return [p.replace("\x00", ",").replace("\x01", " ").strip(" .") for p in _LIST_SPLIT.split(current) if p.strip(" .")]


def _is_name(text: str) -> bool:
    """Whether a piece of a title reads as a name (every word capitalized, bar particles)."""
    bare = re.sub(r"\[[^\]]*\]|\([^)]*\)", " ", text)
    if not bare.strip():  # wholly an editor's addition: "[Mao Zedong]"
        bare = text.strip("[]() ")
    words = bare.split()
    if not words or len(words) > _MAX_NAME_WORDS:
        return False
    if words[0] in ("the", "The") and len(words) > 1:
        words = words[1:]  # "the Central Committee", "the Politburo"
    return words[0][0].isupper() and all(w[0].isupper() or w[0].isdigit() or w in _NAME_PARTICLES for w in words)
