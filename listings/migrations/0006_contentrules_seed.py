"""Seeds the content rules that were Python constants until now, so publishing checks the same.

Every marketplace gets a row (title limit 200 characters, JP 100, IN/SA/AE/EG 150; at most
5 bullet points of 500 characters; no description limit), plus the forbidden terms: claims
every marketplace refuses, and terms refused in some marketplaces only. Operators edit them
in the admin afterwards.
"""

from django.db import migrations

SOURCE = "Starter set: the limits and terms the portal checked before they became operator data."
DEFAULT_TITLE_LIMIT = 200
TITLE_LIMITS = {"JP": 100, "IN": 150, "SA": 150, "AE": 150, "EG": 150}
MAX_BULLETS = 5
BULLET_LIMIT = 500
# Claims every marketplace refuses in product content, matched case-insensitively as words.
FORBIDDEN_TERMS = (
    "best seller",
    "bestseller",
    "free shipping",
    "100% guaranteed",
    "satisfaction guaranteed",
    "fda approved",
    "anti-bacterial",
    "antibacterial",
    "eco-friendly",
    "cures",
    "hot sale",
)
# Terms refused in some marketplaces only (local law or marketplace policy).
MARKETPLACE_FORBIDDEN_TERMS = {
    "DE": ("testsieger", "kostenloser versand"),
    "FR": ("livraison gratuite", "meilleure vente"),
    "JP": ("送料無料", "最安値"),
    "SA": ("alcohol",),
    "AE": ("alcohol",),
}


def seed(apps, schema_editor):
    Marketplace = apps.get_model("portal", "Marketplace")
    MarketplaceContentRule = apps.get_model("listings", "MarketplaceContentRule")
    ForbiddenTerm = apps.get_model("listings", "ForbiddenTerm")
    markets = {m.code: m for m in Marketplace.objects.all()}
    for code, market in sorted(markets.items()):
        MarketplaceContentRule.objects.get_or_create(
            marketplace=market,
            defaults={
                "title_max_chars": TITLE_LIMITS.get(code, DEFAULT_TITLE_LIMIT),
                "bullet_max_count": MAX_BULLETS,
                "bullet_max_chars": BULLET_LIMIT,
                "description_max_chars": None,
                "source": SOURCE,
            },
        )
    # Created in this order: the checks name terms in the order they were entered.
    for term in FORBIDDEN_TERMS:
        if not ForbiddenTerm.objects.filter(marketplace=None, term=term).exists():
            ForbiddenTerm.objects.create(marketplace=None, term=term, whole_word=term.isascii(), source=SOURCE)
    for code, terms in MARKETPLACE_FORBIDDEN_TERMS.items():
        if code not in markets:
            continue
        for term in terms:
            ForbiddenTerm.objects.get_or_create(
                marketplace=markets[code], term=term, defaults={"whole_word": term.isascii(), "source": SOURCE}
            )


def unseed(apps, schema_editor):
    apps.get_model("listings", "ForbiddenTerm").objects.filter(source=SOURCE).delete()
    apps.get_model("listings", "MarketplaceContentRule").objects.filter(source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("listings", "0005_contentrules_models"),
        ("portal", "0002_marketplaces"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
