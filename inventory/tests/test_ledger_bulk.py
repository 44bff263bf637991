"""The bulk ledger path: many movements and their balances in one transaction, all or nothing."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from inventory.models import StockBalance, StockMovement
from inventory.services import ledger
from inventory.services.ledger import InsufficientStockBatch, MovementSpec, apply_movements
from inventory.services.reconciliation import find_mismatches
from inventory.tests.factories import ProductFactory, node
from portal.exceptions import InvalidInput


def balance(seller, product, code):
    row = StockBalance.objects.for_seller(seller).filter(product=product, node=node(code)).first()
    return None if row is None else (row.on_hand, row.reserved, row.inbound, row.in_transit)


@pytest.fixture
def products(seller):
    return [ProductFactory(seller=seller, sku=f"BULK-{i}") for i in range(3)]


def test_a_bulk_apply_writes_every_movement_and_sums_the_balances(seller, products):
    gwd, fc = node("GWD-SZX"), node("FC-US")
    ledger.receive(seller, products[0], gwd, 10, cause_type="inbound")
    ledger.reserve(seller, products[0], gwd, 4, cause_type="order")
    specs = [
        MovementSpec.receipt(products[0], gwd, 5, cause_key="imp:1"),
        MovementSpec.receipt(products[0], gwd, 7, cause_key="imp:2"),
        MovementSpec.shipment(products[0], gwd, 3, cause_key="imp:3"),
        MovementSpec.receipt(products[1], fc, 40, cause_key="imp:4"),  # no balance row yet
        MovementSpec(products[2], gwd, "inbound_expected", 12, cause_type="inbound", inbound_delta=12),
    ]
    result = apply_movements(seller, specs)
    assert len(result.written) == 5
    assert balance(seller, products[0], "GWD-SZX") == (10 + 5 + 7 - 3, 4 - 3, 0, 0)
    assert balance(seller, products[1], "FC-US") == (40, 0, 0, 0)
    assert balance(seller, products[2], "GWD-SZX") == (0, 0, 12, 0)
    assert StockMovement.objects.for_seller(seller).count() == 2 + 5
    assert find_mismatches() == []


def test_a_repeated_batch_skips_the_known_cause_keys(seller, products):
    gwd = node("GWD-SZX")
    specs = [MovementSpec.receipt(p, gwd, 6, cause_key=f"again:{p.pk}") for p in products]
    apply_movements(seller, specs)
    extra = MovementSpec.receipt(products[0], gwd, 1, cause_key="again:new")
    result = apply_movements(seller, [*specs, extra])
    assert [m.cause_key for m in result.written] == ["again:new"]
    assert result.skipped_keys == sorted(f"again:{p.pk}" for p in products)
    assert balance(seller, products[0], "GWD-SZX") == (7, 0, 0, 0)
    assert balance(seller, products[1], "GWD-SZX") == (6, 0, 0, 0)
    assert find_mismatches() == []


def test_a_batch_that_would_go_negative_changes_nothing_and_names_the_rows(seller, products):
    gwd = node("GWD-SZX")
    ledger.receive(seller, products[0], gwd, 10, cause_type="inbound")
    ledger.reserve(seller, products[0], gwd, 8, cause_type="order")
    before_movements = StockMovement.objects.for_seller(seller).count()
    specs = [
        MovementSpec.receipt(products[1], gwd, 50, cause_key="neg:1"),
        # 10 on hand, 8 reserved: taking 3 off hand leaves reserved above on hand.
        MovementSpec(products[0], gwd, "damage", 3, cause_type="partner", on_hand_delta=-3, reason="wet"),
        MovementSpec.shipment(products[2], gwd, 1, cause_key="neg:3"),  # nothing reserved at all
    ]
    with pytest.raises(InsufficientStockBatch) as refused:
        apply_movements(seller, specs)
    messages = refused.value.fields["movements"]
    assert len(messages) == 2
    assert any("Rows 2 (BULK-0 at GWD-SZX)" in m and "7 on hand, 8 reserved" in m for m in messages)
    assert any("Rows 3 (BULK-2 at GWD-SZX)" in m and "-1 on hand, -1 reserved" in m for m in messages)
    assert refused.value.status_code == 409
    assert StockMovement.objects.for_seller(seller).count() == before_movements
    assert balance(seller, products[0], "GWD-SZX") == (10, 8, 0, 0)
    assert balance(seller, products[1], "GWD-SZX") is None
    assert find_mismatches() == []


def test_deltas_are_summed_before_the_check(seller, products):
    """A shipment that follows a receipt in the same batch is fine: the sum stays ≥ 0."""
    gwd = node("GWD-SZX")
    specs = [
        MovementSpec.receipt(products[0], gwd, 5),
        MovementSpec(products[0], gwd, "reservation", 5, cause_type="order", reserved_delta=5),
        MovementSpec.shipment(products[0], gwd, 5),
    ]
    apply_movements(seller, specs)
    assert balance(seller, products[0], "GWD-SZX") == (0, 0, 0, 0)


def test_another_sellers_product_and_bad_rows_are_refused_before_anything_is_written(
    seller, other_seller, products
):
    gwd = node("GWD-SZX")
    theirs = ProductFactory(seller=other_seller, sku="THEIRS")
    specs = [
        MovementSpec.receipt(products[0], gwd, 5, cause_key="dup"),
        MovementSpec.receipt(theirs, gwd, 5),
        MovementSpec.receipt(products[1], gwd, 0),
        MovementSpec.receipt(products[2], gwd, 1, cause_key="dup"),
        MovementSpec(products[2], gwd, "teleport", 1, cause_type="inbound", on_hand_delta=1),
        MovementSpec.receipt(products[2], gwd, 1, effective_at=timezone.now() + datetime.timedelta(days=2)),
    ]
    with pytest.raises(InvalidInput) as bad:
        apply_movements(seller, specs)
    errors = bad.value.fields["movements"]
    assert sorted({e.split(":")[0] for e in errors}) == ["Row 2", "Row 3", "Row 4", "Row 5", "Row 6"]
    assert StockMovement.objects.for_seller(seller).count() == 0
    assert StockMovement.objects.for_seller(other_seller).count() == 0


def test_effective_dates_age_the_units(seller, products):
    gwd = node("GWD-SZX")
    old = timezone.now() - datetime.timedelta(days=200)
    apply_movements(seller, [MovementSpec.receipt(products[0], gwd, 9, effective_at=old)])
    movement = StockMovement.objects.for_seller(seller).get()
    assert movement.effective_at == old


def test_the_postgres_path_uses_one_update_per_chunk(
    require_postgres, seller, products, django_assert_max_num_queries
):
    assert connection.vendor == "postgresql"
    gwd, fc = node("GWD-SZX"), node("FC-US")
    specs = [MovementSpec.receipt(products[i % 3], gwd if i % 2 else fc, 1) for i in range(600)]
    # validation-free reads: known keys (none), insert, balance lookup + create, one UPDATE.
    with django_assert_max_num_queries(8):
        apply_movements(seller, specs)
    assert sum(StockBalance.objects.for_seller(seller).values_list("on_hand", flat=True)) == 600
    assert find_mismatches() == []
