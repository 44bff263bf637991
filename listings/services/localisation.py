"""Product content per locale: stored translations, completeness and marketplace limits.

`localised_contents(seller, products, locales)` answers the text to publish for each
(product id, locale) in one query: an approved translation first, then a machine one,
else the product's own source text. A translation stored for a bare language (`de`)
serves every locale of that language (`de_DE`, `de_AT`) that has none of its own.

`content_problems(content, marketplace)` lists what breaks a marketplace's content
rules (title length, bullet count and length, description length, forbidden terms), one
clear sentence each. The rules are operator data (`MarketplaceContentRule`,
`ForbiddenTerm`), read once and kept until an operator changes them (`content_rules()`).
"""

from __future__ import annotations

import functools
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from listings.models import Product, Translation, TranslationMemoryEntry
from listings.models.localisation import text_digest
from portal.exceptions import InvalidInput
from portal.models import Marketplace, Seller

ORIGIN_SOURCE = "source"
ORIGIN_MACHINE = "machine"
ORIGIN_APPROVED = "approved"

# The most bullet points a translation may hold, whatever the marketplaces allow.
MAX_BULLETS = 5


# The parts of a listing's text that content_problems names (translated when named).
TEXT_PARTS = (gettext_lazy("title"), gettext_lazy("bullet points"), gettext_lazy("description"))


@dataclass(frozen=True)
class LocalisedContent:
    """The text of one product in one locale and where it came from."""

    title: str
    bullet_points: list[str] = field(default_factory=list)
    description: str = ""
    origin: str = ORIGIN_SOURCE
    locale: str = ""


def language_of(locale: str) -> str:
    """`de_DE` → `de`; `zh-hans` → `zh`."""
    return re.split(r"[_-]", locale, maxsplit=1)[0].lower()


def is_source_locale(product: Product, locale: str) -> bool:
    return language_of(product.source_language) == language_of(locale)


def _pick(candidates: list[Translation], locale: str) -> Translation | None:
    """Approved beats machine; an exact locale beats the bare language."""
    language = language_of(locale)
    ranked = sorted(
        (t for t in candidates if t.locale == locale or t.locale == language),
        key=lambda t: (not t.approved, t.locale != locale),
    )
    return ranked[0] if ranked else None


def localised_contents(
    seller: Seller, products: Iterable[Product], locales: Iterable[str]
) -> dict[tuple[int, str], LocalisedContent]:
    """The content of each (product id, locale): one query for the whole batch.

    Products must be the seller's (others raise ValueError rather than being read).
    """
    products = list(products)
    for product in products:
        if product.seller_id != seller.pk:
            raise ValueError(f"Product {product.pk} does not belong to seller {seller.pk}.")
    locales = list(dict.fromkeys(locales))
    wanted = set(locales) | {language_of(loc) for loc in locales}
    by_product: dict[int, list[Translation]] = {}
    rows = Translation.objects.for_seller(seller).filter(
        product_id__in=[p.pk for p in products], locale__in=sorted(wanted)
    )
    for row in rows:
        by_product.setdefault(row.product_id, []).append(row)
    contents = {}
    for product in products:
        candidates = by_product.get(product.pk, [])
        for locale in locales:
            chosen = _pick(candidates, locale)
            if chosen is not None and (chosen.approved or not is_source_locale(product, locale)):
                contents[(product.pk, locale)] = LocalisedContent(
                    title=chosen.title,
                    bullet_points=list(chosen.bullet_points or []),
                    description=chosen.description,
                    origin=ORIGIN_APPROVED if chosen.approved else ORIGIN_MACHINE,
                    locale=locale,
                )
            else:
                contents[(product.pk, locale)] = LocalisedContent(
                    title=product.title,
                    bullet_points=list(product.bullet_points or []),
                    description=product.description,
                    origin=ORIGIN_SOURCE,
                    locale=locale,
                )
    return contents


# --- marketplace content rules ------------------------------------------------------------

RULES_STAMP_KEY = "listings:content-rules:stamp"


@dataclass(frozen=True)
class Term:
    """A forbidden term as the checks use it."""

    text: str
    whole_word: bool = True
    reason: str = ""


