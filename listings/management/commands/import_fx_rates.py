"""`manage.py import_fx_rates --file PATH | --url URL`: load the ECB's reference rates.

Reads any of the ECB's documents: the daily XML, the 90-day or full history XML, the
history CSV or ZIP (`eurofxref-hist.zip`). Prints what it did per day (new, updated,
unchanged rates) and every day it refused with the reasons; the readable days are stored
even when others are refused, and the command then fails (exit 1) naming them.
"""

import httpx
from django.core.management.base import BaseCommand, CommandError

from listings.services.fx import import_ecb_file, import_ecb_url
from portal.exceptions import InvalidInput


class Command(BaseCommand):
    help = (
        "Import the ECB reference rates from a file or a URL: daily or history XML, "
        "the history CSV or ZIP (eurofxref-hist.zip)."
    )

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group()
        source.add_argument("--file", help="Path of an ECB file (.xml, .csv or .zip).")
        source.add_argument("--url", help="URL of an ECB file (default: settings.FX_ECB_DAILY_URL).")

    def handle(self, *args, **options):
        try:
            result = import_ecb_file(options["file"]) if options["file"] else import_ecb_url(options["url"])
        except OSError as exc:
            raise CommandError(f"Cannot read the rates: {exc}") from exc
        except InvalidInput as exc:
            details = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.fields.items())
            raise CommandError(f"{exc.detail} {details}") from exc
        except httpx.HTTPError as exc:
            raise CommandError(f"Cannot download the rates: {exc}") from exc
        if options["verbosity"] >= 1:
            for day in result.days:
                self.stdout.write(
                    f"{day.rate_date}: {day.created} new, {day.updated} updated, {day.unchanged} unchanged."
                )
        for label, problems in result.refused:
            self.stderr.write(f"{label}: refused: {' '.join(problems)}")
        if result.days:
            self.stdout.write(
                f"ECB rates of {len(result.days)} day(s) up to {result.rate_date}: {result.created} new, "
                f"{result.updated} updated, {result.unchanged} unchanged "
                f"({len(result.currencies)} currencies)."
            )
        if result.refused:
            first = "; ".join(f"{label}: {' '.join(problems)}" for label, problems in result.refused[:5])
            raise CommandError(f"{len(result.refused)} day(s) refused, nothing stored for them: {first}")
