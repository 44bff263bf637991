"""`manage.py import_sales FILE --seller SLUG`: import past sales from a CSV file.

Columns: sku, marketplace, date, units. Good rows are imported; each refused row is
printed with its line and reason, and the command exits with status 1 if any was refused.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from inventory.services.sales_import import import_sales_rows, read_sales_csv
from portal.exceptions import InvalidInput
from portal.models import Seller
from portal.tenancy import seller_scope


class Command(BaseCommand):
    help = "Import past sales (CSV: sku, marketplace, date, units) for one seller."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--seller", required=True, help="The seller's slug.")

    def handle(self, *args, file: Path, seller: str, **options):
        target = Seller.objects.filter(slug=seller).first()
        if target is None:
            raise CommandError(f"No seller has the slug {seller!r}.")
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        with seller_scope(target):
            try:
                rows = read_sales_csv(data)
            except InvalidInput as exc:
                raise CommandError("; ".join(m for msgs in exc.fields.values() for m in msgs)) from exc
            report = import_sales_rows(seller=target, rows=rows)
        for error in report.errors:
            self.stderr.write(f"{file}:{error.line}: {error.field}: {error.message}")
        self.stdout.write(
            f"{report.rows} rows read, {report.imported_rows} imported into "
            f"{report.days_written} product-days, {len(report.refused_lines)} refused."
        )
        if report.errors:
            raise SystemExit(1)
