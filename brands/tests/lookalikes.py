"""A labelled set of listings built from the look-alike patterns counterfeiters use.

Positives put a registered brand in a listing disguised one way: confusable characters
(Cyrillic and Greek letters, full-width forms), digit and symbol swaps, misspellings
(transposed, dropped, doubled or neighbouring keys), homophones (ph/f, c/k, s/z, i/y),
inserted spaces and punctuation, case, a Chinese title, the brand inside a longer word.
Negatives are listings of other, unregistered brands with ordinary product words; a
negative brand that is itself confusingly close to a registered one (within two edits of
its folded name, `m` read as `rn` or not, or sounding the same) is not drawn, since
flagging it would be right.

Shared by the tests and `bench/bench_brands.py`; deterministic for a given seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from brands.engine import normalise

SYLLABLES = [
    "lu",
    "mi",
    "vex",
    "tra",
    "il",
    "nest",
    "bri",
    "ora",
    "ka",
    "zen",
    "vo",
    "rix",
    "pel",
    "dan",
    "qua",
    "sto",
    "mar",
    "nix",
    "tek",
    "ful",
    "ber",
    "gon",
    "sal",
    "ven",
    "tor",
    "lin",
    "pha",
    "cor",
    "da",
    "mo",
    "ree",
    "bok",
    "fal",
    "con",
    "ash",
    "el",
    "ind",
    "ig",
    "ux",
    "bel",
    "tav",
    "run",
    "dor",
    "kes",
    "plo",
    "vin",
    "hal",
    "ser",
    "gra",
    "mun",
    "tiv",
    "sol",
    "bre",
    "zar",
    "fo",
    "lak",
    "tem",
    "yor",
    "wex",
    "ulm",
    "osk",
]
PRODUCTS = (
    "Wireless Earbuds Bluetooth 5.3 with Charging Case",
    "Stainless Steel Water Bottle 750 ml Leak Proof",
    "LED Desk Lamp with USB Charging Port, Dimmable",
    "Camping Hammock for Two, Lightweight Parachute Nylon",
    "Silicone Kitchen Utensil Set, Heat Resistant, 12 Pieces",
    "Yoga Mat Non Slip, Extra Thick, with Carrying Strap",
    "Phone Case Shockproof Clear Cover for 6.1 inch",
    "Stackable Drawer Organizer, 4 Pack, BPA Free",
    "Electric Toothbrush with 4 Brush Heads and Travel Case",
    "Portable Power Bank 20000mAh Fast Charging",
    "Hiking Backpack 40L Waterproof with Rain Cover",
    "Ceramic Coffee Mug Set of 4, Dishwasher Safe",
    "Running Shoes for Men, Breathable Mesh, Cushioned Sole",
    "Kids Building Blocks Set, 500 Pieces, Creative Toy",
    "Cordless Vacuum Cleaner, Lightweight Stick, 30 Minutes",
)
BULLETS = (
    "Premium materials tested for daily use",
    "Fits most standard sizes and models",
    "Easy to clean and store",
    "Backed by a 12 month warranty",
    "Ships from our warehouse within 24 hours",
)
CHINESE = ("原装正品", "无线蓝牙耳机", "不锈钢保温杯", "户外露营吊床", "厨房硅胶餐具")
CONFUSABLE = {
    "a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у", "i": "і", "s": "ѕ",
    "A": "Α", "B": "Β", "E": "Ε", "H": "Η", "K": "Κ", "M": "Μ", "N": "Ν", "O": "Ο", "P": "Ρ", "T": "Τ",
}  # fmt: skip
DIGITS = {"o": "0", "i": "1", "l": "1", "e": "3", "a": "4", "s": "5", "t": "7", "b": "8", "g": "9"}
SYMBOLS = {"a": "@", "s": "$", "i": "!"}
HOMOPHONES = (("ph", "f"), ("f", "ph"), ("c", "k"), ("k", "c"), ("s", "z"), ("z", "s"), ("i", "y"),
              ("y", "i"), ("ck", "k"), ("x", "ks"), ("ee", "ea"), ("oo", "u"))  # fmt: skip
KEYBOARD = {
    "a": "s",
    "s": "a",
    "e": "r",
    "r": "e",
    "i": "o",
    "o": "i",
    "n": "m",
    "m": "n",
    "t": "r",
    "u": "y",
}
PATTERNS = (
    "confusable",
    "fullwidth",
    "digit_swap",
    "symbol_swap",
    "transposed",
    "dropped",
    "doubled",
    "neighbour_key",
    "homophone",
    "spaces",
    "punctuation",
    "case",
    "chinese_title",
    "inside_word",
)


@dataclass(frozen=True)
class Example:
    title: str
    bullets: tuple[str, ...]
    brand_index: int | None  # the registered brand it disguises; None for a negative
    pattern: str


def brand_names(count: int, rng: random.Random) -> list[str]:
    names: dict[str, str] = {}
    while len(names) < count:
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3, 3, 3)))).capitalize()
        key = normalise.key(name)
        if 5 <= len(key) <= 12 and key not in names:
            names[key] = name
    return list(names.values())


def disguise(name: str, pattern: str, rng: random.Random) -> str | None:
    """The brand name disguised by one pattern; None when the pattern does not apply."""
    lower = name.lower()
    if pattern == "confusable":
        spots = [i for i, c in enumerate(name) if c in CONFUSABLE]
        if not spots:
            return None
        picks = rng.sample(spots, k=min(len(spots), rng.choice((1, 2))))
        return "".join(CONFUSABLE[c] if i in picks else c for i, c in enumerate(name))
    if pattern == "fullwidth":
        return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in name)
    if pattern in ("digit_swap", "symbol_swap"):
        table = DIGITS if pattern == "digit_swap" else SYMBOLS
        spots = [i for i, c in enumerate(lower) if c in table]
        if not spots:
            return None
        i = rng.choice(spots)
        return name[:i] + table[lower[i]] + name[i + 1 :]
    if pattern == "transposed":
        i = rng.randrange(1, len(name) - 2)
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    if pattern == "dropped":
        i = rng.randrange(1, len(name))
        return name[:i] + name[i + 1 :]
    if pattern == "doubled":
        i = rng.randrange(1, len(name))
        return name[:i] + name[i] + name[i:]
    if pattern == "neighbour_key":
        spots = [i for i, c in enumerate(lower) if c in KEYBOARD and i > 0]
        if not spots:
            return None
        i = rng.choice(spots)
        return name[:i] + KEYBOARD[lower[i]] + name[i + 1 :]
    if pattern == "homophone":
        options = [(a, b) for a, b in HOMOPHONES if a in lower[1:]]
        if not options:
            return None
        a, b = rng.choice(options)
        i = lower.index(a, 1)
        return name[:i] + b + name[i + len(a) :]
    if pattern == "spaces":
        i = rng.randrange(1, len(name))
        return name[:i] + " " + name[i:]
    if pattern == "punctuation":
        return (
            rng.choice(("-", ".", "·", "_", "'")).join(name) if len(name) <= 7 else name[:3] + "-" + name[3:]
        )
    if pattern == "case":
        return rng.choice((name.upper(), name.lower(), name.swapcase()))
    if pattern == "chinese_title":
        return name
    if pattern == "inside_word":
        return rng.choice(("Super", "i", "My")) + name.lower() + rng.choice(("style", "pro", "fit"))
    raise ValueError(pattern)


def labelled_set(
    *, brands: int, positives: int, negatives: int, seed: int = 7
) -> tuple[list[str], list[Example]]:
    """(registered brand names, examples): positives first, then negatives."""
    rng = random.Random(seed)
    registered = brand_names(brands, rng)
    keys = [normalise.key(n) for n in registered]
    phonetic = {normalise.phonetic_key(k) for k in keys}
    examples: list[Example] = []
    while len(examples) < positives:
        b = rng.randrange(len(registered))
        pattern = rng.choice(PATTERNS)
        variant = disguise(registered[b], pattern, rng)
        if variant is None:
            continue
        product = rng.choice(PRODUCTS)
        if pattern == "chinese_title":
            title = f"{rng.choice(CHINESE)}{variant}{rng.choice(CHINESE)}"
        else:
            title = f"{variant} {product}"
        examples.append(Example(title, tuple(rng.sample(BULLETS, 3)), b, pattern))
    others = brand_names(brands * 4, random.Random(seed + 1))
    safe = []
    for name in others:
        k = normalise.key(name)
        if normalise.phonetic_key(k) in phonetic:
            continue
        short = normalise.contracted(k)
        if any(
            min(
                OSA.distance(k, r, score_cutoff=3),
                OSA.distance(short, normalise.contracted(r), score_cutoff=3),
            )
            <= 2
            for r in keys
            if abs(len(r) - len(k)) <= 3
        ):
            continue
        if any(k in r or r in k for r in keys):
            continue
        safe.append(name)
        if len(safe) >= 500:
            break
    for _ in range(negatives):
        title = f"{rng.choice(safe)} {rng.choice(PRODUCTS)}"
        examples.append(Example(title, tuple(rng.sample(BULLETS, 3)), None, "unrelated"))
    return registered, examples