@dataclass(frozen=True)
class MarketplaceRules:
    """One marketplace's limits (None = no limit) and the terms it refuses, in entry order."""

    title_max_chars: int
    bullet_max_count: int | None
    bullet_max_chars: int | None
    description_max_chars: int | None
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class ContentRules:
    """Every marketplace's content rules, read in two queries."""

    by_marketplace: dict[str, MarketplaceRules]
    default: MarketplaceRules
    stamp: str | None = None

    def for_marketplace(self, marketplace: Marketplace) -> MarketplaceRules:
        return self.by_marketplace.get(marketplace.code, self.default)


def _unique_terms(terms: Iterable[Term]) -> tuple[Term, ...]:
    """The terms without repeats of the same text (a global term also entered for one marketplace)."""
    seen: set[str] = set()
    unique = []
    for term in terms:
        key = term.text.casefold()
        if key not in seen:
            seen.add(key)
            unique.append(term)
    return tuple(unique)


def load_content_rules(stamp: str | None = None) -> ContentRules:
    """Read the operators' content rules: two queries."""
    from django.db.models import F

    from listings.models import ForbiddenTerm, MarketplaceContentRule

    everywhere: list[Term] = []
    local: dict[str, list[Term]] = {}
    rows = (
        ForbiddenTerm.objects.filter(is_active=True)
        .exclude(term="")
        .order_by(F("marketplace_id").asc(nulls_first=True), "pk")
        .values_list("marketplace__code", "term", "whole_word", "reason")
    )
    for code, text, whole_word, reason in rows:
        term = Term(text=text.strip(), whole_word=whole_word, reason=reason.strip())
        if code is None:
            everywhere.append(term)
        else:
            local.setdefault(code, []).append(term)
    defaults = MarketplaceContentRule()
    limits = {
        row.marketplace.code: row for row in MarketplaceContentRule.objects.select_related("marketplace")
    }

    def rules_of(row, code: str | None) -> MarketplaceRules:
        return MarketplaceRules(
            title_max_chars=row.title_max_chars,
            bullet_max_count=row.bullet_max_count,
            bullet_max_chars=row.bullet_max_chars,
            description_max_chars=row.description_max_chars,
            terms=_unique_terms(everywhere + local.get(code, [])),
        )

    codes = set(limits) | set(local)
    return ContentRules(
        by_marketplace={code: rules_of(limits.get(code, defaults), code) for code in codes},
        default=rules_of(defaults, None),
        stamp=stamp,
    )


_loaded: ContentRules | None = None


def content_rules(*, refresh: bool = False) -> ContentRules:
    """The content rules, read from the database once and kept until an operator changes them.

    A save or delete of a rule or term clears this process's copy and writes a new version
    stamp to the shared cache, so other processes read the rules again when next asked.
    Checking the stamp is a cache read, not a database query. `refresh=True` reads them
    now whatever the stamp says (a publish batch does, once, so it never works from a copy
    another process failed to hear about).
    """
    global _loaded
    stamp = cache.get(RULES_STAMP_KEY)
    if refresh or _loaded is None or _loaded.stamp != stamp:
        _loaded = load_content_rules(stamp)
    return _loaded


def invalidate_content_rules() -> None:
    """Forget the loaded rules here and tell every other process to read them again."""
    global _loaded
    _loaded = None
    cache.set(RULES_STAMP_KEY, uuid.uuid4().hex, timeout=None)


@functools.lru_cache(maxsize=1024)
def _term_pattern(term: Term) -> re.Pattern:
    """A term as a case-insensitive pattern: whole-word, or anywhere in the text."""
    if term.whole_word:
        return re.compile(rf"(?<!\w){re.escape(term.text)}(?!\w)", flags=re.IGNORECASE)
    return re.compile(re.escape(term.text), flags=re.IGNORECASE)


def _contains_term(text: str, term: Term) -> bool:
    return _term_pattern(term).search(text) is not None


