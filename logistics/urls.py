from django.urls import path

from logistics.views import landed_costs, overview, quotes, shipments, tracking

app_name = "logistics"
urlpatterns = [
    path("", overview.index, name="index"),
    path("quote/", quotes.quote, name="quote"),
    path("quote/book/", quotes.quote_book, name="quote_book"),
    path("shipments/", shipments.shipment_list, name="shipments"),
    path("shipments/new/", shipments.shipment_create, name="shipment_create"),
    path("shipments/<int:pk>/", shipments.shipment_detail, name="shipment_detail"),
    path("shipments/<int:pk>/book/", shipments.shipment_book, name="shipment_book"),
    path("shipments/<int:pk>/cancel/", shipments.shipment_cancel, name="shipment_cancel"),
    path("shipments/<int:pk>/references/", shipments.shipment_references, name="shipment_references"),
    path("shipments/<int:pk>/invoice/", shipments.shipment_invoice, name="shipment_invoice"),
    path("shipments/<int:pk>/packing-list/", shipments.shipment_packing_list, name="shipment_packing_list"),
    path("shipments/<int:pk>/timeline/", tracking.shipment_timeline, name="shipment_timeline"),
    path("notices/", tracking.notices, name="notices"),
    path("landed-costs/refresh/", landed_costs.landed_costs_refresh, name="landed_costs_refresh"),
]
