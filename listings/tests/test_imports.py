"""Bulk import and export: bad rows reported by row and field, good rows imported."""

from __future__ import annotations

import io

import openpyxl
import pytest

from listings.models import Product
from listings.services.imports import export_products, import_products
from listings.tests.factories import ProductFactory
from portal.exceptions import InvalidInput

pytestmark = pytest.mark.django_db

CSV = (
    "sku,title,brand,gtin,hs_code,country_of_origin,unit_cost,bullet_points,attributes\n"
    'GOOD-1,Desk Lamp,Brightora,6948123001013,940520,CN,48.50,Dimmable | USB-C,"{""colour"": ""white""}"\n'
    "BAD-GTIN,Kettle,Brightora,6948123001014,851671,CN,30.00,,\n"
    "GOOD-2,Hammock,TrailNest,,630690,CN,39.50,,\n"
    "BAD-MANY,,TrailNest,,12.34,china,-5,,\n"
)


def test_bad_rows_are_reported_by_row_and_field_while_good_rows_are_imported(seller):
    preview = import_products(seller=seller, content=CSV.encode(), file_name="products.csv", dry_run=True)
    assert not Product.objects.for_seller(seller).exists()  # a preview writes nothing
    assert preview.counts == {"new": 2, "invalid": 2}

    report = import_products(seller=seller, content=CSV.encode(), file_name="products.csv", dry_run=False)

    assert set(Product.objects.for_seller(seller).values_list("sku", flat=True)) == {"GOOD-1", "GOOD-2"}
    lamp = Product.objects.for_seller(seller).get(sku="GOOD-1")
    assert lamp.bullet_points == ["Dimmable", "USB-C"]
    assert lamp.attributes == {"colour": "white"}
    errors = {(e["row"], e["field"]) for e in report.errors}
    assert (3, "gtin") in errors  # row 3 of the file: the header is row 1
    assert {(5, "title"), (5, "hs_code"), (5, "country_of_origin"), (5, "unit_cost")} <= errors
    assert not [e for e in report.errors if e["row"] in (2, 4)]
    gtin_message = next(e["message"] for e in report.errors if e["field"] == "gtin")
    assert "check digit" in gtin_message


def test_reimport_updates_by_sku_and_keeps_other_sellers_apart(seller, other_seller):
    theirs = ProductFactory(seller=other_seller, sku="GOOD-1", title="Theirs")
    ProductFactory(seller=seller, sku="GOOD-1", title="Old title", gtin="", hs_code="")
    import_products(seller=seller, content=CSV.encode(), file_name="p.csv", dry_run=False)
    assert Product.objects.for_seller(seller).get(sku="GOOD-1").title == "Desk Lamp"
    theirs.refresh_from_db()
    assert theirs.title == "Theirs"


def test_export_then_import_xlsx_round_trip(seller, other_seller):
    ProductFactory(seller=seller, sku="RT-1", bullet_points=["One", "Two"], attributes={"k": "v"})
    ProductFactory(seller=other_seller, sku="NOT-MINE")
    content = export_products(seller=seller, file_format="xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "sku"
    assert [r[0] for r in rows[1:]] == ["RT-1"]
    Product.objects.for_seller(seller).filter(sku="RT-1").update(title="changed")
    report = import_products(seller=seller, content=content, file_name="products.xlsx", dry_run=False)
    assert report.errors == []
    product = Product.objects.for_seller(seller).get(sku="RT-1")
    assert product.bullet_points == ["One", "Two"]
    assert product.attributes == {"k": "v"}
    assert product.title != "changed"


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"title\nNo SKU column\n", "p.csv"),
        (b"sku,colour\nA,red\n", "p.csv"),
        (b"PK\x03\x04 not really a workbook", "p.csv"),
        (b"\xff\xfe\x00bad", "p.csv"),
    ],
)
def test_an_unusable_file_is_refused_whole(seller, content, name):
    with pytest.raises(InvalidInput) as error:
        import_products(seller=seller, content=content, file_name=name, dry_run=False)
    assert "file" in error.value.fields
    assert not Product.objects.for_seller(seller).exists()
