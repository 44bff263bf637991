"""Countries in the viewer's language, from Babel's data (CLDR): "DE" → "Germany" / "德国".

Reference data (marketplaces, lanes, shipments) stores ISO 3166 codes; pages show the name in
the active language instead of an English name kept in the database.
"""

from __future__ import annotations

from babel import Locale, UnknownLocaleError
from django.utils import translation

# Codes used in the trade that are not ISO 3166 alpha-2.
ALIASES = {"UK": "GB", "EL": "GR"}


def country_name(code: str, *, language: str | None = None) -> str:
    """The country's name in `language` (default: the active one); the code itself if unknown."""
    code = (code or "").upper()
    try:
        locale = Locale.parse(translation.to_locale(language or translation.get_language() or "en"))
    except (UnknownLocaleError, ValueError):
        locale = Locale("en")
    return locale.territories.get(ALIASES.get(code, code), code)
