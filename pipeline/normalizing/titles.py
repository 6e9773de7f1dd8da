"""The title grammar: document type, number, place of origin, and who wrote to whom, read from a title.

    TYPE [No. N] [from PLACE,] SENDERS to RECIPIENTS [via X | [via X] | (via X)] [, for Y]
         [, transmitting / conveying / with <embedded document>] [regarding / on <subject>]
    to RECIPIENTS from SENDERS; TYPE of A to B; TYPE from A; TYPE to B
    TYPE between A and B; TYPE of A with B; From the Diary of A: TYPE with B; A's Conversation with B
    AUTHOR, 'TYPE …'; AUTHOR's TYPE …; ORGANIZATION TYPE to B; … (TYPE)

Who wrote to whom, or who met, is read by declared rules (`MEETING_RULES` and `CORRESPONDENCE_RULES`, tried in
order; `AUTHOR_RULE` and `SUBJECT_MEETING_RULE` name the fallbacks for an author named before the type and for the
meeting a document is about): each has a name, the kinds of document it reads, a pattern, how a match fills the
fields, and development-part titles it must read. The connecting words ("transmitting", "regarding",
"via", "for", "from", "by") and the type vocabulary are data (pipeline/data/). Conversations name participants, not
senders. How a slot's text becomes names (lists, offices and their holders, phrases that are no names) is
`title_names`; resolving the names is the authority file's job. A part of a title that does not read as names (a
subject, an embedded document, a descriptor such as "Consul General in Urumqi") yields no sender or recipient: its
people are picked up as mentioned, never promoted to a role by guesswork.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from pipeline import datafiles
from pipeline.normalizing.places import is_place
from pipeline.normalizing.title_names import (
    EVENT, QUOTES, addressee, descriptor_heads, holder, is_descriptor_phrase, is_name, people, protect,
    strip_possessive, title_words, unprotect,
)


@dataclass(frozen=True)
class TitleParts:
    doc_type: str | None = None
    doc_number: str | None = None
    origin_place: str | None = None
    senders: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    via: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    rule: str | None = None  # the rule that read the correspondents or the participants, or CUT_SHORT

    def descriptor(self, name: str) -> str | None:
        """What the title says beside a name it reads (an office, a place, an affiliation), if anything."""
        for named in (*self.senders, *self.recipients, *self.via, *self.participants):
            if named == name and getattr(named, "descriptor", None):
                return named.descriptor
        return None


@lru_cache(maxsize=1)
def doc_types() -> tuple[tuple[re.Pattern, str, str], ...]:
    """The controlled vocabulary of document types (pipeline/data/doc_types.csv), longest form first.

    Each type has a kind: correspondence (A to B), conversation (participants), address (a speech, an appeal, a
    statement: no recipients), or other.
    """
    rows = sorted(datafiles.rows("doc_types.csv"), key=lambda r: len(r["written"]), reverse=True)
    return tuple((re.compile(rf"^{re.escape(r['written'])}(?![\w(])", re.I), r["doc_type"], r["kind"]) for r in rows)


def vocabulary() -> list[str]:
    """Every document type of the controlled vocabulary."""
    return sorted({doc_type for _, doc_type, _ in doc_types()})


@lru_cache(maxsize=1)
def _qualifier() -> re.Pattern:
    """Words that may come before a document type: "Untitled report", "Mongolian Record of Conversation"."""
    words = sorted(title_words()["qualifier"], key=len, reverse=True)
    return re.compile(rf"^\[?(?:{'|'.join(re.escape(w) for w in words)})\]?\s+", re.I)


# A title a listing cut short ends in an ellipsis: it is not read, rather
# than half read ("Telegram from Zhou Enlai to …" names no recipient that can be trusted).
_CUT_SHORT = re.compile(r"(?:\.\.\.|…)\s*$")
CUT_SHORT = "title cut short"
_TYPE_OF_POSSESSOR = re.compile(r"^(?P<outer>Record|Minutes|Notes|Summary|Transcript|Memorandum)(?:\s+of\s+(?:the\s+)?|,\s+)"
                                r"(?P<who>[^,'’]+?)['’]s\s+(?P<event>Conversations?|Talks?|Meetings?|Audience|Discussions?)\b")
_ORDINAL_IN_TYPE = re.compile(r"^(?P<head>(?:Record|Minutes|Memorandum|Transcript|Notes)\s+of)\s+the\s+"
                              r"(?=(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|\d+(?:st|nd|rd|th)"
                              r"|Official|Private|Informal)\s)"
                              r"(?:(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|\d+(?:st|nd|rd|th))\s+)?"
                              r"(?:(?:Official|Private|Informal)\s+)?", re.I)
_TYPE_OF_NAMED_EVENT = re.compile(r"^(?P<outer>Record|Minutes|Transcript)\s+of\s+(?:the\s+)?(?!Telephone\b)(?:(?-i:[A-Z])[\w'’-]*\s+){1,2}?"
                                  r"(?P<event>Talks|Conversations?|Negotiations)\b")
_COPY_OF = re.compile(r"^(?:Copy|Draft|Text|Paraphrase|Translation) of\s+", re.I)  # "Copy of N.S. Khrushchev's [Notes]"
_BRACKETED_CONNECTOR = re.compile(r"\[(between|and|with|to|from|by|of)\]", re.I)
# "(Excerpt)", "[Excerpts]" at the end of a title: what part of the document is published, not a name.
_EXCERPT_MARK = re.compile(r"\s*[\[(]excerpts?[\])]\s*$", re.I)
_UNDATED_MARK = re.compile(r"(?:,?\s*undated\s*\[\d{4}\]|\s*[\[(]undated[\])])\s*$", re.I)
# "From the Journal of Ambassador P. F. Yudin, Record of …", "From the Journal of V. V. Vaskov, 27 August 1954: …"
_DIARY = re.compile(
    r"^(?:(?:From the |Excerpts? from the )?(?:Diary|Journal)(?: Entry)? of|Notes by) (?P<author>[^:,]+?)"
    r"(?:,\s*\d{1,2}\s+\w+\s+\d{4})?\s*[:,]\s*(?P<rest>.+)$", re.I)  # "Journal Entry of Ambassador Volkov: Conversation With Subandrio"
_NUMBER = re.compile(
    r"^,?\s*(?:(?:Special\s+|File\s+)?(?:Nos?|Number|N[º°]|#)\.?\s*(?P<number>\d(?:[./]?\w)*(?:\s*[-–]\s*\d[\w/]*)?(?:,\s*(?:and\s+)?\d+\b(?!\s+[A-Za-z]))*(?-i:\s(?:s|ss|cc)\b(?!\.))?)"
    r"|\s(?P<code>(?-i:[A-Z]{1,5})[-–/]\d+[\w/-]*|(?-i:[A-Z]{2,5})\s\d+(?:[-/]\d+)*)\b"  # or a series code: "REU-25",
    # "Airgram A-691", "SNIE 93-83"
    r"|\s(?P<bare>(?!19\d\d\b)\d{2,}(?:[./]?\w)*)(?=\s+(?:to|from)\b|\s*,|\s*$)"  # a bare one: "Telegram 233 to …"
    r"|\s(?P<label>\d+(?:/\w+)?|(?-i:[A-Z])(?:/\w+)?)(?=\s*:))", re.I)  # an annex's label: "Annex 4/C: …"
_PAREN_NUMBER = re.compile(r"\s*\(No\.?\s*(?P<number>\d+)\)\s*$", re.I)
# "Speech Given by …", "Report Presented to …": a participle between the type and its correspondents.
_PARTICIPLE = re.compile(r"^(?:Given|Presented|Delivered|Distributed|Sent|Prepared|Written|Submitted|Addressed|Issued|"
                         r"Made|Drafted|Compiled|Received)\s+(?=(?:by|to|for|from|in)\s)", re.I)
_TRAILING_TYPE = re.compile(rf"\((?:an?\s+)?(?:brief\s+|short\s+)?(?P<type>(?!excerpts?\))[^()]+)\)[{QUOTES}]?$", re.I)
# "Excerpt from a …", "Excerpts of the Unedited Translation of …": what an excerpt is taken from
_EXCERPT_OF = re.compile(r"^s?\s+(?:from|of)\s+(?:the\s+|an?\s+)?(?:(?:\w+\s+)?Translation\s+of\s+(?:the\s+)?)?", re.I)


def _connecting(role: str) -> str:
    """The connecting words of a role in pipeline/data/title_words.csv, as a regex alternation, longest first."""
    return "|".join(re.escape(w) for w in sorted(title_words()[role], key=len, reverse=True))


# Where the correspondence part of a title ends and an embedded document or a subject begins: "transmitting …",
# "regarding …" (the connecting words are data), ", with …", or a quoted title.
_EMBEDDED = re.compile(rf"(?:,?\s+(?:{_connecting('embedding')})\b|,\s*with\b|,\s*[{QUOTES}]"
                       r"|\s+with\s+(?:an?|the)\s+(?:(?-i:[A-Z])\w*\s+)?(?:Message|Letter|Telegram|Note|Memorandum|Report)s?\b"
                       rf"|,?\s+(?:{_connecting('subject')}|{_connecting('gerund')})\s)", re.I)
_VIA_BRACKET = re.compile(rf"\s*[\[(](?:{_connecting('channel')})\s+(?P<via>[^\[\]()]+)[\])]", re.I)
_VIA_TRAILING = re.compile(rf"\s+(?:{_connecting('channel')})\s+(?P<via>.+)$", re.I)
_FOR = re.compile(rf"(?:,\s*|\s*\(\s*)(?:{_connecting('beneficiary')})\s+(?P<for>[^()]+?)\)?$", re.I)
_BRACKETED_TYPE = re.compile(r"\s*\[(?P<type>[A-Za-z][A-Za-z ]*?)\s+No\.?\s*(?P<number>\d[\w/.-]*)\]\s*$")
_LATER_NUMBER = re.compile(r"(?:,\s*|\s+|\.\s*)(?:Nos?\.|Nº|N°|Number|Folder)\s*(?P<number>(?:(?:\d|(?-i:[A-Z]{1,5})/\d)[\w/.-]*\w|\d)(?:\s(?:s|ss|cc)\b(?!\.))?)(?=[\s,;\])]|$)")
# "from Tehran", "- From Beijing to Warsaw": a place (and where to), then a number, a comma or the end.
_PLACE_WORDS = r"(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*){0,2}"
_FROM_PLACE = re.compile(rf"^\s*[-–—]?\s*from\s+(?P<place>{_PLACE_WORDS})(?:\s+to\s+(?P<to>{_PLACE_WORDS}))?"
                         r"(?=\s*(?:[,(#]|(?-i:N[oº°])(?:s?\.|\b)|$)|\s+to\s)", re.I)  # "Telegram No. 209 from Taipei to the Department …"
_ORIGIN = re.compile(r"^from\s+(?P<place>[^,]+?),\s*(?P<rest>.+)$", re.I)
_FOR_B = re.compile(r"^for\s+(?P<recipients>(?-i:[A-Z])[^,]*|the\s+[^,]+)$", re.I | re.S)
_FOR_FROM = re.compile(r"^for\s+(?P<recipients>.+?)\s+from\s+(?P<senders>.+)$", re.I)
_TO_FROM = re.compile(r"^to\s+(?P<recipients>.+?)\s+from\s+(?P<senders>.+)$", re.I)
_POSSESSIVE = re.compile(r"['’]s\s+\w+$")
_TO = re.compile(r"\s+(?:sent\s+|addressed\s+)?to\s+", re.I)  # "Letter from A sent to B"
# An office accredited from one country to another: "Ambassador of East Germany [to North Korea]"
_ACCREDITED_OF = re.compile(r"\b(?:Ambassadors?|Envoy|Representative|Chargé|Charge|Delegate|Minister)\s+of\s+")
# Conversations and meetings, wherever they stand in a title.
_MEET = r"(?:Telephone\s+)?(?:Conversations?|Meetings?|Talks?|Discussions?|Audience|Visit|Interviews?)"
_BODY_MEETING = re.compile(r"^(?:of|from)\s+(?:the\s+|an?\s+)?(?:\d+\w*\s+)?(?P<body>[A-Z][^,]*?)\s+(?:Meeting|Session|Plenum)s?\b(?!\s+(?i:of|between|with)\b)")
# "Session of the CPSU CC Politburo", "… of a Meeting of the Special Committee under …", "the Plenum Session of …"
_MEETING_OF_BODY = re.compile(r"\b(?:Plenum\s+)?(?:Meeting|Session)\s+of\s+(?:the\s+)?(?P<body>[A-Z][^,]*?)"
                              r"(?=\s+(?:on|in|at|regarding|concerning|about|held|Held)\s|\s*,|\s*\(|$)(?!.*\b(?:with|between)\b)")
# "[Memorandum of Conversation], West German Foreign Minister Gerhard Schröder and Soviet Ambassador Andrei Smirnov"
_COMMA_A_AND_B = re.compile(r"^,?\s*(?P<who>(?-i:[A-Z])[^,']*?\s+and\s+(?-i:[A-Z]).*)$", re.I)
# "Saddam Hussein and Military Officials Discussing …": a recording of people in discussion
_DISCUSSING = re.compile(r"^(?P<who>\[?(?-i:[A-Z])[^,]*?)\s+(?:(?:Discussing|Discuss|Discusses|Confer|Confers)\s"
                         r"|(?:Meets?|Meeting|Talks?|Talking|Complains?|Complaining)\s+(?:to|with)\s+"
                         r"(?P<other>(?-i:[A-Z])[^,]*?)(?=\s+(?:about|on|regarding|concerning|over)\s|$))", re.I)
_BY_AUTHOR = re.compile(r"^(?P<lead>by|in)\s+(?P<who>(?:the\s+)?(?-i:[A-Z])[^,]*)$", re.I)
# "[Minutes] of a Meeting Held August 1, 1964": a meeting that names no one (its author, if any, took part)
_A_MEETING = re.compile(rf"^(?:of|from)\s+(?:an?|the)\s+(?:[\w-]+\s+){{0,3}}{_MEET}\b(?!\s+(?:of|with|between)\b)", re.I)
# "Minutes of the Politburo of the CC CPSU, Regarding …": the body whose meeting the minutes record.
_MINUTES_OF_BODY = re.compile(r"^of\s+(?:the\s+)?(?P<body>[A-Z][^,]*?)(?=\s*,|\s+(?:on|regarding|concerning|about)\s|$)"
                              r"(?!.*\sby\s)")  # "[Record of Reception] of B by A" is a reception
# "Reception by A of B", "Reception of B by A", "A's reception of B"
_RECEPTION = re.compile(r"\b(?:(?P<host>(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.-]*)['’]s\s+)?[Rr]eception\s+(?:by\s+(?P<by>.+?)\s+of\s+(?P<of>.+)"
                        r"|of\s+(?P<guest>.+?)\s+by\s+(?P<receiver>.+)|of\s+(?P<only>.+))$")
# "Meeting with Comrade Mao Zedong on 5 May 1966", "Talks with …" (a title that names no document type)
_EVENT_WITH = re.compile(r"^(?:Meeting|Talks|Conversation|Discussion|Audience)\s+with\s+(?P<b>.+)$", re.I)
# "Minutes of Conversation: Todor Zhivkov – Konstantin Ustinovich Chernenko, Moscow"
_DASHED = re.compile(r"^(?P<a>[^–—]+?[A-Za-z])\s+[–—-]\s+(?P<b>[A-Z].+)$")  # (not "2.30 p.m. - 3.45 p.m.")
# "between A – B", "between A and B with C": more ways of joining the people who met
_LIST_JOINS = re.compile(r"\s+[–—]\s+|\s+with\s+(?=(?-i:[A-Z]))")
# "… between A and B", "[Record of a Meeting] on February 13, 1984 between …", "[…] in Berlin between …"
_BETWEEN = re.compile(rf"(?:^|\b{_MEET}\s+|^(?:on\s+(?:\w+\s+)?\d{{1,2}}(?:,?\s*\w+)?(?:,?\s*\d{{4}})?|(?:in|at)\s+(?-i:[A-Z])[^,]*?)\s+)"
                      r"between\s+(?P<who>.+)$", re.I)
# What a document carries is no meeting it records: "Report … containing verbatim transcript of … conversation …"
_CARRIES = re.compile(rf",?\s+(?:{_connecting('embedding')})\b", re.I)
# "The Chancellor's Meeting with …", "[Summary] of Zhou Enlai’s Talk with …", "[Minutes], Mao’s Conversation with …"
_POSSESSIVE_MEETING = re.compile(rf"^(?:(?:of|from|about|on|regarding|concerning)\s+)?(?:the\s+)?(?P<a>[^,]+?)['’]s\]?\s+(?:(?:first|second|third|secret|\d+\w*)\s+)*"
                                 rf"{_MEET}\s+with\s+(?P<b>.+)$", re.I)
_MEETING_OF = re.compile(rf"\b{_MEET}\s+of\s+(?P<a>.+?)\s+(?:with|and)\s+(?P<b>.+)$", re.I)
_WITH_OR_OF_WITH = re.compile(r"^(?:with\s+|(?:of\s+)?(?P<a>.+?)\s+with\s+)(?P<b>.+)$", re.I)
_FROM_BY = re.compile(rf"^(?P<lead>{_connecting('author')})\s+(?P<body>.+)$", re.I | re.S)
_OF = re.compile(r"^(?P<lead>of)\s+(?P<body>.+)$", re.I | re.S)
# A meeting a document is about: "regarding a Meeting with …", "from Premier Zhou Enlai’s Third Meeting with …".
_SUBJECT_EVENT = re.compile(
    rf"(?:,\s+|(?:^|\s)(?:{_connecting('subject')}|from)\s+)(?:the\s+|an?\s+|his\s+|her\s+)?(?:(?P<host>(?-i:[A-Z])[^,]*?)['’]s\]?\s+)?"
    r"(?:(?-i:[A-Z][a-z]+)\.?\s+\d{1,2}(?:,\s*\d{4})?\s+|\d{1,2}\s+(?-i:[A-Z][a-z]+)(?:\s+\d{4})?\s+)?"  # "on April 4 meeting"
    rf"(?:(?:first|second|third|fourth|fifth|last|\d+\w*)\s+)?{_MEET}\s+(?P<rest>(?:with|between|of)\s.+)$", re.I)
# A quotation mark that opens a quoted title (an apostrophe follows a letter: "Zhou Enlai’s").
_OPENING_QUOTE = re.compile(rf"(?<!\w)[{QUOTES}]|[“”\"]")
# A nationality and an agency, both qualifiers of a type, name its author: "Bulgarian Intelligence [Analysis]".
_AGENCY = re.compile(r"^(?-i:[A-Z])\w+\s+(?:Military\s+)?(?:Intelligence|Counterintelligence)\s", re.I)
_RECORD_TYPES = frozenset({"Transcript", "Minutes"})  # records of a body's meeting whose type is not a conversation's
# "Author[, office or place][, place], 'Quoted title'"
_AUTHOR_QUOTED = re.compile(r"^(?P<author>(?:[^,'\"‘“’]|(?<=\w)['’](?=\w))+?)(?:,\s*(?P<second>[^,'\"‘“]+?))?(?:,\s*(?P<third>[^,'\"‘“]+?))?,\s*['\"‘“]")
# A quoted title that records a meeting names it in its first words, and is not about negotiations or talks
_RECORD_OF_MEETING = re.compile(rf"^(?!Negotiations|Talks)(?:\S+\s+){{0,4}}{_MEET}\s+(?:between|with)\b", re.I)
_QUOTED_TYPE = re.compile(r"(?:^|,\s*)['\"‘“](?P<quoted>[^'\"‘“’”]+)")
# A quoted subject before the correspondents: "Draft Report, 'On the Trip …,' by M. Suslov to …"
_LEADING_QUOTE = re.compile(rf"^[{QUOTES}][^{QUOTES}]*[{QUOTES}],?\s*")

_MAX_AUTHOR_WORDS = 10


# Many documents share a title word for word ("Record of a Conversation with Mao Zedong"): each
# distinct title is read once per process.
@lru_cache(maxsize=16384)
def parse_title(title: str | None) -> TitleParts:
    if not title:
        return TitleParts()
    text = _UNDATED_MARK.sub("", " ".join(title.split()))
    excerpt = bool(_EXCERPT_MARK.search(text))
    text = _EXCERPT_MARK.sub("", text)
    text = _BRACKETED_CONNECTOR.sub(r"\1", text)  # "Record of a Conversation [between] A and B"
    if _CUT_SHORT.search(text):  # "Letter from Kim Il Sung to …": what it would have said is unknown
        return TitleParts(rule=CUT_SHORT)
    diarist = None
    m = _DIARY.match(text)
    if m:  # "From the Diary of A: …": the diary is the container, the diarist a participant
        diarist, text = holder(m["author"].strip()), m["rest"].strip(QUOTES + " ")

    whole = text
    lead = _LEADING_QUOTE.match(text)
    if lead and lead.end() < len(text):  # "'US Demarche on …,' US Embassy Paris cable 36143 to State Department"
        text = text[lead.end():]
    doc_type, kind, author, text = _doc_type(text)
    if doc_type is None and diarist:  # "From the Journal of Y. A. Vyshinsky, 'The Reception of …'": the journal
        doc_type = "Journal"
    number, origin = None, None
    if doc_type:
        number, origin, text = _number_and_origin(text)
    m = _PAREN_NUMBER.search(text)
    if m and number is None:
        number, text = m["number"], text[: m.start()]
    m = _BRACKETED_TYPE.search(text)
    hit = _type_at(m["type"]) if m else None
    if hit and not hit[2].strip():  # "Secret Telegram from A to B [Ciphergram No. 3175]": the exact type, and its number
        doc_type, kind, number, text = hit[0], hit[1], number or m["number"], text[: m.start()]
    if number is None:
        number, text = _later_number(text)
    after_comma = text.lstrip().startswith(",")
    text = _PARTICIPLE.sub("", text.lstrip(" ,:;"))

    meeting = _conversation(text, kind, diarist)
    if meeting is not None:
        rule, participants = meeting
        if author and _is_named_author(author):
            # "The Chancellor's [Helmut Kohl's] Conversation with …", "Anatoly Chernyaev, Notes from a Meeting of the
            # Politburo": whoever the title names as the author of the record took part (tests/labelled/README.md).
            participants = _participants([_author_name(author)] + participants)
        return TitleParts(doc_type, number, origin, participants=tuple(participants), rule=rule)

    text = _LEADING_QUOTE.sub("", text)
    m = _EMBEDDED.search(text)
    core = text[: m.start()] if m else text
    rule, senders, recipients, via, sent_from = _correspondence(core, kind, after_comma)
    origin = origin or sent_from
    if author and not senders and doc_type in _RECORD_TYPES and is_descriptor_phrase(author) and _is_named_author(author):
        participants_of_author = [_author_name(author)]  # "CPSU CC Politburo Transcript": the body met
        return TitleParts(doc_type, number, origin, participants=tuple(participants_of_author), rule=AUTHOR_RULE.name)
    if author and not senders and _is_named_author(author):
        # The author of a report, a speech or a directive is its sender, named before the type
        # ("CPSU CC Politburo Directive to …", "Mao Zedong, 'Speech at …'") or as its possessor ("Zhou Enlai's Speech").
        rule, senders = rule or AUTHOR_RULE.name, [_author_name(author)]
        origin = origin or _sent_from(author.rstrip(" ,"))[1]
    if kind == "address":  # speeches, appeals, statements: their audience is not a recipient
        recipients, via = [], []
    if doc_type == "Notes" and recipients and senders and all(is_descriptor_phrase(s) for s in senders):
        # notes a ministry or a commission addresses to another are diplomatic notes
        doc_type = "Note"
    if origin is None and senders:  # "Telephonogram from A and B in Berlin to …": sent from Berlin
        place = re.sub(r"^in\s+", "", getattr(senders[-1], "descriptor", None) or "")
        origin = place if place and is_place(place) else None
    participants = _subject_meeting(text, senders, kind) if kind != "address" else []
    if participants and not rule:
        rule = SUBJECT_MEETING_RULE.name
    if senders and not recipients and set(senders) <= set(participants):
        # "Hungarian Embassy in Havana (Beck), Report on meeting with …": the writer's record of a meeting he had,
        # like "X, Record of Conversation with Y", names participants; a letter to someone keeps its correspondents.
        senders, rule = [], SUBJECT_MEETING_RULE.name
    if not senders and not recipients and not participants and kind != "conversation":
        # "Anatoly Adamishin, 'The White Sun of Angola'", "Sucharipa, Austrian Foreign Ministry, 'German Unification'":
        # the author of a quoted title is its sender; a place after the author is where it was written.
        # When the quoted title records a meeting ("Economic Cooperation Division [Ministry of Foreign Affairs, Japan],
        # 'Main Points of Meeting Between …'"), its author is a participant, like the author of any such record.
        for source in (whole, text.strip(" ,")):  # "Letter, South African Ambassador to the United States, '…'"
            m = _AUTHOR_QUOTED.match(protect(source))
            if m and _is_named_author(unprotect(m["author"])) and not _type_at(unprotect(m["author"])):
                break
        else:
            m = None
        if m:
            author_text = unprotect(m["author"])
            unit = unprotect(m["second"] or "")
            if unit and is_descriptor_phrase(author_text) and is_descriptor_phrase(unit) and not is_place(unit):
                author_text = f"{author_text}, {unit}"  # "Ministry for State Security, Main Department II"
            numbered = _LATER_NUMBER.search(author_text)
            if numbered:  # "North Asia Department No. 720035, '…'"
                number = number or numbered["number"]
                author_text = author_text[: numbered.start()]
            author_name = _author_name(author_text)
            quoted = source[m.end():]
            meeting = _conversation(quoted, None, None) if _RECORD_OF_MEETING.match(quoted) else None
            if meeting and meeting[1]:
                rule, participants = meeting[0], _participants([author_name] + meeting[1])
            else:
                rule, senders = AUTHOR_RULE.name, [author_name]
            origin = origin or next((p.strip() for p in (m["second"], m["third"]) if p and is_place(p)), None)
    m = _QUOTED_TYPE.search(whole) if doc_type is None else None
    hit = _type_at(m["quoted"]) if m else None
    if hit and (hit[1] == "conversation" or not recipients) and not participants:
        # "S. Kudryavtsev to A.F. Dobrynin, 'Record of Conversation with Raúl Roa'": the record a letter carries;
        # "Faculty …, Prague, 'Resolution Adopted by …'": an author's quoted document. ("Secretary of State to the
        # President, 'Agreement on Non-Diffusion …'" names a subject.)
        doc_type = hit[0]
    if doc_type is None and excerpt and senders:  # "Anatoly Adamishin, 'The White Sun of Angola' (excerpts)"
        doc_type = "Excerpt"
    return TitleParts(doc_type, number, origin, tuple(senders), tuple(recipients), tuple(via), tuple(participants),
                      rule=rule)


def _number_and_origin(text: str) -> tuple[str | None, str | None, str]:
    """(number, place sent from, the rest) of what follows a type: "No. 4410 from Warsaw, …", "Nº 37172/37168 from
    Tehran", "from Tehran Nº 31343/31353", "No. 3267/IV - From Beijing to Warsaw", "from Baku to Moscow, A to B"."""
    number = origin = None
    while True:
        m = _NUMBER.match(text)
        if m and number is None:
            number = re.sub(r"\s+", " ", m["number"] or m["code"] or m["bare"] or m["label"]).replace(" - ", "-")
            number = re.sub(r",\s*(?:and\s+)?", "; ", number)  # "Nos. 50450, 50470, and 50490": one per number
            text = text[m.end():]
            continue
        m = _FROM_PLACE.match(text)
        if m and origin is None and is_place(m["place"]) and (not m["to"] or is_place(m["to"])):
            origin, text = m["place"], text[m.end():]
            continue
        m = _ORIGIN.match(text.strip())
        if m and number and origin is None and " to " not in f" {m['place']} " and not is_descriptor_phrase(m["place"]):
            origin, text = m["place"].strip(), m["rest"]  # "No. 21336 from Beijing, Mao Zedong to …"
            continue
        return number, origin, text


