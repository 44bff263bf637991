"""Numbers, money, percentages and dates in the viewer's language, through Babel.

`{% load formatting %}` then `{{ pool.available|number }}` → "4,499" (en) / "4,499" (zh);
`{% money amount currency %}` → "US$1,234.50" / "AED 112.99" (the symbol once, no code after
it); `{{ rate|percent }}` for a fraction (0.3 → "30%"); `{{ when|local_date }}` and
`{{ when|local_datetime }}` in the active time zone, one medium format everywhere.
None prints "—" so an unknown figure never reads as zero.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from babel.dates import format_date, format_time
from babel.numbers import format_currency, format_decimal, format_percent
from django import template
from django.utils import timezone, translation

register = template.Library()
MISSING = "—"


def current_locale() -> str:
    """The Babel locale of the active language ("en", "zh_Hans")."""
    return translation.to_locale(translation.get_language() or "en")


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def number(value, places=0) -> str:
    """A figure with the locale's grouping; `places` decimals (0 for counts)."""
    amount = _decimal(value)
    if amount is None:
        return MISSING
    places = int(places)
    pattern = f"#,##0.{'0' * places}" if places else "#,##0"
    return format_decimal(amount, format=pattern, locale=current_locale())


@register.simple_tag
def money(amount, currency: str) -> str:
    """An amount with its currency's symbol and decimals (JPY none), once."""
    value = _decimal(amount)
    if value is None or not currency:
        return MISSING
    return format_currency(value, currency, locale=current_locale())


@register.filter
def percent(value, places=1) -> str:
    """A fraction as a percentage: 0.3 → "30%", 0.1234 → "12.3%"."""
    fraction = _decimal(value)
    if fraction is None:
        return MISSING
    pattern = f"#,##0.{'#' * int(places)}%" if int(places) else "#,##0%"
    return format_percent(fraction, format=pattern, locale=current_locale())


def _aware(value):
    if isinstance(value, datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    return value


@register.filter
def local_date(value) -> str:
    """A date (or a moment's date in the active time zone): "4 Dec 2026" / "2026年12月4日"."""
    if not isinstance(value, date):
        return MISSING
    return format_date(_aware(value), format="medium", locale=current_locale())


@register.filter
def local_datetime(value) -> str:
    """A moment in the active time zone: "4 Dec 2026, 14:30" / "2026年12月4日 14:30"."""
    if not isinstance(value, datetime):
        return local_date(value)
    moment = _aware(value)
    locale = current_locale()
    day = format_date(moment, format="medium", locale=locale)
    return f"{day} {format_time(moment, format='short', locale=locale)}"


@register.filter
def index(sequence, position):
    """The item at `position` of a list (for tables built from parallel lists)."""
    try:
        return sequence[int(position)]
    except (IndexError, TypeError, ValueError):
        return None


@register.filter
def chart_value(value, unit: str = "") -> str:
    """A chart's figure as its table fallback shows it: money, percent or a grouped number."""
    if value is None:
        return MISSING
    if len(unit) == 3 and unit.isalpha() and unit.isupper():
        return money(value, unit)
    if unit == "%":
        return percent(Decimal(str(value)) / 100)
    places = 0 if float(value).is_integer() else 2
    text = number(value, places)
    return f"{text} {unit}" if unit else text


@register.filter
def country(code) -> str:
    """An ISO country code as the country's name in the viewer's language: "DE" → "Germany" / "德国"."""
    from portal.countries import country_name

    return country_name(str(code or ""))


@register.filter
def language_tag(locale) -> str:
    """A locale as an HTML `lang` value: "en_AE" → "en-AE"."""
    return str(locale or "").replace("_", "-")
