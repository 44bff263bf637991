"""The seller's glossary: terms kept as written and terms translated one way, in every provider.

A term whose rendering equals the source term (a brand name) is *protected*: it must come
out of any translation exactly as written. Any other term is *forced*: it must come out as
its rendering. For a machine-translation server, each occurrence is swapped for a numbered
placeholder before the text is sent (`⟦0⟧`: a token translation models pass through), and the
placeholders are swapped back for the term's rendering afterwards. A translation that lost
or garbled a placeholder is not kept: a person translates that segment.

The review step highlights every glossary rendering found in a translation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from listings.models import GlossaryTerm
from portal.exceptions import InvalidInput
from portal.models import Seller

PLACEHOLDER = re.compile(r"⟦\s*(\d+)\s*⟧")
LANGUAGE = re.compile(r"^[a-z]{2,3}(_[A-Za-z]{2,4})?$")


@dataclass(frozen=True)
class Term:
    source: str
    rendering: str

    @property
    def protected(self) -> bool:
        return self.source == self.rendering

    def pattern(self) -> str:
        # Latin-script terms match whole words; Chinese has no spaces between words.
        if self.source.isascii():
            return rf"(?<!\w){re.escape(self.source)}(?!\w)"
        return re.escape(self.source)


@dataclass
class Glossary:
    """The terms of one language pair, longest first ("desk lamp" before "lamp")."""

    terms: list[Term] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.terms)

    def mask(self, text: str) -> tuple[str, list[str]]:
        """The text with every term replaced by a placeholder, and the renderings by number."""
        renderings: list[str] = []
        if not self.terms or not text:
            return text, renderings
        pattern = re.compile("|".join(f"({t.pattern()})" for t in self.terms), flags=re.IGNORECASE)

        def swap(match: re.Match) -> str:
            term = self.terms[match.lastindex - 1]
            renderings.append(term.rendering)
            return f"⟦{len(renderings) - 1}⟧"

        return pattern.sub(swap, text), renderings

    @staticmethod
    def unmask(text: str | None, renderings: list[str]) -> str | None:
        """The translation with the placeholders back as renderings; None if any was lost."""
        if text is None:
            return None
        found = [int(n) for n in PLACEHOLDER.findall(text)]
        if sorted(found) != list(range(len(renderings))):
            return None
        return PLACEHOLDER.sub(lambda m: renderings[int(m.group(1))], text)

    def highlight(self, text: str) -> SafeString:
        """The text, escaped, with each glossary rendering in it marked for the reviewer."""
        renderings = sorted({t.rendering for t in self.terms if t.rendering}, key=len, reverse=True)
        if not renderings or not text:
            return escape(text or "")
        pattern = re.compile("|".join(re.escape(r) for r in renderings), flags=re.IGNORECASE)
        parts, last = [], 0
        for match in pattern.finditer(text):
            parts.append(escape(text[last : match.start()]))
            parts.append(f'<mark class="glossary-hit">{escape(match.group(0))}</mark>')
            last = match.end()
        parts.append(escape(text[last:]))
        return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped above


def _language(value: str) -> str:
    return (value or "").strip().split("_")[0].split("-")[0].lower()


def load_glossary(seller: Seller, *, source: str, target: str) -> Glossary:
    """The seller's terms from `source` into `target` language (one query)."""
    rows = GlossaryTerm.objects.for_seller(seller).filter(source_language=source, target_language=target)
    terms = [Term(s, t) for s, t in rows.values_list("source_term", "target_term")]
    return Glossary(sorted(terms, key=lambda t: -len(t.source)))


def glossaries_by_target(seller: Seller, *, targets: list[str]) -> dict[str, Glossary]:
    """The seller's terms into each target language, from any source (one query), for review."""
    found: dict[str, list[Term]] = {t: [] for t in targets}
    for target, source_term, rendering in (
        GlossaryTerm.objects.for_seller(seller)
        .filter(target_language__in=targets)
        .values_list("target_language", "source_term", "target_term")
    ):
        found[target].append(Term(source_term, rendering))
    return {t: Glossary(sorted(terms, key=lambda x: -len(x.source))) for t, terms in found.items()}


@dataclass
class GlossaryBound:
    """Any provider, with the seller's glossary applied around it (placeholders in, renderings out)."""

    inner: object
    seller: Seller

    @property
    def name(self) -> str:
        return self.inner.name

    def translate(self, texts: list[str], *, source: str, target: str) -> list[str | None]:
        glossary = load_glossary(self.seller, source=source, target=target)
        if not glossary:
            return self.inner.translate(texts, source=source, target=target)
        masked = [glossary.mask(text) for text in texts]
        translated = self.inner.translate([m[0] for m in masked], source=source, target=target)
        return [Glossary.unmask(t, m[1]) for t, m in zip(translated, masked, strict=True)]


@transaction.atomic
def add_glossary_term(
    *, seller: Seller, source_language: str, target_language: str, source_term: str, target_term: str = ""
) -> GlossaryTerm:
    """Add a term; an empty rendering keeps the term as written in that language (a brand name).

    Raises InvalidInput naming the field: a language that is not a code such as `zh` or `de`,
    an empty term, or a term the glossary already has for that language pair.
    """
    errors: dict[str, list[str]] = {}
    source_language, target_language = _language(source_language), _language(target_language)
    for name, value in (("source_language", source_language), ("target_language", target_language)):
        if not LANGUAGE.match(value):
            errors[name] = [_("A language code such as zh, en or de.")]
    if source_language and source_language == target_language:
        errors["target_language"] = [_("Choose a language other than the source language.")]
    source_term, target_term = source_term.strip(), target_term.strip()
    if not source_term:
        errors["source_term"] = [_("Enter the term as it appears in your source text.")]
    if len(source_term) > 200 or len(target_term) > 200:
        errors["source_term" if len(source_term) > 200 else "target_term"] = [_("At most 200 characters.")]
    if errors:
        raise InvalidInput(fields=errors)
    try:
        with transaction.atomic():
            return GlossaryTerm.objects.for_seller(seller).create(
                seller=seller,
                source_language=source_language,
                target_language=target_language,
                source_term=source_term,
                target_term=target_term or source_term,
            )
    except IntegrityError:
        raise InvalidInput(
            fields={"source_term": [_("Your glossary already has this term for that language.")]}
        ) from None


def delete_glossary_term(*, seller: Seller, term: GlossaryTerm) -> None:
    GlossaryTerm.objects.for_seller(seller).filter(pk=term.pk).delete()
