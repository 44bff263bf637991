"""Where a page may send the browser after a form: only to the portal's own paths.

`next=` comes from the request, so anyone can write a link whose `next` points elsewhere
(`https://evil.example`, `//evil.example`, `/\\evil.example`); following it would make the
portal an open redirect. Only a path on this site, with no scheme or host, is kept.
"""

from __future__ import annotations

from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def own_path(target: str | None) -> str | None:
    """`target` when it is a path of this site ("/listings/?page=2"), else None."""
    target = (target or "").strip()
    if not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=set()):
        return None
    return target


def safe_next_url(request, fallback: str, *args, **kwargs) -> str:
    """The request's `next` (form field, then query) when it is one of the portal's own
    paths; otherwise `fallback` (a URL name resolved with `args`/`kwargs`, or a path)."""
    for candidate in (request.POST.get("next"), request.GET.get("next")):
        if (path := own_path(candidate)) is not None:
            return path
    return resolve_url(fallback, *args, **kwargs)
