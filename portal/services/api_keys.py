"""API keys: issued once, stored as a hash, revocable, with scopes and last-used time."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from portal.api.scopes import API_SCOPES
from portal.exceptions import InvalidInput
from portal.models import APIKey, Seller
from portal.services.audit import record_audit_event

KEY_PREFIX_BYTES = 6
NAME_MAX_LENGTH = APIKey._meta.get_field("name").max_length
KEY_SECRET_BYTES = 32
# Writing last_used_at on every request would make every API call a write; a minute's
# precision is what an owner needs to see whether a key is still in use.
LAST_USED_PRECISION = timedelta(minutes=1)


def hash_key(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


def validate_scopes(scopes: list[str]) -> list[str]:
    """The scopes, deduplicated and sorted. Raises InvalidInput naming the unknown ones."""
    unknown = sorted(set(scopes) - set(API_SCOPES))
    if unknown:
        raise InvalidInput(
            fields={
                "scopes": [
                    _("Unknown scope(s): %(unknown)s. Allowed: %(allowed)s.")
                    % {"unknown": ", ".join(unknown), "allowed": ", ".join(API_SCOPES)}
                ]
            }
        )
    if not scopes:
        raise InvalidInput(fields={"scopes": [_("Choose at least one scope.")]})
    return sorted(set(scopes))


@transaction.atomic
def create_api_key(
    *,
    seller: Seller,
    name: str,
    scopes: list[str],
    created_by=None,
    ip_address: str | None = None,
    via: str = "page",
) -> tuple[APIKey, str]:
    """Create a key and return it with the raw key, which is never stored or shown again.

    Only the SHA-256 of the raw key is kept. Raises InvalidInput for an empty or too long
    name and for unknown scopes. `via` says where it was created (page, command) for the audit log.
    """
    name = (name or "").strip()
    if not name:
        raise InvalidInput(fields={"name": [_("Give the key a name, for example the partner's.")]})
    if len(name) > NAME_MAX_LENGTH:
        raise InvalidInput(fields={"name": [_("Use at most %(max)d characters.") % {"max": NAME_MAX_LENGTH}]})
    scopes = validate_scopes(list(scopes))
    prefix = secrets.token_hex(KEY_PREFIX_BYTES)
    raw_key = f"nggs_{prefix}.{secrets.token_urlsafe(KEY_SECRET_BYTES)}"
    key = APIKey.objects.for_seller(seller).create(
        seller=seller,
        name=name,
        prefix=prefix,
        key_hash=hash_key(raw_key),
        scopes=scopes,
        created_by=created_by,
    )
    record_audit_event(
        seller=seller,
        actor=created_by,
        action="api_key.created",
        summary=f"{name} ({', '.join(scopes)})",
        target=key,
        ip_address=ip_address,
        data={"prefix": prefix, "scopes": scopes, "via": via},
    )
    return key, raw_key


@transaction.atomic
def revoke_api_key(*, seller: Seller, key_id: int, revoked_by=None, ip_address: str | None = None) -> APIKey:
    """Revoke one of the seller's keys; revoking a revoked key changes nothing.

    Raises APIKey.DoesNotExist for a key that is missing or another seller's.
    """
    key = APIKey.objects.for_seller(seller).select_for_update().get(pk=key_id)
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        record_audit_event(
            seller=seller,
            actor=revoked_by,
            action="api_key.revoked",
            summary=key.name,
            target=key,
            ip_address=ip_address,
            data={"prefix": key.prefix},
        )
    return key


def authenticate_api_key(raw_key: str) -> APIKey | None:
    """The active key this raw key proves, or None. Marks the key as used.

    This is the one place that looks keys up across sellers: the key itself names
    its seller.
    """
    if not raw_key.startswith("nggs_") or "." not in raw_key:
        return None
    prefix = raw_key[len("nggs_") :].split(".", 1)[0]
    with scopes_disabled():
        key = APIKey.objects.select_related("seller").filter(prefix=prefix).first()
        if key is None or not hmac.compare_digest(key.key_hash, hash_key(raw_key)):
            return None
        if key.revoked_at is not None or not key.seller.is_active:
            return None
        now = timezone.now()
        if key.last_used_at is None or key.last_used_at < now - LAST_USED_PRECISION:
            # Conditional: of concurrent first calls in a minute, one writes.
            stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_PRECISION)
            APIKey.objects.filter(stale, pk=key.pk).update(last_used_at=now)
            key.last_used_at = now
    return key