def _later_number(text: str) -> tuple[str | None, str]:
    """The number a title gives after its correspondents, outside any quoted title: "Resolution of the CPSU CC
    Politburo No. 132, '…'", "Telegram from the First Directorate to Washington, DC, No.01/04493", "[Ciphergram No.
    3175]"; and the title without it."""
    unquoted = _OPENING_QUOTE.split(text, maxsplit=1)[0]
    m = _LATER_NUMBER.search(unquoted)
    if not m:
        return None, text
    return m["number"], text[: m.start()] + text[m.end():]


def _doc_type(text: str) -> tuple[str | None, str | None, str | None, str]:
    """(type, kind, author written before the type, the rest of the title)."""
    m = _TYPE_OF_POSSESSOR.match(text)
    if m:  # "Record of I. V. Stalin's Conversation with …" is I. V. Stalin's "Record of Conversation with …"
        hit = _type_at(f"{m['outer']} of {m['event']}")
        if hit and not hit[2].strip():
            text = f"{m['who']}’s {m['outer']} of {m['event']}{text[m.end():]}"
    m = _TYPE_OF_NAMED_EVENT.match(text)
    if m:  # "Record of Soviet-Japanese Talks": a Record of Conversation
        hit = _type_at(f"{m['outer']} of {m['event']}")
        if hit and not hit[2].strip():
            return hit[0], hit[1], None, text[m.end():]
    hit = _type_at(text)
    inner = _EXCERPT_OF.match(hit[2]) if hit and hit[0] == "Excerpt" else None
    if inner:  # "Excerpts from Leonid Brezhnev’s Speech at …": an excerpt of an author's document is that document
        typed = _doc_type(hit[2][inner.end():])
        if typed[0] and typed[2]:
            return typed
    if hit:
        # "Bulgarian Intelligence Analysis of …": qualifiers that end in an agency name its author
        agency = _AGENCY.match(text)
        return hit[0], hit[1], agency[0].strip() if agency else None, hit[2]
    # After an author: "Mao Zedong, 'Speech at …'", "Zhou Enlai’s Speech to …", "CPSU CC Politburo Directive to …".
    words = text.split(" ")
    for i in range(1, min(len(words), _MAX_AUTHOR_WORDS + 1)):
        author, rest = " ".join(words[:i]), " ".join(words[i:]).lstrip(QUOTES)
        if not _is_author(author) or _to_split(author) or _OPENING_QUOTE.search(author):
            break  # "A to B, 'Agreement on …'", "Politburo of the CPSU CC, 'On the Draft Model Agreement …'": a subject
        if words[i - 1] in ("and", "of", "the", "for"):
            continue  # "State Department Bureau of Intelligence and [Research Intelligence Note]": not yet the author
        hit = _type_at(rest)
        if hit and author.count("(") == author.count(")"):  # not "… (A Brief Memorandum)"
            return hit[0], hit[1], author.rstrip(" ,"), hit[2]
    m = _TRAILING_TYPE.search(text)  # "… (Memorandum)", "(A Brief Memorandum)"
    if m:
        hit = _type_at(m["type"].strip())
        if hit and not hit[2].strip():
            return hit[0], hit[1], None, text[: m.start()].rstrip()
    return None, None, None, text


