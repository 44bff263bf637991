"""`manage.py create_seller --slug SLUG --name NAME --owner-email EMAIL`: a new seller and its owner.

Creates the seller, the owner's account when no user has that address, and the owner
membership. A new account gets no password: the command prints a link where its owner
sets one (the same link as a password reset, valid for PASSWORD_RESET_TIMEOUT).
"""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from portal.exceptions import InvalidInput
from portal.services.sellers import create_seller

OPTION_OF_FIELD = {
    "slug": "--slug",
    "name": "--name",
    "owner_email": "--owner-email",
    "home_currency": "--currency",
}


class Command(BaseCommand):
    help = "Create a seller with its owner (creating the owner's account when needed)."

    def add_arguments(self, parser):
        parser.add_argument("--slug", required=True, help="Short unique name, e.g. acme-trading.")
        parser.add_argument("--name", required=True, help="The company's name.")
        parser.add_argument("--owner-email", required=True, help="The owner's e-mail address.")
        parser.add_argument("--currency", default="CNY", help="Home currency (ISO 4217), default CNY.")
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="The portal's address, for the password-set link.",
        )

    def handle(self, *args, slug, name, owner_email, currency, base_url, **options):
        try:
            result = create_seller(slug=slug, name=name, owner_email=owner_email, home_currency=currency)
        except InvalidInput as exc:
            lines = [
                f"{OPTION_OF_FIELD.get(field, field)}: {message}"
                for field, messages in exc.fields.items()
                for message in messages
            ]
            raise CommandError("Nothing was created.\n" + "\n".join(lines))
        seller, owner = result.seller, result.owner
        self.stdout.write(self.style.SUCCESS(f"Created seller {seller.name} ({seller.slug})."))
        if result.user_created:
            uid = urlsafe_base64_encode(force_bytes(owner.pk))
            token = default_token_generator.make_token(owner)
            path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
            self.stdout.write(f"New account {owner.get_username()} is its owner. Set the password here:")
            self.stdout.write(f"  {base_url.rstrip('/')}{path}")
        else:
            self.stdout.write(
                f"The existing account {owner.get_username()} is its owner; it signs in as before."
            )
