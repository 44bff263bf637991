"""The matching engine, without a database: each rule, exclusions, evidence, the labelled set."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brands.engine.gtin import (
    check_digit,
    digital_link,
    gtin13,
    is_serial,
    is_valid_gtin,
    new_serials,
)
from brands.engine.matching import BrandSpec, ListingText, Rule, build_index, scan
from brands.engine.vocabulary import common_words
from brands.tests.lookalikes import PATTERNS, brand_names, disguise, labelled_set

OWNER, OTHER, RESELLER = 1, 2, 3


def listing(title, *, seller=OTHER, marketplace="US", gtin="", pk=10, **fields):
    return ListingText(pk, seller, marketplace, (("title", title), *fields.items()), gtin=gtin)


def matches(title, brands=("Lumivex",), **kwargs):
    index = build_index(
        [BrandSpec(i, name, OWNER, kwargs.pop("authorised", frozenset())) for i, name in enumerate(brands)],
        common_words=kwargs.pop("common", frozenset()),
    )
    return list(scan(index, [listing(title, **kwargs)]))


@pytest.mark.parametrize(
    ("title", "rule", "marked"),
    [
        ("Lumivex Wireless Earbuds", Rule.EXACT, "Lumivex"),
        ("LUMIVEX wireless earbuds", Rule.CASE_SPACING, "LUMIVEX"),
        ("Wireless earbuds by Lumi Vex", Rule.CASE_SPACING, "Lumi Vex"),
        ("L-u-m-i-v-e-x earbuds", Rule.CASE_SPACING, "L-u-m-i-v-e-x"),
        ("Lumіvех earbuds", Rule.CONFUSABLE, "Lumіvех"),  # Cyrillic і, е, х
        ("ＬＵＭＩＶＥＸ earbuds", Rule.CASE_SPACING, "ＬＵＭＩＶＥＸ"),
        ("Lum1vex earbuds", Rule.SWAP, "Lum1vex"),
        ("Lumivx earbuds", Rule.MISSPELLING, "Lumivx"),
        ("Lumviex earbuds", Rule.MISSPELLING, "Lumviex"),
        ("Superlumivexstyle earbuds", Rule.INSIDE_WORD, "Superlumivexstyle"),
    ],
)
def test_each_rule_fires_and_marks_the_original_text(title, rule, marked):
    [match] = matches(title)
    assert (match.rule, match.matched, match.field) == (rule, marked, "title")


def test_a_look_alike_in_a_chinese_title_is_caught():
    [match] = matches("原装Lumіvех无线蓝牙耳机", brands=("Lumivex",))
    assert match.rule == Rule.CONFUSABLE
    assert match.matched == "Lumіvех"


def test_sounds_alike_spellings_are_caught():
    [match] = matches("Fillips electric toothbrush", brands=("Philips",))
    assert (match.rule, match.matched) == (Rule.SOUNDS_ALIKE, "Fillips")


def test_a_gtin_under_the_brands_company_prefix_is_caught():
    index = build_index([BrandSpec(7, "Lumivex", OWNER, gs1_prefixes=("6948123",))])
    [match] = scan(index, [listing("Plain earbuds", gtin="06948123001327")])
    assert (match.brand_id, match.rule, match.matched) == (7, Rule.GTIN_PREFIX, "6948123")


def test_the_owner_and_authorised_sellers_never_match():
    authorised = frozenset({(RESELLER, "DE")})
    assert matches("Lumivex earbuds", seller=OWNER) == []
    assert matches("Lumivex earbuds", seller=RESELLER, marketplace="DE", authorised=authorised) == []
    # Authorised in Germany only: the same reseller in the US is flagged.
    assert len(matches("Lumivex earbuds", seller=RESELLER, marketplace="US", authorised=authorised)) == 1


def test_everywhere_authorisation_covers_every_marketplace():
    authorised = frozenset({(RESELLER, "*")})
    assert matches("Lumivex earbuds", seller=RESELLER, marketplace="JP", authorised=authorised) == []


def test_ordinary_words_are_not_misspellings_but_the_brand_itself_still_is_exact():
    common = common_words()
    assert matches("Extra thick yoga mat", brands=("Eltra",), common=common) == []
    [match] = matches("Eltra yoga mat", brands=("Eltra",), common=common)
    assert match.rule == Rule.EXACT


def test_words_that_only_meet_across_spaces_do_not_match():
    assert matches("Mini keyboard for omni kettle", brands=("Nike",)) == []
    assert matches("It is on your desk", brands=("Sony",)) == []


def test_the_brand_field_and_bullets_are_searched():
    [match] = matches("Plain earbuds", brand="Lumivex")
    assert match.field == "brand"


def test_one_match_per_brand_and_listing_the_strongest():
    [match] = matches("Lumivex earbuds, better than Lumivx")
    assert match.rule == Rule.EXACT


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    pattern=st.sampled_from(
        ["confusable", "fullwidth", "case", "spaces", "punctuation", "digit_swap", "chinese_title"]
    ),
)
def test_disguises_that_keep_every_letter_are_always_caught(seed, pattern):
    rng = random.Random(seed)
    [name] = brand_names(1, rng)
    variant = disguise(name, pattern, rng)
    if variant is None:
        return
    found = matches(f"{variant} wireless earbuds", brands=(name,))
    assert [m.brand_id for m in found] == [0], variant


def test_labelled_set_recall_and_false_flags():
    """Recall ≥ 95% over every look-alike pattern; ≤ 1% of unrelated brands' listings flagged."""
    names, examples = labelled_set(brands=300, positives=2000, negatives=2000)
    index = build_index([BrandSpec(i, n, OWNER) for i, n in enumerate(names)], common_words=common_words())
    texts = [
        ListingText(
            j,
            OTHER,
            "US",
            (("title", e.title), *((f"bullet_points.{k}", b) for k, b in enumerate(e.bullets))),
        )
        for j, e in enumerate(examples)
    ]
    found: dict[int, set[int]] = {}
    for m in scan(index, texts):
        found.setdefault(m.listing_id, set()).add(m.brand_id)
    positives = [(j, e) for j, e in enumerate(examples) if e.brand_index is not None]
    negatives = [j for j, e in enumerate(examples) if e.brand_index is None]
    recall = sum(e.brand_index in found.get(j, ()) for j, e in positives) / len(positives)
    flagged = sum(j in found for j in negatives) / len(negatives)
    assert recall >= 0.95
    assert flagged <= 0.01
    assert {e.pattern for _, e in positives} == set(PATTERNS)


def test_gtin_check_digits_and_digital_links():
    assert check_digit("694812300132") == 7
    assert is_valid_gtin("6948123001327")
    assert not is_valid_gtin("6948123001328")
    assert gtin13("06948123001327") == "6948123001327"
    assert digital_link("id.example.com", "6948123001327", "ABCDEFGHIJKLM") == (
        "https://id.example.com/01/06948123001327/21/ABCDEFGHIJKLM"
    )


def test_serials_carry_65_random_bits_and_do_not_repeat():
    serials = new_serials(100_000)
    assert len(set(serials)) == 100_000
    assert all(is_serial(s) for s in serials[:1000])
    assert len(serials[0]) * 5 >= 64
    assert new_serials(0) == []
