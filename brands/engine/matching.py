"""Find registered brands in listings' texts: which rule fired, how strongly, and where.

The work grows with the amount of text scanned, not with listings × brands:

- every brand key (fully folded, spaces removed) goes into one Aho-Corasick automaton
  (`pyahocorasick`), run once over each listing's folded text with its spaces removed;
  a hit counts when it covers whole words (`N i k e`, `Under-Armour`, `ΝΙΚΕ`, `N1ke`) or,
  for keys of five letters or more, sits inside one longer word (`superNikeshoes`);
- misspellings: each distinct word of the scanned text is looked up once (cached) in a
  deletion-neighbourhood index of the brand keys (SymSpell's idea), and only the few
  brands it shares a neighbour with are measured with rapidfuzz's optimal string
  alignment distance; sound-alike spellings are looked up by their phonetic key;
- a GTIN whose GS1 company prefix belongs to a brand is found by prefix lookup.

The owner's listings and those of sellers it authorised (per marketplace) never match.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import ahocorasick
from rapidfuzz.distance import OSA

from brands.engine import normalise as nm
from brands.engine.gtin import gtin13

ALL_MARKETPLACES = "*"
FIELD_SEPARATOR = "\x00"
INSIDE_WORD_MIN = 5
FUZZY_MIN = 4


class Rule:
    EXACT = "exact"
    CASE_SPACING = "case_spacing"
    CONFUSABLE = "confusable"
    SWAP = "digit_letter_swap"
    MISSPELLING = "misspelling"
    SOUNDS_ALIKE = "sounds_alike"
    INSIDE_WORD = "inside_word"
    GTIN_PREFIX = "gtin_prefix"

    ALL = (EXACT, CASE_SPACING, CONFUSABLE, SWAP, MISSPELLING, SOUNDS_ALIKE, INSIDE_WORD, GTIN_PREFIX)


SCORES = {
    Rule.EXACT: 1.0,
    Rule.CASE_SPACING: 0.95,
    Rule.CONFUSABLE: 0.93,
    Rule.SWAP: 0.9,
    Rule.GTIN_PREFIX: 0.85,
    Rule.SOUNDS_ALIKE: 0.8,
    Rule.INSIDE_WORD: 0.7,
}


@dataclass(frozen=True)
class BrandSpec:
    """A verified brand: its owner and the sellers it authorised (seller id, marketplace or '*')."""

    id: int
    name: str
    owner_id: int
    authorised: frozenset[tuple[int, str]] = frozenset()
    gs1_prefixes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ListingText:
    """A listing's texts by field (`title`, `brand`, `bullet_points.0`, `title.zh_Hans`)."""

    id: int
    seller_id: int
    marketplace: str
    fields: tuple[tuple[str, str], ...]
    gtin: str = ""


@dataclass(frozen=True)
class Match:
    """A suspected use of a brand: the evidence is `text[start:end]` of `field`."""

    listing_id: int
    brand_id: int
    rule: str
    score: float
    field: str
    text: str
    start: int
    end: int

    @property
    def matched(self) -> str:
        return self.text[self.start : self.end]


@dataclass
class _Hit:
    brand: int
    rule: str
    score: float
    field: int
    word: str = ""  # the folded word, for single-word hits


@dataclass
class BrandIndex:
    """The brands prepared for scanning; build once per run with `build_index`."""

    brands: list[BrandSpec]
    keys: list[str]
    plain_keys: list[str]
    skeleton_keys: list[str]
    automaton: ahocorasick.Automaton | None
    short_keys: dict[str, list[int]]
    neighbours: dict[str, set[int]]
    phonetic: dict[str, set[int]]
    prefixes: dict[str, list[int]]
    prefix_lengths: list[int]
    common_words: frozenset[str] = frozenset()
    short_key_set: frozenset[str] = frozenset()
    word_cache: dict[str, tuple[tuple[int, str, float], ...]] = field(default_factory=dict)
    # Words that match no brand, the field separator among them (it is never a word).
    no_match: set[str] = field(default_factory=lambda: {FIELD_SEPARATOR})


