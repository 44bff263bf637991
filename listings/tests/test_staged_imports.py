"""Uploaded import files live only between the preview and the seller's answer: deleted on
confirm, on cancel, when the preview refuses them, and after a day when forgotten; a file
too big is never stored."""

import datetime
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from listings.models import Product
from listings.services.imports import purge_stale_imports, stage_import
from portal.exceptions import InvalidInput

CSV = b"sku,title\nST-1,Lamp\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def staged(media):
    return (
        sorted(p.name for p in (media / "imports").rglob("*") if p.is_file())
        if (media / "imports").exists()
        else []
    )


def preview(client, content=CSV, name="p.csv"):
    response = client.post(reverse("listings:product_import"), {"file": SimpleUploadedFile(name, content)})
    return response.context.get("token")


def test_confirming_imports_and_deletes_the_file(owner_client, seller, media):
    token = preview(owner_client)
    assert staged(media) == [token]
    owner_client.post(reverse("listings:product_import"), {"token": token})
    assert staged(media) == []
    assert list(Product.objects.for_seller(seller).values_list("sku", flat=True)) == ["ST-1"]


def test_cancelling_deletes_the_file_and_imports_nothing(owner_client, seller, media):
    token = preview(owner_client)
    response = owner_client.post(reverse("listings:product_import"), {"token": token, "cancel": "1"})
    assert response.status_code == 302
    assert staged(media) == []
    assert not Product.objects.for_seller(seller).exists()


def test_a_file_the_preview_refuses_is_not_kept(owner_client, media):
    assert preview(owner_client, b"sku,colour\nA,red\n") is None
    assert staged(media) == []


def test_a_file_too_big_is_never_stored(seller, settings, media):
    settings.PRODUCT_IMPORT_MAX_BYTES = 10
    with pytest.raises(InvalidInput) as refused:
        stage_import(seller=seller, upload=SimpleUploadedFile("p.csv", CSV))
    assert refused.value.fields == {"file": ["Import files may be at most 0 MB."]}
    assert staged(media) == []


def test_forgotten_files_are_deleted_after_the_ttl(seller, media):
    old = stage_import(seller=seller, upload=SimpleUploadedFile("old.csv", CSV))
    new = stage_import(seller=seller, upload=SimpleUploadedFile("new.csv", CSV))
    two_days_ago = (timezone.now() - datetime.timedelta(days=2)).timestamp()
    os.utime(media / "imports" / str(seller.pk) / old, (two_days_ago, two_days_ago))
    assert purge_stale_imports() == 1
    assert staged(media) == [new]
