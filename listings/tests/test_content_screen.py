"""The one-regex screen of forbidden terms agrees with checking each term on its own."""

import importlib

from hypothesis import given
from hypothesis import strategies as st

from listings.services.localisation import Term, _contains_term, _may_contain_terms

# The seeded starter set (the terms every marketplace and each marketplace refuse).
seed = importlib.import_module("listings.migrations.0006_contentrules_seed")


def _terms(texts):
    return tuple(Term(text=t, whole_word=t.isascii()) for t in texts)


TERM_SETS = [_terms(seed.FORBIDDEN_TERMS + extra) for extra in seed.MARKETPLACE_FORBIDDEN_TERMS.values()]
# Operators may enter a term either way: the screen agrees whatever the flag.
TERM_SETS.append(tuple(Term(text=t.text, whole_word=not t.whole_word) for t in TERM_SETS[2]))
ALL_TERMS = sorted({t.text for terms in TERM_SETS for t in terms})
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
    terms = _terms(("free", "free shipping"))
    assert _may_contain_terms("Free Shipping today", terms)
    assert not _may_contain_terms("freedom shippingly", terms)
