"""`manage.py seed_demo`: the demo sellers, users and data, safe to run any number of times.

Two sellers: "Shenzhen Bright Home" (home goods, Optimise stage) with one user in each
role, and "Ningbo Outdoor Gear" (outdoor goods, Quick start). One user belongs to both
sellers; a staff superuser signs in to the admin. Then `portal.signals.demo_data_requested`
is sent once per seller, inside its scope, so each app adds its own demo data from its
receivers.py (listings: products; inventory: the GWD hub and regional nodes; ...).

Idempotent: rows are matched by natural keys (seller slug, username, membership pair) and
left as they are when they exist; passwords are set only when a user is created.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from portal.models import Membership, Role, Seller
from portal.signals import demo_data_requested
from portal.tenancy import seller_scope

DEMO_PASSWORD = "nggs-demo-2026"


@dataclass(frozen=True)
class DemoSeller:
    slug: str
    name: str
    stage: str


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    roles: tuple[tuple[str, str], ...]  # (seller slug, role)
    staff: bool = False


BRIGHT_HOME = DemoSeller("shenzhen-bright-home", "Shenzhen Bright Home", Seller.Stage.OPTIMISE)
NINGBO_OUTDOOR = DemoSeller("ningbo-outdoor-gear", "Ningbo Outdoor Gear", Seller.Stage.QUICK_START)
DEMO_SELLERS = (BRIGHT_HOME, NINGBO_OUTDOOR)
DEMO_USERS = (
    DemoUser("owner@brighthome.example", "Li", "Wei", ((BRIGHT_HOME.slug, Role.OWNER),)),
    DemoUser("admin@brighthome.example", "Zhang", "Min", ((BRIGHT_HOME.slug, Role.ADMIN),)),
    DemoUser("operator@brighthome.example", "Chen", "Jing", ((BRIGHT_HOME.slug, Role.OPERATOR),)),
    DemoUser("viewer@brighthome.example", "Wang", "Fang", ((BRIGHT_HOME.slug, Role.VIEWER),)),
    DemoUser("owner@ningbo-outdoor.example", "Zhou", "Tao", ((NINGBO_OUTDOOR.slug, Role.OWNER),)),
    DemoUser(
        "agency@crossborder.example",
        "Liu",
        "Yang",
        ((BRIGHT_HOME.slug, Role.OPERATOR), (NINGBO_OUTDOOR.slug, Role.ADMIN)),
    ),
    DemoUser("ops@nggs.example", "Platform", "Operator", (), staff=True),
)


def demo_sign_ins() -> list[tuple[str, str]]:
    """(username, what it is) of every demo user, for the command and `run_portal`."""
    described = []
    for user in DEMO_USERS:
        if user.staff:
            described.append((user.username, "staff superuser, /admin/"))
        else:
            described.append((user.username, ", ".join(f"{role} of {slug}" for slug, role in user.roles)))
    return described


class Command(BaseCommand):
    help = "Create the demo sellers, users and data (idempotent: a second run changes nothing)."

    def handle(self, *args, **options):
        with transaction.atomic():
            sellers = self._sellers()
            created_users = self._users(sellers)
            for seller in sellers.values():
                with seller_scope(seller):
                    demo_data_requested.send(sender=self.__class__, seller=seller)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created_users} new users)."))
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for username, description in demo_sign_ins():
            self.stdout.write(f"  {username:32} {description}")

    def _sellers(self) -> dict[str, Seller]:
        sellers = {}
        for spec in DEMO_SELLERS:
            seller, _ = Seller.objects.get_or_create(
                slug=spec.slug, defaults={"name": spec.name, "stage": spec.stage, "home_currency": "CNY"}
            )
            sellers[spec.slug] = seller
        return sellers

    def _users(self, sellers: dict[str, Seller]) -> int:
        user_model = get_user_model()
        created_count = 0
        for spec in DEMO_USERS:
            user, created = user_model.objects.get_or_create(
                username=spec.username,
                defaults={
                    "email": spec.username,
                    "first_name": spec.first_name,
                    "last_name": spec.last_name,
                    "is_staff": spec.staff,
                    "is_superuser": spec.staff,
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
                created_count += 1
            for slug, role in spec.roles:
                Membership.objects.get_or_create(user=user, seller=sellers[slug], defaults={"role": role})
        return created_count
