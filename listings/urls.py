from django.urls import path

from listings.views import catalogue, glossary, overview, pricing, publishing

app_name = "listings"
urlpatterns = [
    path("", overview.index, name="index"),
    # Catalogue.
    path("products/", catalogue.product_list, name="product_list"),
    path("products/new/", catalogue.product_create, name="product_create"),
    path("products/import/", catalogue.product_import, name="product_import"),
    path("products/export/", catalogue.product_export, name="product_export"),
    path("products/<int:pk>/", catalogue.product_edit, name="product_edit"),
    path("products/<int:pk>/images/", catalogue.product_image_upload, name="product_image_upload"),
    path(
        "products/<int:pk>/documents/",
        catalogue.product_document_upload,
        name="product_document_upload",
    ),
    # Publishing and listings.
    path("publish/", publishing.publish, name="publish"),
    path("matrix/", publishing.matrix, name="matrix"),
    path("matrix/actions/", publishing.matrix_action, name="matrix_action"),
    path("offers/<int:pk>/", publishing.listing_detail, name="listing_detail"),
    path("offers/<int:pk>/override/", publishing.listing_override, name="listing_override"),
    path("offers/<int:pk>/reset/", publishing.listing_reset, name="listing_reset"),
    path("offers/<int:pk>/state/", publishing.listing_state, name="listing_state"),
    path(
        "offers/<int:pk>/approve-source-text/",
        publishing.listing_approve_source,
        name="listing_approve_source",
    ),
    path("compliance/", publishing.compliance_overview, name="compliance"),
]

# Pricing, localisation, brand store and reviews.
urlpatterns += [
    path("pricing/", pricing.pricing, name="pricing"),
    path("pricing/rules/<int:pk>/", pricing.pricing_override, name="pricing_override"),
    path("translations/", pricing.translations, name="translations"),
    path(
        "translations/machine-fill/",
        pricing.translations_machine_fill,
        name="translations_machine_fill",
    ),
    path("translations/<int:pk>/approve/", pricing.translation_approve, name="translation_approve"),
    path("glossary/", glossary.glossary, name="glossary"),
    path("glossary/<int:pk>/delete/", glossary.glossary_delete, name="glossary_delete"),
    path("storefront/", pricing.storefront, name="storefront"),
    path("storefront/<str:code>/", pricing.storefront_preview, name="storefront_preview"),
    path("reviews/", pricing.reviews, name="reviews"),
]
