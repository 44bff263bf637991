"""Status mappings keyed by vocabulary; the parcel trackers' statuses; every DCSA code mapped.

Seeds (operators edit them in the admin afterwards):
- DCSA Track & Trace 2.2 codes missing until now (REQS, CMPL, HOLD, RELS, PICK, DROP,
  RSEA, RMVD) and the 3.0 ones (availability, crossing, customs, amendment, update,
  cancellation and declaration codes);
- AfterShip's 9 tags and their subtags;
- 17track's statuses and sub-statuses (API v2), and its older status names.
"""

from django.db import migrations, models

STATUS_CHOICES = [
    ("pending", "Awaiting first event"),
    ("info_received", "Info received"),
    ("picked_up", "Picked up"),
    ("departed_origin", "Departed origin"),
    ("in_transit", "In transit"),
    ("arrived_destination_port", "Arrived at destination port"),
    ("customs_hold", "Customs hold"),
    ("customs_cleared", "Customs cleared"),
    ("out_for_delivery", "Out for delivery"),
    ("delivered", "Delivered"),
    ("exception", "Exception"),
    ("returned", "Returned"),
    ("attempt_failed", "Delivery attempt failed"),
    ("available_for_pickup", "Available for pick-up"),
    ("expired", "Tracking expired"),
    ("not_found", "Not found by the carrier"),
    ("undelivered", "Undelivered"),
]

DCSA = [
    # Shipment (document) events: the paperwork moving, or stopping.
    ("SHIPMENT.REQS", "info_received", "Requested"),
    ("SHIPMENT.CMPL", "info_received", "Completed"),
    ("SHIPMENT.HOLD", "exception", "On hold"),
    ("SHIPMENT.RELS", "info_received", "Released"),
    ("SHIPMENT.AMRE", "info_received", "Amendment received"),
    ("SHIPMENT.AMPR", "info_received", "Amendment in progress"),
    ("SHIPMENT.AMCF", "info_received", "Amendment confirmed"),
    ("SHIPMENT.AMDC", "exception", "Amendment declined"),
    ("SHIPMENT.AMCN", "info_received", "Amendment cancelled"),
    ("SHIPMENT.PENM", "info_received", "Pending amendment"),
    ("SHIPMENT.PSAM", "info_received", "Pending surrender for amendment"),
    ("SHIPMENT.SUAM", "info_received", "Surrendered for amendment"),
    ("SHIPMENT.PSDL", "info_received", "Pending surrender for delivery"),
    ("SHIPMENT.SUDL", "info_received", "Surrendered for delivery"),
    ("SHIPMENT.UPRE", "info_received", "Update received"),
    ("SHIPMENT.UPDT", "info_received", "Update in progress"),
    ("SHIPMENT.UPCF", "info_received", "Update confirmed"),
    ("SHIPMENT.UPDC", "exception", "Update declined"),
    ("SHIPMENT.UPCN", "info_received", "Update cancelled"),
    ("SHIPMENT.CARE", "info_received", "Cancellation received"),
    ("SHIPMENT.CACF", "exception", "Cancellation confirmed"),
    ("SHIPMENT.CADC", "info_received", "Cancellation declined"),
    ("SHIPMENT.DECL", "exception", "Declined"),
    # Equipment events.
    ("EQUIPMENT.PICK", "picked_up", "Container picked up at the shipper"),
    ("EQUIPMENT.PICK.EMPTY", "info_received", "Empty container picked up"),
    ("EQUIPMENT.DROP", "delivered", "Container dropped off at the consignee"),
    ("EQUIPMENT.DROP.EMPTY", "info_received", "Empty container dropped off"),
    ("EQUIPMENT.RMVD", "customs_hold", "Seal removed for inspection"),
    ("EQUIPMENT.RSEA", "customs_cleared", "Resealed after inspection"),
    ("EQUIPMENT.LOAD.EMPTY", "info_received", "Empty container loaded"),
    ("EQUIPMENT.DISC.EMPTY", "info_received", "Empty container discharged"),
    ("EQUIPMENT.STUF.EMPTY", "info_received", "Container stuffed (reported empty)"),
    ("EQUIPMENT.AVPU", "arrived_destination_port", "Available for pick-up at the terminal"),
    ("EQUIPMENT.AVDO", "info_received", "Available for drop-off"),
    ("EQUIPMENT.CROS", "in_transit", "Crossed a border or checkpoint"),
    ("EQUIPMENT.CUSS", "customs_hold", "Customs selected for scan"),
    ("EQUIPMENT.CUSI", "customs_hold", "Customs selected for inspection"),
    ("EQUIPMENT.CUSR", "customs_cleared", "Customs released"),
]

