"""`manage.py create_seller`: a seller, its owner (created when needed) and a password link."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from portal.models import AuditEvent, Membership, Seller
from portal.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("create_seller", *args, stdout=out)
    return out.getvalue()


def test_creates_seller_owner_account_and_a_working_password_link(client):
    out = run(
        "--slug", "hangzhou-tea", "--name", "Hangzhou Tea Co.", "--owner-email", "Boss@HangzhouTea.example"
    )

    seller = Seller.objects.get(slug="hangzhou-tea")
    owner = get_user_model().objects.get(email="boss@hangzhoutea.example")
    assert seller.name == "Hangzhou Tea Co."
    assert Membership.objects.get(seller=seller, user=owner).role == "owner"
    assert not owner.has_usable_password()
    assert AuditEvent.objects.for_seller(seller).filter(action="seller.created").count() == 1
    link = re.search(r"http://127\.0\.0\.1:8000(/accounts/reset/\S+/)", out).group(1)
    form = client.get(link, follow=True)
    assert form.context["validlink"] is True
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "tea leaves all day", "new_password2": "tea leaves all day"},
    )
    owner.refresh_from_db()
    assert owner.check_password("tea leaves all day")


def test_an_existing_user_becomes_owner_without_a_new_account():
    user = UserFactory(username="agency@example.com")

    out = run("--slug", "second-shop", "--name", "Second Shop", "--owner-email", "agency@example.com")

    assert Membership.objects.get(seller__slug="second-shop").user == user
    assert get_user_model().objects.count() == 1
    assert "existing account agency@example.com" in out


def test_a_taken_slug_and_a_bad_address_are_named_and_nothing_is_created():
    run("--slug", "acme", "--name", "Acme", "--owner-email", "a@example.com")

    with pytest.raises(CommandError) as error:
        run("--slug", "acme", "--name", "Other Acme", "--owner-email", "not-an-address")

    message = str(error.value)
    assert "--slug: The slug acme is taken by another seller." in message
    assert "--owner-email: Enter a valid e-mail address" in message
    assert Seller.objects.count() == 1
    assert get_user_model().objects.count() == 1


def test_a_malformed_slug_is_refused():
    with pytest.raises(CommandError, match="--slug: Use letters, numbers, hyphens and underscores only"):
        run("--slug", "no spaces!", "--name", "X", "--owner-email", "x@example.com")
    assert not Seller.objects.exists()
