"""Bulk import and export of the catalogue as CSV or XLSX (django-import-export).

An import is checked first (`dry_run=True`, nothing is written) and then applied. Rows
are independent: a bad row is reported with its row number, field and message, and the
good rows are still imported. Row numbers count the header as row 1, as a spreadsheet
shows them. Existing products are matched by SKU and updated.

Columns: the names in `listings.services.catalogue.PRODUCT_FIELDS`; bullet points are
separated by " | ", attributes are a JSON object.

Formula injection (OWASP's CSV-injection rule): a spreadsheet runs a cell that starts with
`=`, `+`, `-`, `@`, a tab or a carriage return as a formula (`=HYPERLINK(…)`,
`=cmd|' /C calc'!A0`). Export writes such cells with a leading `'`, which spreadsheets show
as text; import takes that quote off again, so a file exported and imported back is
unchanged, and every cell is stored as the text it is, never evaluated.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from listings.models import Product
from listings.services.catalogue import PRODUCT_FIELDS
from portal.csv_text import decode_csv
from portal.exceptions import InvalidInput
from portal.models import Seller
from portal.tenancy import seller_scope

FORMATS = ("csv", "xlsx")
BULLET_SEPARATOR = " | "
XLSX_MAGIC = b"PK\x03\x04"
HEADER_ROWS = 1
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """A text cell a spreadsheet would run as a formula, made text with a leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _unquote_formula(value):
    """The cell as exported before `neutralise_formula`: a quoted formula loses its quote."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def _map_cells(dataset: tablib.Dataset, cell) -> tablib.Dataset:
    return tablib.Dataset(*[tuple(cell(value) for value in row) for row in dataset], headers=dataset.headers)


class BulletsWidget(widgets.Widget):
    """Bullet points as one cell: "first | second | third"."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return []
        return [part.strip() for part in str(value).split("|") if part.strip()]

    def render(self, value, obj=None, **kwargs):
        return BULLET_SEPARATOR.join(value or [])


class AttributesWidget(widgets.Widget):
    """Attributes as a JSON object in one cell."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return {}
        try:
            parsed = json.loads(value)
        except (TypeError, ValueError) as exc:
            raise ValueError(_('Attributes are a JSON object, for example {"colour": "red"}.')) from exc
        if not isinstance(parsed, dict):
            raise ValueError(_('Attributes are a JSON object, for example {"colour": "red"}.'))
        return parsed

    def render(self, value, obj=None, **kwargs):
        return json.dumps(value or {}, ensure_ascii=False, sort_keys=True)


class DigitsWidget(widgets.CharWidget):
    """Codes made of digits (GTIN, HS code) that a spreadsheet may have stored as numbers."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return "" if value is None else str(value).strip()


class PlainDecimalWidget(widgets.DecimalWidget):
    """A money amount; text that is not a number is refused in words, not as a Python class."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except (ArithmeticError, ValueError, TypeError):
            raise ValueError(
                _("%(value)r is not a number; write it like 12.50.") % {"value": value}
            ) from None


class PlainIntegerWidget(widgets.IntegerWidget):
    """A whole number (grams, millimetres); anything else is refused in words."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except (ArithmeticError, ValueError, TypeError):
            raise ValueError(_("%(value)r is not a whole number.") % {"value": value}) from None


