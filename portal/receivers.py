"""Audit of sign-ins and sign-outs, from Django's authentication signals."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from portal.selectors.memberships import memberships_of_user
from portal.services.audit import client_ip, record_audit_event


@receiver(user_logged_in)
def audit_sign_in(sender, request, user, **kwargs):
    sellers = [m.seller for m in memberships_of_user(user=user)]
    ip = client_ip(request) if request is not None else None
    for seller in sellers or [None]:
        record_audit_event(
            seller=seller, actor=user, action="auth.signed_in", summary=user.get_username(), ip_address=ip
        )


@receiver(user_logged_out)
def audit_sign_out(sender, request, user, **kwargs):
    if user is None:
        return
    seller = getattr(request, "seller", None) if request is not None else None
    ip = client_ip(request) if request is not None else None
    record_audit_event(
        seller=seller, actor=user, action="auth.signed_out", summary=user.get_username(), ip_address=ip
    )


@receiver(user_login_failed)
def audit_failed_sign_in(sender, credentials, request=None, **kwargs):
    """A failed sign-in is recorded for every seller of the named account, so its owners
    see attempts on their people; an unknown name is recorded for the operators only."""
    username = str(credentials.get("username", ""))[:150]
    ip = client_ip(request) if request is not None else None
    user = get_user_model().objects.filter(username=username).first() if username else None
    sellers = [m.seller for m in memberships_of_user(user=user)] if user is not None else []
    for seller in sellers or [None]:
        record_audit_event(seller=seller, action="auth.sign_in_failed", summary=username, ip_address=ip)
