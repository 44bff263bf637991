"""The seller's settings: members, invitations, audit log, seller profile.

URL names (no namespace): `settings`, `members`, `member_role`, `member_remove`,
`invitations`, `invitation_revoke`, `audit_log`, `seller_profile`. API keys live in
`portal/views/api_keys.py` (`/settings/api-keys/`).

Every member of the seller sees these pages; only owners and admins change anything
(and see the audit log). Members are looked up among the request seller's own
memberships, so another seller's member is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.exceptions import Conflict, InvalidInput, PermissionDenied
from portal.forms.members import InvitationForm
from portal.forms.sellers import SellerProfileForm
from portal.forms.service_errors import add_service_errors
from portal.models import Invitation, Role
from portal.selectors.audit import ACTION_LABELS, audit_events
from portal.selectors.memberships import members_of_seller
from portal.services.invitations import invite_member, revoke_invitation
from portal.services.members import change_member_role, remove_member
from portal.services.sellers import update_seller_profile
from portal.tenancy import not_tenant_object_view, tenant_object_view

AUDIT_EVENTS_PER_PAGE = 50
INVITATIONS_SHOWN = 50
MEMBERSHIP_NOT_TENANT = "a Membership is the tenancy core; it is looked up among request.seller's members"


def _seller_required(request) -> None:
    if request.seller is None:
        raise DjangoPermissionDenied(_("You do not belong to any seller yet."))


def _manager_required(request) -> None:
    _seller_required(request)
    if not request.membership.can_manage:
        raise DjangoPermissionDenied(_("Only owners and admins manage the seller's settings."))


@login_required
@require_GET
def settings_index(request):
    _seller_required(request)
    return render(request, "portal/settings/index.html", {"can_manage": request.membership.can_manage})


def _members_context(request, **extra):
    members = list(members_of_seller(seller=request.seller))
    context = {
        "members": members,
        "roles": Role.choices,
        "can_manage": request.membership.can_manage,
        "is_owner": request.membership.role == Role.OWNER,
        "owner_count": sum(1 for m in members if m.role == Role.OWNER),
    }
    context.update(extra)
    return context


@login_required
@require_GET
def members(request):
    _seller_required(request)
    return render(request, "portal/settings/members.html", _members_context(request))


def _member_action(request, action):
    _manager_required(request)
    try:
        action()
    except (Conflict, PermissionDenied) as exc:
        messages.error(request, exc.detail)
    except InvalidInput as exc:
        for errors in exc.fields.values():
            for error in errors:
                messages.error(request, error)
    return redirect("members")


@not_tenant_object_view(MEMBERSHIP_NOT_TENANT)
@login_required
@require_POST
def member_role(request, membership_id: int):
    def change():
        member = change_member_role(
            seller=request.seller,
            membership_id=membership_id,
            role=request.POST.get("role", ""),
            actor=request.membership,
        )
        messages.success(
            request,
            _("%(user)s is now %(role)s.") % {"user": member.user, "role": member.get_role_display()},
        )

    return _member_action(request, change)


@not_tenant_object_view(MEMBERSHIP_NOT_TENANT)
@login_required
@require_POST
def member_remove(request, membership_id: int):
    def remove():
        member = remove_member(seller=request.seller, membership_id=membership_id, actor=request.membership)
        messages.success(request, _("%(user)s was removed.") % {"user": member.user})

    return _member_action(request, remove)


@login_required
@require_http_methods(["GET", "POST"])
def invitations(request):
    """The seller's invitations; owners and admins send new ones here (POST)."""
    _seller_required(request)
    form = InvitationForm()
    status = 200
    if request.method == "POST":
        _manager_required(request)
        form = InvitationForm(request.POST)
        if form.is_valid():
            try:
                invitation, _token = invite_member(
                    seller=request.seller,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    actor=request.membership,
                    base_url=request.build_absolute_uri("/"),
                )
            except InvalidInput as exc:
                add_service_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error("role", exc.detail)
            else:
                messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
                return redirect("invitations")
        status = 400
    listed = (
        Invitation.objects.for_seller(request.seller)
        .select_related("invited_by")
        .order_by("-created_at", "-id")[:INVITATIONS_SHOWN]
    )
    context = {"form": form, "invitations": listed, "can_manage": request.membership.can_manage}
    return render(request, "portal/settings/invitations.html", context, status=status)


@tenant_object_view(Invitation)
@login_required
@require_POST
def invitation_revoke(request, invitation_id: int):
    _manager_required(request)
    try:
        invitation = revoke_invitation(
            seller=request.seller, invitation_id=invitation_id, actor=request.membership
        )
    except Conflict as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(
            request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email}
        )
    return redirect("invitations")


@login_required
@require_GET
def audit_log(request):
    _manager_required(request)
    action = request.GET.get("action") or ""
    if action not in ACTION_LABELS:
        action = ""
    page = Paginator(
        audit_events(seller=request.seller, action=action or None), AUDIT_EVENTS_PER_PAGE
    ).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "events": page.object_list,
        "action": action,
        "actions": sorted(ACTION_LABELS.items(), key=lambda item: str(item[1])),
    }
    return render(request, "portal/settings/audit_log.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def seller_profile(request):
    _seller_required(request)
    seller = request.seller
    initial = {"name": seller.name, "home_currency": seller.home_currency, "stage": seller.stage}
    can_manage = request.membership.can_manage
    form = SellerProfileForm(initial=initial)
    status = 200
    if request.method == "POST":
        _manager_required(request)
        form = SellerProfileForm(request.POST)
        if form.is_valid():
            try:
                update_seller_profile(seller=seller, actor=request.membership, **form.cleaned_data)
            except InvalidInput as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The seller's profile was saved."))
                return redirect("seller_profile")
        status = 400
    if not can_manage:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request, "portal/settings/profile.html", {"form": form, "can_manage": can_manage}, status=status
    )


urlpatterns = [
    path("", settings_index, name="settings"),
    path("members/", members, name="members"),
    path("members/<int:membership_id>/role/", member_role, name="member_role"),
    path("members/<int:membership_id>/remove/", member_remove, name="member_remove"),
    path("invitations/", invitations, name="invitations"),
    path("invitations/<int:invitation_id>/revoke/", invitation_revoke, name="invitation_revoke"),
    path("audit/", audit_log, name="audit_log"),
    path("profile/", seller_profile, name="seller_profile"),
]
