from django.urls import path

from listings import catalogue_views, publishing_views, views

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