AFTERSHIP = [
    ("Pending", "not_found", "New shipment, no tracking information yet"),
    ("InfoReceived", "info_received", "Carrier received the request from the shipper"),
    ("InTransit", "in_transit", "On the way"),
    ("OutForDelivery", "out_for_delivery", "About to be delivered"),
    ("AttemptFail", "attempt_failed", "Delivery attempted, failed"),
    ("Delivered", "delivered", "Delivered"),
    ("AvailableForPickup", "available_for_pickup", "At a pick-up point"),
    ("Exception", "exception", "Custom hold, undelivered, returned or other exception"),
    ("Expired", "expired", "No tracking information for 30 days"),
    ("Pending_001", "not_found", "No information yet"),
    ("InfoReceived_001", "info_received", "Info received"),
    ("InTransit_001", "in_transit", "In transit"),
    ("InTransit_002", "picked_up", "Acceptance scan"),
    ("InTransit_003", "in_transit", "Arrival scan"),
    ("InTransit_004", "arrived_destination_port", "Arrived at the destination country"),
    ("InTransit_005", "customs_cleared", "Customs clearance completed"),
    ("InTransit_006", "customs_hold", "Customs clearance started"),
    ("InTransit_007", "in_transit", "Departure scan"),
    ("InTransit_008", "in_transit", "Problem resolved"),
    ("InTransit_009", "in_transit", "Forwarded to a different delivery address"),
    ("OutForDelivery_001", "out_for_delivery", "Out for delivery"),
    ("OutForDelivery_003", "out_for_delivery", "Customer contacted"),
    ("OutForDelivery_004", "out_for_delivery", "Delivery appointment scheduled"),
    ("AttemptFail_001", "attempt_failed", "Failed attempt"),
    ("AttemptFail_002", "attempt_failed", "Addressee not available"),
    ("AttemptFail_003", "attempt_failed", "Business closed"),
    ("Delivered_001", "delivered", "Delivered"),
    ("Delivered_002", "delivered", "Picked up by the customer"),
    ("Delivered_003", "delivered", "Signed by the customer"),
    ("Delivered_004", "delivered", "Delivered, cash on delivery collected"),
    ("AvailableForPickup_001", "available_for_pickup", "Available for pick-up"),
    ("Exception_001", "exception", "Shipping exception"),
    ("Exception_002", "undelivered", "Customer moved"),
    ("Exception_003", "undelivered", "Customer refused delivery"),
    ("Exception_004", "customs_hold", "Delayed in customs clearance"),
    ("Exception_005", "exception", "Delayed by external factors"),
    ("Exception_006", "exception", "Held for payment"),
    ("Exception_007", "undelivered", "Incorrect address"),
    ("Exception_008", "undelivered", "Pick-up missed"),
    ("Exception_009", "exception", "Rejected by the carrier"),
    ("Exception_010", "exception", "Returning to the sender"),
    ("Exception_011", "returned", "Returned to the sender"),
    ("Exception_012", "exception", "Shipment damaged"),
    ("Exception_013", "exception", "Shipment lost"),
    ("Expired_001", "expired", "No news for too long"),
]

