"""An image is judged by its pixels before it is decoded: a small file that unpacks to a
huge bitmap is refused by name, and Pillow's own limit is the catalogue's."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from listings.models import ProductImage
from listings.services.catalogue import add_product_image
from listings.tests.factories import ProductFactory
from portal.exceptions import InvalidInput

pytestmark = pytest.mark.django_db


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def test_pillows_limit_is_the_catalogues(settings):
    assert settings.PRODUCT_IMAGE_MAX_PIXELS == 40_000_000
    assert Image.MAX_IMAGE_PIXELS == settings.PRODUCT_IMAGE_MAX_PIXELS


@pytest.mark.parametrize(("width", "height"), [(12_000, 12_000), (8_000, 5_001)])
def test_an_image_of_too_many_pixels_is_refused_before_decoding(seller, settings, tmp_path, width, height):
    settings.MEDIA_ROOT = tmp_path
    content = _png(width, height)
    assert len(content) < 100_000  # small on disk, huge in memory
    with pytest.raises(InvalidInput) as refused:
        add_product_image(
            seller=seller,
            product=ProductFactory(seller=seller),
            upload=SimpleUploadedFile("bomb.png", content, content_type="image/png"),
        )
    assert refused.value.fields["image"] == [
        "The image is too large in pixels; images may have at most 40 megapixels."
    ]
    assert not ProductImage.objects.for_seller(seller).exists()


def test_an_image_within_the_limit_is_kept(seller, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = add_product_image(
        seller=seller,
        product=ProductFactory(seller=seller),
        upload=SimpleUploadedFile("ok.png", _png(800, 600), content_type="image/png"),
    )
    assert (image.width, image.height) == (800, 600)
