"""The brand store as shoppers of one marketplace see it: locale, direction, theme, prices.

`storefront_page(seller, marketplace, locale=None)` answers everything the store page
needs in a constant number of queries: the store and its texts, the featured products
with their localised content and prices.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from listings.models import BrandStore, BrandStoreText, Product
from listings.services.localisation import LocalisedContent, language_of, localised_contents
from listings.services.pricing import PriceQuote, prices_for
from portal.exceptions import InvalidInput
from portal.models import Marketplace, Seller

RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur"})
THEME_MINIMAL = "minimal"
THEME_VIVID = "vivid"
THEME_CLASSIC = "classic"
# Clean and minimal for Europe; vivid for Southeast Asia and the Middle East; classic elsewhere.
THEME_BY_REGION = {"EU": THEME_MINIMAL, "MEA": THEME_VIVID}
THEME_BY_MARKETPLACE = {"SG": THEME_VIVID, "ZA": THEME_CLASSIC}
MAX_FEATURED = 12


def theme_for(marketplace: Marketplace) -> str:
    return THEME_BY_MARKETPLACE.get(marketplace.code) or THEME_BY_REGION.get(
        marketplace.region, THEME_CLASSIC
    )


def direction_for(locale: str) -> str:
    return "rtl" if language_of(locale) in RTL_LANGUAGES else "ltr"


@dataclass(frozen=True)
class FeaturedProduct:
    product: Product
    content: LocalisedContent
    price: PriceQuote


@dataclass(frozen=True)
class StorefrontPage:
    store: BrandStore
    marketplace: Marketplace
    locale: str
    direction: str
    theme: str
    hero_title: str
    hero_subtitle: str
    brand_story: str
    text_localised: bool
    featured: list[FeaturedProduct] = field(default_factory=list)


def featured_ids(store: BrandStore):
    """The featured products' ids (a subquery), read through the link table of this store only."""
    through = BrandStore.featured_products.through
    return through.objects.filter(brandstore_id=store.pk).values("product_id")


def get_store(seller: Seller) -> BrandStore | None:
    return BrandStore.objects.for_seller(seller).first()


def storefront_page(
    seller: Seller, marketplace: Marketplace, *, locale: str | None = None
) -> StorefrontPage | None:
    """The store in `marketplace` (in `locale`, default the marketplace's); None without a store."""
    store = get_store(seller)
    if store is None:
        return None
    locale = locale if locale in marketplace.locales else marketplace.default_locale
    language = language_of(locale)
    texts = {t.locale: t for t in BrandStoreText.objects.for_seller(seller).filter(store=store)}
    text = texts.get(locale) or texts.get(language)
    products = list(
        Product.objects.for_seller(seller)
        .filter(pk__in=featured_ids(store), status=Product.Status.ACTIVE)
        .order_by("sku")[:MAX_FEATURED]
    )
    contents = localised_contents(seller, products, [locale])
    prices = prices_for(seller, products, [marketplace])
    return StorefrontPage(
        store=store,
        marketplace=marketplace,
        locale=locale,
        direction=direction_for(locale),
        theme=theme_for(marketplace),
        hero_title=text.hero_title if text else store.hero_title,
        hero_subtitle=text.hero_subtitle if text else store.hero_subtitle,
        brand_story=text.brand_story if text else store.brand_story,
        text_localised=text is not None,
        featured=[
            FeaturedProduct(p, contents[(p.pk, locale)], prices[(p.pk, marketplace.code)]) for p in products
        ],
    )


@transaction.atomic
def save_brand_store(
    *,
    seller: Seller,
    name: str,
    hero_title: str,
    hero_subtitle: str = "",
    brand_story: str = "",
    featured_product_ids: list[int] | None = None,
) -> BrandStore:
    """Create or update the seller's store. Unknown (or another seller's) product ids are refused."""
    errors: dict[str, list[str]] = {}
    if not (name or "").strip():
        errors["name"] = [_("Enter the store's name.")]
    if not (hero_title or "").strip():
        errors["hero_title"] = [_("Enter the hero title.")]
    ids = list(dict.fromkeys(featured_product_ids or []))
    if len(ids) > MAX_FEATURED:
        errors["featured_products"] = [_("At most %(n)d featured products.") % {"n": MAX_FEATURED}]
    found = set(Product.objects.for_seller(seller).filter(pk__in=ids).values_list("pk", flat=True))
    unknown = [i for i in ids if i not in found]
    if unknown:
        errors.setdefault("featured_products", []).append(
            _("No such products: %(ids)s.") % {"ids": ", ".join(map(str, unknown))}
        )
    if errors:
        raise InvalidInput("The brand store is not valid.", fields=errors)
    store, _created = BrandStore.objects.for_seller(seller).update_or_create(
        seller=seller,
        defaults={
            "name": name.strip(),
            "hero_title": hero_title.strip(),
            "hero_subtitle": (hero_subtitle or "").strip(),
            "brand_story": (brand_story or "").strip(),
            "updated_at": timezone.now(),
        },
    )
    through = BrandStore.featured_products.through
    through.objects.filter(brandstore_id=store.pk).delete()
    through.objects.bulk_create([through(brandstore_id=store.pk, product_id=pid) for pid in ids])
    return store
