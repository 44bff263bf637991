"""Listings' answers to the portal's signals."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from listings.demo.catalogue import create_demo_products, publish_demo_listings
from listings.demo.pricing import create_demo_pricing
from listings.models import ForbiddenTerm, MarketplaceContentRule
from portal.signals import demo_data_requested


@receiver(demo_data_requested, dispatch_uid="listings.demo_products")
def add_demo_products(sender, seller, **kwargs):
    create_demo_products(seller=seller)
    # Rates, rules, translations, brand store and reviews: before any publishing, so the
    # first publish already prices and localises the demo listings.
    create_demo_pricing(seller=seller)
    publish_demo_listings(seller=seller)


@receiver(post_save, sender=MarketplaceContentRule, dispatch_uid="listings.content_rule_saved")
@receiver(post_delete, sender=MarketplaceContentRule, dispatch_uid="listings.content_rule_deleted")
@receiver(post_save, sender=ForbiddenTerm, dispatch_uid="listings.forbidden_term_saved")
@receiver(post_delete, sender=ForbiddenTerm, dispatch_uid="listings.forbidden_term_deleted")
def content_rules_changed(sender, **kwargs):
    """An operator changed a content rule: the next publish reads the rules again.

    Forgotten at once (this transaction sees its own change) and again when the change is
    committed (a process that read the rules in between reads the committed ones).
    """
    from listings.services.localisation import invalidate_content_rules

    invalidate_content_rules()
    transaction.on_commit(invalidate_content_rules)
