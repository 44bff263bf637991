"""The one-regex screen of forbidden terms agrees with checking each term on its own."""

from hypothesis import given
from hypothesis import strategies as st

from listings.services.localisation import (
    FORBIDDEN_TERMS,
    MARKETPLACE_FORBIDDEN_TERMS,
    _contains_term,
    _may_contain_terms,
)

TERM_SETS = [FORBIDDEN_TERMS + extra for extra in MARKETPLACE_FORBIDDEN_TERMS.values()]
ALL_TERMS = sorted({t for terms in TERM_SETS for t in terms})
# Pieces that sit next to terms: word characters glue to them, the rest do not.
PIECES = [" ", "-", "x", "s", "é", "3", ".", "\n", "_", "Free", "shipping", "送料", "ALCOHOL", "sale"]


def _cased(term: str):
    return st.sampled_from([term, term.upper(), term.title(), term.swapcase()])


text = st.lists(
    st.one_of(st.sampled_from(PIECES), st.sampled_from(ALL_TERMS).flatmap(_cased)), max_size=8
).map("".join)


@given(text=text, terms=st.sampled_from(TERM_SETS))
def test_the_screen_finds_a_text_exactly_when_some_term_is_in_it(text, terms):
    assert _may_contain_terms(text, terms) == any(_contains_term(text, term) for term in terms)


def test_a_longer_term_behind_a_shorter_one_is_still_found():
    terms = ("free", "free shipping")
    assert _may_contain_terms("Free Shipping today", terms)
    assert not _may_contain_terms("freedom shippingly", terms)
