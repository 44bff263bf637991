"""The storage page: what holding the pool costs at each kind of node."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from inventory.services.storage import storage_comparison


@login_required
def storage(request):
    return render(
        request,
        "inventory/storage.html",
        {"comparison": storage_comparison(request.seller, day=timezone.localdate())},
    )