def _type_at(text: str) -> tuple[str, str, str] | None:
    """The type a text starts with (after qualifiers such as "Untitled"), its kind, and what follows."""
    text = _ORDINAL_IN_TYPE.sub(r"\g<head> ", text)  # "Record of the Third Meeting" is a Record of Meeting
    while True:
        for pattern, doc_type, kind in doc_types():
            m = pattern.match(text)
            if m:
                rest = text[m.end():]
                if doc_type == "Excerpt":  # "Excerpt from a Conversation …" is a Conversation
                    inner = _EXCERPT_OF.match(rest)
                    hit = _type_at(rest[inner.end():]) if inner else None
                    if hit:
                        return hit
                return doc_type, kind, rest
        m = _qualifier().match(text)
        if not m:
            return None
        text = text[m.end():].lstrip(", ")


def _is_author(text: str) -> bool:
    """Words that can stand before a document type as its author: capitalized, initials, acronyms."""
    bare = text.rstrip(" ,").removesuffix("'s").removesuffix("’s").removesuffix("]").removesuffix("'s")
    return bool(bare) and is_name(bare, phrase=True)  # a topic may stand before a type too ("Crisis Chronology")


def _is_named_author(author: str) -> bool:
    """Whether what stands before the type names its author, rather than an event or a topic ("Reception,
    Conversation Between …", "Second Meeting: Record of …")."""
    bare = strip_possessive(author).rstrip(" ,")
    return not bare.endswith(":") and not EVENT.match(bare) and not _only_qualifiers(bare) and is_name(bare)


