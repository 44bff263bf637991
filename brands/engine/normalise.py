"""Text folding for brand matching: each level folds more look-alikes into one key.

- `fold_plain`: Unicode compatibility form (NFKC: full-width letters, ligatures) and case.
- `skeleton`: Unicode TR39 confusables (Cyrillic `а` → `a`, `rn` ~ `m`, `0` → `o`) from
  the Unicode data that `confusable_homoglyphs` ships, plus accents removed.
- `swap`: the digit and symbol swaps counterfeiters use (`N1ke`, `4didas`, `Ad!das`) and
  `l`/`i` folded together.
- `phonetic_key`: sound-alike spellings (`ph`/`f`, `ck`/`k`, `z`/`s`, `y`/`i`, doubled letters).

A brand and a text are folded the same way, so a match at a level means "the same to a
shopper's eye at that level".
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path

import confusable_homoglyphs

_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Runs of Latin letters and digits are words; any other letter (a CJK character) is a
# word of its own, so a Latin brand inside Chinese text is found as a word.
TOKEN = re.compile(r"[a-z0-9]+|[^\W\d_a-z]")
# The same, with the separator of a listing's fields as a token of its own.
TOKEN_OR_SEPARATOR = re.compile(r"[a-z0-9]+|[^\W\d_a-z]|\x00")
ALNUM = re.compile(r"[^\W_]+")

# TR39 maps these letters to two (`m` looks like `rn`): applied after case folding, so a
# text written with `rn` and one with `m` fold to the same key.
_EXPAND = str.maketrans({"m": "rn", "w": "vv"})

# Prototypes of TR39 that are not ASCII but read as an ASCII letter (small capitals, kra).
_SMALL_CAPITALS = str.maketrans(
    {"ĸ": "k", "ı": "i", "ɪ": "i", "ʏ": "y", "ɢ": "g", "ʜ": "h", "ɴ": "n", "ʀ": "r", "ᴛ": "t", "ᴋ": "k"}
)

SWAPS = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "l": "i",
        "2": "z",
        "3": "e",
        "4": "a",
        "5": "s",
        "6": "g",
        "7": "t",
        "8": "b",
        "9": "g",
        "@": "a",
        "$": "s",
        "!": "i",
        "€": "e",
        "£": "e",
    }
)

_PHONETIC = [
    (re.compile(r"ph"), "f"),
    (re.compile(r"oo|ou"), "u"),
    (re.compile(r"ee|ea|ie|ei"), "i"),
    (re.compile(r"ck|q|c(?![ey])"), "k"),
    (re.compile(r"c"), "s"),
    (re.compile(r"z"), "s"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"y"), "i"),
    (re.compile(r"w"), "v"),
    (re.compile(r"(?<=[a-z])h"), ""),
    (re.compile(r"([a-z])\1+"), r"\1"),
    (re.compile(r"(?<=[a-z])e$"), ""),
]


@cache
def skeleton_table() -> dict[int, str]:
    """The TR39 prototype of each confusable character, as a `str.translate` table.

    `confusable_homoglyphs` stores each line of Unicode's confusables.txt both ways
    (source → prototype and prototype → source). A prototype is never a source, so a
    character with several partners is a prototype; a pair of single partners is
    resolved towards the lower code point (the Latin letter in practice).
    """
    path = Path(confusable_homoglyphs.__file__).with_name("confusables.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    table: dict[int, str] = {}
    for char, partners in data.items():
        if len(char) != 1 or len(partners) != 1:
            continue
        target = partners[0]["c"].replace("\u200e", "")
        if not target or target == char:
            continue
        back = data.get(target, [])
        if len(target) == 1 and len(back) == 1 and ord(target) > ord(char):
            continue  # the pair's prototype is `char` itself
        table[ord(char)] = target
    # Ordinary letters are prototypes, whatever the data's pairing says of them.
    for code in range(ord("a"), ord("z") + 1):
        table.pop(code, None)
    return table


def nfkc(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def fold_plain(text: str) -> str:
    """Compatibility form and case only: `ＮＩＫＥ` and `Nike` both give `nike`."""
    return nfkc(text).casefold()


def skeleton(text: str) -> str:
    """TR39 skeleton, accents removed, case folded.

    Mapped before case folding (the data is case-sensitive: Greek `Ν` is a Latin `N`, its
    lower case `ν` a `v`), then once more for prototypes that have prototypes themselves.
    """
    table = skeleton_table()
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFD", text))
        text = text.translate(table)
    text = text.translate(table).casefold().translate(table).casefold()
    if not text.isascii():
        text = text.translate(_SMALL_CAPITALS)
    return text.translate(_EXPAND)


def swap(text: str) -> str:
    return text.translate(SWAPS)


def _fold_slow(text: str) -> str:
    return swap(skeleton(nfkc(text)))


@cache
def _ascii_fold() -> tuple[bytes, tuple[tuple[str, str], ...]]:
    """`fold` of ASCII text as one byte table plus the few letters that become two.

    Every step of `fold` maps characters one by one, so folding each ASCII character
    once gives a table that `bytes.translate` applies in C, tens of times faster than
    three `str.translate` passes over a dictionary.
    """
    table = bytearray(range(256))
    expansions = []
    for code in range(128):
        folded = _fold_slow(chr(code))
        if len(folded) == 1 and folded.isascii():
            table[code] = ord(folded)
        else:
            expansions.append((chr(code), folded))
    targets = {chr(b) for b in table[:128]}
    assert all(c not in targets or table[ord(c)] == ord(c) for c, _ in expansions)
    return bytes(table), tuple(expansions)


def fold(text: str) -> str:
    """All three levels: the text a matcher compares."""
    if not text.isascii():
        return _fold_slow(text)
    table, expansions = _ascii_fold()
    text = text.encode("ascii").translate(table).decode("ascii")
    for char, replacement in expansions:
        if char in text:
            text = text.replace(char, replacement)
    return text


def tokens(text: str) -> list[str]:
    """The words of a folded text (see TOKEN)."""
    return TOKEN.findall(text)


def compact(text: str) -> str:
    """Letters and digits only: spacing and punctuation removed."""
    return "".join(ALNUM.findall(text))


def key(name: str) -> str:
    """A brand name's matching key: fully folded, without spaces or punctuation."""
    return "".join(tokens(fold(name)))


def plain_key(name: str) -> str:
    return compact(fold_plain(name))


def skeleton_key(name: str) -> str:
    return compact(skeleton(nfkc(name)))


def contracted(word: str) -> str:
    """The folded word with `rn` and `vv` read back as `m` and `w`: fuzzy matching measures
    both forms, so dropping or doubling an `m` is still one edit."""
    return word.replace("rn", "m").replace("vv", "w")


def phonetic_key(word: str) -> str:
    for pattern, replacement in _PHONETIC:
        word = pattern.sub(replacement, word)
    return word


def deletions(word: str) -> set[str]:
    """The word and every form of it with one character deleted (SymSpell's neighbourhood)."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}
