"""The daily reconciliation proves balances equal their ledger and raises the alarm otherwise."""

import pytest
from django.core import mail

from inventory.models import StockBalance
from inventory.services import ledger
from inventory.services.reconciliation import Mismatch, find_mismatches
from inventory.tasks.reconciliation import reconcile_stock
from inventory.tests.factories import ProductFactory, node
from portal.models import AuditEvent


@pytest.fixture
def stocked(seller, other_seller):
    mine = ProductFactory(seller=seller)
    theirs = ProductFactory(seller=other_seller)
    gwd, fc = node("GWD-SZX"), node("FC-US")
    for who, product in ((seller, mine), (other_seller, theirs)):
        ledger.receive(who, product, gwd, 20, cause_type="inbound")
        ledger.reserve(who, product, gwd, 5, cause_type="order")
        ledger.transfer_out(who, product, gwd, 10, destination=fc)
        ledger.expect_inbound(who, product, gwd, 30)
    return mine, gwd


def test_a_ledger_kept_balance_reconciles(stocked):
    assert find_mismatches() == []
    assert reconcile_stock() == 0
    assert mail.outbox == []


def test_a_balance_changed_behind_the_ledgers_back_is_caught(seller, stocked, settings):
    settings.ADMINS = [("Ops", "ops@nggs.example")]
    product, gwd = stocked
    # A raw UPDATE, as a careless script or a restored backup would do it.
    StockBalance.objects.for_seller(seller).filter(product=product, node=gwd).update(on_hand=19)

    assert reconcile_stock() == 1
    assert find_mismatches() == [
        Mismatch(seller.pk, product.pk, gwd.pk, field="on_hand", balance=19, ledger=10)
    ]
    alert = AuditEvent.objects.for_seller(seller).get(action="inventory.reconciliation_mismatch")
    assert "on_hand is 19, the ledger says 10" in alert.summary
    assert len(mail.outbox) == 1
    assert "1 balance(s) differ" in mail.outbox[0].subject
