"""The catalogue: creating and changing products, their images, and reading them back.

Products are validated with the model's validators (GTIN check digit, HS code, country,
currency) and the per-seller SKU uniqueness; bad input raises InvalidInput naming each
field and changes nothing.
"""

from __future__ import annotations

import io
import warnings
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, ProtectedError, Q, QuerySet, RestrictedError
from django.http import Http404
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from listings.models import Product, ProductImage
from portal.exceptions import Conflict, InvalidInput
from portal.models import Seller

# Pillow format name → content type of the images we accept.
IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
THUMBNAIL_SIZE = (256, 256)
# Fields a seller edits (the form, the API and the import use the same list).
PRODUCT_FIELDS = (
    "sku",
    "brand",
    "title",
    "bullet_points",
    "description",
    "source_language",
    "category",
    "attributes",
    "gtin",
    "hs_code",
    "country_of_origin",
    "unit_cost",
    "unit_cost_currency",
    "weight_g",
    "length_mm",
    "width_mm",
    "height_mm",
    "status",
)


def _validation_fields(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            field: [str(m) for e in errors for m in e.messages] for field, errors in exc.error_dict.items()
        }
    return {"__all__": [str(m) for m in exc.messages]}


def validate_product(product: Product) -> None:
    """Run every field validator and the SKU uniqueness; raise InvalidInput with all problems."""
    try:
        product.full_clean(validate_unique=False, validate_constraints=False)
        fields: dict[str, list[str]] = {}
    except ValidationError as exc:
        fields = _validation_fields(exc)
    if not isinstance(product.bullet_points, list) or not all(
        isinstance(b, str) for b in product.bullet_points
    ):
        fields.setdefault("bullet_points", []).append(_("Bullet points are a list of texts."))
    if not isinstance(product.attributes, dict):
        fields.setdefault("attributes", []).append(_("Attributes are a mapping of names to values."))
    taken = Product.objects.for_seller(product.seller).filter(sku=product.sku).exclude(pk=product.pk).exists()
    if product.sku and taken:
        fields.setdefault("sku", []).append(
            _("You already have a product with SKU %(sku)s; SKUs are unique.") % {"sku": product.sku}
        )
    if fields:
        raise InvalidInput(fields=fields)


@transaction.atomic
def create_product(*, seller: Seller, **values) -> Product:
    """A new product of the seller from `values` (PRODUCT_FIELDS); InvalidInput when any is bad."""
    unknown = set(values) - set(PRODUCT_FIELDS)
    if unknown:
        raise InvalidInput(fields={name: [_("Unknown field.")] for name in sorted(unknown)})
    product = Product(seller=seller, **values)
    validate_product(product)
    product.save()
    return product


@transaction.atomic
def update_product(*, seller: Seller, product: Product, **values) -> Product:
    """Change the given fields of the seller's product; InvalidInput (nothing saved) when any is bad.

    Listings pick up the change when the product is published again.
    """
    unknown = set(values) - set(PRODUCT_FIELDS)
    if unknown:
        raise InvalidInput(fields={name: [_("Unknown field.")] for name in sorted(unknown)})
    if product.seller_id != seller.pk:
        raise Http404("No such product.")
    original = {name: getattr(product, name) for name in values}
    for name, value in values.items():
        setattr(product, name, value)
    try:
        validate_product(product)
    except InvalidInput:
        for name, value in original.items():
            setattr(product, name, value)
        raise
    product.save()
    return product


def delete_product(*, seller: Seller, product: Product) -> None:
    """Delete a product that nothing refers to yet (a draft entered by mistake).

    A product with history (stock movements, orders, sales, listings…) cannot be deleted:
    the history must keep naming it. That raises Conflict saying why and what to do
    instead: archive it, which hides it from publishing and keeps its history.
    """
    if product.seller_id != seller.pk:
        raise Http404
    try:
        with transaction.atomic():
            product.delete()
    except (ProtectedError, RestrictedError) as exc:
        kinds = sorted({str(obj._meta.verbose_name_plural) for obj in exc.protected_objects})
        raise Conflict(
            _(
                "Product %(sku)s has history (%(kinds)s) and cannot be deleted. Archive it instead: "
                'set its status to archived (PATCH with {"status": "archived"}); it stops being '
                "published and its history stays."
            )
            % {"sku": product.sku, "kinds": ", ".join(kinds)},
            fields={"status": [_("Set the status to archived instead of deleting the product.")]},
        ) from exc


