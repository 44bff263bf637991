"""The codes of the one tracking status model (DESIGN.md), as plain strings.

The engine compares statuses without Django; `logistics.models.TrackingStatus` gives the
same codes their labels for pages and forms, and a test keeps the two in step.
"""

from enum import StrEnum


class Status(StrEnum):
    PENDING = "pending"
    INFO_RECEIVED = "info_received"
    PICKED_UP = "picked_up"
    DEPARTED_ORIGIN = "departed_origin"
    IN_TRANSIT = "in_transit"
    ARRIVED_DESTINATION_PORT = "arrived_destination_port"
    CUSTOMS_HOLD = "customs_hold"
    CUSTOMS_CLEARED = "customs_cleared"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVERED = "delivered"
    EXCEPTION = "exception"
    RETURNED = "returned"
    # Parcel trackers' states (AfterShip, 17track): a failed delivery attempt, a parcel
    # waiting at a pick-up point, tracking expired without news, a number the carrier does
    # not know (yet), a parcel that could not be delivered.
    ATTEMPT_FAILED = "attempt_failed"
    AVAILABLE_FOR_PICKUP = "available_for_pickup"
    EXPIRED = "expired"
    NOT_FOUND = "not_found"
    UNDELIVERED = "undelivered"
