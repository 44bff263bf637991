"""Formatting for the logistics pages: money through Babel in the viewer's locale, weights, percents."""

from decimal import Decimal

from babel.numbers import format_currency, format_decimal, format_percent
from django import template
from django.utils import translation

register = template.Library()


def _locale() -> str:
    return translation.to_locale(translation.get_language() or "en")


@register.simple_tag
def money(amount, currency: str) -> str:
    """`{% money amount currency %}` → "US$1,234.50" / "US$1,234.50" per locale; "—" for None."""
    if amount is None:
        return "—"
    return format_currency(Decimal(amount), currency, locale=_locale())


@register.filter
def number(value, places: int = 2) -> str:
    if value is None:
        return "—"
    return format_decimal(
        Decimal(value), format=f"#,##0.{'0' * int(places)}" if places else "#,##0", locale=_locale()
    )


@register.filter
def percent(value) -> str:
    if value is None:
        return "—"
    return format_percent(Decimal(value), format="#,##0.##%", locale=_locale())


@register.filter
def kg(grams) -> str:
    """Grams shown as kilograms with three decimals."""
    if grams is None:
        return "—"
    return format_decimal(Decimal(grams) / 1000, format="#,##0.000", locale=_locale())


@register.filter
def lane_name(lane) -> str:
    """A lane as the seller reads it: program, mode and service level, each word once
    ("SEND Express" rather than "SEND Express Express", "AGL Air standard")."""
    if lane is None:
        return "—"
    words: list[str] = []
    for part in (lane.program.code, str(lane.get_mode_display()), lane.service_level):
        for word in str(part or "").split():
            if word.lower() not in {w.lower() for w in words}:
                words.append(word)
    return " ".join(words)
