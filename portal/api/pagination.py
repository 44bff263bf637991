"""Cursor pagination: stable under inserts and no COUNT(*) or deep OFFSET on big tables."""

from rest_framework.pagination import CursorPagination


class CreatedCursorPagination(CursorPagination):
    ordering = ("-created_at", "-id")
    page_size_query_param = "page_size"
    max_page_size = 500


class IdCursorPagination(CursorPagination):
    ordering = ("-id",)
    page_size_query_param = "page_size"
    max_page_size = 500
