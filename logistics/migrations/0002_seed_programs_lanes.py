"""Seed the carrier programs and lanes the NGGS articles name, each with a rate card.

AGL (the platform's own freight): CN→US, CN→EU, CN→UK, VN→US by ocean; CN→CA and CN→AU from
2026. SEND (partner carriers for smaller sellers): CN→US, CN→SA, CN→AE, CN→AU at several
speeds. One rail lane of another carrier shows the rail mode.

The rates are indicative starter data, not carrier tariffs: operators replace them in the
admin. Every rate card says so in its `source`.
"""

import datetime
from decimal import Decimal

from django.db import migrations

SOURCE = (
    "Indicative starter data (typical 2025 market levels for the mode and route), not a carrier "
    "tariff: replace with the program's current rate sheet before booking."
)
START = datetime.date(2025, 1, 1)
FROM_2026 = datetime.date(2026, 1, 1)

PROGRAMS = [
    ("AGL", "AGL — Global Logistics", "platform", "The platform's own freight service, door to fulfilment centre."),
    ("SEND", "SEND — Partner carriers", "partner", "Vetted partner carriers for smaller sellers, several speeds."),
    ("CRX", "China–Europe rail freight", "carrier", "Block trains from Xi'an to Duisburg via a partner forwarder."),
]

# code, program, origin, origin port, destination, destination port, mode, service level,
# transit min, max, cut-off weekday (0 = Monday, None = daily), valid from, max silent days,
# rate card: basis, per kg, per cbm, volumetric divisor, min charge, fuel %
EU_PORTS = {"DE": "DEHAM", "FR": "FRLEH", "IT": "ITGOA", "ES": "ESVLC", "PL": "PLGDN", "NL": "NLRTM"}
LANES = [
    ("agl-cn-us-ocean", "AGL", "CN", "CNYTN", "US", "USLAX", "ocean", "Standard", 25, 35, 3, START, 7,
     ("wm", "0", "165", 1000, "180", "6")),
    ("agl-cn-us-ocean-fast", "AGL", "CN", "CNYTN", "US", "USLGB", "ocean", "Expedited", 18, 24, 4, START, 5,
     ("wm", "0", "230", 1000, "220", "6")),
    ("agl-cn-us-air", "AGL", "CN", "CNSZX", "US", "USLAX", "air", "Standard", 7, 10, None, START, 3,
     ("kg", "6.20", "0", 6000, "120", "12")),
    ("agl-vn-us-ocean", "AGL", "VN", "VNSGN", "US", "USLAX", "ocean", "Standard", 28, 38, 2, START, 7,
     ("wm", "0", "175", 1000, "200", "6")),
    *[
        (f"agl-cn-{c.lower()}-ocean", "AGL", "CN", "CNYTN", c, port, "ocean", "Standard", 38, 50, 1, START, 8,
         ("wm", "0", "150", 1000, "200", "7"))
        for c, port in EU_PORTS.items()
    ],
    ("agl-cn-gb-ocean", "AGL", "CN", "CNYTN", "GB", "GBFXT", "ocean", "Standard", 38, 48, 1, START, 8,
     ("wm", "0", "155", 1000, "200", "7")),
    ("agl-cn-ca-ocean", "AGL", "CN", "CNYTN", "CA", "CAVAN", "ocean", "Standard", 24, 34, 3, FROM_2026, 7,
     ("wm", "0", "185", 1000, "200", "6")),
    ("agl-cn-au-ocean", "AGL", "CN", "CNYTN", "AU", "AUSYD", "ocean", "Standard", 20, 30, 3, FROM_2026, 7,
     ("wm", "0", "140", 1000, "180", "6")),
    ("crx-cn-de-rail", "CRX", "CN", "CNXIY", "DE", "DEDUI", "rail", "Block train", 18, 25, 5, START, 6,
     ("wm", "0", "240", 1000, "250", "4")),
]
SEND_SPEEDS = {
    # destination: [(suffix, mode, service level, min, max, cut-off, silent days, card)]
    "US": [
        ("express", "express", "Express", 5, 8, None, 2, ("kg", "9.50", "0", 5000, "35", "20")),
        ("air", "air", "Air standard", 9, 14, None, 3, ("kg", "6.80", "0", 6000, "60", "15")),
        ("sea-express", "ocean", "Sea express", 18, 25, 4, 6, ("kg", "1.90", "0", 6000, "80", "5")),
        ("ocean", "ocean", "Ocean economy", 30, 42, 2, 8, ("wm", "0", "190", 1000, "150", "5")),
    ],
    "SA": [
        ("express", "express", "Express", 6, 9, None, 2, ("kg", "10.50", "0", 5000, "40", "20")),
        ("air", "air", "Air standard", 10, 15, None, 3, ("kg", "7.20", "0", 6000, "60", "15")),
        ("ocean", "ocean", "Ocean economy", 30, 40, 2, 8, ("wm", "0", "210", 1000, "160", "5")),
    ],
    "AE": [
        ("express", "express", "Express", 5, 8, None, 2, ("kg", "9.80", "0", 5000, "40", "20")),
        ("air", "air", "Air standard", 8, 12, None, 3, ("kg", "6.50", "0", 6000, "60", "15")),
        ("ocean", "ocean", "Ocean economy", 25, 35, 2, 7, ("wm", "0", "180", 1000, "150", "5")),
    ],
    "AU": [
        ("express", "express", "Express", 5, 8, None, 2, ("kg", "9.20", "0", 5000, "40", "20")),
        ("air", "air", "Air standard", 8, 12, None, 3, ("kg", "6.20", "0", 6000, "60", "15")),
        ("ocean", "ocean", "Ocean economy", 20, 30, 3, 7, ("wm", "0", "160", 1000, "150", "5")),
    ],
}
DEST_PORTS = {"US": "USLAX", "SA": "SAJED", "AE": "AEJEA", "AU": "AUSYD"}
for dest, speeds in SEND_SPEEDS.items():
    for suffix, mode, level, tmin, tmax, cutoff, silent, card in speeds:
        LANES.append(
            (f"send-cn-{dest.lower()}-{suffix}", "SEND", "CN", "CNSZX", dest, DEST_PORTS[dest], mode, level,
             tmin, tmax, cutoff, START, silent, card)
        )


