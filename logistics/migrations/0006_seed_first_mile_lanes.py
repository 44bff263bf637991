"""Seed the first mile: domestic lanes from Chinese suppliers to the Shenzhen GWD hub.

Inbound plans go to GWD-SZX, so a freight comparison for a plan needs lanes that end
there. Two speeds of SEND's domestic express network, priced per chargeable kilogram.
Indicative starter data like the other seeded lanes: operators replace it in the admin.
"""

import datetime
from decimal import Decimal

from django.db import migrations

SOURCE = (
    "Indicative starter data (typical 2025 domestic express levels in China), not a carrier "
    "tariff: replace with the program's current rate sheet before booking."
)
START = datetime.date(2025, 1, 1)
# code, service level, transit min, max, max silent days, per kg, min charge (USD)
LANES = [
    ("send-cn-gwd-express", "Domestic express to the GWD", 1, 2, 2, "0.55", "4"),
    ("send-cn-gwd-economy", "Domestic economy to the GWD", 2, 4, 3, "0.30", "3"),
]


def load(apps, schema_editor):
    CarrierProgram = apps.get_model("logistics", "CarrierProgram")
    Lane = apps.get_model("logistics", "Lane")
    RateCard = apps.get_model("logistics", "RateCard")
    program = CarrierProgram.objects.get(code="SEND")
    for code, level, tmin, tmax, silent, per_kg, min_charge in LANES:
        lane, _ = Lane.objects.update_or_create(
            code=code,
            defaults={
                "program": program,
                "origin_country": "CN",
                "destination_country": "CN",
                "destination_code": "GWD-SZX",
                "mode": "express",
                "service_level": level,
                "transit_days_min": tmin,
                "transit_days_max": tmax,
                "cutoff_weekday": None,
                "valid_from": START,
                "max_silent_days": silent,
                "notes": "Seeded starter lane; supplier's door to the Shenzhen GWD hub.",
            },
        )
        RateCard.objects.update_or_create(
            lane=lane,
            valid_from=START,
            defaults={
                "basis": "kg",
                "per_kg": Decimal(per_kg),
                "per_cbm": Decimal("0"),
                "volumetric_divisor": 6000,
                "min_charge": Decimal(min_charge),
                "fuel_surcharge_pct": Decimal("0"),
                "currency": "USD",
                "source": SOURCE,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("logistics", "Lane").objects.filter(code__in=[lane[0] for lane in LANES]).delete()


class Migration(migrations.Migration):
    dependencies = [("logistics", "0005_tracking_status_mappings")]
    operations = [migrations.RunPython(load, unload)]
