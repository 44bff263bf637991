"""Requests to addresses a seller typed in (webhook endpoints), guarded against SSRF.

A seller's URL must not make the portal's workers call into the platform's own network
(a database, the cloud's metadata service at 169.254.169.254, an admin port on
localhost). So, for every request:

1. the host is resolved here (`socket.getaddrinfo`), and EVERY address it resolves to
   must be global: no private, loopback, link-local, shared (CGNAT), multicast, reserved
   or unspecified address, IPv4-mapped IPv6 addresses judged as the IPv4 address;
2. the connection goes to the address that was checked (the URL's host is replaced by
   it; `Host` and the TLS server name stay the original name, so certificates are still
   verified for it) — a second DNS answer (rebinding) cannot change where we connect;
3. redirects are never followed (a 3xx is an answer like any other), and proxies from
   the environment are ignored (a proxy would do its own, unchecked, resolution).

`settings.WEBHOOK_ALLOW_LOOPBACK` lets loopback through for the tests and the benchmark,
which run their receiver on 127.0.0.1; production settings never set it.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from dataclasses import dataclass

import httpx
from django.conf import settings

# How much of an answer is read and kept: enough to show a receiver's error message.
MAX_ANSWER_BYTES = 2048
_CLIENTS_MAX = 128


class AddressRefused(Exception):
    """The URL's host is, or resolves to, an address the portal must not call."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def address_is_allowed(address: IPAddress) -> bool:
    """True for a public unicast address (or loopback when the tests allow it)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback and settings.WEBHOOK_ALLOW_LOOPBACK:
        return True
    return address.is_global and not address.is_multicast


def resolve_checked(host: str, port: int) -> list[IPAddress]:
    """Every address `host` resolves to, each one checked. Raises AddressRefused."""
    try:
        addresses = [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise AddressRefused(f"The host {host} could not be resolved ({exc}).") from exc
        addresses = []
        for info in infos:
            address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
            if address not in addresses:
                addresses.append(address)
    if not addresses:
        raise AddressRefused(f"The host {host} has no address.")
    for address in addresses:
        if not address_is_allowed(address):
            raise AddressRefused(
                f"{host} resolves to {address}, a private, loopback, link-local or otherwise "
                "non-public address; webhooks go only to public addresses."
            )
    return addresses


def _parse(url: str, *, require_https: bool) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise ValueError(str(exc)) from exc
    allowed = ("https",) if require_https else ("https", "http")
    if parsed.scheme not in allowed:
        raise ValueError("Use an https:// URL." if require_https else "Use an http:// or https:// URL.")
    if not parsed.host:
        raise ValueError("The URL has no host.")
    if parsed.userinfo:
        raise ValueError("Leave user names and passwords out of the URL.")
    return parsed


def _port(parsed: httpx.URL) -> int:
    return parsed.port or (443 if parsed.scheme == "https" else 80)


def check_url(url: str, *, require_https: bool) -> httpx.URL:
    """The parsed URL if the portal may call it. Raises AddressRefused or ValueError (bad URL)."""
    parsed = _parse(url, require_https=require_https)
    resolve_checked(parsed.host, _port(parsed))
    return parsed


@dataclass(frozen=True)
class Answer:
    status_code: int
    excerpt: str


_clients: dict[str, httpx.Client] = {}
_clients_lock = threading.Lock()


def _client_for(host: str, timeout: float) -> httpx.Client:
    # One client (one connection pool) per host name: a kept-alive TLS connection was
    # verified for one name and is never reused for another name on the same address.
    with _clients_lock:
        client = _clients.get(host)
        if client is None:
            if len(_clients) >= _CLIENTS_MAX:
                for old in _clients.values():
                    old.close()
                _clients.clear()
            client = httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False)
            _clients[host] = client
        return client


def post_guarded(url: str, *, content: bytes, headers: dict[str, str], timeout: float) -> Answer:
    """POST `content` to `url` through the guard; the answer's status and start of its body.

    Raises AddressRefused (nothing was sent), ValueError (bad URL) or httpx.HTTPError
    (no answer: refused connection, time-out, TLS failure).
    """
    parsed = _parse(url, require_https=settings.WEBHOOK_REQUIRE_HTTPS)
    address = resolve_checked(parsed.host, _port(parsed))[0]
    target = parsed.copy_with(host=str(address))
    sent_headers = {**headers, "Host": parsed.netloc.decode("ascii")}
    client = _client_for(parsed.host, timeout)
    with client.stream(
        "POST",
        target,
        content=content,
        headers=sent_headers,
        extensions={"sni_hostname": parsed.host},
    ) as response:
        body = b""
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) >= MAX_ANSWER_BYTES:
                break
    return Answer(
        status_code=response.status_code, excerpt=body[:MAX_ANSWER_BYTES].decode("utf-8", "replace")
    )
