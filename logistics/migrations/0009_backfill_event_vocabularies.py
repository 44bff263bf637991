"""Events received before mappings were keyed by vocabulary get the vocabulary their code
was looked up in, so an operator's new mapping reaches them too."""

from django.db import migrations
from django.db.models import F, Q


def backfill(apps, schema_editor):
    TrackingEvent = apps.get_model("logistics", "TrackingEvent")
    waiting = TrackingEvent.objects.filter(vocabulary="").exclude(raw_code="")
    dcsa = (
        Q(raw_code__startswith="SHIPMENT.")
        | Q(raw_code__startswith="TRANSPORT.")
        | Q(raw_code__startswith="EQUIPMENT.")
    )
    waiting.filter(dcsa).update(vocabulary="DCSA")
    waiting.exclude(dcsa).update(vocabulary=F("carrier_code"))


class Migration(migrations.Migration):
    dependencies = [("logistics", "0008_vocabularies_and_parcel_statuses")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
