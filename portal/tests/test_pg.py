"""Bulk inserts with binary arrays on PostgreSQL (`portal.pg.insert_rows`)."""

from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, transaction

from portal.models import IdempotencyRecord
from portal.pg import insert_rows
from portal.tenancy import seller_scope


def _record(seller, key, **values):
    defaults = {
        "method": "POST",
        "path": "/api/v1/things/",
        "body_hash": "a" * 64,
        "status_code": 201,
        "response_body": {"id": 7, "names": ["é", 'quote " and \\ backslash', None]},
        "created_at": datetime(2026, 3, 1, 12, 30, tzinfo=UTC),
    }
    return IdempotencyRecord(seller=seller, key=key, **{**defaults, **values})


def test_every_column_arrives_as_given_and_the_statement_is_counted(
    require_postgres, seller, django_assert_num_queries
):
    rows = [_record(seller, f"k{i}") for i in range(3)]
    rows.append(_record(seller, "empty", status_code=None, response_body=None, path="/a,{b}"))

    with django_assert_num_queries(2):  # batches of 2: two statements, seen like any query
        insert_rows(IdempotencyRecord, rows, batch_size=2)

    with seller_scope(seller):
        stored = {r.key: r for r in IdempotencyRecord.objects.for_seller(seller)}
    assert set(stored) == {"k0", "k1", "k2", "empty"}
    assert stored["k1"].response_body == {"id": 7, "names": ["é", 'quote " and \\ backslash', None]}
    assert stored["k1"].status_code == 201
    assert stored["k1"].created_at == datetime(2026, 3, 1, 12, 30, tzinfo=UTC)
    assert stored["empty"].status_code is None
    assert stored["empty"].response_body is None
    assert stored["empty"].path == "/a,{b}"


def test_a_conflict_raises_unless_asked_to_update_and_then_only_the_named_fields_change(
    require_postgres, seller
):
    insert_rows(IdempotencyRecord, [_record(seller, "same")])

    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(IdempotencyRecord, [_record(seller, "same", body_hash="b" * 64)])

    insert_rows(
        IdempotencyRecord,
        [_record(seller, "same", body_hash="c" * 64, status_code=409, response_body={"code": "x"})],
        unique_fields=["seller", "key", "method", "path"],
        update_fields=["status_code", "response_body"],
    )
    with seller_scope(seller):
        (stored,) = IdempotencyRecord.objects.for_seller(seller).filter(key="same")
    assert (stored.status_code, stored.response_body) == (409, {"code": "x"})
    assert stored.body_hash == "a" * 64  # not among the fields to update
