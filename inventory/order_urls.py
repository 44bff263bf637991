"""Routes of the channel order pages, included in the `inventory` namespace."""

from django.urls import path

from inventory import order_views

urlpatterns = [
    path("orders/", order_views.order_list_page, name="orders"),
    path("orders/reallocate/", order_views.backorder_allocation_start, name="backorder_allocation_start"),
    path("orders/<int:pk>/", order_views.order_detail_page, name="order_detail"),
    path("orders/<int:pk>/cancel/", order_views.order_action, {"action": "cancel"}, name="order_cancel"),
    path("orders/<int:pk>/ship/", order_views.order_action, {"action": "ship"}, name="order_ship"),
    path("channels/", order_views.connections_page, name="channel_connections"),
    path("channels/<int:pk>/", order_views.connection_page, name="channel_connection"),
    path("sales/import/", order_views.sales_import_page, name="sales_import"),
]
