from django.urls import path

from listings import pricing_views, views

app_name = "listings"
urlpatterns = [
    path("", views.index, name="index"),
]

# Pricing, localisation, brand store and reviews.
urlpatterns += [
    path("pricing/", pricing_views.pricing, name="pricing"),
    path("pricing/rules/<int:pk>/", pricing_views.pricing_override, name="pricing_override"),
    path("translations/", pricing_views.translations, name="translations"),
    path(
        "translations/machine-fill/",
        pricing_views.translations_machine_fill,
        name="translations_machine_fill",
    ),
    path("translations/<int:pk>/approve/", pricing_views.translation_approve, name="translation_approve"),
    path("storefront/", pricing_views.storefront, name="storefront"),
    path("storefront/<str:code>/", pricing_views.storefront_preview, name="storefront_preview"),
    path("reviews/", pricing_views.reviews, name="reviews"),
]
