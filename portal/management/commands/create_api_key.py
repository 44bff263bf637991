"""`manage.py create_api_key --seller SLUG --name NAME --scopes a,b`: prints the key once."""

from django.core.management.base import BaseCommand, CommandError

from portal.api.scopes import API_SCOPES
from portal.exceptions import InvalidInput
from portal.models import Seller
from portal.services.api_keys import create_api_key


class Command(BaseCommand):
    help = "Create an API key for a seller and print it. The key is stored hashed and cannot be shown again."

    def add_arguments(self, parser):
        parser.add_argument("--seller", required=True, help="The seller's slug.")
        parser.add_argument("--name", required=True, help="Who or what uses the key.")
        parser.add_argument(
            "--scopes",
            required=True,
            help=f"Comma-separated scopes. Allowed: {', '.join(API_SCOPES)}.",
        )

    def handle(self, *args, seller, name, scopes, **options):
        try:
            seller_obj = Seller.objects.get(slug=seller)
        except Seller.DoesNotExist:
            raise CommandError(
                f"No seller with the slug {seller!r}. Check `manage.py create_seller` or the admin."
            )
        scope_list = [scope.strip() for scope in scopes.split(",") if scope.strip()]
        try:
            key, raw_key = create_api_key(seller=seller_obj, name=name, scopes=scope_list, via="command")
        except InvalidInput as exc:
            problems = "; ".join(f"{field}: {' '.join(map(str, msgs))}" for field, msgs in exc.fields.items())
            raise CommandError(problems or exc.detail)
        self.stderr.write(
            f"Created API key {key.name!r} (prefix {key.prefix}) for {seller_obj.name} with scopes "
            f"{', '.join(key.scopes)}. Copy it now: it is not stored and cannot be shown again."
        )
        self.stdout.write(raw_key)
