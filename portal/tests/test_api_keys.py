"""API keys: hashed at rest, shown once, scoped, revocable, with a last-used time;
managed on a page by owners and admins, and by operators with a command."""

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from rest_framework.test import APIClient

from portal.exceptions import InvalidInput
from portal.models import APIKey, AuditEvent
from portal.services.api_keys import authenticate_api_key, create_api_key, revoke_api_key
from portal.tests.factories import APIKeyFactory

pytestmark = pytest.mark.django_db


def bearer(raw):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def every_stored_value():
    """Every value of every row of every table, as text."""
    with scopes_disabled():
        for model in apps.get_models():
            for row in model._base_manager.all():
                for field in model._meta.concrete_fields:
                    yield model, field.name, str(field.value_from_object(row))


def test_database_never_holds_the_key(seller, owner):
    key, raw = create_api_key(seller=seller, name="ERP", scopes=["jobs:read"], created_by=owner)
    secret = raw.split(".", 1)[1]
    assert raw.startswith(f"nggs_{key.prefix}.")
    assert key.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    leaks = [(m.__name__, f) for m, f, value in every_stored_value() if secret in value or raw in value]
    assert leaks == []
    assert bearer(raw).get("/api/v1/jobs/").status_code == 200


def test_each_key_is_different_and_only_the_whole_key_works(seller):
    first, raw1 = create_api_key(seller=seller, name="one", scopes=["seller:read"])
    _, raw2 = create_api_key(seller=seller, name="two", scopes=["seller:read"])
    assert raw1 != raw2
    assert authenticate_api_key(raw1) == first
    assert authenticate_api_key(raw1 + "x") is None
    assert authenticate_api_key(raw1.split(".")[0] + "." + raw2.split(".")[1]) is None


