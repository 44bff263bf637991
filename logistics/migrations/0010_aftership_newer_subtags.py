"""AfterShip's sub-statuses added since the first seed (its 2026 list): delivered to a
neighbour, delays from processing and weather, missing documents, and the pending states
of a carrier account not connected. Operators edit them in the admin afterwards."""

from django.db import migrations

ROWS = [
    ("Pending_002", "not_found", "Carrier account not connected"),
    ("Delivered_005", "delivered", "Delivered to a neighbour"),
    ("Exception_016", "exception", "Delayed (processing issue in the carrier network)"),
    ("Exception_017", "exception", "Delayed (extreme weather)"),
    ("Exception_018", "customs_hold", "Held: incorrect or missing documents"),
]


def seed(apps, schema_editor):
    StatusMapping = apps.get_model("logistics", "StatusMapping")
    for raw_code, status, description in ROWS:
        StatusMapping.objects.update_or_create(
            vocabulary="AFTERSHIP", raw_code=raw_code, defaults={"status": status, "description": description}
        )


def unseed(apps, schema_editor):
    StatusMapping = apps.get_model("logistics", "StatusMapping")
    StatusMapping.objects.filter(vocabulary="AFTERSHIP", raw_code__in=[code for code, _, _ in ROWS]).delete()


class Migration(migrations.Migration):
    dependencies = [("logistics", "0009_backfill_event_vocabularies")]

    operations = [migrations.RunPython(seed, unseed)]
