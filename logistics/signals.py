"""What logistics tells the apps above it (DESIGN.md: a lower app never imports a higher one).

`shipment_delivered` is sent once per shipment, after the transaction that first marked it
delivered commits, with keyword arguments:

- `shipment`: the `logistics.Shipment`; `shipment.seller`, `shipment.purpose` ("transfer",
  "inbound" or "manual"), `shipment.source_reference` (the higher app's own reference, for
  example "transfer:42" or "inbound:7"), `shipment.destination_code` (the code of the node that
  receives the goods), and its items (`shipment.items`, each with `product_id` and `quantity`).

Receivers must be idempotent all the same (receive at most once per shipment), because a
redelivered task or a replayed event may send it again.

`shipment_booked` is sent once, after the transaction of `book_shipment` commits (draft →
booked happens once per shipment), and `shipment_cancelled` once after `cancel_shipment`
commits (a cancelled shipment stays cancelled). Both carry the same keyword argument
`shipment` as `shipment_delivered`, and are sent inside the shipment's seller scope. Their
receivers must be idempotent too, for the same reasons.
"""

from django.dispatch import Signal

shipment_delivered = Signal()
shipment_booked = Signal()
shipment_cancelled = Signal()