class ProductResource(resources.ModelResource):
    bullet_points = fields.Field(
        attribute="bullet_points", column_name="bullet_points", widget=BulletsWidget()
    )
    attributes = fields.Field(attribute="attributes", column_name="attributes", widget=AttributesWidget())
    gtin = fields.Field(attribute="gtin", column_name="gtin", widget=DigitsWidget())
    hs_code = fields.Field(attribute="hs_code", column_name="hs_code", widget=DigitsWidget())
    unit_cost = fields.Field(attribute="unit_cost", column_name="unit_cost", widget=PlainDecimalWidget())
    weight_g = fields.Field(attribute="weight_g", column_name="weight_g", widget=PlainIntegerWidget())
    length_mm = fields.Field(attribute="length_mm", column_name="length_mm", widget=PlainIntegerWidget())
    width_mm = fields.Field(attribute="width_mm", column_name="width_mm", widget=PlainIntegerWidget())
    height_mm = fields.Field(attribute="height_mm", column_name="height_mm", widget=PlainIntegerWidget())

    class Meta:
        model = Product
        fields = PRODUCT_FIELDS
        export_order = PRODUCT_FIELDS
        import_id_fields = ("sku",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True

    def __init__(self, *, seller: Seller):
        super().__init__()
        self.seller = seller
        # The file row where each SKU was first seen: a later row with it is refused.
        self.seen_skus: dict[str, int] = {}

    def before_import_row(self, row, row_number=None, **kwargs):
        sku = str(row.get("sku") or "").strip()
        if not sku:
            return
        first = self.seen_skus.setdefault(sku, row_number)
        if first != row_number:
            raise ValidationError(
                {
                    "sku": [
                        _("SKU %(sku)s is already in row %(row)d of this file; each SKU may appear once.")
                        % {"sku": sku, "row": first + HEADER_ROWS}
                    ]
                }
            )

    def get_queryset(self):
        return Product.objects.for_seller(self.seller)

    def init_instance(self, row=None):
        return Product(seller=self.seller)


@dataclass
class ImportReport:
    dry_run: bool
    counts: dict = field(default_factory=dict)
    rows: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    def as_dict(self) -> dict:
        return {"dry_run": self.dry_run, "counts": self.counts, "rows": self.rows, "errors": self.errors}


def detect_format(name: str, content: bytes) -> str:
    """csv or xlsx from the bytes (an XLSX is a zip); the name's extension must agree."""
    is_zip = content[:4] == XLSX_MAGIC
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension == "xlsx" and is_zip:
        return "xlsx"
    if extension in ("csv", "txt", "") and not is_zip:
        return "csv"
    raise InvalidInput(fields={"file": [_("Upload a CSV file or an Excel workbook (.xlsx).")]})


def load_dataset(content: bytes, file_format: str) -> tablib.Dataset:
    if file_format == "csv":
        text = decode_csv(content)
        if text is None:
            raise InvalidInput(fields={"file": [_("Save the CSV file as UTF-8.")]})
        return tablib.Dataset().load(text, format="csv")
    try:
        return tablib.Dataset().load(content, format="xlsx")
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise InvalidInput(
            fields={"file": [_("The workbook cannot be read: %(error)s") % {"error": exc}]}
        ) from exc


def import_products(*, seller: Seller, content: bytes, file_name: str, dry_run: bool) -> ImportReport:
    """Check (dry_run) or apply an import; returns what happens to each row and every error.

    Raises InvalidInput when the file as a whole is unusable (format, encoding, a missing
    `sku` column, unknown columns) — then nothing is imported.
    """
    _check_size(len(content))
    dataset = load_dataset(content, detect_format(file_name, content))
    dataset = _map_cells(dataset, _unquote_formula)
    headers = [str(h or "").strip() for h in (dataset.headers or [])]
    if "sku" not in headers:
        raise InvalidInput(fields={"file": [_("The first row must name the columns, with at least sku.")]})
    unknown = [h for h in headers if h and h not in PRODUCT_FIELDS]
    if unknown:
        raise InvalidInput(
            fields={
                "file": [
                    _("Unknown columns: %(unknown)s. Allowed: %(allowed)s.")
                    % {"unknown": ", ".join(unknown), "allowed": ", ".join(PRODUCT_FIELDS)}
                ]
            }
        )
    dataset.headers = headers
    resource = ProductResource(seller=seller)
    with seller_scope(seller):
        result = resource.import_data(dataset, dry_run=dry_run, raise_errors=False, use_transactions=True)
    report = ImportReport(dry_run=dry_run)
    invalid = {row.number: row for row in result.invalid_rows}
    failed = dict(result.row_errors())
    for number, row_result in enumerate(result.rows, 1):
        sku = dataset[number - 1][headers.index("sku")]
        report.rows.append({"row": number + HEADER_ROWS, "sku": sku, "action": row_result.import_type})
        if number in invalid:
            for field_name, messages in invalid[number].error_dict.items():
                for message in messages:
                    report.errors.append(
                        {"row": number + HEADER_ROWS, "field": field_name, "message": str(message)}
                    )
        for error in failed.get(number, []):
            report.errors.append(
                {"row": number + HEADER_ROWS, "field": "__all__", "message": str(error.error)}
            )
    report.counts = {kind: total for kind, total in result.totals.items() if total}
    if not dry_run and failed:
        # An unexpected error rolls the whole file back (import-export's rule): say so.
        report.counts = {"error": len(failed)}
    return report


STAGED_DIR = "imports"


def _check_size(size: int) -> None:
    if size > settings.PRODUCT_IMPORT_MAX_BYTES:
        raise InvalidInput(
            fields={
                "file": [
                    _("Import files may be at most %(mb)d MB.")
                    % {"mb": settings.PRODUCT_IMPORT_MAX_BYTES // 2**20}
                ]
            }
        )


def stage_import(*, seller: Seller, upload: UploadedFile) -> str:
    """Keep an uploaded import file between its preview and its confirmation; returns a token.

    A file refused for its size or format is never stored. A staged file is deleted when
    the import is confirmed or cancelled, or a preview refuses it; one left behind (the
    seller walked away) is deleted by `purge_stale_imports` after STAGED_IMPORT_TTL.
    """
    _check_size(upload.size)
    content = upload.read()
    detect_format(upload.name, content)
    token = secrets.token_urlsafe(16)
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else "csv"
    default_storage.save(f"{STAGED_DIR}/{seller.pk}/{token}.{extension}", ContentFile(content))
    return f"{token}.{extension}"


def staged_import(*, seller: Seller, token: str) -> tuple[bytes, str]:
    """The content and name of a staged file of this seller; InvalidInput when gone."""
    name = token.rsplit("/", 1)[-1]
    if not name or name.startswith(".") or "." not in name:
        raise InvalidInput(fields={"token": [_("The import file is unknown; upload it again.")]})
    path = f"imports/{seller.pk}/{name}"
    if not default_storage.exists(path):
        raise InvalidInput(fields={"token": [_("The import file is unknown; upload it again.")]})
    with default_storage.open(path, "rb") as handle:
        return handle.read(), name


def discard_staged_import(*, seller: Seller, token: str) -> None:
    name = token.rsplit("/", 1)[-1]
    if name and not name.startswith("."):
        default_storage.delete(f"{STAGED_DIR}/{seller.pk}/{name}")


def purge_stale_imports(*, now=None) -> int:
    """Delete the staged import files older than STAGED_IMPORT_TTL (of every seller: they
    are files, not rows, and only their age is read); returns how many were deleted."""
    from django.utils import timezone

    cutoff = (now or timezone.now()) - settings.STAGED_IMPORT_TTL
    if not default_storage.exists(STAGED_DIR):
        return 0
    deleted = 0
    seller_dirs, _files = default_storage.listdir(STAGED_DIR)
    for seller_dir in seller_dirs:
        _dirs, names = default_storage.listdir(f"{STAGED_DIR}/{seller_dir}")
        for name in names:
            path = f"{STAGED_DIR}/{seller_dir}/{name}"
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                deleted += 1
    return deleted


def export_products(*, seller: Seller, file_format: str) -> bytes:
    """Every product of the seller in the import's columns, as CSV (UTF-8 with BOM) or XLSX."""
    if file_format not in FORMATS:
        raise InvalidInput(fields={"format": [_("Choose csv or xlsx.")]})
    with seller_scope(seller):
        dataset = ProductResource(seller=seller).export(Product.objects.for_seller(seller).order_by("sku"))
    dataset = _map_cells(dataset, neutralise_formula)
    if file_format == "csv":
        return ("\ufeff" + dataset.export("csv")).encode("utf-8")
    return dataset.export("xlsx")
