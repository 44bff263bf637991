"""CSV files as Excel writes them on Chinese Windows (GBK, GB18030) and as "Unicode text"
(UTF-16) are read like UTF-8 ones, in the catalogue import and the sales import."""

import pytest

from inventory.services.sales_import import read_sales_csv
from listings.models import Product
from listings.services.imports import import_products
from portal.csv_text import decode_csv

TEXT = "sku,title\nZH-1,超声波加湿器 3升\n"
ENCODINGS = ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_the_encodings_spreadsheets_write_are_read(encoding):
    assert decode_csv(TEXT.encode(encoding)) == TEXT


def test_bytes_in_no_such_encoding_are_refused():
    assert decode_csv("sku\nA\n".encode("utf-16-le")) is None


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["gbk", "utf-16"])
def test_a_chinese_catalogue_file_imports(seller, encoding):
    report = import_products(seller=seller, content=TEXT.encode(encoding), file_name="p.csv", dry_run=False)
    assert report.errors == []
    assert Product.objects.for_seller(seller).get(sku="ZH-1").title == "超声波加湿器 3升"


def test_a_gb18030_sales_file_is_read():
    content = "sku,marketplace,date,units\n灯-1,US,2026-01-02,3\n".encode("gb18030")
    [(line, row)] = read_sales_csv(content)
    assert (line, row["sku"], row["units"]) == (2, "灯-1", "3")