def _only_qualifiers(text: str) -> bool:
    """ "Draft", "Top Secret": words that qualify a type, naming no one (but "Cuban Intelligence" is an agency)."""
    if _AGENCY.match(text + " "):
        return False
    text += " "
    while m := _qualifier().match(text):
        text = text[m.end():]
    return not text.strip()


def _author_name(author: str) -> str:
    """The author before a type as a name: "Zhou Enlai's" -> "Zhou Enlai", "Polish Embassy in Hanoi (Siedlecki)" ->
    "Siedlecki", "Faculty of Mathematics and Physics at Charles University, Prague" -> the faculty, "Copy of N.S.
    Khrushchev's" -> N.S. Khrushchev."""
    author = _sent_from(re.sub(r"['’]s$", "", strip_possessive(author).rstrip(" ,")))[0]
    author = _COPY_OF.sub("", author)
    return holder(author)


def _conversation(text: str, kind: str | None, diarist: str | None) -> tuple[str, list[str]] | None:
    """(rule, participants) of a conversation or meeting the title records, or None if it records none."""
    if kind is None:  # a quoted subject is what the document is about: "…, 'Main Points of Meeting Between …'"
        text = re.sub(rf",\s*[{QUOTES}].*$", "", text)
    m = _CARRIES.search(text)
    if m:
        text = text[: m.start()]
    context = Context(kind, diarist)
    for rule in MEETING_RULES:
        m = rule.pattern.search(text) if rule.applies(context) else None
        if m:
            return rule.name, _participants(([diarist] if diarist else []) + rule.read(m, context))
    return None


