"""An import file with a SKU twice and a wrong GTIN check digit: both reported, good rows imported."""

from __future__ import annotations

import io

import openpyxl
import pytest

from listings.models import Product
from listings.services.imports import import_products

pytestmark = pytest.mark.django_db

CSV = (
    "sku,title,brand,gtin,hs_code,country_of_origin,unit_cost\n"
    "LAMP-1,Desk Lamp,Brightora,6948123001013,940520,CN,48.50\n"  # row 2
    "HAMMOCK-1,Hammock,TrailNest,,630690,CN,39.50\n"  # row 3
    "KETTLE-1,Kettle,Brightora,6948123001014,851671,CN,30.00\n"  # row 4: check digit should be 3
    "LAMP-1,Desk Lamp (again),Brightora,,940520,CN,50.00\n"  # row 5: LAMP-1 was in row 2
    "TENT-1,Tent,TrailNest,,630622,CN,120.00\n"  # row 6
    "LAMP-1,Desk Lamp (third),Brightora,,940520,CN,51.00\n"  # row 7
)


def errors_by_row(report) -> dict[int, set[str]]:
    rows: dict[int, set[str]] = {}
    for error in report.errors:
        rows.setdefault(error["row"], set()).add(error["field"])
    return rows


@pytest.mark.parametrize("dry_run", [True, False])
def test_duplicate_sku_and_bad_gtin_are_reported_by_row_and_field(seller, dry_run):
    report = import_products(seller=seller, content=CSV.encode(), file_name="products.csv", dry_run=dry_run)

    assert errors_by_row(report) == {4: {"gtin"}, 5: {"sku"}, 7: {"sku"}}
    duplicate = next(e["message"] for e in report.errors if e["row"] == 5)
    assert "LAMP-1" in duplicate
    assert "row 2" in duplicate
    assert "row 2" in next(e["message"] for e in report.errors if e["row"] == 7)
    assert "check digit" in next(e["message"] for e in report.errors if e["row"] == 4)
    assert report.counts == {"new": 3, "invalid": 3}
    assert [r["action"] for r in report.rows] == ["new", "new", "invalid", "invalid", "new", "invalid"]
    stored = dict(Product.objects.for_seller(seller).values_list("sku", "title"))
    if dry_run:
        assert stored == {}
    else:
        # The first LAMP-1 row is imported as written, not overwritten by the later ones.
        assert stored == {"LAMP-1": "Desk Lamp", "HAMMOCK-1": "Hammock", "TENT-1": "Tent"}


def test_a_duplicate_in_a_workbook_is_reported_too(seller):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["sku", "title"])
    sheet.append(["POLE-1", "Trekking Pole"])
    sheet.append(["POLE-1", "Trekking Pole, pair"])
    content = io.BytesIO()
    book.save(content)

    report = import_products(seller=seller, content=content.getvalue(), file_name="p.xlsx", dry_run=False)

    assert [(e["row"], e["field"]) for e in report.errors] == [(3, "sku")]
    assert Product.objects.for_seller(seller).get(sku="POLE-1").title == "Trekking Pole"


def test_reimporting_a_file_is_not_a_duplicate_of_the_stored_product(seller):
    import_products(seller=seller, content=CSV.encode(), file_name="products.csv", dry_run=False)
    again = "sku,title\nLAMP-1,Desk Lamp, new title\n".replace(", new", " new")
    report = import_products(seller=seller, content=again.encode(), file_name="p.csv", dry_run=False)
    assert report.errors == []
    assert Product.objects.for_seller(seller).get(sku="LAMP-1").title == "Desk Lamp new title"
