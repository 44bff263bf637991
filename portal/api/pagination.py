"""Cursor pagination: stable under inserts and no COUNT(*) or deep OFFSET on big tables.

Unlike DRF's default, a `page_size` that is not a whole number from 1 to the maximum, or
a cursor the API did not hand out, is refused with 400 naming the parameter: a partner
who sends `page_size=null` learns about it instead of silently getting the default.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

MAX_PAGE_SIZE = 500


class PortalCursorPagination(CursorPagination):
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        values = request.query_params.getlist(self.page_size_query_param)
        if not values:
            return self.page_size
        value = values[0].strip()
        if len(values) > 1 or not value.isdigit() or not 1 <= int(value) <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Give page_size once, as a whole number from 1 to %(max)d.")
                        % {"max": self.max_page_size}
                    ]
                }
            )
        return int(value)

    def decode_cursor(self, request):
        if len(request.query_params.getlist(self.cursor_query_param)) > 1:
            raise ValidationError({self.cursor_query_param: [_("Give the cursor once.")]})
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError(
                {
                    self.cursor_query_param: [
                        _("Not a cursor this API gave out: use the `next` or `previous` link of a page.")
                    ]
                }
            ) from None

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
            if parameter["name"] == self.cursor_query_param:
                parameter["description"] = str(
                    _("The cursor of the `next` or `previous` link of a page; any other value is refused.")
                )
        return parameters


class CreatedCursorPagination(PortalCursorPagination):
    ordering = ("-created_at", "-id")


class IdCursorPagination(PortalCursorPagination):
    ordering = ("-id",)