def _subject_meeting(text: str, senders: list[str], kind: str | None = None) -> list[str]:
    """The participants of the meeting or conversation a document is about, outside any quoted title: "… regarding a
    Meeting with C" (the writer met C), "Note about a Meeting of A with B", "Talking Points from Zhou Enlai’s Third
    Meeting with Nehru". A quoted record a letter carries ("A to B, 'Record of Conversation with C'") names none."""
    unquoted = _OPENING_QUOTE.split(text, maxsplit=1)[0]
    carried = _CARRIES.search(unquoted)  # "…, Conveying the Telegram from A to B regarding Meetings with C"
    m = _SUBJECT_EVENT.search(unquoted[: carried.start()] if carried else unquoted)
    if not m or (m[0].startswith(",") and kind == "correspondence"):  # a letter's ", A's Meeting with B" is a subject
        return []
    rest, host = m["rest"], m["host"]
    if rest.lower().startswith("between "):
        met = _met(rest[len("between "):])
    elif rest.lower().startswith("of "):
        a, _, b = rest[len("of "):].partition(" with ")
        met = _met(a) + _met(b)
    else:  # "with B": the host, or the writer, met B
        met = (_met(strip_possessive(host)) if host else senders) + _met(rest[len("with "):])
    return _participants(met)


def _met(text: str | None) -> list[str]:
    """The people of a meeting, with the delegations and groups that met (tests/labelled/README.md)."""
    return people(text, meeting=True)