def load(apps, schema_editor):
    CarrierProgram = apps.get_model("logistics", "CarrierProgram")
    Lane = apps.get_model("logistics", "Lane")
    RateCard = apps.get_model("logistics", "RateCard")
    programs = {}
    for code, name, kind, description in PROGRAMS:
        programs[code], _ = CarrierProgram.objects.update_or_create(
            code=code, defaults={"name": name, "kind": kind, "description": description}
        )
    for (code, program, origin, origin_port, dest, dest_port, mode, level, tmin, tmax, cutoff, valid_from,
         silent, card) in LANES:
        lane, _ = Lane.objects.update_or_create(
            code=code,
            defaults={
                "program": programs[program],
                "origin_country": origin,
                "origin_port": origin_port,
                "destination_country": dest,
                "destination_port": dest_port,
                "mode": mode,
                "service_level": level,
                "transit_days_min": tmin,
                "transit_days_max": tmax,
                "cutoff_weekday": cutoff,
                "valid_from": valid_from,
                "max_silent_days": silent,
                "notes": "Seeded starter lane; transit days are port or depot to fulfilment centre.",
            },
        )
        basis, per_kg, per_cbm, divisor, min_charge, fuel = card
        RateCard.objects.update_or_create(
            lane=lane,
            valid_from=valid_from,
            defaults={
                "basis": basis,
                "per_kg": Decimal(per_kg),
                "per_cbm": Decimal(per_cbm),
                "volumetric_divisor": divisor,
                "min_charge": Decimal(min_charge),
                "fuel_surcharge_pct": Decimal(fuel),
                "currency": "USD",
                "source": SOURCE,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("logistics", "Lane").objects.filter(code__in=[lane[0] for lane in LANES]).delete()
    apps.get_model("logistics", "CarrierProgram").objects.filter(code__in=[p[0] for p in PROGRAMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("logistics", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
