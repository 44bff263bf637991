"""Tables of the logistics app, one module per concern.

- `lanes`: carrier programs, lanes and their rate cards (platform reference data that
  operators edit in the admin);
- `duties`: duty rates per HS code and destination (reference data with its source);
- `shipments`: a seller's shipments, their cartons, items and searchable references;
- `tracking`: carrier events, status mappings, webhooks, carrier connections, notices.
"""

from logistics.models.duties import DutyRate
from logistics.models.lanes import CarrierProgram, Lane, Mode, RateCard
from logistics.models.shipments import (
    BookingStatus,
    Shipment,
    ShipmentCarton,
    ShipmentItem,
    ShipmentReference,
    TrackingStatus,
)
from logistics.models.tracking import (
    CarrierConnection,
    CarrierWebhook,
    EventSource,
    ShipmentNotice,
    StatusMapping,
    TrackingEvent,
)

__all__ = [
    "CarrierConnection",
    "CarrierWebhook",
    "EventSource",
    "ShipmentNotice",
    "StatusMapping",
    "TrackingEvent",
    "BookingStatus",
    "CarrierProgram",
    "DutyRate",
    "Lane",
    "Mode",
    "RateCard",
    "Shipment",
    "ShipmentCarton",
    "ShipmentItem",
    "ShipmentReference",
    "TrackingStatus",
]