def search_products(
    *, seller: Seller, query: str = "", status: str = "", brand: str = "", category: str = ""
) -> QuerySet[Product]:
    """The seller's products matching a free-text query (SKU, title, GTIN) and the filters."""
    products = Product.objects.for_seller(seller).annotate(listing_count=Count("listings"))
    if query:
        products = products.filter(
            Q(sku__icontains=query) | Q(title__icontains=query) | Q(gtin=query) | Q(brand__icontains=query)
        )
    if status:
        products = products.filter(status=status)
    if brand:
        products = products.filter(brand=brand)
    if category:
        products = products.filter(category__icontains=category)
    return products.order_by("sku")


def access_product(*, seller: Seller, product_id) -> Product:
    """One product of this seller; Http404 whether it does not exist or is another seller's."""
    product = Product.objects.for_seller(seller).filter(pk=product_id).first()
    if product is None:
        raise Http404("No such product.")
    return product


def brands_of(*, seller: Seller) -> list[str]:
    return list(
        Product.objects.for_seller(seller)
        .exclude(brand="")
        .order_by("brand")
        .values_list("brand", flat=True)
        .distinct()
    )


def sniff_image(upload: UploadedFile) -> str:
    """The content type of an uploaded image, from its bytes; InvalidInput for anything else."""
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        kind = None
    finally:
        upload.seek(0)
    if kind not in IMAGE_TYPES:
        raise InvalidInput(fields={"image": [_("Upload a JPEG, PNG or WebP image; this file is not one.")]})
    return IMAGE_TYPES[kind]


def _check_pixels(upload: UploadedFile) -> None:
    """Refuse an image whose pixel count (read from its header, before decoding) is beyond
    PRODUCT_IMAGE_MAX_PIXELS: a small file can unpack to gigabytes."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                pixels = image.size[0] * image.size[1]
    except Image.DecompressionBombError:
        pixels = None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return  # not an image at all: sniff_image says so
    finally:
        upload.seek(0)
    limit = settings.PRODUCT_IMAGE_MAX_PIXELS
    if pixels is None or pixels > limit:
        raise InvalidInput(
            fields={
                "image": [
                    _("The image is too large in pixels; images may have at most %(mp)d megapixels.")
                    % {"mp": limit // 1_000_000}
                ]
            }
        )


@transaction.atomic
def add_product_image(*, seller: Seller, product: Product, upload: UploadedFile) -> ProductImage:
    """Store an image of the product with a thumbnail. InvalidInput when too big or not an image."""
    limit = settings.PRODUCT_IMAGE_MAX_BYTES
    if upload.size > limit:
        raise InvalidInput(
            fields={
                "image": [
                    _("The image is %(size)d KB; images may be at most %(limit)d KB.")
                    % {"size": upload.size // 1024, "limit": limit // 1024}
                ]
            }
        )
    _check_pixels(upload)
    content_type = sniff_image(upload)
    with Image.open(upload) as image:
        image.load()
        thumb = image.convert("RGB") if image.mode not in ("RGB", "L") else image.copy()
    upload.seek(0)
    thumb.thumbnail(THUMBNAIL_SIZE)
    buffer = io.BytesIO()
    thumb.save(buffer, format="JPEG", quality=85)
    stem = PurePath(upload.name).stem[:60] or "image"
    position = ProductImage.objects.for_seller(seller).filter(product=product).count()
    product_image = ProductImage(
        seller=seller, product=product, content_type=content_type, size_bytes=upload.size, position=position
    )
    extension = content_type.split("/")[1].replace("jpeg", "jpg")
    product_image.image.save(f"{stem}.{extension}", upload, save=False)
    product_image.thumbnail.save(f"{stem}-thumb.jpg", ContentFile(buffer.getvalue()), save=False)
    product_image.save()
    return product_image
