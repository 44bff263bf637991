"""`manage.py import_fx_rates --file PATH | --url URL`: load the ECB's daily reference rates."""

import httpx
from django.core.management.base import BaseCommand, CommandError

from listings.services.fx import import_ecb_file, import_ecb_url
from portal.exceptions import InvalidInput


class Command(BaseCommand):
    help = "Import the ECB daily reference rates (eurofxref-daily.xml) from a file or a URL."

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group()
        source.add_argument("--file", help="Path of an eurofxref-daily.xml file.")
        source.add_argument("--url", help="URL of the daily XML (default: settings.FX_ECB_DAILY_URL).")

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
        self.stdout.write(
            f"ECB rates of {result.rate_date}: {result.created} new, {result.updated} updated "
            f"({len(result.currencies)} currencies)."
        )