@functools.lru_cache(maxsize=256)
def _term_screen(terms: tuple[Term, ...]) -> re.Pattern | None:
    """One alternation of all the terms: it matches a text exactly when one of the terms'
    own patterns would (whole-word terms inside word boundaries, the others anywhere)."""

    def alternation(texts):
        return "|".join(re.escape(text) for text in sorted(texts, key=len, reverse=True))

    words = [term.text for term in terms if term.whole_word]
    anywhere = [term.text for term in terms if not term.whole_word]
    parts = []
    if words:
        parts.append(rf"(?<!\w)(?:{alternation(words)})(?!\w)")
    if anywhere:
        parts.append(rf"(?:{alternation(anywhere)})")
    return re.compile("|".join(parts), flags=re.IGNORECASE) if parts else None


def _may_contain_terms(text: str, terms: tuple[Term, ...]) -> bool:
    """False when `text` holds none of `terms`: one regex search instead of one per term."""
    screen = _term_screen(terms)
    return screen is not None and screen.search(text) is not None


def content_problems(
    content: LocalisedContent, marketplace: Marketplace, rules: ContentRules | None = None
) -> list[str]:
    """What in `content` breaks `marketplace`'s rules; an empty list when nothing does.

    `rules` are the operators' content rules read once for a batch; without them the
    process's copy is used (`content_rules()`).
    """
    market_rules = (rules or content_rules()).for_marketplace(marketplace)
    problems = []
    name = marketplace.name
    title = content.title.strip()
    if not title:
        problems.append(_("The title is empty; %(marketplace)s needs one.") % {"marketplace": name})
    limit = market_rules.title_max_chars
    if len(title) > limit:
        problems.append(
            _("The title has %(length)d characters; %(marketplace)s allows at most %(limit)d.")
            % {"length": len(title), "marketplace": name, "limit": limit}
        )
    bullets = content.bullet_points or []
    max_bullets = market_rules.bullet_max_count
    if max_bullets is not None and len(bullets) > max_bullets:
        problems.append(
            _("There are %(count)d bullet points; %(marketplace)s shows at most %(limit)d.")
            % {"count": len(bullets), "marketplace": name, "limit": max_bullets}
        )
    bullet_limit = market_rules.bullet_max_chars
    for number, bullet in enumerate(bullets, start=1):
        if bullet_limit is not None and len(bullet) > bullet_limit:
            problems.append(
                _("Bullet point %(number)d has %(length)d characters; the limit is %(limit)d.")
                % {"number": number, "length": len(bullet), "limit": bullet_limit}
            )
    description_limit = market_rules.description_max_chars
    if description_limit is not None and len(content.description) > description_limit:
        problems.append(
            _("The description has %(length)d characters; %(marketplace)s allows at most %(limit)d.")
            % {"length": len(content.description), "marketplace": name, "limit": description_limit}
        )
    texts = (
        (TEXT_PARTS[0], title),
        (TEXT_PARTS[1], " \n".join(bullets)),
        (TEXT_PARTS[2], content.description),
    )
    terms = market_rules.terms
    # Most texts hold no forbidden term: screen each once, then name the terms of the others.
    flagged = [(where, text) for where, text in texts if text and _may_contain_terms(text, terms)]
    for term in terms:
        for where, text in flagged:
            if not _contains_term(text, term):
                continue
            values = {"where": where, "term": term.text, "marketplace": name, "reason": term.reason}
            if term.reason:
                problems.append(
                    _("The %(where)s uses “%(term)s”, which %(marketplace)s does not allow: %(reason)s")
                    % values
                )
            else:
                problems.append(
                    _("The %(where)s uses “%(term)s”, which %(marketplace)s does not allow.") % values
                )
    return problems


# --- writing translations ------------------------------------------------------------------


def _clean_bullets(value) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(b, str) for b in value):
        raise InvalidInput(
            "Bullet points must be a list of texts.",
            fields={"bullet_points": [_("A list of texts, at most %(n)d.") % {"n": MAX_BULLETS}]},
        )
    return [b.strip() for b in value if b.strip()]


