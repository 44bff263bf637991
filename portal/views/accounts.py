"""Accounts: sign-in (guarded by django-axes), sign-out, password reset by e-mail,
switching the current seller, and accepting an invitation.

URL names (no namespace): `login`, `logout`, `password_reset`, `password_reset_done`,
`password_reset_confirm`, `password_reset_complete`, `seller_switch`, `invitation_accept`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.exceptions import Conflict, InvalidInput, PermissionDenied
from portal.forms.accounts import NewAccountForm
from portal.forms.service_errors import add_service_errors
from portal.selectors.memberships import memberships_of_user
from portal.services.invitations import (
    accept_invitation,
    accept_invitation_with_new_account,
    find_invitation,
)
from portal.tenancy import SESSION_SELLER_KEY, not_tenant_object_view
from portal.views.redirects import safe_next_url

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _safe_next(request, fallback: str) -> str:
    return safe_next_url(request, fallback)


@require_POST
def seller_switch(request):
    """Act for another of the user's sellers from now on. A seller the user does not belong
    to is not found (404), and the current seller stays."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={reverse('dashboard')}")
    try:
        seller_id = int(request.POST.get("seller", ""))
    except ValueError:
        raise Http404("No such seller.")
    membership = memberships_of_user(user=request.user).filter(seller_id=seller_id).first()
    if membership is None:
        raise Http404("No such seller.")
    request.session[SESSION_SELLER_KEY] = membership.seller_id
    messages.success(request, _("You are now working for %(seller)s.") % {"seller": membership.seller.name})
    target = _safe_next(request, reverse("dashboard"))
    if request.htmx:
        # htmx asked: a full page load, so every part of the page shows the new seller.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return redirect(target)


@not_tenant_object_view("the token is the invitation's own secret; it names its seller")
def invitation_accept(request, token: str):
    """The page behind the e-mailed link: join the seller, creating the account if needed."""
    found = find_invitation(token)
    invitation = found.invitation
    context = {
        "invitation": invitation,
        "account_exists": found.account_exists,
        "problem": None,
        "wrong_account": request.user.is_authenticated
        and (request.user.email or "").strip().lower() != invitation.email,
    }
    if not invitation.is_open:
        context["problem"] = (
            _("This invitation has already been used.")
            if invitation.accepted_at
            else _("This invitation was withdrawn. Ask for a new one.")
            if invitation.revoked_at
            else _("This invitation has expired. Ask for a new one.")
        )
        return render(request, "registration/invitation_accept.html", context, status=410)

    form = None
    if not request.user.is_authenticated and not found.account_exists:
        form = NewAccountForm(request.POST or None)
    context["form"] = form
    if request.method == "POST":
        try:
            if request.user.is_authenticated:
                membership = accept_invitation(token=token, user=request.user)
            elif form is not None and form.is_valid():
                membership = accept_invitation_with_new_account(
                    token=token,
                    password=form.cleaned_data["password1"],
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                )
                login(request, membership.user, backend=MODEL_BACKEND)
            else:
                return render(request, "registration/invitation_accept.html", context, status=400)
        except InvalidInput as exc:
            add_service_errors(form, exc)
            return render(request, "registration/invitation_accept.html", context, status=400)
        except (Conflict, PermissionDenied) as exc:
            context["problem"] = exc.detail
            return render(request, "registration/invitation_accept.html", context, status=exc.status_code)
        request.session[SESSION_SELLER_KEY] = membership.seller_id
        messages.success(
            request,
            _("Welcome to %(seller)s. Your role: %(role)s.")
            % {"seller": membership.seller.name, "role": membership.get_role_display()},
        )
        return redirect("dashboard")
    return render(request, "registration/invitation_accept.html", context)


urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="registration/password_reset_form.html",
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(template_name="registration/password_reset_confirm.html"),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("switch-seller/", seller_switch, name="seller_switch"),
    path("invitations/<str:token>/", invitation_accept, name="invitation_accept"),
]
