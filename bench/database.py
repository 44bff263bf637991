"""A throw-away PostgreSQL database for one benchmark, migrated like production."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections


@contextlib.contextmanager
def bench_database() -> Iterator[str]:
    """Create `<db>_bench`, point the default connection at it, migrate; drop it after."""
    base = settings.DATABASES["default"]["NAME"]
    name = f"{base}_bench"
    connection.ensure_connection()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connections.close_all()
    settings.DATABASES["default"]["NAME"] = name
    try:
        call_command("migrate", verbosity=0, interactive=False)
        yield name
    finally:
        connections.close_all()
        settings.DATABASES["default"]["NAME"] = base
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
