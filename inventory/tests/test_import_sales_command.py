"""`manage.py import_sales`: good rows in, bad rows named by line, exit status 1 when any is refused."""

import pytest
from django.core.management import CommandError, call_command

from inventory.models import SalesDay
from inventory.tests.factories import ProductFactory


def test_command_imports_good_rows_and_reports_bad_ones_by_line(tmp_path, seller, capsys):
    ProductFactory(seller=seller, sku="BH-LAMP-01")
    path = tmp_path / "sales.csv"
    path.write_text(
        "sku,marketplace,date,units\n"
        "BH-LAMP-01,US,2025-02-01,3\n"
        "BH-LAMP-01,US,2025-02-01,2\n"
        "BH-LAMP-01,ZZ,2025-02-01,2\n"
        "\n"
        "GHOST-1,DE,2025-02-30,x\n"
    )
    with pytest.raises(SystemExit) as exited:
        call_command("import_sales", str(path), seller="acme")
    assert exited.value.code == 1
    out, err = capsys.readouterr()
    assert f"{path}:4: marketplace" in err
    assert f"{path}:6: sku" in err
    assert f"{path}:6: date" in err
    assert f"{path}:6: units" in err
    assert "4 rows read, 2 imported into 1 product-days, 2 refused." in out
    # Rows of one day add up; importing the file again replaces, it does not double.
    assert SalesDay.objects.for_seller(seller).get().units == 5
    with pytest.raises(SystemExit):
        call_command("import_sales", str(path), seller="acme")
    assert SalesDay.objects.for_seller(seller).get().units == 5


def test_missing_columns_and_unknown_seller_are_refused(tmp_path, seller):
    path = tmp_path / "sales.csv"
    path.write_text("sku,units\nBH-LAMP-01,3\n")
    with pytest.raises(CommandError, match="missing: marketplace, date"):
        call_command("import_sales", str(path), seller="acme")
    with pytest.raises(CommandError, match="No seller"):
        call_command("import_sales", str(path), seller="nobody")
