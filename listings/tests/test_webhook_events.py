"""Listing state changes tell the seller's webhook endpoints, one event per listing that moved."""

from __future__ import annotations

from listings.services.publishing import change_listing_states
from listings.tests.factories import ListingFactory
from portal.models import WebhookDelivery
from portal.services.webhooks import create_endpoint


def test_pausing_listings_sends_one_event_per_listing_that_moved(seller):
    create_endpoint(seller=seller, url="https://93.184.216.34/hooks", events=["listing.state_changed"])
    live = ListingFactory(seller=seller, state="live")
    ended = ListingFactory(seller=seller, state="ended")

    outcome = change_listing_states(seller=seller, listing_ids=[live.pk, ended.pk], action="pause")

    assert outcome == {"changed": 1, "skipped": 1}
    [delivery] = WebhookDelivery.objects.for_seller(seller)
    listing = delivery.payload["data"]["listing"]
    assert listing["id"] == live.pk
    assert listing["sku"] == live.product.sku
    assert listing["marketplace"] == "US"
    assert (listing["previous_state"], listing["state"]) == ("live", "paused")
