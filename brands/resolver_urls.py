"""The GS1 Digital Link resolver: `/01/<GTIN-14>/21/<serial>`, the URI on every unit's label."""

from django.urls import re_path

from brands.views import verify

urlpatterns = [
    re_path(
        r"^(?P<gtin>[0-9]{14})/21/(?P<serial>[A-Za-z0-9]{1,20})$",
        verify.verify_code,
        name="transparency_verify",
    ),
]
