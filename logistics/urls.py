from django.urls import path

from logistics import tracking_views, views

app_name = "logistics"
urlpatterns = [
    path("", views.index, name="index"),
    path("quote/", views.quote, name="quote"),
    path("shipments/", views.shipment_list, name="shipments"),
    path("shipments/new/", views.shipment_create, name="shipment_create"),
    path("shipments/<int:pk>/", views.shipment_detail, name="shipment_detail"),
    path("shipments/<int:pk>/book/", views.shipment_book, name="shipment_book"),
    path("shipments/<int:pk>/cancel/", views.shipment_cancel, name="shipment_cancel"),
    path("shipments/<int:pk>/references/", views.shipment_references, name="shipment_references"),
    path("shipments/<int:pk>/invoice/", views.shipment_invoice, name="shipment_invoice"),
    path("shipments/<int:pk>/packing-list/", views.shipment_packing_list, name="shipment_packing_list"),
    path("shipments/<int:pk>/timeline/", tracking_views.shipment_timeline, name="shipment_timeline"),
    path("notices/", tracking_views.notices, name="notices"),
]
