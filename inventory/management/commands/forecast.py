"""`manage.py forecast --file sales.csv --horizon 12 --output forecasts.csv`: file-mode forecasts.

Reads weekly sales (sku, marketplace, date, units[, price, deal, feat]; rows with empty units
are future weeks carrying planned promotions) and writes sku, marketplace, date, mean, p10,
p50, p90 for the `horizon` weeks after each series' last week with units. Touches no
database: the file in, the file out. A bad file is refused by line and nothing is written.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from inventory.engine.forecasting import forecast
from inventory.engine.sales_file import SalesFileRefused, read_sales_file


class Command(BaseCommand):
    help = "Forecast weekly demand from a sales CSV file into a forecasts CSV file (no database)."
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, required=True, help="Weekly sales CSV.")
        parser.add_argument("--horizon", type=int, default=26, help="Weeks to forecast (default 26).")
        parser.add_argument("--output", type=Path, required=True, help="Where to write the forecasts CSV.")

    def handle(self, *args, file: Path, horizon: int, output: Path, **options):
        if horizon < 1 or horizon > 104:
            raise CommandError("--horizon must be a whole number of weeks from 1 to 104.")
        try:
            text = Path(file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        try:
            sales = read_sales_file(text)
        except SalesFileRefused as exc:
            for error in exc.errors:
                self.stderr.write(f"{file}:{error.line}: {error.field}: {error.message}")
            raise CommandError(
                f"{file} was refused ({len(exc.errors)} problem(s)); nothing was written."
            ) from exc
        result = forecast(sales, horizon)
        table = result.to_frame().rename(columns={"location": "marketplace", "week": "date"})
        table["date"] = table["date"].dt.strftime("%Y-%m-%d")
        table.to_csv(Path(output), index=False, float_format="%.2f")
        cold = int(result.series["cold_start"].sum())
        self.stdout.write(
            f"{len(result.series)} series forecast for {horizon} weeks into {output}"
            + (f" ({cold} new series with borrowed levels)." if cold else ".")
        )