def validate_locale(locale: str) -> str:
    locale = (locale or "").strip()
    if not re.fullmatch(r"[a-z]{2,3}(_[A-Z]{2})?", locale):
        raise InvalidInput(
            "The locale is not valid.",
            fields={
                "locale": [
                    _("%(value)r is not a locale: use a language (de) or language_REGION (de_DE).")
                    % {"value": locale}
                ]
            },
        )
    return locale


@transaction.atomic
def save_translation(
    *,
    seller: Seller,
    product: Product,
    locale: str,
    title: str,
    bullet_points: list[str] | None = None,
    description: str = "",
    origin: str = Translation.Origin.HUMAN,
    provider: str = "",
    approved: bool = False,
    user=None,
) -> Translation:
    """Create or replace the translation of `product` in `locale`.

    A person's text (origin human) may be saved approved; machine text is never saved
    approved (a person approves it with `approve_translation`). Approving stores the text
    in the seller's translation memory.
    """
    if product.seller_id != seller.pk:
        raise InvalidInput("Unknown product.", fields={"product": [_("No such product.")]})
    locale = validate_locale(locale)
    title = (title or "").strip()
    if not title:
        raise InvalidInput("The title is required.", fields={"title": [_("Enter the title in this locale.")]})
    if len(title) > 500:
        raise InvalidInput("The title is too long.", fields={"title": [_("At most 500 characters.")]})
    if origin not in Translation.Origin.values:
        raise InvalidInput("Unknown origin.", fields={"origin": [_("One of: machine, human.")]})
    if origin == Translation.Origin.MACHINE:
        approved = False
    translation, _created = Translation.objects.for_seller(seller).update_or_create(
        seller=seller,
        product=product,
        locale=locale,
        defaults={
            "title": title,
            "bullet_points": _clean_bullets(bullet_points),
            "description": description or "",
            "origin": origin,
            "provider": provider,
            "approved": approved,
            "approved_by": user if approved and user is not None and user.is_authenticated else None,
            "approved_at": timezone.now() if approved else None,
        },
    )
    if approved:
        remember_translation(seller=seller, product=product, translation=translation)
    return translation


@transaction.atomic
def approve_translation(*, seller: Seller, translation: Translation, user=None) -> Translation:
    """A person approves the text: it is published as approved and joins the memory."""
    if translation.seller_id != seller.pk:
        raise InvalidInput("Unknown translation.", fields={"translation": [_("No such translation.")]})
    translation.approved = True
    translation.approved_by = user if user is not None and user.is_authenticated else None
    translation.approved_at = timezone.now()
    translation.save(update_fields=["approved", "approved_by", "approved_at", "updated_at"])
    product = Product.objects.for_seller(seller).get(pk=translation.product_id)
    remember_translation(seller=seller, product=product, translation=translation)
    return translation


def remember_translation(*, seller: Seller, product: Product, translation: Translation) -> int:
    """Store each segment (title, bullets, description) of an approved translation in memory."""
    source_language = language_of(product.source_language)
    target_language = language_of(translation.locale)
    pairs = [(product.title, translation.title)]
    pairs += list(zip(product.bullet_points or [], translation.bullet_points or [], strict=False))
    if product.description and translation.description:
        pairs.append((product.description, translation.description))
    entries = {}
    for source, target in pairs:
        if source.strip() and target.strip():
            entries[text_digest(source)] = (source.strip(), target.strip())
    existing = {
        e.source_digest: e
        for e in TranslationMemoryEntry.objects.for_seller(seller).filter(
            source_language=source_language, target_language=target_language, source_digest__in=list(entries)
        )
    }
    new, changed = [], []
    for digest, (source, target) in entries.items():
        entry = existing.get(digest)
        if entry is None:
            new.append(
                TranslationMemoryEntry(
                    seller=seller,
                    source_language=source_language,
                    target_language=target_language,
                    source_digest=digest,
                    source_text=source,
                    target_text=target,
                )
            )
        elif entry.target_text != target:
            entry.target_text = target
            changed.append(entry)
    TranslationMemoryEntry.objects.for_seller(seller).bulk_create(new)
    TranslationMemoryEntry.objects.for_seller(seller).bulk_update(changed, ["target_text"])
    return len(new) + len(changed)
