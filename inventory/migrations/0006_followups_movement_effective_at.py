"""Stock movements get the time they took effect at the node (a receipt's receiving date).

Existing movements took effect when they were recorded: `effective_at` = `created_at`.
"""

import django.utils.timezone
from django.db import migrations, models


def backfill(apps, schema_editor):
    StockMovement = apps.get_model("inventory", "StockMovement")
    StockMovement.objects.update(effective_at=models.F("created_at"))


class Migration(migrations.Migration):
    dependencies = [("inventory", "0005_followups_countries_served")]

    operations = [
        migrations.AddField(
            model_name="stockmovement",
            name="effective_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                help_text=(
                    "When the change happened at the node: the receiving date of a receipt (which may be "
                    "earlier than when it was recorded). Stock ages from this date."
                ),
                verbose_name="effective",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
