"""Signals the listings app sends for the apps above it (they connect in their receivers.py).

`listings_published(seller=..., product_ids=[...])`: listings of these products were just
created or changed by a publish, inside its transaction (a publish that changed nothing
sends nothing). Brand protection checks them.
"""

from django.dispatch import Signal

listings_published = Signal()