def build_index(brands: Sequence[BrandSpec], *, common_words: frozenset[str] = frozenset()) -> BrandIndex:
    """Prepare the brands for `scan`. Words in `common_words` (folded, see `vocabulary`)
    never count as misspellings, sound-alikes or hosts of a brand inside a longer word."""
    brands = list(brands)
    keys = [nm.key(b.name) for b in brands]
    automaton = ahocorasick.Automaton()
    by_key: dict[str, list[int]] = defaultdict(list)
    short: dict[str, list[int]] = defaultdict(list)
    neighbours: dict[str, set[int]] = defaultdict(set)
    phonetic: dict[str, set[int]] = defaultdict(set)
    prefixes: dict[str, list[int]] = defaultdict(list)
    for i, (brand, k) in enumerate(zip(brands, keys, strict=True)):
        if not k:
            continue
        if len(k) < FUZZY_MIN:
            short[k].append(i)
        else:
            by_key[k].append(i)
            for form in {k, nm.contracted(k)}:
                for variant in nm.deletions(form):
                    neighbours[variant].add(i)
            phonetic[nm.phonetic_key(k)].add(i)
        for prefix in brand.gs1_prefixes:
            prefixes[prefix].append(i)
    for k, idxs in by_key.items():
        automaton.add_word(k, (k, tuple(idxs)))
    if by_key:
        automaton.make_automaton()
    return BrandIndex(
        brands=brands,
        keys=keys,
        plain_keys=[nm.plain_key(b.name) for b in brands],
        skeleton_keys=[nm.skeleton_key(b.name) for b in brands],
        automaton=automaton if by_key else None,
        short_keys=dict(short),
        short_key_set=frozenset(short),
        neighbours=dict(neighbours),
        phonetic=dict(phonetic),
        prefixes=dict(prefixes),
        prefix_lengths=sorted({len(p) for p in prefixes}),
        common_words=common_words,
    )


def scan(index: BrandIndex, listings: Iterable[ListingText]) -> Iterator[Match]:
    """Yield the best match of each (listing, brand) pair, strongest rule first.

    Per listing: one fold of all its fields joined, one tokenisation, one automaton pass,
    and set operations for the words; Python loops run only over the few hits.
    """
    for listing in listings:
        text = FIELD_SEPARATOR.join(t for _, t in listing.fields)
        tokens = nm.TOKEN_OR_SEPARATOR.findall(nm.fold(text))
        best: dict[int, _Hit] = {}
        for hit in _hits(index, listing, tokens):
            if _excluded(index.brands[hit.brand], listing):
                continue
            current = best.get(hit.brand)
            if current is None or hit.score > current.score:
                best[hit.brand] = hit
        for hit in best.values():
            yield _evidence(index, listing, hit)


def _excluded(brand: BrandSpec, listing: ListingText) -> bool:
    if listing.seller_id == brand.owner_id:
        return True
    return (listing.seller_id, listing.marketplace) in brand.authorised or (
        listing.seller_id,
        ALL_MARKETPLACES,
    ) in brand.authorised


def _field_of_word(tokens: list[str], word: str) -> int:
    field = 0
    for token in tokens:
        if token == FIELD_SEPARATOR:
            field += 1
        elif token == word:
            return field
    return 0


def _hits(index: BrandIndex, listing: ListingText, tokens: list[str]) -> Iterator[_Hit]:
    if index.automaton is not None:
        found = list(index.automaton.iter("".join(tokens)))
        if found:
            yield from _whole_word_hits(index, listing, tokens, found)
    words = set(tokens)
    for word in words & index.short_key_set:
        f = _field_of_word(tokens, word)
        for b in index.short_keys[word]:
            rule = _level_rule(index, b, listing.fields[f][1])
            yield _Hit(b, rule, SCORES[rule], f, word=word)
    # Words already known to match no brand are dropped in C; the rest are looked up once.
    for word in words - index.no_match:
        for b, rule, score in _word_matches(index, word):
            yield _Hit(b, rule, score, _field_of_word(tokens, word), word=word)
    if index.prefixes and listing.gtin:
        g13 = gtin13(listing.gtin)
        for length in index.prefix_lengths:
            for b in index.prefixes.get(g13[:length], ()):
                yield _Hit(b, Rule.GTIN_PREFIX, SCORES[Rule.GTIN_PREFIX], -1, word=g13[:length])


def _whole_word_hits(index, listing, tokens, found) -> Iterator[_Hit]:
    # Word boundaries in the joined text, built only for the listings with a hit.
    starts: list[int] = []
    ends: list[int] = []
    field_of: list[int] = []
    words: list[str] = []
    offset = field = 0
    for token in tokens:
        if token == FIELD_SEPARATOR:
            field += 1
            offset += 1
            continue
        starts.append(offset)
        ends.append(offset + len(token))
        field_of.append(field)
        words.append(token)
        offset += len(token)
    for end_at, (k, brand_idxs) in found:
        start = end_at - len(k) + 1
        end = end_at + 1
        first = bisect.bisect_right(starts, start) - 1
        last = bisect.bisect_left(ends, end)
        if first < 0 or last >= len(ends):
            continue
        f = field_of[first]
        if starts[first] == start and ends[last] == end:
            for b in brand_idxs:
                rule = _level_rule(index, b, listing.fields[f][1])
                yield _Hit(b, rule, SCORES[rule], f)
        elif first == last and len(k) >= INSIDE_WORD_MIN and words[first] not in index.common_words:
            for b in brand_idxs:
                yield _Hit(b, Rule.INSIDE_WORD, SCORES[Rule.INSIDE_WORD], f, word=words[first])


