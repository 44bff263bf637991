"""`manage.py forecast_backtest --file F --horizon H --folds K`: how accurate each method was.

Cuts the last K × H weeks of the file into K rolling origins, forecasts each from the weeks
before it (promotions of the held-back weeks known, as planned ones are) and prints per
method and for the chosen mix: MASE, WAPE, pinball loss and p10–p90 coverage, beside the
seasonal naive forecast (same week a year earlier). With `--file` it touches no
database; `--seller SLUG` backtests that seller's own sales history instead.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from inventory.engine.forecasting import backtest
from inventory.engine.sales_file import SalesFileRefused, read_sales_file


class Command(BaseCommand):
    help = "Rolling-origin backtest of the forecast methods on a sales CSV file."
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--file", type=Path, help="Weekly sales CSV.")
        source.add_argument("--seller", help="A seller's slug: backtest their own sales history.")
        parser.add_argument("--horizon", type=int, default=12, help="Weeks per fold (default 12).")
        parser.add_argument("--folds", type=int, default=3, help="Rolling origins (default 3).")

    def handle(self, *args, file: Path | None, seller: str | None, horizon: int, folds: int, **options):
        if horizon < 1 or folds < 1:
            raise CommandError("--horizon and --folds must be whole numbers from 1 up.")
        sales = self._seller_sales(seller) if seller else self._file_sales(Path(file))
        table = backtest(sales, horizon, folds)
        if table.empty:
            raise CommandError("The history is too short for that many folds of that horizon.")
        self.stdout.write(f"{folds} fold(s) of {horizon} weeks; lower is better except coverage (aim 0.80).")
        self.stdout.write(f"{'method':<22}{'series':>8}{'MASE':>8}{'WAPE':>8}{'pinball':>9}{'p10-p90':>9}")
        for row in table.itertuples():
            self.stdout.write(
                f"{row.method:<22}{row.series:>8}{row.mase:>8.3f}{row.wape:>8.3f}"
                f"{row.pinball:>9.4f}{row.coverage:>9.2f}"
            )

    def _seller_sales(self, slug: str):
        from inventory.services.forecasts import weekly_sales
        from portal.models import Seller
        from portal.tenancy import seller_scope

        target = Seller.objects.filter(slug=slug).first()
        if target is None:
            raise CommandError(f"No seller has the slug {slug!r}.")
        with seller_scope(target):
            weekly = weekly_sales(seller=target)
        if weekly.empty:
            raise CommandError(f"{slug} has no complete weeks of sales to backtest.")
        return weekly.rename(columns={"product_id": "sku", "marketplace_id": "location"})

    def _file_sales(self, file: Path):
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        try:
            sales = read_sales_file(text)
        except SalesFileRefused as exc:
            for error in exc.errors:
                self.stderr.write(f"{file}:{error.line}: {error.field}: {error.message}")
            raise CommandError(f"{file} was refused ({len(exc.errors)} problem(s)).") from exc
        return sales
