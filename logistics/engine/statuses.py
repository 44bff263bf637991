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