def _level_rule(index: BrandIndex, b: int, text: str) -> str:
    """Which fold was needed for the brand to appear in the text: the rule that fired."""
    name = index.brands[b].name
    if re.search(rf"(?<![^\W_]){re.escape(name)}(?![^\W_])", text):
        return Rule.EXACT
    if index.plain_keys[b] in nm.plain_key(text):
        return Rule.CASE_SPACING
    if index.skeleton_keys[b] in nm.skeleton_key(text):
        return Rule.CONFUSABLE
    return Rule.SWAP


def _word_matches(index: BrandIndex, word: str) -> tuple[tuple[int, str, float], ...]:
    """Brands a word misspells or sounds like, computed once per distinct word."""
    cached = index.word_cache.get(word)
    if cached is not None:
        return cached
    if len(word) < FUZZY_MIN or word in index.common_words:
        index.no_match.add(word)
        return ()
    found: dict[int, tuple[str, float]] = {}
    candidates: set[int] = set()
    short = nm.contracted(word)
    for form in {word, short}:
        for variant in nm.deletions(form):
            candidates |= index.neighbours.get(variant, set())
    for b in candidates:
        k = index.keys[b]
        if k == word or (len(k) <= 5 and k[0] != word[0]):
            continue
        distance = min(
            OSA.distance(word, k, score_cutoff=2), OSA.distance(short, nm.contracted(k), score_cutoff=2)
        )
        allowed = 1 if len(k) <= 6 else 2
        if 0 < distance <= allowed:
            found[b] = (Rule.MISSPELLING, round(0.9 * (1 - distance / max(len(k), len(word))) + 0.1, 3))
    for b in index.phonetic.get(nm.phonetic_key(word), ()):
        if index.keys[b] != word and b not in found:
            found[b] = (Rule.SOUNDS_ALIKE, SCORES[Rule.SOUNDS_ALIKE])
    result = tuple((b, rule, score) for b, (rule, score) in found.items())
    if result:
        index.word_cache[word] = result
    else:
        index.no_match.add(word)
    return result


# --- evidence: the match marked in the original text --------------------------------------

# An original word: a run of letters, digits and swap symbols outside CJK scripts, or one
# CJK character (Chinese text has no spaces; each character is a word of its own).
_CJK = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff"
_ORIGINAL_WORD = re.compile(rf"[{_CJK}]|(?:(?![{_CJK}])[^\W_]|[|@$!€£])+")


def _original_words(text: str) -> list[tuple[str, int, int]]:
    """The folded words of a text with the span of the original word each came from."""
    out = []
    for m in _ORIGINAL_WORD.finditer(text):
        for w in nm.tokens(nm.fold(m.group(0))):
            out.append((w, m.start(), m.end()))
    return out


def _evidence(index: BrandIndex, listing: ListingText, hit: _Hit) -> Match:
    brand = index.brands[hit.brand]
    if hit.rule == Rule.GTIN_PREFIX:
        gtin = listing.gtin
        start = max(0, len(gtin) - 13)
        end = min(len(gtin), start + len(hit.word) - (1 if len(gtin) == 12 else 0))
        return Match(listing.id, brand.id, hit.rule, hit.score, "gtin", gtin, start, end)
    name, text = listing.fields[hit.field]
    words = _original_words(text)
    start, end = 0, len(text)
    k = index.keys[hit.brand]
    if hit.word:
        for w, s, e in words:
            if w == hit.word:
                start, end = s, e
                break
    else:
        for i in range(len(words)):
            joined = ""
            for j in range(i, len(words)):
                joined += words[j][0]
                if joined == k:
                    start, end = words[i][1], words[j][2]
                    break
                if not k.startswith(joined):
                    break
            else:
                continue
            if (start, end) != (0, len(text)):
                break
    score = hit.score or SCORES[hit.rule]
    return Match(listing.id, brand.id, hit.rule, score, name, text, start, end)
