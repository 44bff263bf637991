"""Writing the audit log of sensitive actions."""

from __future__ import annotations

from typing import Any

from portal.models import AuditEvent, Seller


def record_audit_event(
    *,
    seller: Seller | None,
    actor=None,
    action: str,
    summary: str = "",
    target: Any = None,
    api_key=None,
    ip_address: str | None = None,
    data: dict | None = None,
) -> AuditEvent:
    """Append one audit event. `target` is any model instance the action was about."""
    actor = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.with_scopes_disabled().create(
        seller=seller,
        actor=actor,
        actor_api_key=api_key,
        action=action,
        summary=summary[:300],
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        ip_address=ip_address,
        data=data or {},
    )


def client_ip(request) -> str | None:
    """The client's address as the proxy in front of us reports it, else the socket's."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None
