"""Secrets the portal must read back, stored encrypted (Fernet: AES-128-CBC with HMAC-SHA256).

Webhook signing secrets and shops' access tokens cannot be hashed like API keys: the
portal needs them in clear to sign a message or call a shop. They are encrypted with the
keys of settings.FIELD_ENCRYPTION_KEYS (the first encrypts, every one decrypts, so a key
is rotated by putting the new one first). Outside production a key derived from
SECRET_KEY is used when none is set.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

__all__ = ["InvalidToken", "decrypt", "encrypt"]


def _fernet() -> MultiFernet:
    keys = list(settings.FIELD_ENCRYPTION_KEYS)
    if not keys:
        derived = hashlib.sha256(f"field-encryption:{settings.SECRET_KEY}".encode()).digest()
        keys = [base64.urlsafe_b64encode(derived).decode()]
    return MultiFernet([Fernet(key) for key in keys])


def encrypt(plain: str) -> str:
    """The Fernet token of `plain` (text, safe to store)."""
    return _fernet().encrypt(plain.encode()).decode("ascii")


def decrypt(token: str) -> str:
    """The text of a token made by `encrypt`. Raises InvalidToken for a token no key opens."""
    return _fernet().decrypt(token.encode("ascii")).decode()
