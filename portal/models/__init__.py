"""Tables of the portal: sellers and their members, marketplaces, jobs, API keys, audit."""

from portal.models.api_keys import APIKey
from portal.models.audit import AuditEvent
from portal.models.idempotency import IdempotencyRecord
from portal.models.jobs import JobRun
from portal.models.marketplaces import Marketplace
from portal.models.sellers import (
    ISO_CURRENCIES,
    MANAGER_ROLES,
    WRITER_ROLES,
    Invitation,
    Membership,
    Role,
    Seller,
    validate_currency,
)
from portal.models.webhooks import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint

__all__ = [
    "ISO_CURRENCIES",
    "MANAGER_ROLES",
    "WRITER_ROLES",
    "APIKey",
    "AuditEvent",
    "DeliveryStatus",
    "IdempotencyRecord",
    "Invitation",
    "JobRun",
    "Marketplace",
    "Membership",
    "Role",
    "Seller",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "validate_currency",
]
