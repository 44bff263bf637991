"""Dates the FBA schedules correctly and adds AWD handling and the FBA aged-inventory surcharge.

- FBA standard-size off-peak storage was $0.87 per cubic foot until 2024-03-31 and is
  $0.78 from 2024-04-01 (Amazon's 2024 US fee changes); the schedules start 2024-01-01:
  before that the cost is unknown.
- AWD processing: $1.35 per box, charged when a box goes in and again when it goes out.
- AWD transport: $1.15 per cubic foot moved, from 2025-04-01.
- FBA aged-inventory surcharge (from 2024-04-15), per cubic foot per month, by age band.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

FBA_URL = "https://sellercentral.amazon.com/help/hub/reference/external/G3EDYEF6KUCFQTNM"
AGED_URL = "https://sellercentral.amazon.com/help/hub/reference/external/GJQNPA23YWVA4SBD"
AWD_URL = "https://sell.amazon.com/fulfillment-by-amazon/amazon-warehousing-and-distribution"
FBA_2024_SOURCE = (
    "Amazon Seller Central (US), 2024 US FBA fee changes: standard-size monthly storage "
    "January–September $0.87 per cubic foot until 31 March 2024, $0.78 from 1 April 2024."
)
AWD_PROCESSING_SOURCE = "Amazon Warehousing and Distribution (US) fees: processing $1.35 per box, in and out."
AWD_TRANSPORT_SOURCE = (
    "Amazon Warehousing and Distribution (US) fees: transportation $1.15 per cubic foot, from 1 April 2025."
)
AGED_SOURCE = (
    "Amazon Seller Central (US), 'FBA aged inventory surcharge' from 15 April 2024, per cubic foot "
    "per month: 181–210 days $0.50, 211–240 $1.00, 241–270 $1.50, 271–300 $5.45, 301–330 $5.70, "
    "331–365 $5.90, over 365 days $6.90."
)

# name, charge, node kind, size tier, rate, unit, valid from, valid to, min age, max age, source, url
ROWS = [
    (
        "FBA standard-size, off-peak (until March 2024)",
        "storage",
        "fc",
        "standard",
        "off_peak",
        "0.87",
        "cu_ft",
        date(2024, 1, 1),
        date(2024, 3, 31),
        None,
        None,
        FBA_2024_SOURCE,
        FBA_URL,
    ),
    (
        "AWD processing",
        "processing",
        "awd",
        "any",
        "all_year",
        "1.35",
        "box",
        date(2024, 1, 1),
        None,
        None,
        None,
        AWD_PROCESSING_SOURCE,
        AWD_URL,
    ),
    (
        "AWD transport",
        "transport",
        "awd",
        "any",
        "all_year",
        "1.15",
        "cu_ft",
        date(2025, 4, 1),
        None,
        None,
        None,
        AWD_TRANSPORT_SOURCE,
        AWD_URL,
    ),
] + [
    (
        f"FBA aged-inventory surcharge, {low}–{high} days"
        if high
        else f"FBA aged-inventory surcharge, {low}+ days",
        "aged",
        "fc",
        "any",
        "all_year",
        rate,
        "cu_ft",
        date(2024, 4, 15),
        None,
        low,
        high,
        AGED_SOURCE,
        AGED_URL,
    )
    for low, high, rate in [
        (181, 210, "0.50"),
        (211, 240, "1.00"),
        (241, 270, "1.50"),
        (271, 300, "5.45"),
        (301, 330, "5.70"),
        (331, 365, "5.90"),
        (366, None, "6.90"),
    ]
]


def load(apps, schema_editor):
    Schedule = apps.get_model("inventory", "StorageFeeSchedule")
    # $0.78 applies from April 2024 only.
    Schedule.objects.filter(name="FBA standard-size, off-peak", valid_from=date(2024, 1, 1)).update(
        valid_from=date(2024, 4, 1), source=FBA_2024_SOURCE
    )
    for name, charge, kind, tier, season, rate, unit, start, end, low, high, source, url in ROWS:
        Schedule.objects.update_or_create(
            name=name,
            valid_from=start,
            defaults={
                "charge": charge,
                "node_kind": kind,
                "region": "",
                "size_tier": tier,
                "season": season,
                "rate": Decimal(rate),
                "volume_unit": unit,
                "currency": "USD",
                "valid_to": end,
                "min_age_days": low,
                "max_age_days": high,
                "source": source,
                "source_url": url,
            },
        )


def unload(apps, schema_editor):
    Schedule = apps.get_model("inventory", "StorageFeeSchedule")
    Schedule.objects.filter(name__in=[row[0] for row in ROWS]).delete()
    Schedule.objects.filter(name="FBA standard-size, off-peak", valid_from=date(2024, 4, 1)).update(
        valid_from=date(2024, 1, 1)
    )


class Migration(migrations.Migration):
    dependencies = [("inventory", "0012_fee_charges")]
    operations = [migrations.RunPython(load, unload)]
