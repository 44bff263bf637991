"""The scopes an API key can carry. A key may call an endpoint only with its scope."""

from django.utils.translation import gettext_lazy as _

API_SCOPES = {
    "seller:read": _("Read the seller's profile and reference data"),
    "jobs:read": _("Read background jobs"),
    "listings:read": _("Read products, listings, translations, prices and reviews"),
    "listings:write": _("Create and change products, publish, import reviews"),
    "inventory:read": _("Read nodes, stock, movements, inbound shipments and sales"),
    "inventory:write": _("Create inbound shipments, receive stock, import sales"),
    "orders:read": _("Read channel orders"),
    "orders:write": _("Create and cancel channel orders"),
    "logistics:read": _("Read lanes, quotes and shipments"),
    "logistics:write": _("Request quotes, create shipments"),
    "tracking:write": _("Post tracking events"),
    "brands:read": _("Read brands and infringement cases"),
    "brands:write": _("Register brands and report infringements"),
    "webhooks:read": _("Read webhook endpoints and their delivery log"),
    "webhooks:write": _("Create, change and test webhook endpoints, redeliver messages"),
}
