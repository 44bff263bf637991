"""The ledger service: every change is a movement, balances never go negative, causes apply once."""

import pytest
from django.db import IntegrityError, transaction

from inventory.exceptions import InsufficientStock
from inventory.models import StockBalance, StockMovement
from inventory.services import ledger
from inventory.tests.factories import ProductFactory, node
from portal.exceptions import InvalidInput, PermissionDenied


@pytest.fixture
def product(seller):
    return ProductFactory(seller=seller, sku="LAMP-01")


@pytest.fixture
def gwd(db):
    return node("GWD-SZX")


def balance(seller, product, at):
    return StockBalance.objects.for_seller(seller).get(product=product, node=at)


def stocked(seller, product, at, quantity=10):
    ledger.receive(seller, product, at, quantity, cause_type="inbound", cause_ref="INB-1")
    return balance(seller, product, at)


def test_receive_then_reserve_then_ship(seller, product, gwd):
    stocked(seller, product, gwd, 10)
    ledger.reserve(seller, product, gwd, 4, cause_type="order", cause_ref="SO-1")
    b = balance(seller, product, gwd)
    assert (b.on_hand, b.reserved, b.available) == (10, 4, 6)
    ledger.ship(seller, product, gwd, 3, cause_type="order", cause_ref="SO-1")
    b = balance(seller, product, gwd)
    assert (b.on_hand, b.reserved, b.available) == (7, 1, 6)
    ledger.release(seller, product, gwd, 1, cause_type="order", cause_ref="SO-1")
    b = balance(seller, product, gwd)
    assert (b.on_hand, b.reserved, b.available) == (7, 0, 7)
    kinds = list(StockMovement.objects.for_seller(seller).order_by("id").values_list("kind", flat=True))
    assert kinds == ["receipt", "reservation", "shipment_out", "release"]


def test_reservation_beyond_available_is_refused_and_changes_nothing(seller, product, gwd):
    stocked(seller, product, gwd, 5)
    ledger.reserve(seller, product, gwd, 3, cause_type="order")
    with pytest.raises(InsufficientStock) as refused:
        ledger.reserve(seller, product, gwd, 3, cause_type="order", cause_ref="SO-2")
    assert refused.value.available == 2
    assert refused.value.requested == 3
    assert refused.value.fields == {"quantity": ["At most 2 (available at GWD-SZX)."]}
    b = balance(seller, product, gwd)
    assert (b.on_hand, b.reserved) == (5, 3)
    assert StockMovement.objects.for_seller(seller).filter(cause_ref="SO-2").count() == 0


def test_ring_fenced_buffer_is_kept_available(seller, product, gwd):
    stocked(seller, product, gwd, 10)
    with pytest.raises(InsufficientStock):
        ledger.reserve(seller, product, gwd, 8, cause_type="order", keep_available=3)
    ledger.reserve(seller, product, gwd, 7, cause_type="order", keep_available=3)
    assert balance(seller, product, gwd).available == 3


def test_same_cause_key_applies_once(seller, product, gwd):
    stocked(seller, product, gwd, 10)
    first = ledger.reserve(seller, product, gwd, 2, cause_type="order", cause_key="order:9:line:1")
    again = ledger.reserve(seller, product, gwd, 2, cause_type="order", cause_key="order:9:line:1")
    assert again.pk == first.pk
    assert balance(seller, product, gwd).reserved == 2


def test_ship_and_release_are_limited_to_reserved(seller, product, gwd):
    stocked(seller, product, gwd, 10)
    ledger.reserve(seller, product, gwd, 2, cause_type="order")
    with pytest.raises(InsufficientStock):
        ledger.ship(seller, product, gwd, 3, cause_type="order")
    with pytest.raises(InsufficientStock):
        ledger.release(seller, product, gwd, 3, cause_type="order")
    b = balance(seller, product, gwd)
    assert (b.on_hand, b.reserved) == (10, 2)


@pytest.mark.parametrize("quantity", [0, -1, 2.5, True])
def test_quantities_must_be_positive_whole_numbers(seller, product, gwd, quantity):
    with pytest.raises(InvalidInput) as refused:
        ledger.receive(seller, product, gwd, quantity, cause_type="inbound")
    assert "quantity" in refused.value.fields
    assert not StockMovement.objects.for_seller(seller).exists()


