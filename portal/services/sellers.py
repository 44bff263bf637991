"""Creating a seller with its first owner, and editing its profile. Audited."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug
from django.db import transaction
from django.utils.translation import gettext as _

from portal.exceptions import InvalidInput
from portal.models import ISO_CURRENCIES, Membership, Role, Seller
from portal.services.audit import record_audit_event
from portal.services.invitations import normalise_email, user_with_email
from portal.services.members import require_manager


@dataclass(frozen=True)
class NewSeller:
    seller: Seller
    owner: object  # the user
    user_created: bool


@transaction.atomic
def create_seller(*, slug: str, name: str, owner_email: str, home_currency: str = "CNY") -> NewSeller:
    """Create a seller, its owner's account when none has that address, and the owner membership.

    A new account has no usable password: its owner sets one through the reset link.
    Raises InvalidInput naming each bad field (slug taken or malformed, empty name, bad
    address, unknown currency); nothing is created then.
    """
    slug = (slug or "").strip()
    name = (name or "").strip()
    email = normalise_email(owner_email)
    home_currency = (home_currency or "").strip().upper()
    errors: dict[str, list[str]] = {}
    try:
        validate_slug(slug)
    except ValidationError:
        errors["slug"] = [_("Use letters, numbers, hyphens and underscores only, for example acme-trading.")]
    else:
        if Seller.objects.filter(slug=slug).exists():
            errors["slug"] = [_("The slug %(slug)s is taken by another seller.") % {"slug": slug}]
    if not name:
        errors["name"] = [_("Give the seller's company name.")]
    try:
        validate_email(email)
    except ValidationError:
        errors["owner_email"] = [_("Enter a valid e-mail address, for example name@company.com.")]
    if home_currency not in ISO_CURRENCIES:
        errors["home_currency"] = [
            _("%(value)s is not an ISO 4217 currency code (for example USD, EUR, CNY).")
            % {"value": home_currency}
        ]
    if errors:
        raise InvalidInput(fields=errors)

    seller = Seller.objects.create(slug=slug, name=name, home_currency=home_currency)
    user = user_with_email(email)
    created = user is None
    if created:
        user = get_user_model()(username=email, email=email)
        user.set_unusable_password()
        user.save()
    Membership.objects.create(user=user, seller=seller, role=Role.OWNER)
    record_audit_event(
        seller=seller,
        action="seller.created",
        summary=f"{name} ({slug}), owner {email}",
        target=seller,
        data={"owner_user_id": user.pk, "user_created": created},
    )
    return NewSeller(seller=seller, owner=user, user_created=created)


PROFILE_FIELDS = ("name", "home_currency", "stage")


@transaction.atomic
def update_seller_profile(
    *, seller: Seller, actor: Membership, name: str, home_currency: str, stage: str
) -> Seller:
    """Change the seller's name, home currency and stage. Owners and admins only.

    Raises PermissionDenied or InvalidInput (per field); nothing changes on a refusal.
    """
    require_manager(actor, seller, _("Only owners and admins edit the seller's profile."))
    values = {
        "name": (name or "").strip(),
        "home_currency": (home_currency or "").strip().upper(),
        "stage": stage,
    }
    errors: dict[str, list[str]] = {}
    if not values["name"]:
        errors["name"] = [_("Give the seller's company name.")]
    if values["home_currency"] not in ISO_CURRENCIES:
        errors["home_currency"] = [
            _("%(value)s is not an ISO 4217 currency code (for example USD, EUR, CNY).")
            % {"value": values["home_currency"]}
        ]
    if stage not in Seller.Stage.values:
        allowed = ", ".join(str(label) for label in Seller.Stage.labels)
        errors["stage"] = [_("Choose one of the stages: %(allowed)s.") % {"allowed": allowed}]
    if errors:
        raise InvalidInput(fields=errors)
    seller = Seller.objects.select_for_update().get(pk=seller.pk)
    changes = {f: [getattr(seller, f), v] for f, v in values.items() if getattr(seller, f) != v}
    if changes:
        for field, (_old, new) in changes.items():
            setattr(seller, field, new)
        seller.save(update_fields=list(changes))
        record_audit_event(
            seller=seller,
            actor=actor.user,
            action="seller.updated",
            summary=", ".join(f"{field}: {old} → {new}" for field, (old, new) in changes.items()),
            target=seller,
            data={"changes": changes},
        )
    return seller
