"""Other spellings of a name, from known rules rather than by hand: each comes with the scheme it follows.

- Chinese names in pinyin and Wade-Giles (pypinyin's syllable table), family name first and last, the given name
  joined, hyphenated or spaced, with and without Wade-Giles' aspiration marks.
- Russian names in the Library of Congress (ALA-LC) romanization with and without diacritics, BGN/PCGN and the
  English forms of Wikipedia (iuliia's tables), from the Cyrillic a spelling stands for.
- Korean names in McCune-Reischauer (with and without its breves and apostrophes) and the Revised Romanization, syllable
  by syllable, through the Hangul syllables a spelling may stand for (ko-pron's tables, from Wiktionary's module).
- Initials: "Andrei Andreevich Gromyko" is also "A. A. Gromyko", "A.A. Gromyko" and "Gromyko, A. A.".
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.normalizing.authority import fold

# --- Chinese ---------------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _pinyin_to_wade() -> dict[str, str]:
    # pypinyin's Wade-Giles table (pinyin syllable -> Wade-Giles), the one its WADEGILES style uses
    from pypinyin.style.wadegiles import _convert_table

    table: dict[str, str] = {}
    for pinyin, wade in _convert_table:
        if "v" not in pinyin:  # "lv" is the table's ASCII spelling of "lü"
            table.setdefault(pinyin, wade.replace("`", "'"))
    return table


@lru_cache(maxsize=1)
def _wade_to_pinyin() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for pinyin, wade in _pinyin_to_wade().items():
        for form in {wade, wade.replace("'", ""), wade.replace("ü", "u")}:
            table.setdefault(form, []).append(pinyin)
    return table


def _syllables(word: str, known) -> list[str] | None:
    """The fewest syllables of `known` a word splits into ("enlai" -> en, lai), or None."""
    word = word.lower()
    best: dict[int, list[str]] = {0: []}
    for end in range(1, len(word) + 1):
        options = [best[start] + [word[start:end]] for start in range(max(0, end - 6), end)
                   if start in best and word[start:end] in known]
        if options:
            best[end] = min(options, key=len)
    return best.get(len(word))


CHINESE_COUNTRIES = frozenset({"China", "Taiwan"})  # whose people's names are romanized from Chinese


def chinese(name: str, wade_giles: bool = True) -> list[tuple[str, str]]:
    """(variant, scheme) of a Chinese name written family name first, in pinyin ("Zhou Enlai") or Wade-Giles ("Chou
    En-lai"); nothing when the name does not read as either. With `wade_giles` False the name is known to be pinyin
    and is not also read as Wade-Giles ("Chen Yi" is no "Zhen Yi")."""
    words = re.split(r"\s+", name.strip())
    if not 2 <= len(words) <= 3:
        return []
    parts = [re.split(r"[-‐]", w) for w in words]
    out: list[tuple[str, str]] = []
    low = name.lower()
    # Letters one system has and the other has not: pinyin's q, x, z; Wade-Giles' aspiration marks, hs, ts, tz.
    wade_only = re.search(r"['’]|hs|ts|tz|ih\b|ü", low)
    pinyin_only = re.search(r"[qxz]", low) and not wade_only
    pinyin = None if wade_only else _read(parts, _pinyin_to_wade())
    if pinyin:
        out += _forms(pinyin, "pinyin")
        wade = [[_pinyin_to_wade()[s] for s in word] for word in pinyin]
        out += _forms(wade, "wade-giles")
        out += _forms([[s.replace("'", "") for s in w] for w in wade], "wade-giles without aspiration marks")
    wade_read = None if pinyin_only or not wade_giles else _read([[p.replace("’", "'") for p in w] for w in parts], _wade_to_pinyin())
    if wade_read:
        pinyin_of = [[_wade_to_pinyin()[s][0] for s in word] for word in wade_read]
        out += _forms(pinyin_of, "pinyin")
        out += _forms(wade_read, "wade-giles")
    seen, unique = {fold(name)}, []
    for text, scheme in out:
        if fold(text) not in seen:
            seen.add(fold(text))
            unique.append((text, scheme))
    return unique


def _read(parts: list[list[str]], known) -> list[list[str]] | None:
    """The syllables of each word, when every word is one to three syllables of the table."""
    out = []
    for word_parts in parts:
        syllables = []
        for part in word_parts:
            split = _syllables(part, known) if part else None
            if not split:
                return None
            syllables += split
        if not 1 <= len(syllables) <= 3:
            return None
        out.append(syllables)
    return out if sum(len(w) for w in out) <= 4 else None


def _forms(words: list[list[str]], scheme: str) -> list[tuple[str, str]]:
    """Family name first: given name joined, hyphenated and spaced; and the given name first."""
    family = "".join(words[0]).capitalize()
    given = [s for w in words[1:] for s in w]
    joined = given[0].capitalize() + "".join(given[1:])
    forms = [f"{family} {joined}", f"{family} {'-'.join([given[0].capitalize(), *given[1:]])}",
             f"{family} {' '.join(s.capitalize() for s in given)}"]
    return [(f, scheme) for f in forms] + [(f"{joined} {family}", f"{scheme}, given name first")]


# --- Russian ---------------------------------------------------------------------------------------------------------

# Latin to Cyrillic, longest first: the letters every common romanization shares, and each one's own spellings of
# я, ю, ё, й and the endings -ий/-ый (ALA-LC "ia", "iu", "ĭ", "ii"; BGN/PCGN "ya", "yu", "y", "iy"; English "-sky").
_TO_CYRILLIC = [
    ("shch", "щ"), ("i͡a", "я"), ("i͡u", "ю"), ("t͡s", "ц"), ("kh", "х"), ("zh", "ж"), ("ts", "ц"), ("ch", "ч"),
    ("sh", "ш"), ("yu", "ю"), ("iu", "ю"), ("ya", "я"), ("ia", "я"), ("yo", "ё"), ("ë", "ё"), ("ĭ", "й"), ("ė", "э"),
    ("ʹ", "ь"), ("ʺ", "ъ"), ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"), ("e", "е"), ("z", "з"),
    ("i", "и"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"),
    ("t", "т"), ("u", "у"), ("f", "ф"), ("y", "ы"), ("x", "кс"),
]
_VOWELS = "аеёиоуыэюя"
_ENDINGS = [("iy", "ий"), ("ii", "ий"), ("yy", "ый"), ("skiy", "ский"), ("skii", "ский"), ("sky", "ский"),
            ("ski", "ский"), ("y", "ий")]
_SCHEMES = {"ALA_LC": "ala-lc", "ALA_LC_ALT": "ala-lc without diacritics", "BGN_PCGN": "bgn/pcgn",
            "WIKIPEDIA": "english (wikipedia)"}


def _cyrillic(word: str) -> str | None:
    """The Cyrillic a romanized Russian word stands for, or None when it has letters no romanization uses."""
    low = word.lower()
    ending = ""
    for latin, cyr in _ENDINGS:
        if low.endswith(latin) and len(low) > len(latin) + 2:
            if low[-len(latin) - 1] in "aeiouy":
                cyr = "й" if latin == "y" else None  # "Andrey": the vowel's й; "-aii" is no ending
            if cyr:
                low, ending = low[: -len(latin)], cyr
            break
    out, i = [], 0
    while i < len(low):
        for latin, cyr in _TO_CYRILLIC:
            if low.startswith(latin, i):
                prev = out[-1][-1] if out else ""
                if latin == "y" and low.startswith("ye", i):  # "Andreyev": е after a vowel
                    cyr, latin = "е", "ye"
                elif latin == "i" and prev in "еоу" and (i + 1 == len(low) or low[i + 1] not in "aeiouy"):
                    cyr = "й"  # "Andrei", "Voitinskii"; but "Mikhail"
                elif latin == "i" and prev == "а" and i + 1 == len(low):
                    cyr = "й"  # "Nikolai"
                out.append(cyr)
                i += len(latin)
                break
        else:
            return None
    text = "".join(out) + ending
    return text[:1].upper() + text[1:] if word[:1].isupper() else text


@lru_cache(maxsize=1)
def _russian_schemes():
    import iuliia

    return [(getattr(iuliia, name), scheme) for name, scheme in _SCHEMES.items()]


def russian(name: str) -> list[tuple[str, str]]:
    """(variant, scheme) of a romanized Russian name in the other common romanizations: "Andrei Vyshinsky" is also
    "Andrei Vyshinskii", "Andrey Vyshinskiy"; "Vyacheslav Molotov" is also "Viacheslav Molotov". A word is only
    respelled when one of the schemes gives it back as written, so a spelling that is no romanization is left as it
    is."""
    words = name.split()
    per_word: list[dict[str, str]] = []  # for each word, its spelling in each scheme
    for word in words:
        bare = word.strip(".,")
        cyr = _cyrillic(bare) if len(bare) > 2 and bare.isalpha() else None
        translated = {scheme: schema.translate(cyr) for schema, scheme in _russian_schemes()} if cyr else {}
        if not any(fold(t) == fold(bare) for t in translated.values()):
            translated = {}  # no scheme gives the word back: it is no romanization of this Cyrillic
        per_word.append({s: t for s, t in translated.items() if not re.search("[\u0400-\u04ff]", t)})
    out: dict[str, str] = {}
    for scheme in _SCHEMES.values():  # one scheme for the whole name, not a mix word by word
        text = " ".join(spellings.get(scheme, w) for w, spellings in zip(words, per_word))
        if fold(text) != fold(name):
            out.setdefault(text, scheme)
    return list(out.items())


# --- Korean ----------------------------------------------------------------------------------------------------------

KOREAN_COUNTRIES = frozenset({"North Korea", "South Korea"})
_KOREAN_SCHEMES = ("mccune-reischauer", "mccune-reischauer without diacritics", "revised romanization")
_MAX_KOREAN_READINGS = 4  # more readings of one name than this, and the name is too ambiguous to respell


@lru_cache(maxsize=1)
def _hangul_readings() -> dict[str, list[tuple[str, str, str]]]:
    """A romanized syllable (folded: "hon", "heon", "chong") -> the (McCune-Reischauer, the same without its marks,
    Revised Romanization) of each Hangul syllable it may stand for."""
    from ko_pron import romanise

    table: dict[str, list[tuple[str, str, str]]] = {}
    for code in range(0xAC00, 0xAC00 + 11172):
        syllable = chr(code)
        mr, rr = romanise(syllable, "mr"), romanise(syllable, "rr")
        plain = fold(mr).replace(" ", "")
        for key in {plain, rr}:
            table.setdefault(key, []).append((mr, plain, rr))
    return table


def korean(name: str) -> list[tuple[str, str]]:
    """(variant, scheme) of a Korean name written family name first, one syllable a word or a hyphenated part ("Pak
    Hon-yong", "Kim Il Sung"): the given name in McCune-Reischauer and in the Revised Romanization, the family name as
    written (its conventional spelling: Kim, Pak, Ri, not Gim or Bak)."""
    words = name.split()
    if not 2 <= len(words) <= 3:
        return []
    family, given = words[0], [p for w in words[1:] for p in re.split(r"[-‐]", w) if p]
    readings = [_hangul_readings().get(fold(p).replace(" ", ""), []) for p in given]
    if not given or not all(readings) or len(given) > 2:
        return []
    combos = [[]]
    for options in readings:
        combos = [c + [o] for c in combos for o in dict.fromkeys(options)]
    if len(combos) > _MAX_KOREAN_READINGS:
        return []
    out: dict[str, str] = {}
    for combo in combos:
        for index, scheme in enumerate(_KOREAN_SCHEMES):
            parts = [c[index] for c in combo]
            for joined in ("-".join(parts), "".join(parts), " ".join(p.capitalize() for p in parts)):
                text = f"{family} {joined[:1].upper()}{joined[1:]}"
                if fold(text) != fold(name):
                    out.setdefault(text, scheme)
    return list(out.items())


# --- Initials --------------------------------------------------------------------------------------------------------

def initials(given: list[str], surname: str) -> list[tuple[str, str]]:
    """ "A. A. Gromyko", "A.A. Gromyko", "Gromyko, A. A." from given names ["Andrei", "Andreevich"]."""
    letters = [g[0].upper() for g in given if g[:1].isalpha()]
    if not letters:
        return []
    spaced, tight = " ".join(f"{c}." for c in letters), "".join(f"{c}." for c in letters)
    forms = [f"{spaced} {surname}", f"{tight} {surname}", f"{surname}, {spaced}"]
    if len(letters) > 1:
        forms.append(f"{letters[0]}. {surname}")
    return [(f, "initials") for f in forms]
