"""Signing in and out, brute-force lockout, password reset by e-mail, switching seller."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from portal.models import AuditEvent
from portal.tenancy import SESSION_SELLER_KEY
from portal.tests.factories import MembershipFactory, SellerFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def audit(action, **filters):
    with scopes_disabled():
        return list(AuditEvent.objects.filter(action=action, **filters))


def sign_in(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_sign_in_lands_on_the_dashboard_and_is_audited_for_each_seller(client, seller, other_seller):
    user = UserFactory()
    MembershipFactory(user=user, seller=seller, role="owner")
    MembershipFactory(user=user, seller=other_seller, role="viewer")

    response = sign_in(client, user.username)

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200
    events = audit("auth.signed_in")
    assert {event.seller_id for event in events} == {seller.pk, other_seller.pk}
    assert all(event.actor_id == user.pk and event.ip_address == "127.0.0.1" for event in events)


def test_wrong_password_is_refused_and_audited_for_the_accounts_sellers(client, seller, make_member):
    user = make_member(seller, "operator")

    response = sign_in(client, user.username, "not the password")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    [event] = audit("auth.sign_in_failed")
    assert event.seller_id == seller.pk
    assert event.summary == user.username


def test_failed_sign_in_of_an_unknown_name_is_kept_for_operators_only(client):
    sign_in(client, "nobody@example.com", "guess")

    [event] = audit("auth.sign_in_failed")
    assert event.seller_id is None
    assert event.summary == "nobody@example.com"


def test_repeated_wrong_passwords_lock_the_account_even_for_the_right_password(client, seller, make_member):
    user = make_member(seller, "owner")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, user.username, "wrong")

    response = sign_in(client, user.username)

    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_out_is_a_post_and_is_audited(client, seller, make_member):
    user = make_member(seller, "viewer")
    client.force_login(user)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    [event] = audit("auth.signed_out")
    assert (event.seller_id, event.actor_id) == (seller.pk, user.pk)
    assert client.get(reverse("dashboard")).status_code == 302


def test_pages_ask_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("members"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_password_reset_mails_a_link_that_sets_a_new_password(client, seller, make_member):
    user = make_member(seller, "operator")

    response = client.post(reverse("password_reset"), {"email": user.email})

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    [message] = mail.outbox
    assert message.to == [user.email]
    assert message.subject == "Your password for the NGGS Seller Portal"
    link = re.search(r"https?://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(
        set_url, {"new_password1": "a new long passphrase", "new_password2": "a new long passphrase"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("a new long passphrase")


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


@pytest.fixture
def two_seller_user(seller, other_seller):
    user = UserFactory()
    MembershipFactory(user=user, seller=seller, role="owner")
    MembershipFactory(user=user, seller=other_seller, role="viewer")
    return user


def test_a_user_in_two_sellers_switches_between_them(client, two_seller_user, seller, other_seller):
    client.force_login(two_seller_user)
    page = client.get(reverse("dashboard")).content.decode()
    assert 'id="seller-switch-select"' in page
    assert f'<option value="{seller.pk}" selected>{seller.name}</option>' in page

    response = client.post(reverse("seller_switch"), {"seller": other_seller.pk, "next": "/jobs/"})

    assert response.status_code == 302
    assert response["Location"] == "/jobs/"
    assert client.session[SESSION_SELLER_KEY] == other_seller.pk
    page = client.get(reverse("dashboard")).content.decode()
    assert f'<option value="{other_seller.pk}" selected>{other_seller.name}</option>' in page
    assert f"You are now working for {other_seller.name}." in page


def test_switching_to_a_seller_the_user_does_not_belong_to_is_refused(client, seller, make_member):
    user = make_member(seller, "owner")
    stranger = SellerFactory(slug="stranger")
    client.force_login(user)
    client.post(reverse("seller_switch"), {"seller": seller.pk})

    response = client.post(reverse("seller_switch"), {"seller": stranger.pk})

    assert response.status_code == 404
    assert client.session[SESSION_SELLER_KEY] == seller.pk
    assert stranger.name not in response.content.decode()


def test_switch_by_htmx_answers_with_a_full_page_redirect(client, two_seller_user, other_seller):
    client.force_login(two_seller_user)

    response = client.post(
        reverse("seller_switch"), {"seller": other_seller.pk, "next": "/settings/"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 204
    assert response["HX-Redirect"] == "/settings/"


def test_switch_ignores_a_next_address_on_another_site(client, two_seller_user, other_seller):
    client.force_login(two_seller_user)

    response = client.post(
        reverse("seller_switch"), {"seller": other_seller.pk, "next": "https://evil.example/"}
    )

    assert response["Location"] == reverse("dashboard")


def test_htmx_post_with_the_csrf_header_from_the_page_succeeds(seller, other_seller, two_seller_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(two_seller_user)
    page = client.get(reverse("dashboard")).content.decode()
    token = re.search(r"hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'", page).group(1)

    without = client.post(reverse("seller_switch"), {"seller": other_seller.pk}, HTTP_HX_REQUEST="true")
    with_header = client.post(
        reverse("seller_switch"), {"seller": other_seller.pk}, HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=token
    )

    assert without.status_code == 403
    assert with_header.status_code == 204
    assert client.session[SESSION_SELLER_KEY] == other_seller.pk
