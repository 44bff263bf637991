"""ECB rates: the file and URL imports, the daily task, the threshold and stale rates."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from listings.models import FxRate
from listings.services.fx import RateTable, business_days_between, needs_reprice, parse_ecb_xml
from listings.tests.conftest import ECB_DAILY_XML
from portal.exceptions import InvalidInput

pytestmark = pytest.mark.django_db


def test_import_from_the_recorded_ecb_file():
    out = StringIO()
    call_command("import_fx_rates", "--file", str(ECB_DAILY_XML), stdout=out)
    assert out.getvalue() == (
        "2026-11-20: 30 new, 0 updated, 0 unchanged.\n"
        "ECB rates of 1 day(s) up to 2026-11-20: 30 new, 0 updated, 0 unchanged (30 currencies).\n"
    )
    usd = FxRate.objects.get(currency="USD")
    assert usd.rate == Decimal("1.0815")
    assert usd.rate_date == date(2026, 11, 20)
    assert usd.source == FxRate.Source.ECB
    assert usd.base_currency == "EUR"


def test_importing_the_same_day_twice_changes_nothing():
    call_command("import_fx_rates", "--file", str(ECB_DAILY_XML), stdout=StringIO())
    out = StringIO()
    call_command("import_fx_rates", "--file", str(ECB_DAILY_XML), stdout=out)
    assert "0 new, 0 updated" in out.getvalue()
    assert FxRate.objects.count() == 30


def test_import_from_a_url_served_by_a_local_server(fake_server):
    fake_server.respond(200, ECB_DAILY_XML.read_bytes(), headers={"Content-Type": "text/xml"})
    out = StringIO()
    call_command(
        "import_fx_rates", "--url", f"{fake_server.url}/stats/eurofxref/eurofxref-daily.xml", stdout=out
    )
    assert "30 new" in out.getvalue()
    assert fake_server.requests[0][:2] == ("GET", "/stats/eurofxref/eurofxref-daily.xml")
    assert FxRate.objects.get(currency="JPY").rate == Decimal("166.42")


def test_server_error_on_the_url_is_reported_and_stores_nothing(fake_server):
    fake_server.respond(503, "Service Unavailable")
    with pytest.raises(CommandError, match="Cannot download the rates"):
        call_command("import_fx_rates", "--url", fake_server.url + "/daily.xml", stdout=StringIO())
    assert not FxRate.objects.exists()


def test_daily_task_imports_from_the_configured_url(fake_server, settings):
    from listings.tasks.pricing import import_daily_fx_rates

    settings.FX_ECB_DAILY_URL = fake_server.url + "/eurofxref-daily.xml"
    fake_server.respond(200, ECB_DAILY_XML.read_bytes())
    result = import_daily_fx_rates()
    assert result["rate_date"] == "2026-11-20"
    assert result["created"] == 30


def test_daily_task_is_scheduled_on_working_days(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["import-ecb-fx-rates"]
    assert entry["task"] == "listings.pricing_tasks.import_daily_fx_rates"
    assert entry["schedule"].day_of_week == {1, 2, 3, 4, 5}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        (b"<not xml", "file"),
        (b"<root/>", "file"),
        (ECB_DAILY_XML.read_bytes().replace(b"2026-11-20", b"2026-13-40"), "time"),
        (ECB_DAILY_XML.read_bytes().replace(b"rate='1.0815'", b"rate='abc'"), "rate"),
        (ECB_DAILY_XML.read_bytes().replace(b"rate='1.0815'", b"rate='-1'"), "rate"),
    ],
)
def test_bad_files_are_refused_naming_what_is_wrong(payload, field):
    with pytest.raises(InvalidInput) as caught:
        parse_ecb_xml(payload)
    assert field in caught.value.fields


def test_bad_file_through_the_command_stores_nothing(tmp_path):
    bad = tmp_path / "rates.xml"
    bad.write_bytes(ECB_DAILY_XML.read_bytes().replace(b"rate='166.42'", b"rate='n/a'"))
    with pytest.raises(CommandError, match="JPY: rate 'n/a' is not a number"):
        call_command("import_fx_rates", "--file", str(bad), stdout=StringIO())
    assert not FxRate.objects.exists()


def test_missing_file_is_reported():
    with pytest.raises(CommandError, match="Cannot read the rates"):
        call_command("import_fx_rates", "--file", "/nonexistent/rates.xml", stdout=StringIO())


def test_threshold_suppresses_a_half_percent_move_and_passes_a_two_percent_move():
    old = Decimal("0.13808381")
    threshold = Decimal("0.01")
    assert needs_reprice(old, old * Decimal("1.005"), threshold) is False
    assert needs_reprice(old, old * Decimal("0.995"), threshold) is False
    assert needs_reprice(old, old * Decimal("1.02"), threshold) is True
    assert needs_reprice(old, old * Decimal("0.98"), threshold) is True
    assert needs_reprice(None, old, threshold) is True


def test_business_days_skip_weekends():
    friday = date(2026, 11, 20)
    assert business_days_between(friday, date(2026, 11, 23)) == 1  # Monday
    assert business_days_between(friday, date(2026, 11, 27)) == 5
    assert business_days_between(friday, friday) == 0


def test_rate_older_than_the_limit_is_stale(ecb_rates, settings):
    settings.FX_STALE_AFTER_BUSINESS_DAYS = 3
    # Friday's rate on Wednesday (3 business days) is fresh; on Thursday (4) it is stale.
    assert RateTable.load(today=date(2026, 11, 25)).convert("CNY", "USD").stale is False
    stale = RateTable.load(today=date(2026, 11, 26)).convert("CNY", "USD")
    assert stale.stale is True
    assert stale.rate_date == date(2026, 11, 20)


def test_newest_day_wins_and_ecb_wins_over_an_operator_on_the_same_day(ecb_rates):
    FxRate.objects.create(
        currency="USD", rate=Decimal("1.2"), rate_date=date(2026, 11, 20), source="operator"
    )
    FxRate.objects.create(currency="GBP", rate=Decimal("0.85"), rate_date=date(2026, 11, 23), source="ecb")
    table = RateTable.load(today=date(2026, 11, 23))
    assert table.convert("EUR", "USD").rate == Decimal("1.0815")
    gbp = table.convert("EUR", "GBP")
    assert gbp.rate == Decimal("0.85")
    assert gbp.rate_date == date(2026, 11, 23)


def test_cross_rate_goes_through_eur(ecb_rates):
    conversion = RateTable.load(today=date(2026, 11, 20)).convert("GBP", "JPY")
    assert conversion.rate == (Decimal("166.42") / Decimal("0.83745")).quantize(Decimal("0.00000001"))
    assert conversion.source == "ECB"
