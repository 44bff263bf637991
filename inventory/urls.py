from django.urls import include, path

from inventory import transfer_views, views

app_name = "inventory"
urlpatterns = [
    path("", views.index, name="index"),
    path("pool/<int:pk>/", views.pool_detail, name="pool_detail"),
    path("pool/<int:pk>/stock-change/", views.pool_stock_change, name="pool_stock_change"),
    path("inbound/", views.inbound_list, name="inbound_list"),
    path("inbound/<int:pk>/", views.inbound_detail, name="inbound_detail"),
    path("inbound/<int:pk>/freight/", views.inbound_book_freight, name="inbound_book_freight"),
    path("inbound/<int:pk>/freight-quote/", views.inbound_quote, name="inbound_quote"),
    path("storage/", views.storage, name="storage"),
    path("transfers/", transfer_views.transfer_list, name="transfer_list"),
    path("transfers/new/", transfer_views.transfer_create, name="transfer_create"),
    path("transfers/<int:pk>/", transfer_views.transfer_detail, name="transfer_detail"),
    path("transfers/<int:pk>/dispatch/", transfer_views.transfer_dispatch, name="transfer_dispatch"),
    path("transfers/<int:pk>/cancel/", transfer_views.transfer_cancel, name="transfer_cancel"),
    path("transfers/<int:pk>/close/", transfer_views.transfer_close, name="transfer_close"),
]

# --- channel orders, connections and the sales import ---
urlpatterns += [path("", include("inventory.order_urls"))]