def test_revoked_key_is_refused_and_revoking_is_audited(seller, owner):
    key, raw = create_api_key(seller=seller, name="ERP", scopes=["seller:read"])
    revoke_api_key(seller=seller, key_id=key.pk, revoked_by=owner)
    revoke_api_key(seller=seller, key_id=key.pk, revoked_by=owner)  # again: nothing changes
    response = bearer(raw).get("/api/v1/seller/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    events = AuditEvent.objects.for_seller(seller).filter(action="api_key.revoked")
    assert events.count() == 1
    assert events.get().actor == owner


def test_key_of_a_deactivated_seller_is_refused(seller):
    _, raw = create_api_key(seller=seller, name="ERP", scopes=["seller:read"])
    seller.is_active = False
    seller.save()
    assert bearer(raw).get("/api/v1/seller/").status_code == 401


def test_another_sellers_key_cannot_be_revoked(seller, other_seller):
    theirs, raw = create_api_key(seller=other_seller, name="theirs", scopes=["seller:read"])
    with pytest.raises(APIKey.DoesNotExist):
        revoke_api_key(seller=seller, key_id=theirs.pk)
    assert bearer(raw).get("/api/v1/seller/").status_code == 200


def test_scopes_limit_the_endpoints(seller):
    _, raw = create_api_key(seller=seller, name="jobs only", scopes=["jobs:read"])
    client = bearer(raw)
    assert client.get("/api/v1/jobs/").status_code == 200
    response = client.get("/api/v1/seller/")
    assert response.status_code == 403
    assert response.json() == {
        "code": "insufficient_scope",
        "detail": "This API key lacks the scope 'seller:read'.",
        "fields": {},
    }


def test_unknown_scopes_and_bad_names_are_refused(seller):
    with pytest.raises(InvalidInput) as bad_scope:
        create_api_key(seller=seller, name="x", scopes=["jobs:read", "root"])
    assert "root" in bad_scope.value.fields["scopes"][0]
    assert "seller:read" in bad_scope.value.fields["scopes"][0]  # says what is allowed
    with pytest.raises(InvalidInput):
        create_api_key(seller=seller, name="x", scopes=[])
    with pytest.raises(InvalidInput):
        create_api_key(seller=seller, name="  ", scopes=["jobs:read"])
    with pytest.raises(InvalidInput):
        create_api_key(seller=seller, name="x" * 101, scopes=["jobs:read"])
    assert not APIKey.objects.for_seller(seller).exists()


def test_last_used_is_recorded_at_most_once_a_minute(seller, django_assert_num_queries):
    key, raw = create_api_key(seller=seller, name="ERP", scopes=["seller:read"])
    assert key.last_used_at is None
    client = bearer(raw)
    client.get("/api/v1/seller/")
    key.refresh_from_db()
    first_use = key.last_used_at
    assert first_use is not None
    assert timezone.now() - first_use < timedelta(seconds=5)
    with django_assert_num_queries(1):  # reading the key; no write within the minute
        client.get("/api/v1/seller/")
    key.refresh_from_db()
    assert key.last_used_at == first_use
    APIKey.objects.for_seller(seller).filter(pk=key.pk).update(last_used_at=first_use - timedelta(minutes=2))
    client.get("/api/v1/seller/")
    key.refresh_from_db()
    assert key.last_used_at > first_use - timedelta(seconds=1)


def test_failed_authentication_does_not_mark_use(seller):
    key, raw = create_api_key(seller=seller, name="ERP", scopes=["seller:read"])
    bearer(raw[:-2] + "zz").get("/api/v1/seller/")
    key.refresh_from_db()
    assert key.last_used_at is None


# --- The API keys page -------------------------------------------------------------------


@pytest.fixture
def keys_url():
    return reverse("api_keys")


@pytest.mark.parametrize("role", ["owner", "admin"])
def test_managers_create_a_key_shown_once(client, seller, make_member, keys_url, role):
    user = make_member(seller, role)
    client.force_login(user)
    response = client.post(keys_url, {"name": "Warehouse ERP", "scopes": ["jobs:read", "seller:read"]})
    assert response.status_code == 201
    raw = response.context["raw_key"]
    assert raw in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    key = APIKey.objects.for_seller(seller).get()
    assert key.name == "Warehouse ERP"
    assert key.scopes == ["jobs:read", "seller:read"]
    assert key.created_by == user
    # Shown once: the list never shows it again.
    listing = client.get(keys_url)
    assert raw not in listing.content.decode()
    assert "Warehouse ERP" in listing.content.decode()
    assert bearer(raw).get("/api/v1/jobs/").status_code == 200
    event = AuditEvent.objects.for_seller(seller).get(action="api_key.created")
    assert event.actor == user
    assert event.data["via"] == "page"


def test_page_lists_name_prefix_scopes_and_use(owner_client, seller, keys_url, other_seller):
    used, _ = create_api_key(seller=seller, name="Used key", scopes=["jobs:read"])
    APIKey.objects.for_seller(seller).filter(pk=used.pk).update(last_used_at=timezone.now())
    revoked, _ = create_api_key(seller=seller, name="Old key", scopes=["seller:read"])
    revoke_api_key(seller=seller, key_id=revoked.pk)
    create_api_key(seller=other_seller, name="Globex secret partner", scopes=["seller:read"])
    html = owner_client.get(keys_url).content.decode()
    assert "Used key" in html
    assert used.prefix in html
    assert "jobs:read" in html
    assert "Old key" in html
    assert "Revoked" in html
    assert "Never" not in html.split("Used key")[1].split("</tr>")[0]
    assert "Globex secret partner" not in html


def test_page_query_count_does_not_grow_with_keys(
    owner_client, seller, keys_url, django_assert_max_num_queries
):
    for i in range(3):
        create_api_key(seller=seller, name=f"k{i}", scopes=["jobs:read"])
    with django_assert_max_num_queries(8) as few:
        owner_client.get(keys_url)
    for i in range(20):
        create_api_key(seller=seller, name=f"more{i}", scopes=["jobs:read"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        owner_client.get(keys_url)


def test_invalid_form_creates_nothing_and_says_why(owner_client, seller, keys_url):
    response = owner_client.post(keys_url, {"name": "", "scopes": ["nope"]})
    assert response.status_code == 400
    form = response.context["form"]
    assert "name" in form.errors
    assert "scopes" in form.errors
    assert not APIKey.objects.for_seller(seller).exists()


@pytest.mark.parametrize("role", ["owner", "admin"])
def test_managers_revoke(client, seller, make_member, role):
    key, raw = create_api_key(seller=seller, name="ERP", scopes=["seller:read"])
    user = make_member(seller, role)
    client.force_login(user)
    response = client.post(reverse("api_key_revoke", args=[key.pk]))
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert bearer(raw).get("/api/v1/seller/").status_code == 401
    assert AuditEvent.objects.for_seller(seller).get(action="api_key.revoked").actor == user


@pytest.mark.parametrize("role", ["operator", "viewer"])
def test_operators_and_viewers_cannot_see_create_or_revoke(client, seller, make_member, keys_url, role):
    key, raw = create_api_key(seller=seller, name="ERP", scopes=["seller:read"])
    client.force_login(make_member(seller, role))
    assert client.get(keys_url).status_code == 403
    assert client.post(keys_url, {"name": "mine", "scopes": ["seller:read"]}).status_code == 403
    assert client.post(reverse("api_key_revoke", args=[key.pk])).status_code == 403
    assert list(APIKey.objects.for_seller(seller).values_list("name", "revoked_at")) == [("ERP", None)]
    assert bearer(raw).get("/api/v1/seller/").status_code == 200


def test_another_sellers_key_revoke_is_404(owner_client, other_seller):
    theirs = APIKeyFactory(seller=other_seller)
    response = owner_client.post(reverse("api_key_revoke", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_signed_out_users_are_sent_to_sign_in(client, keys_url):
    response = client.get(keys_url)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


# --- The operators' command --------------------------------------------------------------


def test_command_prints_the_key_once(seller):
    out, err = StringIO(), StringIO()
    call_command(
        "create_api_key",
        "--seller",
        "acme",
        "--name",
        "Carrier",
        "--scopes",
        "tracking:write, logistics:read",
        stdout=out,
        stderr=err,
    )
    raw = out.getvalue().strip()
    key = APIKey.objects.for_seller(seller).get()
    assert raw.startswith(f"nggs_{key.prefix}.")
    assert key.scopes == ["logistics:read", "tracking:write"]
    assert key.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert "cannot be shown again" in err.getvalue()
    assert AuditEvent.objects.for_seller(seller).get(action="api_key.created").data["via"] == "command"


def test_command_unknown_seller(seller):
    with pytest.raises(CommandError, match="No seller with the slug 'nobody'"):
        call_command("create_api_key", "--seller", "nobody", "--name", "x", "--scopes", "jobs:read")


def test_command_unknown_scope_says_what_is_allowed(seller):
    with pytest.raises(CommandError, match=r"Unknown scope\(s\): root\..*Allowed: seller:read"):
        call_command("create_api_key", "--seller", "acme", "--name", "x", "--scopes", "jobs:read,root")
    assert not APIKey.objects.for_seller(seller).exists()
