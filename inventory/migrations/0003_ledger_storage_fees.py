"""Seeds the storage fee schedules with published figures, each with its source quoted."""

from datetime import date
from decimal import Decimal

from django.db import migrations

FBA_SOURCE = (
    "Amazon Seller Central (US), 'Monthly storage fees' for FBA, 2024 fee schedule: "
    "standard-size $0.78 per cubic foot January–September and $2.40 October–December; "
    "oversize (large bulky) $0.56 January–September and $1.40 October–December."
)
FBA_URL = "https://sellercentral.amazon.com/help/hub/reference/external/G3EDYEF6KUCFQTNM"
AWD_SOURCE = (
    "Amazon Warehousing and Distribution (AWD) fees, US: storage $0.48 per cubic foot per month."
)
AWD_URL = "https://sell.amazon.com/fulfillment-by-amazon/amazon-warehousing-and-distribution"
GWD_SOURCE = (
    "No GWD rate card is published yet. The GWD announcement states that storing goods at the "
    "Shenzhen GWD saves 20%–40% of storage cost against AWD in the US (相比将货物直接存入美国亚马逊"
    "智能卫星仓(AWD),GWD能为卖家节省20%-40%的仓储成本). Rate derived at the midpoint (30% less): "
    "AWD $0.48/cu ft/month × 35.3147 cu ft/m³ × 0.70 × 7.10 CNY/USD ≈ 84.25 CNY per m³ per month. "
    "Replace it when the GWD rate card is published."
)

# name, node kind, region, size tier, season, rate, unit, currency, source, url
SCHEDULES = [
    ("FBA standard-size, off-peak", "fc", "", "standard", "off_peak", "0.78", "cu_ft", "USD", FBA_SOURCE, FBA_URL),
    ("FBA standard-size, peak", "fc", "", "standard", "peak", "2.40", "cu_ft", "USD", FBA_SOURCE, FBA_URL),
    ("FBA oversize, off-peak", "fc", "", "oversize", "off_peak", "0.56", "cu_ft", "USD", FBA_SOURCE, FBA_URL),
    ("FBA oversize, peak", "fc", "", "oversize", "peak", "1.40", "cu_ft", "USD", FBA_SOURCE, FBA_URL),
    ("AWD storage", "awd", "", "any", "all_year", "0.48", "cu_ft", "USD", AWD_SOURCE, AWD_URL),
    ("GWD Shenzhen storage", "gwd", "", "any", "all_year", "84.25", "m3", "CNY", GWD_SOURCE, ""),
]
VALID_FROM = date(2024, 1, 1)


def load(apps, schema_editor):
    Schedule = apps.get_model("inventory", "StorageFeeSchedule")
    for name, kind, region, tier, season, rate, unit, currency, source, url in SCHEDULES:
        Schedule.objects.update_or_create(
            name=name,
            valid_from=VALID_FROM,
            defaults={
                "node_kind": kind,
                "region": region,
                "size_tier": tier,
                "season": season,
                "rate": Decimal(rate),
                "volume_unit": unit,
                "currency": currency,
                "source": source,
                "source_url": url,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("inventory", "StorageFeeSchedule").objects.filter(
        name__in=[s[0] for s in SCHEDULES], valid_from=VALID_FROM
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("inventory", "0002_ledger_nodes")]

    operations = [migrations.RunPython(load, unload)]