def _participants(names: list[str]) -> list[str]:
    return [n for n in dict.fromkeys(names) if is_name(n)]


def _correspondence(core: str, kind: str | None, after_comma: bool = False
                    ) -> tuple[str | None, list[str], list[str], list[str], str | None]:
    """(rule, senders, recipients, channels, place sent from) of "A to B [via C] [, for D]"; nothing if it does not
    read so."""
    via = [v.strip() for v in _VIA_BRACKET.findall(core)]
    core = _VIA_BRACKET.sub("", core).strip(" ,")
    m_via = _VIA_TRAILING.search(core)
    if m_via:
        via += people(m_via["via"])
        core = core[: m_via.start()]
    rule, senders_text, to = _split_correspondence(core, kind, after_comma)
    if senders_text is None and to is None:
        return _NO_CORRESPONDENCE
    senders_text, sent_from = _sent_from(senders_text)
    senders = people(senders_text) if senders_text else []
    if senders_text and (not senders or not all(is_name(s) for s in senders)):
        return _NO_CORRESPONDENCE
    if to is None and any((len(s.split()) > 5 or re.search(r"['’]s\b", s)) and not is_descriptor_phrase(s)
                          for s in senders):  # ("the People's Republic of China" is a body's name)
        return _NO_CORRESPONDENCE  # "Excerpt from the Unedited Translation of Mao Zedong’s Speech": a source, not a sender
    recipients: list[str] = []
    if to:
        m_for = _FOR.search(to)
        if m_for and all(is_name(n) for n in people(m_for["for"])):
            # "to X, for Y": addressed to channel X, intended for Y.
            via += people(to[: m_for.start()])
            to = m_for["for"]
        recipients = [n for n in people(to) if is_name(n)]
    if not senders and not recipients:
        return _NO_CORRESPONDENCE
    return rule, senders, recipients, [v for v in via if is_name(v)], sent_from


_NO_CORRESPONDENCE = (None, [], [], [], None)
# "Mexican Embassy, Prague", "Polish Embassy, Rio de Janeiro (Chabasinski)": the sending office, the place it sent
# from, and the holder of the office.
_OFFICE_PLACE = re.compile(r"^(?P<office>.+?),\s*(?P<place>[^,()]+?)(?:\s*\((?P<holder>[^()]+)\))?\s*,?$")


def _sent_from(senders_text: str | None) -> tuple[str | None, str | None]:
    """(the senders, the place they sent from) of a sender's text that ends in a place after a comma."""
    m = _OFFICE_PLACE.match(senders_text or "")
    if not m or not is_place(m["place"]) or not is_descriptor_phrase(m["office"], groups=True):
        return senders_text, None
    in_brackets = f" ({m['holder']})" if m["holder"] else ""
    return m["office"] + in_brackets, m["place"].strip()


