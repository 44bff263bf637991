"""The marketplace readiness check: the demo job a seller can start from the jobs page.

It checks the reference data every listing depends on, one marketplace per step, with
Babel's CLDR data: the currency is a real ISO 4217 currency in use in the marketplace's
country, every locale is known, the time zone exists, the VAT/GST rate is plausible; and
it formats a sample price per locale as shoppers there will see it (rounded to the
currency's minor unit, VAT included where prices include it).

It is a demonstration job, so each step pauses briefly (`pause_seconds`, default
settings.DEMO_JOB_STEP_SECONDS) to keep the progress bar visible for a few seconds.
"""

from __future__ import annotations

import time
import zoneinfo
from decimal import ROUND_HALF_UP, Decimal

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, get_currency_precision, get_territory_currencies, list_currencies
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.jobs import register_job_kind, register_job_result
from portal.models import JobRun, Marketplace, Seller
from portal.services.jobs import JobProgress, start_job

KIND = register_job_kind(
    "portal.marketplace_readiness",
    _("Marketplace readiness check"),
    task="portal.tasks.check_marketplace_readiness",
)
register_job_result(KIND, "portal/job_results/readiness.html")

# The net price formatted in every marketplace's currency: big enough to show grouping.
SAMPLE_NET_PRICE = Decimal("1234.50")
# Above this a VAT/GST rate is surely a typo (the highest standard rate in the world is 27%).
MAX_PLAUSIBLE_VAT = Decimal("0.30")
# Marketplace codes that are not the ISO 3166 code of their country.
ISO_TERRITORY = {"UK": "GB"}
# What each problem code means, for the page (the summary stores codes and facts only).
PROBLEMS = {
    "unknown_currency": _("is not an ISO 4217 currency"),
    "not_used_in_country": _("is not a legal tender of the marketplace's country"),
    "unknown_locale": _("is not a locale known to CLDR"),
    "other_country": _("belongs to another country than the marketplace"),
    "unknown_timezone": _("is not an IANA time zone"),
    "implausible_vat": _("is outside 0 to 0.30, the range of standard VAT/GST rates"),
}


def start_marketplace_readiness_check(*, seller: Seller, started_by=None) -> JobRun:
    """Queue a readiness check of every active marketplace for this seller."""
    total = Marketplace.objects.filter(is_active=True).count()
    return start_job(
        seller=seller,
        kind=KIND,
        started_by=started_by,
        total=total,
        params={"pause_seconds": settings.DEMO_JOB_STEP_SECONDS},
    )


def check_marketplace(marketplace: Marketplace) -> dict:
    """Check one marketplace; returns its problems (field, value, code) and sample prices."""
    problems: list[dict] = []
    currency = marketplace.currency
    territory = ISO_TERRITORY.get(marketplace.code, marketplace.code)
    if currency not in list_currencies():
        problems.append({"field": "currency", "value": currency, "code": "unknown_currency"})
    elif currency not in get_territory_currencies(territory, tender=True):
        problems.append({"field": "currency", "value": currency, "code": "not_used_in_country"})
    locales = []
    for name in marketplace.locales:
        try:
            locales.append(Locale.parse(name))
        except (ValueError, UnknownLocaleError):
            problems.append({"field": "locale", "value": name, "code": "unknown_locale"})
    if locales and locales[0].territory != territory:
        problems.append({"field": "default_locale", "value": str(locales[0]), "code": "other_country"})
    try:
        zoneinfo.ZoneInfo(marketplace.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        problems.append({"field": "timezone", "value": marketplace.timezone, "code": "unknown_timezone"})
    if not Decimal("0") <= marketplace.vat_rate <= MAX_PLAUSIBLE_VAT:
        problems.append({"field": "vat_rate", "value": str(marketplace.vat_rate), "code": "implausible_vat"})

    samples = []
    if not any(p["field"] == "currency" and p["code"] == "unknown_currency" for p in problems):
        gross = (
            SAMPLE_NET_PRICE * (1 + marketplace.vat_rate)
            if marketplace.prices_include_vat
            else SAMPLE_NET_PRICE
        )
        minor_unit = Decimal(1).scaleb(-get_currency_precision(currency))
        gross = gross.quantize(minor_unit, rounding=ROUND_HALF_UP)
        for locale in locales:
            samples.append(
                {
                    "locale": str(locale),
                    "language_tag": str(locale).replace("_", "-"),
                    "amount": str(gross),
                    "formatted": format_currency(gross, currency, locale=locale),
                }
            )
    return {
        "marketplace": marketplace.code,
        "currency": currency,
        "vat_rate": str(marketplace.vat_rate),
        "ready": not problems,
        "problems": problems,
        "samples": samples,
    }


def marketplace_readiness_work(job: JobRun, progress: JobProgress) -> dict:
    """The job's work: check each active marketplace in code order, one progress step each."""
    pause = float(job.params.get("pause_seconds", settings.DEMO_JOB_STEP_SECONDS))
    marketplaces = list(Marketplace.objects.filter(is_active=True).order_by("code"))
    progress.set_total(len(marketplaces))
    results = []
    for marketplace in marketplaces:
        results.append(check_marketplace(marketplace))
        if pause:
            time.sleep(pause)
        progress.advance()
    return {
        "checked": len(results),
        "ready": sum(1 for r in results if r["ready"]),
        "marketplaces": results,
    }
