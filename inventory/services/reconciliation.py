"""Reconciliation: every balance must equal the sums of its movements, field by field.

A balance changed behind the ledger's back (a raw UPDATE, a restored backup, a bug) shows
up as a mismatch; each one is written to the seller's audit log, logged as an error and
mailed to the platform's operators (settings.ADMINS).
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass

from django.core.mail import mail_admins
from django.db.models import Sum

from inventory.models import StockBalance, StockMovement
from portal.models import Seller
from portal.services.audit import record_audit_event
from portal.services.platform_scope import platform_scope

logger = logging.getLogger(__name__)

FIELDS = ("on_hand", "reserved", "inbound", "in_transit")


@dataclass(frozen=True)
class Mismatch:
    seller_id: int
    product_id: int
    node_id: int
    field: str
    balance: int
    ledger: int


def find_mismatches() -> list[Mismatch]:
    """Compare every balance with its movement sums (two grouped queries, all sellers)."""
    with platform_scope(reason="Daily stock reconciliation: balances against ledger sums"):
        balances = {
            (row[0], row[1], row[2]): row[3:]
            for row in StockBalance.objects.values_list("seller_id", "product_id", "node_id", *FIELDS)
        }
        sums = {
            (row["seller_id"], row["product_id"], row["node_id"]): tuple(row[f] or 0 for f in FIELDS)
            for row in StockMovement.objects.values("seller_id", "product_id", "node_id")
            .order_by()
            .annotate(**{f: Sum(f"{f}_delta") for f in FIELDS})
        }
    mismatches = []
    for key in sorted(balances.keys() | sums.keys()):
        have = balances.get(key, (0, 0, 0, 0))
        should = sums.get(key, (0, 0, 0, 0))
        for field, value, expected in zip(FIELDS, have, should, strict=True):
            if value != expected:
                mismatches.append(Mismatch(*key, field=field, balance=value, ledger=expected))
    return mismatches


def reconcile_stock() -> list[Mismatch]:
    """Run the reconciliation and raise the alert for each mismatch; returns them."""
    mismatches = find_mismatches()
    if not mismatches:
        logger.info("Stock reconciliation: every balance equals its ledger.")
        return mismatches
    sellers = {s.pk: s for s in Seller.objects.filter(pk__in={m.seller_id for m in mismatches})}
    for mismatch in mismatches:
        logger.error("Stock reconciliation mismatch: %s", mismatch)
        record_audit_event(
            seller=sellers[mismatch.seller_id],
            action="inventory.reconciliation_mismatch",
            summary=(
                f"product {mismatch.product_id} at node {mismatch.node_id}: {mismatch.field} is "
                f"{mismatch.balance}, the ledger says {mismatch.ledger}"
            ),
            data=asdict(mismatch),
        )
    mail_admins(
        subject=f"Stock reconciliation: {len(mismatches)} balance(s) differ from the ledger",
        message="\n".join(str(m) for m in mismatches[:200]),
    )
    return mismatches
