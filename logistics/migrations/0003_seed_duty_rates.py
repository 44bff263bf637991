"""Seed a starter set of import duty rates for the demo products' HS codes.

Ad-valorem most-favoured-nation rates at heading or subheading level, rounded from the
published tariffs named in each row's `source`. They are indicative starter data: tariffs
change (the US additional duties on Chinese goods especially), so operators keep this table
current in the admin, and the quote shows the rate and its source beside the amount.
"""

import datetime
from decimal import Decimal

from django.db import migrations

START = datetime.date(2025, 1, 1)
US = "US HTSUS 2025, general (column 1) rate"
US301 = "USTR Section 301 additional duty on goods of Chinese origin (lists 3 and 4A)"
EU = "EU TARIC / Combined Nomenclature 2025, third-country (erga omnes) duty"
GB = "UK Global Tariff 2025"
CA = "Canada Customs Tariff 2025, MFN rate"
AU = "Australian Customs Tariff, general rate (Schedule 3)"
GCC = "GCC Common External Tariff, general rate"

# hs prefix, destination, rate, origin (empty: any), description, source
RATES = [
    ("940520", "US", "0.039", "", "Electric table, desk or bedside lamps, of base metal", US),
    ("392410", "US", "0.034", "", "Tableware and kitchenware of plastics", US),
    ("392490", "US", "0.034", "", "Other household articles of plastics", US),
    ("8509", "US", "0.042", "", "Electro-mechanical domestic appliances", US),
    ("8513", "US", "0.035", "", "Portable electric lamps", US),
    ("660200", "US", "0", "", "Walking sticks, seat-sticks and similar", US),
    ("630690", "US", "0.041", "", "Camping goods of other textile materials", US),
    ("940520", "EU", "0.047", "", "Electric table, desk or bedside lamps", EU),
    ("392410", "EU", "0.065", "", "Tableware and kitchenware of plastics", EU),
    ("392490", "EU", "0.065", "", "Other household articles of plastics", EU),
    ("8509", "EU", "0.022", "", "Electro-mechanical domestic appliances", EU),
    ("8513", "EU", "0.057", "", "Portable electric lamps", EU),
    ("660200", "EU", "0.027", "", "Walking sticks, seat-sticks and similar", EU),
    ("630690", "EU", "0.12", "", "Camping goods of textile materials", EU),
    ("940520", "GB", "0.04", "", "Electric table, desk or bedside lamps", GB),
    ("392410", "GB", "0.06", "", "Tableware and kitchenware of plastics", GB),
    ("392490", "GB", "0.06", "", "Other household articles of plastics", GB),
    ("8509", "GB", "0.02", "", "Electro-mechanical domestic appliances", GB),
    ("8513", "GB", "0.04", "", "Portable electric lamps", GB),
    ("660200", "GB", "0.02", "", "Walking sticks, seat-sticks and similar", GB),
    ("630690", "GB", "0.12", "", "Camping goods of textile materials", GB),
    ("940520", "CA", "0.07", "", "Electric table, desk or bedside lamps", CA),
    ("392410", "CA", "0.065", "", "Tableware and kitchenware of plastics", CA),
    ("392490", "CA", "0.065", "", "Other household articles of plastics", CA),
    ("8509", "CA", "0", "", "Electro-mechanical domestic appliances", CA),
    ("940520", "AU", "0.05", "", "Electric lamps", AU),
    ("3924", "AU", "0.05", "", "Household articles of plastics", AU),
    ("8509", "AU", "0.05", "", "Electro-mechanical domestic appliances", AU),
    ("8513", "AU", "0.05", "", "Portable electric lamps", AU),
    ("660200", "AU", "0.05", "", "Walking sticks and similar", AU),
    ("630690", "AU", "0.05", "", "Camping goods", AU),
    *[
        (prefix, dest, "0.05", "", description, GCC)
        for dest in ("SA", "AE")
        for prefix, description in (
            ("9405", "Lamps and lighting fittings"),
            ("3924", "Household articles of plastics"),
            ("8509", "Electro-mechanical domestic appliances"),
            ("8513", "Portable electric lamps"),
            ("6602", "Walking sticks and similar"),
            ("6306", "Tents and camping goods"),
        )
    ],
]
# Additional duties on Chinese-origin goods entering the US, on top of the general rate.
ADDITIONAL = [
    ("940520", "US", "0.25", "CN", US301),
    ("392410", "US", "0.075", "CN", US301),
    ("392490", "US", "0.075", "CN", US301),
    ("8509", "US", "0.25", "CN", US301),
]


def load(apps, schema_editor):
    DutyRate = apps.get_model("logistics", "DutyRate")
    for prefix, dest, rate, origin, description, source in RATES:
        DutyRate.objects.update_or_create(
            hs_prefix=prefix,
            destination=dest,
            origin_country=origin,
            valid_from=START,
            defaults={"rate": Decimal(rate), "description": description, "source": f"{source} (indicative)"},
        )
    general = {(p, d): Decimal(r) for p, d, r, _, _, _ in RATES}
    descriptions = {(p, d): desc for p, d, _, _, desc, _ in RATES}
    for prefix, dest, extra, origin, source in ADDITIONAL:
        DutyRate.objects.update_or_create(
            hs_prefix=prefix,
            destination=dest,
            origin_country=origin,
            valid_from=START,
            defaults={
                "rate": general[(prefix, dest)],
                "additional_rate": Decimal(extra),
                "description": descriptions[(prefix, dest)],
                "source": f"{US} plus {source} (indicative)",
            },
        )


def unload(apps, schema_editor):
    apps.get_model("logistics", "DutyRate").objects.filter(valid_from=START).delete()


class Migration(migrations.Migration):
    dependencies = [("logistics", "0002_seed_programs_lanes")]
    operations = [migrations.RunPython(load, unload)]
