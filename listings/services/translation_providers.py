"""Translation providers: a built-in offline one and an HTTP one for LibreTranslate servers.

A provider translates a list of text segments from one language to another and answers
a list of the same length: the translation of each segment, or None where it has none.

- `BuiltinProvider` works offline from the seller's translation memory (earlier approved
  translations, exact segment matches) and glossary (term substitution). It translates a
  segment only when the result is whole: a memory hit, or glossary terms that leave no
  source-script text behind (for Chinese) / that replaced at least one term (others).
- `LibreTranslateProvider` calls `POST {url}/translate` of a LibreTranslate-compatible
  server, wrapped by `provider_for` in the seller's glossary (`listings.services.glossary`:
  protected and forced terms pass the server as placeholders), with
  `{"q": [...], "source", "target", "format": "text", "api_key"}`.
  Failures raise `TranslationRefused` (400, 403: not worth retrying) or
  `TranslationUnavailable` (429, 5xx, time-outs, connection errors: retried by the job).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import httpx
from django.conf import settings

from listings.models import GlossaryTerm, TranslationMemoryEntry, TranslationSettings
from listings.models.localisation import text_digest
from listings.services.glossary import GlossaryBound
from portal.models import Seller

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Our language codes → the codes LibreTranslate servers use.
LIBRETRANSLATE_LANGUAGES = {"zh": "zh", "zh-hans": "zh", "pt": "pt", "nb": "nb"}


class TranslationError(Exception):
    """Base of provider failures; `status` is the HTTP status where there was one."""

    def __init__(self, message: str, *, status: int | None = None):
        self.status = status
        super().__init__(message)


class TranslationRefused(TranslationError):
    """The server refused the request (bad request, bad key): retrying will not help."""


class TranslationUnavailable(TranslationError, ConnectionError):
    """The server is busy, failing or unreachable: worth another attempt later.

    Derives ConnectionError so that job tasks retry it with backoff.
    """

    def __init__(self, message: str, *, status: int | None = None, retry_after: float | None = None):
        self.retry_after = retry_after
        super().__init__(message, status=status)


@dataclass
class BuiltinProvider:
    """Offline translation from the seller's memory and glossary (two queries per language pair)."""

    seller: Seller
    name: str = "builtin"

    def translate(self, texts: list[str], *, source: str, target: str) -> list[str | None]:
        digests = {text_digest(t): t for t in texts if t.strip()}
        memory = dict(
            TranslationMemoryEntry.objects.for_seller(self.seller)
            .filter(source_language=source, target_language=target, source_digest__in=list(digests))
            .values_list("source_digest", "target_text")
        )
        terms = sorted(
            GlossaryTerm.objects.for_seller(self.seller)
            .filter(source_language=source, target_language=target)
            .values_list("source_term", "target_term"),
            key=lambda pair: -len(pair[0]),  # longest first: "desk lamp" before "lamp"
        )
        return [self._one(text, source, memory, terms) for text in texts]

    @staticmethod
    def _one(text: str, source: str, memory: dict, terms: list[tuple[str, str]]) -> str | None:
        if not text.strip():
            return ""
        hit = memory.get(text_digest(text))
        if hit is not None:
            return hit
        result, replaced = text, 0
        for term, rendering in terms:
            if term.isascii():
                pattern, replacement = rf"(?<!\w){re.escape(term)}(?!\w)", rendering
            else:
                # Chinese has no spaces between words: a rendering laid in needs them.
                pattern, replacement = re.escape(term), f" {rendering} "
            result, n = re.subn(pattern, lambda _m, r=replacement: r, result, flags=re.IGNORECASE)
            # A term kept as written (a brand name) translates nothing by itself.
            replaced += n if rendering.casefold() != term.casefold() else 0
        if not replaced:
            return None
        if source == "zh":
            if CJK.search(result):
                return None
            result = re.sub(r"\s+", " ", result).strip()
        return result


