"""The per-client limit of public Transparency scans, shared by the page and the endpoint."""

from __future__ import annotations

from portal.api.throttling import APIKeyRateThrottle


class TransparencyScanThrottle(APIKeyRateThrottle):
    """Counts scans per client address, signed in or not (a shopper has no key).

    The rate is `REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["transparency_scan"]`
    (TRANSPARENCY_SCAN_THROTTLE_RATE).
    """

    scope = "transparency_scan"

    def get_ident_key(self, request) -> str:
        return f"ip:{self.get_ident(request)}"


def scan_allowed(request) -> bool:
    """For the page: one more scan from this client within the limit?"""
    return TransparencyScanThrottle().allow_request(request, None)