SEVENTEEN_TRACK = [
    ("NotFound", "not_found", "The carrier does not know the number yet"),
    ("NotFound_Other", "not_found", "Not found"),
    ("NotFound_InvalidCode", "not_found", "The number is not valid"),
    ("InfoReceived", "info_received", "Info received"),
    ("InTransit", "in_transit", "In transit"),
    ("InTransit_PickedUp", "picked_up", "Picked up"),
    ("InTransit_Departure", "departed_origin", "Departed the origin country"),
    ("InTransit_Arrival", "arrived_destination_port", "Arrived in the destination country"),
    ("InTransit_CustomsProcessing", "customs_hold", "In customs"),
    ("InTransit_CustomsReleased", "customs_cleared", "Released by customs"),
    ("InTransit_CustomsRequiringInformation", "customs_hold", "Customs need information"),
    ("InTransit_Other", "in_transit", "In transit"),
    ("Expired", "expired", "No news for a long time"),
    ("Expired_Other", "expired", "Expired"),
    ("AvailableForPickup", "available_for_pickup", "At a pick-up point"),
    ("AvailableForPickup_Other", "available_for_pickup", "At a pick-up point"),
    ("OutForDelivery", "out_for_delivery", "Out for delivery"),
    ("OutForDelivery_Other", "out_for_delivery", "Out for delivery"),
    ("DeliveryFailure", "attempt_failed", "Delivery failed"),
    ("DeliveryFailure_Other", "attempt_failed", "Delivery failed"),
    ("DeliveryFailure_NoBody", "attempt_failed", "Nobody at the address"),
    ("DeliveryFailure_Security", "attempt_failed", "Security problem"),
    ("DeliveryFailure_Rejected", "undelivered", "Refused by the recipient"),
    ("DeliveryFailure_InvalidAddress", "undelivered", "Invalid address"),
    ("Delivered", "delivered", "Delivered"),
    ("Delivered_Other", "delivered", "Delivered"),
    ("Exception", "exception", "Exception"),
    ("Exception_Other", "exception", "Exception"),
    ("Exception_Returning", "exception", "Returning to the sender"),
    ("Exception_Returned", "returned", "Returned to the sender"),
    ("Exception_NoBody", "undelivered", "Recipient unknown"),
    ("Exception_Security", "exception", "Security problem"),
    ("Exception_Damage", "exception", "Damaged"),
    ("Exception_Rejected", "undelivered", "Refused by the recipient"),
    ("Exception_Delayed", "exception", "Delayed"),
    ("Exception_Lost", "exception", "Lost"),
    ("Exception_Destroyed", "exception", "Destroyed"),
    ("Exception_Cancel", "exception", "Cancelled"),
    # The status names of 17track's first API.
    ("PickUp", "available_for_pickup", "Ready for pick-up"),
    ("Undelivered", "undelivered", "Could not be delivered"),
    ("Alert", "exception", "Alert"),
]

SEEDS = {"DCSA": DCSA, "AFTERSHIP": AFTERSHIP, "17TRACK": SEVENTEEN_TRACK}


def seed(apps, schema_editor):
    StatusMapping = apps.get_model("logistics", "StatusMapping")
    for vocabulary, rows in SEEDS.items():
        for raw_code, status, description in rows:
            StatusMapping.objects.update_or_create(
                vocabulary=vocabulary,
                raw_code=raw_code,
                defaults={"status": status, "description": description},
            )


def unseed(apps, schema_editor):
    StatusMapping = apps.get_model("logistics", "StatusMapping")
    for vocabulary, rows in SEEDS.items():
        StatusMapping.objects.filter(vocabulary=vocabulary, raw_code__in=[c for c, _, _ in rows]).delete()


class Migration(migrations.Migration):
    dependencies = [("logistics", "0007_tracking_event_location_code")]

    operations = [
        migrations.RemoveConstraint(model_name="statusmapping", name="statusmapping_unique_code"),
        migrations.RenameField(model_name="statusmapping", old_name="carrier_code", new_name="vocabulary"),
        migrations.AlterField(
            model_name="statusmapping",
            name="vocabulary",
            field=models.CharField(
                help_text="The code list: DCSA, AFTERSHIP, 17TRACK, or a carrier's code for its own codes.",
                max_length=20,
                verbose_name="vocabulary",
            ),
        ),
        migrations.AddConstraint(
            model_name="statusmapping",
            constraint=models.UniqueConstraint(
                fields=("vocabulary", "raw_code"), name="statusmapping_unique_code"
            ),
        ),
        migrations.AlterModelOptions(
            name="statusmapping",
            options={
                "ordering": ["vocabulary", "raw_code"],
                "verbose_name": "status mapping",
                "verbose_name_plural": "status mappings",
            },
        ),
        migrations.AddField(
            model_name="trackingevent",
            name="vocabulary",
            field=models.CharField(
                blank=True,
                help_text="The code list the carrier's code was looked up in.",
                max_length=20,
                verbose_name="vocabulary",
            ),
        ),
        migrations.AlterField(
            model_name="statusmapping",
            name="status",
            field=models.CharField(choices=STATUS_CHOICES, max_length=30, verbose_name="status"),
        ),
        migrations.AlterField(
            model_name="trackingevent",
            name="status",
            field=models.CharField(blank=True, choices=STATUS_CHOICES, max_length=30, verbose_name="status"),
        ),
        migrations.AlterField(
            model_name="shipment",
            name="status",
            field=models.CharField(
                choices=STATUS_CHOICES, default="pending", max_length=30, verbose_name="status"
            ),
        ),
        migrations.RunPython(seed, unseed),
    ]
