"""Tables of the logistics app, one module per concern.

- `lanes`: carrier programs, lanes and their rate cards (platform reference data that
  operators edit in the admin);
- `duties`: duty rates per HS code and destination (reference data with its source);
- `shipments`: a seller's shipments, their cartons, items and searchable references.
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

__all__ = [
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
