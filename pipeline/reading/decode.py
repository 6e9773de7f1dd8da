"""Bytes to text: decode a saved page by its BOM, then its declared charset, then detection."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from bs4.dammit import EncodingDetector, UnicodeDammit

_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)

# Share of control characters above which decoded bytes are taken for binary junk:
# real pages have none outside tabs and line breaks.
_MAX_CONTROL_SHARE = 0.01


class UnreadablePage(ValueError):
    """The bytes are not a page that can be read; the message says why."""

    def __init__(self, check: str, reason: str):
        super().__init__(reason)
        self.check = check
        self.reason = reason


@dataclass(frozen=True)
class DecodedPage:
    text: str
    encoding: str
    is_html: bool

    @cached_property
    def lines(self) -> list[str]:
        """A text rendering's non-empty lines, whitespace collapsed (read once, whichever designs ask)."""
        return [line for line in (" ".join(raw.split()) for raw in self.text.splitlines()) if line]


def decode_page(data: bytes) -> DecodedPage:
    """Decode raw page bytes, refusing empty and binary input with a clear reason."""
    if not data.strip():
        raise UnreadablePage("empty", "the file is empty" if not data else "the file holds only whitespace")
    if EncodingDetector.strip_byte_order_mark(data)[1] or EncodingDetector.find_declared_encoding(data, is_html=True):
        # UnicodeDammit tries, in order: the BOM, the charset the page declares, then detection.
        dammit = UnicodeDammit(data, is_html=True)
    else:
        # Nothing declared, so detection. Bytes that are valid UTF-8 are UTF-8. Otherwise the HTML
        # standard's fallback for undeclared Western pages, Windows-1252 (a superset of Latin-1), if it
        # decodes cleanly: on short English pages a statistical detector often picks a DOS code page.
        # Only then charset-normalizer's guess.
        dammit = UnicodeDammit(data, is_html=True, user_encodings=["utf-8"] + (["windows-1252"] if _clean_1252(data) else []))
    text = dammit.unicode_markup
    if text is None:
        raise UnreadablePage("encoding", "no character encoding decodes these bytes")
    text = text.lstrip("\ufeff")
    if _looks_binary(text):
        raise UnreadablePage("binary", "the bytes are not text (control characters throughout); not a saved page")
    return DecodedPage(text=text, encoding=dammit.original_encoding or "ascii", is_html=bool(_HTML_START.match(text)))


def _clean_1252(data: bytes) -> bool:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # bytes Windows-1252 leaves undefined
        return False
    return not _looks_binary(text)


# Control characters (Unicode category Cc) other than tab, line feed, form feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    if "\x00" in sample:
        return True
    return len(_CONTROL.findall(sample)) > _MAX_CONTROL_SHARE * len(sample)
