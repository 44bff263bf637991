"""Formula injection: cells a spreadsheet would run are exported as text and imported as
the text they are (OWASP's CSV-injection rule)."""

import csv
import io

import openpyxl
import pytest

from listings.models import Product
from listings.services.imports import export_products, import_products
from listings.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

HOSTILE = ["=cmd|' /C calc'!A0", '=HYPERLINK("https://evil.example","click")', "+1+1", "@SUM(1)", "-2+3"]


@pytest.fixture
def products(seller):
    return [
        ProductFactory(seller=seller, sku=f"F-{n}", title=title, gtin="", hs_code="")
        for n, title in enumerate(HOSTILE)
    ]


def test_csv_export_starts_every_formula_cell_with_a_quote(seller, products):
    content = export_products(seller=seller, file_format="csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert [row["title"] for row in rows] == ["'" + title for title in HOSTILE]
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())


def test_xlsx_export_holds_no_formula_cells(seller, products):
    sheet = openpyxl.load_workbook(io.BytesIO(export_products(seller=seller, file_format="xlsx"))).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value is not None]
    assert cells
    assert {cell.data_type for cell in cells} <= {"s", "n"}
    header = [cell.value for cell in sheet[1]]
    titles = [row[header.index("title")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert titles == ["'" + title for title in HOSTILE]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_exported_file_imports_back_unchanged(seller, products, file_format):
    content = export_products(seller=seller, file_format=file_format)
    Product.objects.for_seller(seller).update(title="changed")
    report = import_products(seller=seller, content=content, file_name=f"p.{file_format}", dry_run=False)
    assert report.errors == []
    assert list(Product.objects.for_seller(seller).order_by("sku").values_list("title", flat=True)) == HOSTILE


def test_a_formula_in_an_imported_csv_is_stored_as_text(seller):
    content = b'sku,title\nX-1,"=HYPERLINK(""https://evil.example"")"\n'
    report = import_products(seller=seller, content=content, file_name="p.csv", dry_run=False)
    assert report.errors == []
    assert Product.objects.for_seller(seller).get(sku="X-1").title == '=HYPERLINK("https://evil.example")'


def test_a_number_that_is_not_one_is_refused_in_plain_words(seller):
    content = b"sku,title,unit_cost,weight_g\nN-1,Lamp,abc,12x\nN-2,Fan,12.50,800\n"
    report = import_products(seller=seller, content=content, file_name="p.csv", dry_run=False)
    messages = {(e["row"], e["field"]): e["message"] for e in report.errors}
    assert messages == {
        (2, "unit_cost"): "'abc' is not a number; write it like 12.50.",
        (2, "weight_g"): "'12x' is not a whole number.",
    }
    assert list(Product.objects.for_seller(seller).values_list("sku", flat=True)) == ["N-2"]
