"""Root URL configuration. Each area keeps its own routes beside its views."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("portal.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("portal.views.accounts")),
    path("jobs/", include("portal.views.jobs")),
    path("settings/api-keys/", include("portal.views.api_keys")),
    path("settings/webhooks/", include("portal.views.webhooks")),
    path("settings/", include("portal.views.settings_pages")),
    path("listings/", include("listings.urls")),
    path("inventory/", include("inventory.urls")),
    path("logistics/", include("logistics.urls")),
    path("brands/", include("brands.urls")),
    # GS1 Digital Link of Transparency codes: public, what a unit's QR code opens.
    path("01/", include("brands.resolver_urls")),
    path("webhooks/", include("inventory.webhook_urls")),
    path("webhooks/", include("logistics.webhook_urls")),
    path("", include("portal.views.dashboard")),
]

handler403 = "portal.views.errors.permission_denied"
handler404 = "portal.views.errors.page_not_found"
handler500 = "portal.views.errors.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
