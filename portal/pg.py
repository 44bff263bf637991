"""Bulk writes on PostgreSQL with array parameters in PostgreSQL's binary format.

Django's `bulk_create` binds each column of a large insert as one array whose values are
quoted and escaped in Python (client-side binding): for tens of thousands of rows that
costs more than the database's own work. `insert_rows` binds the same arrays on the server
(`%b`), in binary, and inserts them with one `INSERT … SELECT FROM unnest(…)` per batch.

PostgreSQL only; callers keep `bulk_create` for other databases. The rows are written as
given: the caller passes model instances of its own seller (no manager is involved).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.db import connection, models


def execute_binary(sql: str, params: Sequence[Any]) -> list[tuple]:
    """Run `sql` on Django's connection (in its transaction) with server-side binding;
    parameters written `%b` travel in binary, and so do the rows answered.

    The cursor is wrapped like Django's own: errors are Django's (IntegrityError …), and
    the statement is counted and logged like any other (execute wrappers, query counts).
    """
    import psycopg

    connection.ensure_connection()
    raw = psycopg.Cursor(connection.connection)
    raw.format = psycopg.pq.Format.BINARY
    with connection._prepare_cursor(raw) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def _value(field: models.Field, obj: models.Model) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return field.pre_save(obj, add=True)
    return getattr(obj, field.attname)


def insert_rows(
    model: type[models.Model],
    objs: Sequence[models.Model],
    *,
    batch_size: int | None = None,
    unique_fields: Sequence[str] = (),
    update_fields: Sequence[str] = (),
) -> None:
    """Insert `objs` (all concrete fields but the primary key) with one statement per batch.

    With `unique_fields` and `update_fields`, a row that conflicts on the unique fields
    updates those fields instead (`ON CONFLICT … DO UPDATE`), like `bulk_create(...,
    update_conflicts=True)`. Without them a conflict raises IntegrityError.
    """
    if connection.vendor != "postgresql":
        raise NotImplementedError("insert_rows writes on PostgreSQL only; use bulk_create elsewhere.")
    if not objs:
        return
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    arrays, selects = [], []
    for i, field in enumerate(fields):
        is_json = isinstance(field, models.JSONField)
        # JSON travels as text and is cast per value: a jsonb[] literal is no simpler.
        arrays.append(f"%b::{'text' if is_json else field.db_type(connection)}[]")
        selects.append(f"c{i}::jsonb" if is_json else f"c{i}")
    names = ", ".join(f"c{i}" for i in range(len(fields)))
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"SELECT {', '.join(selects)} FROM unnest({', '.join(arrays)}) AS t({names})"
    )
    if unique_fields and update_fields:
        columns = [meta.get_field(name).column for name in unique_fields]
        updates = [meta.get_field(name).column for name in update_fields]
        sql += f" ON CONFLICT ({', '.join(quote(c) for c in columns)}) DO UPDATE SET " + ", ".join(
            f"{quote(c)} = EXCLUDED.{quote(c)}" for c in updates
        )
    step = batch_size or len(objs)
    for start in range(0, len(objs), step):
        batch = objs[start : start + step]
        params = []
        for field in fields:
            values = [_value(field, obj) for obj in batch]
            if isinstance(field, models.JSONField):
                values = [None if v is None else json.dumps(v, cls=field.encoder) for v in values]
            params.append(values)
        execute_binary(sql, params)
