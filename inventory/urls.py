from django.urls import include, path

from inventory import views

app_name = "inventory"
urlpatterns = [
    path("", views.index, name="index"),
]

# --- channel orders, connections and the sales import ---
urlpatterns += [path("", include("inventory.order_urls"))]
