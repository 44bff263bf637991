"""Throttling per API key (and per user for session calls, per address otherwise).

A fixed-window counter in the cache (Redis when REDIS_URL is set, so every web process
shares it): one atomic `add`/`incr` per request, instead of DRF's default history of
timestamps that is read and rewritten whole on every call. The price is that a client
may send up to twice the rate across a window boundary, which the limit tolerates.
The rate is `REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api_key"]` (API_THROTTLE_RATE).
"""

from __future__ import annotations

import math
import time

from django.core.cache import cache
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from portal.models import APIKey


class APIKeyRateThrottle(BaseThrottle):
    scope = "api_key"

    def __init__(self):
        self._wait: float | None = None

    def get_ident_key(self, request) -> str:
        if isinstance(request.auth, APIKey):
            return f"key:{request.auth.pk}"
        if request.user and request.user.is_authenticated:
            return f"user:{request.user.pk}"
        return f"ip:{self.get_ident(request)}"

    def allow_request(self, request, view) -> bool:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        if not rate:
            return True
        limit, duration = SimpleRateThrottle.parse_rate(None, rate)
        now = time.time()
        window = int(now // duration)
        cache_key = f"throttle:{self.scope}:{self.get_ident_key(request)}:{window}"
        if cache.add(cache_key, 1, timeout=duration + 1):
            count = 1
        else:
            try:
                count = cache.incr(cache_key)
            except ValueError:  # the window's counter expired between add and incr
                cache.add(cache_key, 1, timeout=duration + 1)
                count = 1
        if count <= limit:
            return True
        self._wait = (window + 1) * duration - now
        return False

    def wait(self) -> float | None:
        return math.ceil(self._wait) if self._wait is not None else None
