"""Seed the mapping of DCSA Track & Trace 2.x event codes to the tracking statuses."""

from django.db import migrations

# (raw code, status, description): actual (ACT) events of the DCSA standard. Estimated and
# planned events carry no status; an estimated arrival becomes the shipment's ETA.
DCSA_CODES = [
    ("SHIPMENT.RECE", "info_received", "Booking or shipping instruction received"),
    ("SHIPMENT.DRFT", "info_received", "Document drafted"),
    ("SHIPMENT.PENA", "info_received", "Document pending approval"),
    ("SHIPMENT.PENU", "info_received", "Document pending update"),
    ("SHIPMENT.APPR", "info_received", "Document approved"),
    ("SHIPMENT.SUBM", "info_received", "Document submitted"),
    ("SHIPMENT.CONF", "info_received", "Booking confirmed"),
    ("SHIPMENT.ISSU", "info_received", "Transport document issued"),
    ("SHIPMENT.SURR", "info_received", "Transport document surrendered"),
    ("SHIPMENT.REJE", "exception", "Document rejected"),
    ("SHIPMENT.VOID", "exception", "Document voided"),
    ("EQUIPMENT.GTOT.EMPTY", "info_received", "Empty container released for stuffing"),
    ("EQUIPMENT.STUF", "picked_up", "Container stuffed"),
    ("EQUIPMENT.GTIN", "picked_up", "Laden container gated in at the terminal"),
    ("EQUIPMENT.LOAD", "picked_up", "Container loaded on the vessel"),
    ("TRANSPORT.DEPA", "departed_origin", "Vessel departed"),
    ("TRANSPORT.ARRI", "arrived_destination_port", "Vessel arrived"),
    ("EQUIPMENT.DISC", "arrived_destination_port", "Container discharged"),
    ("EQUIPMENT.INSP", "customs_hold", "Container inspected"),
    ("EQUIPMENT.GTOT", "out_for_delivery", "Laden container gated out for delivery"),
    ("EQUIPMENT.STRP", "delivered", "Container stripped at the consignee"),
    ("EQUIPMENT.GTIN.EMPTY", "delivered", "Empty container returned after delivery"),
]


def seed(apps, schema_editor):
    StatusMapping = apps.get_model("logistics", "StatusMapping")
    for raw_code, status, description in DCSA_CODES:
        StatusMapping.objects.update_or_create(
            carrier_code="DCSA", raw_code=raw_code, defaults={"status": status, "description": description}
        )


def unseed(apps, schema_editor):
    StatusMapping = apps.get_model("logistics", "StatusMapping")
    StatusMapping.objects.filter(carrier_code="DCSA", raw_code__in=[c for c, _, _ in DCSA_CODES]).delete()


class Migration(migrations.Migration):
    dependencies = [("logistics", "0004_tracking_events")]
    operations = [migrations.RunPython(seed, unseed)]