def test_another_sellers_product_is_refused(seller, other_seller, gwd):
    theirs = ProductFactory(seller=other_seller)
    with pytest.raises(InvalidInput):
        ledger.receive(seller, theirs, gwd, 1, cause_type="inbound")
    assert not StockMovement.objects.with_scopes_disabled().exists()


def test_adjustment_needs_reason_and_writer_role(seller, product, gwd, make_member):
    stocked(seller, product, gwd, 10)
    operator = make_member(seller, "operator")
    viewer = make_member(seller, "viewer")
    with pytest.raises(InvalidInput) as no_reason:
        ledger.adjust(seller, product, gwd, -2, reason="  ", actor=operator)
    assert "reason" in no_reason.value.fields
    with pytest.raises(PermissionDenied):
        ledger.adjust(seller, product, gwd, -2, reason="cycle count", actor=viewer)
    with pytest.raises(PermissionDenied):
        ledger.adjust(seller, product, gwd, -2, reason="cycle count", actor=None)
    assert balance(seller, product, gwd).on_hand == 10
    movement = ledger.adjust(seller, product, gwd, -2, reason="cycle count", actor=operator)
    assert (movement.kind, movement.on_hand_delta, movement.actor, movement.reason) == (
        "adjustment",
        -2,
        operator,
        "cycle count",
    )
    assert balance(seller, product, gwd).on_hand == 8


def test_member_of_another_seller_cannot_adjust(seller, other_seller, product, gwd, make_member):
    stocked(seller, product, gwd, 10)
    outsider = make_member(other_seller, "owner")
    with pytest.raises(PermissionDenied):
        ledger.adjust(seller, product, gwd, 5, reason="found a carton", actor=outsider)


def test_adjustment_cannot_take_reserved_units(seller, product, gwd, make_member):
    stocked(seller, product, gwd, 10)
    ledger.reserve(seller, product, gwd, 8, cause_type="order")
    with pytest.raises(InsufficientStock):
        ledger.adjust(seller, product, gwd, -3, reason="cycle count", actor=make_member(seller, "admin"))
    assert balance(seller, product, gwd).on_hand == 10


def test_transfer_moves_units_through_in_transit(seller, product, gwd):
    stocked(seller, product, gwd, 10)
    fc = node("FC-US")
    ledger.transfer_out(seller, product, gwd, 6, destination=fc, cause_key="transfer:1:out")
    assert balance(seller, product, gwd).on_hand == 4
    assert balance(seller, product, fc).in_transit == 6
    ledger.transfer_in(seller, product, fc, 6, cause_key="transfer:1:in")
    b = balance(seller, product, fc)
    assert (b.on_hand, b.in_transit) == (6, 0)


def test_inbound_announcement_is_consumed_by_the_receipt(seller, product, gwd):
    ledger.expect_inbound(seller, product, gwd, 50, cause_key="inbound:1:line:1")
    assert balance(seller, product, gwd).inbound == 50
    ledger.receive(seller, product, gwd, 60, cause_type="inbound", from_inbound=60)
    b = balance(seller, product, gwd)
    assert (b.on_hand, b.inbound) == (60, 0)


def test_damage_and_return(seller, product, gwd):
    stocked(seller, product, gwd, 10)
    with pytest.raises(InvalidInput):
        ledger.damage(seller, product, gwd, 1, reason="")
    ledger.damage(seller, product, gwd, 2, reason="crushed carton")
    ledger.return_(seller, product, gwd, 1, cause_ref="RMA-1")
    assert balance(seller, product, gwd).on_hand == 9


def test_movements_are_append_only(seller, product, gwd):
    movement = ledger.receive(seller, product, gwd, 3, cause_type="inbound")
    movement.quantity = 300
    with pytest.raises(ValueError, match="append-only"):
        movement.save()
    with pytest.raises(ValueError, match="append-only"):
        movement.delete()


def test_database_refuses_negative_stock_written_behind_the_ledger(seller, product, gwd):
    stocked(seller, product, gwd, 2)
    with pytest.raises(IntegrityError), transaction.atomic():
        StockBalance.objects.for_seller(seller).filter(product=product).update(reserved=5)