@dataclass
class LibreTranslateProvider:
    """A LibreTranslate-compatible HTTP server."""

    url: str
    api_key: str = ""
    timeout: float = 20.0
    name: str = "libretranslate"
    transport: httpx.BaseTransport | None = None

    def translate(self, texts: list[str], *, source: str, target: str) -> list[str | None]:
        if not texts:
            return []
        payload = {
            "q": texts,
            "source": LIBRETRANSLATE_LANGUAGES.get(source, source),
            "target": LIBRETRANSLATE_LANGUAGES.get(target, target),
            "format": "text",
        }
        if self.api_key:
            payload["api_key"] = self.api_key
        endpoint = self.url.rstrip("/") + "/translate"
        try:
            with httpx.Client(timeout=self.timeout, transport=self.transport) as client:
                response = client.post(endpoint, json=payload, headers={"Accept": "application/json"})
        except httpx.TimeoutException as exc:
            raise TranslationUnavailable(
                f"The translation server did not answer within {self.timeout:g} s."
            ) from exc
        except httpx.TransportError as exc:
            raise TranslationUnavailable(f"Cannot reach the translation server: {exc}.") from exc
        return self._parse(response, expected=len(texts))

    @staticmethod
    def _error_text(response: httpx.Response) -> str:
        try:
            body = response.json()
        except ValueError:
            return response.text[:200] or response.reason_phrase
        if isinstance(body, dict) and body.get("error"):
            return str(body["error"])
        return response.reason_phrase

    def _parse(self, response: httpx.Response, *, expected: int) -> list[str | None]:
        status = response.status_code
        if status == 429:
            retry_after = response.headers.get("Retry-After")
            raise TranslationUnavailable(
                f"The translation server is rate-limiting requests: {self._error_text(response)}",
                status=status,
                retry_after=float(retry_after) if retry_after and retry_after.isdigit() else None,
            )
        if status >= 500:
            raise TranslationUnavailable(
                f"The translation server failed ({status}): {self._error_text(response)}", status=status
            )
        if status == 403:
            raise TranslationRefused(
                f"The translation server refused the API key: {self._error_text(response)}", status=status
            )
        if status >= 400:
            raise TranslationRefused(
                f"The translation server rejected the request ({status}): {self._error_text(response)}",
                status=status,
            )
        try:
            body = response.json()
        except ValueError as exc:
            raise TranslationUnavailable(
                "The translation server answered something that is not JSON."
            ) from exc
        translated = body.get("translatedText") if isinstance(body, dict) else None
        if isinstance(translated, str) and expected == 1:
            translated = [translated]
        if not isinstance(translated, list) or len(translated) != expected:
            raise TranslationUnavailable(
                f"The translation server answered {type(translated).__name__} "
                f"where {expected} texts were due."
            )
        return [t if isinstance(t, str) else None for t in translated]


def provider_for(seller: Seller):
    """The seller's provider: its own settings, else the site's server, else the built-in one.

    Every provider applies the seller's glossary: a server through `GlossaryBound`.
    """
    config = TranslationSettings.objects.for_seller(seller).first()
    if config is not None and config.provider == TranslationSettings.Provider.LIBRETRANSLATE:
        url = config.server_url or settings.TRANSLATION_SERVER_URL
        if url:
            server = LibreTranslateProvider(
                url=url,
                api_key=config.api_key or settings.TRANSLATION_SERVER_API_KEY,
                timeout=settings.TRANSLATION_HTTP_TIMEOUT_SECONDS,
            )
            return GlossaryBound(server, seller)
    if config is None and settings.TRANSLATION_SERVER_URL:
        server = LibreTranslateProvider(
            url=settings.TRANSLATION_SERVER_URL,
            api_key=settings.TRANSLATION_SERVER_API_KEY,
            timeout=settings.TRANSLATION_HTTP_TIMEOUT_SECONDS,
        )
        return GlossaryBound(server, seller)
    # The built-in provider applies the glossary itself (it translates by the glossary).
    return BuiltinProvider(seller=seller)
