"""The base of the admin pages that show ledger-derived rows: operators read, never edit."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """The ledger is written by the ledger service only; here it is evidence to read."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
