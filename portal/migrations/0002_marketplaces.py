"""Loads the 23 marketplaces. Operators edit them in the admin afterwards."""

from decimal import Decimal

from django.db import migrations

# code, name, domain, currency, default locale, other locales, region, VAT/GST rate,
# prices include VAT, FC region, remote fulfilment, time zone
MARKETPLACES = [
    ("US", "United States", "amazon.com", "USD", "en_US", ["es_US"], "NA", "0", False, "US", False, "America/Los_Angeles"),
    ("CA", "Canada", "amazon.ca", "CAD", "en_CA", ["fr_CA"], "NA", "0.05", False, "US", True, "America/Toronto"),
    ("MX", "Mexico", "amazon.com.mx", "MXN", "es_MX", [], "NA", "0.16", True, "US", True, "America/Mexico_City"),
    ("BR", "Brazil", "amazon.com.br", "BRL", "pt_BR", [], "SA", "0.18", True, "US", True, "America/Sao_Paulo"),
    ("UK", "United Kingdom", "amazon.co.uk", "GBP", "en_GB", [], "EU", "0.20", True, "UK", False, "Europe/London"),
    ("DE", "Germany", "amazon.de", "EUR", "de_DE", ["en_GB"], "EU", "0.19", True, "EU", False, "Europe/Berlin"),
    ("FR", "France", "amazon.fr", "EUR", "fr_FR", [], "EU", "0.20", True, "EU", False, "Europe/Paris"),
    ("IT", "Italy", "amazon.it", "EUR", "it_IT", [], "EU", "0.22", True, "EU", False, "Europe/Rome"),
    ("ES", "Spain", "amazon.es", "EUR", "es_ES", [], "EU", "0.21", True, "EU", False, "Europe/Madrid"),
    ("NL", "Netherlands", "amazon.nl", "EUR", "nl_NL", [], "EU", "0.21", True, "EU", False, "Europe/Amsterdam"),
    ("SE", "Sweden", "amazon.se", "SEK", "sv_SE", [], "EU", "0.25", True, "EU", False, "Europe/Stockholm"),
    ("PL", "Poland", "amazon.pl", "PLN", "pl_PL", [], "EU", "0.23", True, "EU", False, "Europe/Warsaw"),
    ("BE", "Belgium", "amazon.com.be", "EUR", "fr_BE", ["nl_BE"], "EU", "0.21", True, "EU", False, "Europe/Brussels"),
    ("IE", "Ireland", "amazon.ie", "EUR", "en_IE", [], "EU", "0.23", True, "EU", False, "Europe/Dublin"),
    ("TR", "Türkiye", "amazon.com.tr", "TRY", "tr_TR", [], "EU", "0.20", True, "TR", False, "Europe/Istanbul"),
    ("AE", "United Arab Emirates", "amazon.ae", "AED", "en_AE", ["ar_AE"], "MEA", "0.05", True, "AE", False, "Asia/Dubai"),
    ("SA", "Saudi Arabia", "amazon.sa", "SAR", "ar_SA", ["en_AE"], "MEA", "0.15", True, "SA", False, "Asia/Riyadh"),
    ("EG", "Egypt", "amazon.eg", "EGP", "ar_EG", ["en_GB"], "MEA", "0.14", True, "EG", False, "Africa/Cairo"),
    ("IN", "India", "amazon.in", "INR", "en_IN", ["hi_IN"], "APAC", "0.18", True, "IN", False, "Asia/Kolkata"),
    ("JP", "Japan", "amazon.co.jp", "JPY", "ja_JP", [], "APAC", "0.10", True, "JP", False, "Asia/Tokyo"),
    ("AU", "Australia", "amazon.com.au", "AUD", "en_AU", [], "APAC", "0.10", True, "AU", False, "Australia/Sydney"),
    ("SG", "Singapore", "amazon.sg", "SGD", "en_SG", [], "APAC", "0.09", True, "SG", False, "Asia/Singapore"),
    ("ZA", "South Africa", "amazon.co.za", "ZAR", "en_ZA", [], "MEA", "0.15", True, "ZA", False, "Africa/Johannesburg"),
]


def load(apps, schema_editor):
    Marketplace = apps.get_model("portal", "Marketplace")
    for code, name, domain, currency, locale, others, region, vat, incl, fc, remote, tz in MARKETPLACES:
        Marketplace.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "domain": domain,
                "currency": currency,
                "default_locale": locale,
                "other_locales": others,
                "region": region,
                "vat_rate": Decimal(vat),
                "prices_include_vat": incl,
                "fc_region": fc,
                "remote_fulfilment": remote,
                "timezone": tz,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("portal", "Marketplace").objects.filter(code__in=[m[0] for m in MARKETPLACES]).delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