def _split_correspondence(core: str, kind: str | None, after_comma: bool = False
                          ) -> tuple[str | None, str | None, str | None]:
    """(rule, senders text, recipients text) of a correspondence title, either text possibly None."""
    context = Context(kind, None, after_comma)
    for rule in CORRESPONDENCE_RULES:
        m = rule.pattern.search(core) if rule.applies(context) else None
        if m:  # a rule whose pattern matches but reads no one leaves the title to the next
            senders, recipients = rule.read(m, context)
            if senders is not None or recipients is not None:
                return rule.name, senders, recipients
    return None, None, None


def _to_split(text: str) -> re.Match | None:
    """The " to " between senders and recipients, skipping one that belongs to a descriptor
    ("Polish Ambassador to the DPRK", "the Romanian Embassy to Pyongyang")."""
    skip = descriptor_heads() | title_words()["group"]  # (and "the Delegation to the Foreign Ministers Meeting")
    for m in _TO.finditer(text):
        before = text[: m.start()].split()
        if before and before[-1].strip(",") in skip:
            continue
        after = text[m.end():].split(",")[0].split()
        if _ACCREDITED_OF.search(" ".join(before[-5:])) and any(is_place(" ".join(after[:n])) for n in (1, 2, 3)):
            continue  # "the Acting Ambassador of East Germany to North Korea, Comrade Jarck": still the office
        return m
    return None


# The rules, in the order they are tried. Each is a name, the document kinds it reads (None: a title with no type),
# a pattern, how a match fills the fields, and development-part titles it must read (tests/test_titles.py runs them).


@dataclass(frozen=True)
class Context:
    kind: str | None  # correspondence, conversation, address, other, or None (no type named)
    diarist: str | None  # "From the Diary of A: …"
    after_comma: bool = False  # the type is followed by a comma: "Memorandum, Hungarian Foreign Ministry, on …"


@dataclass(frozen=True)
class Rule:
    name: str
    applies: Callable[[Context], bool]
    pattern: re.Pattern
    read: Callable[[re.Match, Context], object]
    examples: tuple[str, ...]


_RECORDS_MEETINGS = ("conversation", "other", None)  # a letter or an address may mention a meeting in passing

MEETING_RULES = (
    Rule("meeting of a body", lambda c: c.kind in ("conversation", "other"), _BODY_MEETING,
         lambda m, c: _met(_LIST_JOINS.sub(" and ", m["body"])) if _LIST_JOINS.search(m["body"]) else [m["body"]],
         ("Minutes of Senior Review Group Meeting", "Minutes of Todor Zhivkov – Raul Castro Meeting in Sofia", "Minutes of Hungarian Politburo Meeting on Jamming of Western Radio")),
    Rule("between", lambda c: c.kind in _RECORDS_MEETINGS or bool(c.diarist), _BETWEEN,
         lambda m, c: _met(_LIST_JOINS.sub(" and ", m["who"])),
         ("Discussion between Zhou Enlai and Le Duan", "Conversation between Lee Hu-rak and Kim Il Sung",
          "Minutes of Conversation between Todor Zhivkov – Leonid I. Brezhnev, Voden Residence [Bulgaria]")),
    Rule("possessor's meeting", lambda c: c.kind in _RECORDS_MEETINGS and not c.diarist, _POSSESSIVE_MEETING,
         lambda m, c: _met(strip_possessive(m["a"])) + _met(m["b"]),
         ("The Chancellor's [Helmut Kohl's] Meeting with Russian President Yeltsin on 17 April 1997 in Baden-Baden",
          "Summary of Zhou Enlai’s Talk with Ion Gheorghe Maurer, Chairman of the Council of Ministers of Romania, in Beijing",
          "Talking Points from Premier Zhou Enlai’s Third Meeting with Nehru")),
    Rule("meeting of A with B", lambda c: c.kind in _RECORDS_MEETINGS, _MEETING_OF,
         lambda m, c: _met(m["a"]) + _met(m["b"]),
         ("Transcript, Meeting of East German leader Erich Honecker and Soviet leader Leonid Brezhnev, Crimea, "
          "27 July 1979 (excerpt)",)),
    Rule("meeting of a body (of)", lambda c: c.kind in _RECORDS_MEETINGS, _MEETING_OF_BODY,
         lambda m, c: [m["body"]],
         ("Working Notes from the Session of the CPSU CC Presidium on 6 November 1956",
          "Session of the CPSU CC Politburo, 16 April 1981 (excerpt)")),
    Rule("reception", lambda c: c.kind in _RECORDS_MEETINGS, _RECEPTION,
         lambda m, c: _reception(m),
         ("Reception by N.S. Khrushchev of Japanese Ambassador H. Yamada, September 14, 1961",
          "Transcript of Talks during Chairman Mao’s reception of Prince Souvanna Phouma and Prince Souphanouvong")),
    Rule("meeting with", lambda c: c.kind is None, _EVENT_WITH,
         lambda m, c: _met(m["b"]),
         ("Meeting with Comrade Mao Zedong on 5 May 1966",)),
    Rule("conversation: A – B", lambda c: c.kind == "conversation", _DASHED,
         lambda m, c: _met(m["a"]) + _met(m["b"]),
         ("Minutes of Conversation: Todor Zhivkov – Konstantin Ustinovich Chernenko, Moscow",)),
    Rule("conversation with", lambda c: c.kind == "conversation" or bool(c.diarist), _WITH_OR_OF_WITH,
         lambda m, c: _met(m["a"]) + _met(m["b"]),
         ("Memorandum of Conversation with Kim Il Sung",
          "Record of a Conversation of Cde. Stalin with Kim Il Sung and Pak Heon-yeong")),
    Rule("minutes of a body", lambda c: c.kind == "conversation", _MINUTES_OF_BODY,
         lambda m, c: [m["body"]] if is_descriptor_phrase(m["body"]) else [],
         ("Meeting Minutes of the Politburo of the CC CPSU, Regarding Western Plans for Deployment of New Nuclear "
          "Weapons in Europe",)),
    Rule("conversation, A and B", lambda c: c.kind == "conversation", _COMMA_A_AND_B,
         lambda m, c: _met(m["who"]),
         ("Memorandum of Conversation, West German Foreign Minister Gerhard Schröder and Soviet Ambassador Andrei "
          "Smirnov, Bonn",)),
    # Headlines that record a meeting: "A and B Discuss …", "A Complains to B about …", "A Talking to B"
    Rule("A and B discussing", lambda c: c.kind is None, _DISCUSSING,
         lambda m, c: _met(m["who"]) + (_met(m["other"]) if m["other"] else []),
         ("Saddam Hussein and Military Officials Discussing the Condition of the Iraqi Army and Its Possible "
          "Enlargement", "Gomulka Complains to Nixon about Radio Free Europe", "Zhou Enlai Talking to Ho Chi Minh")),
    Rule("a meeting", lambda c: c.kind in _RECORDS_MEETINGS, _A_MEETING, lambda m, c: [],
         ("India Department of Atomic Energy, Minutes of a Meeting Held August 1, 1964 Regarding the Fourth Five Year "
          "Plan Requirements",)),
    # "Memorandum of Conversation, by the Ambassador in Korea (Muccio)", "…, Prepared in the Department of State": the
    # record's author took part (tests/labelled/README.md).
    Rule("conversation, by its author", lambda c: c.kind == "conversation", _BY_AUTHOR,
         lambda m, c: [holder(m["who"])] if m["lead"].lower() == "by" or is_descriptor_phrase(m["who"]) else [],
         ("Memorandum of Conversation, by the Ambassador in Korea (Muccio)",
          "Memorandum of Telephone Conversation, Prepared in the Department of State")),
    # A conversation whose title names no one else: only the diarist, if any.
    Rule("conversation of the diarist", lambda c: c.kind == "conversation" or bool(c.diarist), re.compile(r"^"),
         lambda m, c: [],
         ("Memorandum of a Conversation, White House, Washington, January 8, 1959",)),
)

