"""The one escape hatch of tenancy: read across sellers, audited (see portal.tenancy)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django_scopes import scopes_disabled

from portal.services.audit import record_audit_event


@contextlib.contextmanager
def platform_scope(*, reason: str, actor=None) -> Iterator[None]:
    """The escape hatch: read across sellers, for platform jobs and operators.

    Every opening is recorded in the audit log with its reason, so cross-tenant reads
    are rare, named and reviewable.
    """
    if not reason:
        raise ValueError("platform_scope() needs a reason.")
    record_audit_event(
        seller=None,
        actor=actor,
        action="platform.scope_opened",
        summary=reason,
    )
    with scopes_disabled():
        yield
