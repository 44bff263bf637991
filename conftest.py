"""Fixtures shared by every app's tests."""

import os
import shutil

import pytest
import redis
from django.conf import settings
from django.db import connection
from django_scopes import scopes_disabled

from portal.tests.factories import MembershipFactory, SellerFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashers take a quarter second a user on purpose; tests need none of that."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _content_rules_read_afresh():
    """Each test rolls its database back: rules loaded in an earlier test are not kept."""
    from listings.services.localisation import invalidate_content_rules

    invalidate_content_rules()
    yield
    invalidate_content_rules()


@pytest.fixture
def seller(db):
    return SellerFactory(slug="acme", name="Acme Trading")


@pytest.fixture
def other_seller(db):
    return SellerFactory(slug="globex", name="Globex Exports")


@pytest.fixture
def owner(seller):
    return MembershipFactory(seller=seller, role="owner").user


@pytest.fixture
def make_member(db):
    """make_member(seller, role) -> user with that role in that seller."""

    def make(seller, role="operator", **user_fields):
        user = UserFactory(**user_fields)
        MembershipFactory(seller=seller, user=user, role=role)
        return user

    return make


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def unscoped():
    """Tests may inspect every seller's rows, the way an operator would."""
    with scopes_disabled():
        yield


def pytest_collection_modifyitems(items):
    """Transactional tests empty every table when they end, reference data included
    (marketplaces, nodes, lanes loaded by migrations). Asking for a serialized rollback
    makes the test database keep a copy of that data when it is created; the teardown
    hook below puts it back after each such test."""
    for item in items:
        names = getattr(item, "fixturenames", None)
        if names is None:
            continue
        marker = item.get_closest_marker("django_db")
        transactional = "transactional_db" in names or "live_server" in names
        if marker is not None and marker.kwargs.get("transaction"):
            transactional = True
        if transactional:
            item.empties_database = True
            if "django_db_serialized_rollback" not in names:
                names.append("django_db_serialized_rollback")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test's flush, reload the reference data at once, so the
    tests that follow (and the next run on a kept database) find it where migrations put it."""
    yield
    if not getattr(item, "empties_database", False):
        return
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for conn in connections.all():
            contents = getattr(conn, "_test_serialized_contents", None)
            if contents:
                conn.creation.deserialize_db_from_string(contents)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI nothing is skipped: a test that cannot run there is a failure."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, which must run every test: {report.longrepr}"


def _missing_service(message: str):
    """Outside CI a missing service skips the test with the reason; in CI it fails it."""
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI must provide it: see .ci/run)")
    pytest.skip(message)


@pytest.fixture
def redis_url():
    """The Redis URL of the real server; fails when it is set but unreachable."""
    url = settings.REDIS_URL
    if not url:
        _missing_service("REDIS_URL is not set: this test needs a real Redis server")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis at {url} is unreachable: {exc}")
    return url


@pytest.fixture
def require_postgres(db):
    """For behaviour that only PostgreSQL gives (row locks, concurrency)."""
    if connection.vendor != "postgresql":
        _missing_service("DATABASE_URL does not point at PostgreSQL: this test needs it")


@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        _missing_service("Debian's chromium is not installed: apt-get install chromium")
    return path
