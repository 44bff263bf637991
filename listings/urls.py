from django.urls import path

from listings import catalogue_views, pricing_views, publishing_views, views

app_name = "listings"
urlpatterns = [
    path("", views.index, name="index"),
    # Catalogue.
    path("products/", catalogue_views.product_list, name="product_list"),
    path("products/new/", catalogue_views.product_create, name="product_create"),
    path("products/import/", catalogue_views.product_import, name="product_import"),
    path("products/export/", catalogue_views.product_export, name="product_export"),
    path("products/<int:pk>/", catalogue_views.product_edit, name="product_edit"),
    path("products/<int:pk>/images/", catalogue_views.product_image_upload, name="product_image_upload"),
    path(
        "products/<int:pk>/documents/",
        catalogue_views.product_document_upload,
        name="product_document_upload",
    ),
    # Publishing and listings.
    path("publish/", publishing_views.publish, name="publish"),
    path("matrix/", publishing_views.matrix, name="matrix"),
    path("matrix/actions/", publishing_views.matrix_action, name="matrix_action"),
    path("offers/<int:pk>/", publishing_views.listing_detail, name="listing_detail"),
    path("offers/<int:pk>/override/", publishing_views.listing_override, name="listing_override"),
    path("offers/<int:pk>/reset/", publishing_views.listing_reset, name="listing_reset"),
    path("offers/<int:pk>/state/", publishing_views.listing_state, name="listing_state"),
    path("compliance/", publishing_views.compliance_overview, name="compliance"),
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
