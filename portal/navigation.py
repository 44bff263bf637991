"""The portal's navigation: each area of the main menu and the pages of its sub-navigation.

One list for every area, so every area's pages are reached the same way: base.html draws the
area's sub-navigation under the header (`{% section_nav %}`) with the current page marked,
and breadcrumbs (`{% breadcrumbs %}`) on pages below one of those pages (a shipment under
Shipments). A new page joins its area by adding its URL name here. The names are strings,
so the portal imports nothing from the apps above it; a name that does not resolve (a page
not installed) is left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str


# area (the URL namespace, or "settings") → (the area's name, its pages in menu order)
SECTIONS: dict[str, tuple[str, tuple[NavItem, ...]]] = {
    "listings": (
        _("Listings"),
        (
            NavItem("listings:index", _("Overview")),
            NavItem("listings:product_list", _("Catalogue")),
            NavItem("listings:publish", _("Publish")),
            NavItem("listings:matrix", _("Listing matrix")),
            NavItem("listings:compliance", _("Compliance")),
            NavItem("listings:pricing", _("Pricing")),
            NavItem("listings:translations", _("Translations")),
            NavItem("listings:glossary", _("Glossary")),
            NavItem("listings:storefront", _("Brand store")),
            NavItem("listings:reviews", _("Reviews")),
        ),
    ),
    "inventory": (
        _("Inventory"),
        (
            NavItem("inventory:index", _("Global pool")),
            NavItem("inventory:inbound_list", _("Inbound to the GWD")),
            NavItem("inventory:transfer_list", _("Transfers")),
            NavItem("inventory:journey_list", _("Journeys")),
            NavItem("inventory:reorder_list", _("Reorders")),
            NavItem("inventory:orders", _("Channel orders")),
            NavItem("inventory:channel_connections", _("Sales channels")),
            NavItem("inventory:sales_import", _("Sales import")),
            NavItem("inventory:mcf", _("Multi-channel outcomes")),
            NavItem("inventory:storage", _("Storage costs")),
        ),
    ),
    "logistics": (
        _("Logistics"),
        (
            NavItem("logistics:index", _("Overview")),
            NavItem("logistics:quote", _("Freight quote")),
            NavItem("logistics:shipments", _("Shipments")),
            NavItem("logistics:notices", _("Notices")),
        ),
    ),
    "settings": (
        _("Settings"),
        (
            NavItem("settings", _("Overview")),
            NavItem("members", _("Members")),
            NavItem("invitations", _("Invitations")),
            NavItem("api_keys", _("API keys")),
            NavItem("webhooks", _("Webhooks")),
            NavItem("audit_log", _("Audit log")),
            NavItem("seller_profile", _("Seller profile")),
        ),
    ),
    "jobs": (_("Jobs"), (NavItem("jobs", _("Jobs")),)),
}
SETTINGS_PREFIX = "/settings/"


@dataclass(frozen=True)
class NavLink:
    url: str
    label: str
    current: bool


def section_of(path: str, namespace: str) -> str:
    """The area a page belongs to: its URL namespace, or "settings"/"jobs" by path."""
    if namespace in SECTIONS:
        return namespace
    if path.startswith(SETTINGS_PREFIX):
        return "settings"
    if path.startswith("/jobs/"):
        return "jobs"
    return ""


def _links(section: str) -> list[tuple[str, str]]:
    links = []
    for item in SECTIONS[section][1]:
        try:
            links.append((reverse(item.url_name), str(item.label)))
        except NoReverseMatch:
            continue
    return links


def _current(path: str, links: list[tuple[str, str]]) -> str | None:
    # The page whose address is the longest start of the path: /logistics/shipments/7/
    # belongs to Shipments, /inventory/pool/3/ to the area's first page.
    matches = [url for url, _label in links if path.startswith(url)]
    return max(matches, key=len) if matches else None


def section_links(path: str, namespace: str) -> tuple[str, list[NavLink]]:
    """The area's name and its pages, the one the path is on marked current."""
    section = section_of(path, namespace)
    if not section:
        return "", []
    links = _links(section)
    current = _current(path, links)
    return str(SECTIONS[section][0]), [NavLink(url, label, url == current) for url, label in links]


def breadcrumb_links(path: str, namespace: str) -> list[NavLink]:
    """The trail to a page below one of its area's pages ([] on the area's pages themselves)."""
    name, links = section_links(path, namespace)
    current = next((link for link in links if link.current), None)
    if current is None or current.url == path:
        return []
    trail = [NavLink(links[0].url, name, False)]
    if current.url != links[0].url:
        trail.append(NavLink(current.url, current.label, False))
    return trail