CORRESPONDENCE_RULES = (
    Rule("to B from A", lambda c: True, _TO_FROM,
         lambda m, c: (m["senders"], _POSSESSIVE.sub("", m["recipients"])),  # a reply "to Mao Zedong's Telegram"
         ("Draft Reply to Mao Zedong's Telegram from Stalin via Molotov",
          "Telegram to Mao Zedong from Nie Rongzhen concerning the Repatriation of Ethnic Korean Soldiers to North Korea")),
    Rule("for B from A", lambda c: True, _FOR_FROM,
         lambda m, c: (m["senders"], m["recipients"]),
         ("Memorandum for the Secretary from Harold Saunders and Thomas R. Pickering, 'A Strategy for Pakistan'",)),
    Rule("from or by A [to B]", lambda c: True, _FROM_BY,
         lambda m, c: _lead(m),
         ("Letter from Ulbricht to Khrushchev", "Cable No. 54611 from Kovalev to Stalin")),
    Rule("of A [to B]", lambda c: c.kind in ("correspondence", "address", "other"), _OF,
         lambda m, c: _lead(m),
         ("Letter of Governor Shicai Sheng to Cdes. Stalin, Molotov, and Voroshilov",)),
    # "Memorandum Prepared for the 303 Committee", "Background Report for Khrushchev": written for B, its recipient.
    Rule("for B", lambda c: c.kind in ("correspondence", "other"), _FOR_B,
         lambda m, c: (None, m["recipients"]) if addressee(m["recipients"]) else (None, None),
         ("Memorandum Prepared for the 303 Committee",
          "Draft Instructions for General Vasilii Chuikov and Vladimir Semyonov regarding GDR Control of Borders")),
    # A correspondence or other document "to B" names no sender; any other kind names no one here.
    Rule("to B", lambda c: True, re.compile(r"^to\s+(?P<recipients>.+)$", re.I | re.S),
         lambda m, c: (None, m["recipients"]) if c.kind in ("correspondence", "other") else (None, None),
         ("Telegram to the USSR Ambassador in the DRV L. I. Sokolov", "Vietnamese Government's Note to Chinese Government")),
    Rule("A to B", lambda c: c.kind in (None, "correspondence", "other"), re.compile(r"^(?P<all>.+)$", re.S),
         lambda m, c: _a_to_b(m["all"], c),
         ("Cable, Terebin to Stalin", "G. Zhukov to the CPSU CC",
          "Memorandum, Hungarian Foreign Ministry, on India's Policy on Nuclear Disarmament")),
)

# Not a pattern but a fallback: the author named before the type, when no rule found a sender.
AUTHOR_RULE = Rule("author before the type", lambda c: True, re.compile(r"^"), lambda m, c: None,
                   ("Andropov Report, 28 October 1956", "CPSU CC Report on Economic Aid to Poland (1980-81)",
                    "Anatoly Adamishin, 'The White Sun of Angola' (excerpts)",
                    "Bulgarian Intelligence Analysis of US-Greek Relations"))
# Not a pattern of the whole title but of its subject: the meeting or conversation a letter or a report is about.
SUBJECT_MEETING_RULE = Rule("a document on a meeting", lambda c: c.kind != "address", _SUBJECT_EVENT,
                            lambda m, c: None,
                            ("Note about a Meeting of Foreign Minister Otto Winzer with the Prime Minister of India, "
                             "Indira Gandhi", "Message from Bagirov and Maslennikov on April 4 meeting with Pishevari"))
RULES = MEETING_RULES + CORRESPONDENCE_RULES + (AUTHOR_RULE, SUBJECT_MEETING_RULE)


def _reception(m: re.Match) -> list[str]:
    """Who received whom: the host first."""
    host = m["host"] or m["by"] or m["receiver"]
    guests = m["of"] or m["guest"] or m["only"]
    return ([strip_possessive(host)] if host else []) + _met(guests)


def _lead(m: re.Match) -> tuple[str | None, str | None]:
    """ "from A [to B]", "by A [to B]", "of A [to B]": the author, and whom it is addressed to."""
    body = m["body"]
    if m["lead"].lower() == "of" and EVENT.match(body):
        return None, None  # "Report of the Meeting of …": what it is of, not who wrote it
    split = _to_split(body)
    if split:
        return body[:split.start()], body[split.end():]
    # "Cable from Qiang Xiaochu", "Memorandum by George Kennan", "Journal of A. M. Puzanov": its author.
    return body, None


def _a_to_b(text: str, context: Context) -> tuple[str | None, str | None]:
    split = _to_split(text)
    if split:
        return text[:split.start()], text[split.end():]
    body = text.strip(" ,")
    if context.after_comma and is_descriptor_phrase(body) and is_name(body) and not is_place(body):
        return body, None  # "Memorandum, Hungarian Foreign Ministry, on …": the body after the type wrote it
    return None, None
