from django.urls import path

from inventory.views import forecasts, inbound, journeys, mcf, orders, pool, reorders, storage, transfers

app_name = "inventory"
urlpatterns = [
    path("", pool.index, name="index"),
    path("pool/<int:pk>/", pool.pool_detail, name="pool_detail"),
    path("pool/<int:pk>/stock-change/", pool.pool_stock_change, name="pool_stock_change"),
    path("forecasts/<int:pk>/", forecasts.product_forecast, name="product_forecast"),
    path("forecasts/run/", forecasts.forecast_run_start, name="forecast_run_start"),
    path("inbound/", inbound.inbound_list, name="inbound_list"),
    path("inbound/<int:pk>/", inbound.inbound_detail, name="inbound_detail"),
    path("inbound/<int:pk>/receive/", inbound.inbound_receive, name="inbound_receive"),
    path("inbound/<int:pk>/freight/", inbound.inbound_book_freight, name="inbound_book_freight"),
    path("inbound/<int:pk>/freight-quote/", inbound.inbound_quote, name="inbound_quote"),
    path("storage/", storage.storage, name="storage"),
    path("mcf/", mcf.mcf_page, name="mcf"),
    path("mcf/panel/", mcf.mcf_panel, name="mcf_panel"),
    path("reorders/", reorders.reorder_list, name="reorder_list"),
    path("reorders/<int:pk>/confirm/", reorders.reorder_confirm, name="reorder_confirm"),
    path("journeys/", journeys.journey_list, name="journey_list"),
    path("journeys/<int:pk>/", journeys.journey_detail, name="journey_detail"),
    path("transfers/", transfers.transfer_list, name="transfer_list"),
    path("transfers/new/", transfers.transfer_create, name="transfer_create"),
    path("transfers/<int:pk>/", transfers.transfer_detail, name="transfer_detail"),
    path("transfers/<int:pk>/dispatch/", transfers.transfer_dispatch, name="transfer_dispatch"),
    path("transfers/<int:pk>/cancel/", transfers.transfer_cancel, name="transfer_cancel"),
    path("transfers/<int:pk>/close/", transfers.transfer_close, name="transfer_close"),
    # channel orders, connections and the sales import
    path("orders/", orders.order_list_page, name="orders"),
    path("orders/reallocate/", orders.backorder_allocation_start, name="backorder_allocation_start"),
    path("orders/<int:pk>/", orders.order_detail_page, name="order_detail"),
    path("orders/<int:pk>/cancel/", orders.order_action, {"action": "cancel"}, name="order_cancel"),
    path("orders/<int:pk>/ship/", orders.order_action, {"action": "ship"}, name="order_ship"),
    path("channels/", orders.connections_page, name="channel_connections"),
    path("channels/<int:pk>/", orders.connection_page, name="channel_connection"),
    path("sales/import/", orders.sales_import_page, name="sales_import"),
]
