"""The ECB's other documents: the 90-day and history XML, the history CSV and ZIP, the daily CSV."""

import io
import zipfile
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import example, given, settings
from hypothesis import strategies as st

from listings.models import FxRate
from listings.services.fx import import_ecb_rates, read_ecb_rates
from portal.exceptions import InvalidInput

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"
HIST_XML = FIXTURES / "eurofxref-hist-90d-sample.xml"
HIST_CSV = FIXTURES / "eurofxref-hist-sample.csv"
DAILY_CSV = FIXTURES / "eurofxref-daily-sample.csv"


def rates():
    return {(r.currency, r.rate_date): r.rate for r in FxRate.objects.all()}


def zipped(path: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(path, "eurofxref-hist.csv")
    return buffer.getvalue()


def test_every_day_of_a_multi_day_xml_is_imported_and_reported(tmp_path):
    out = StringIO()
    call_command("import_fx_rates", "--file", str(HIST_XML), stdout=out)
    assert out.getvalue() == (
        "2026-11-18: 3 new, 0 updated, 0 unchanged.\n"
        "2026-11-19: 3 new, 0 updated, 0 unchanged.\n"
        "2026-11-20: 3 new, 0 updated, 0 unchanged.\n"
        "ECB rates of 3 day(s) up to 2026-11-20: 9 new, 0 updated, 0 unchanged (3 currencies).\n"
    )
    assert rates()[("USD", date(2026, 11, 18))] == Decimal("1.0768")
    again = StringIO()
    call_command("import_fx_rates", "--file", str(HIST_XML), stdout=again)
    assert "9 new" not in again.getvalue()
    assert "0 new, 0 updated, 9 unchanged" in again.getvalue()


def test_the_history_csv_is_read_skipping_what_the_ecb_did_not_publish():
    result = import_ecb_rates(HIST_CSV.read_bytes())
    assert [(d.rate_date, d.created) for d in result.days] == [
        (date(1999, 1, 4), 4),
        (date(2026, 11, 19), 4),
        (date(2026, 11, 20), 4),
    ]
    stored = rates()
    assert stored[("CYP", date(1999, 1, 4))] == Decimal("0.58231")
    assert ("BGN", date(1999, 1, 4)) not in stored
    assert ("CYP", date(2026, 11, 20)) not in stored


def test_the_history_zip_is_unpacked_and_read(tmp_path):
    archive = tmp_path / "eurofxref-hist.zip"
    archive.write_bytes(zipped(HIST_CSV))
    out = StringIO()
    call_command("import_fx_rates", "--file", str(archive), stdout=out)
    assert "ECB rates of 3 day(s) up to 2026-11-20: 12 new" in out.getvalue()
    assert FxRate.objects.count() == 12


def test_the_daily_csv_with_its_english_dates_is_read():
    read = read_ecb_rates(DAILY_CSV.read_bytes())
    assert read.days == {
        date(2026, 11, 20): {
            "USD": Decimal("1.0815"),
            "JPY": Decimal("166.42"),
            "BGN": Decimal("1.9558"),
            "GBP": Decimal("0.83745"),
        }
    }


def test_a_bad_day_is_refused_and_named_while_the_good_days_are_stored(tmp_path):
    bad = tmp_path / "hist.csv"
    bad.write_bytes(
        HIST_CSV.read_bytes()
        .replace(b"2026-11-19,1.0792", b"2026-11-19,abc")
        .replace(b"1999-01-04", b"1999-02-30")
    )
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="2 day\\(s\\) refused"):
        call_command("import_fx_rates", "--file", str(bad), stdout=out, stderr=err)
    assert "2026-11-19: refused: USD: rate 'abc' is not a number." in err.getvalue()
    assert "1999-02-30: refused: line 4: '1999-02-30' is not a date." in err.getvalue()
    assert "2026-11-20: 4 new" in out.getvalue()
    assert {d for _, d in rates()} == {date(2026, 11, 20)}


@pytest.mark.parametrize("payload", [b"PK\x03\x04not a zip", b"\xff\xfe\x00garbage", b"Day,USD\n"])
def test_a_document_that_is_none_of_the_ecbs_formats_is_refused_whole(payload, tmp_path):
    path = tmp_path / "rates.bin"
    path.write_bytes(payload)
    with pytest.raises(CommandError):
        call_command("import_fx_rates", "--file", str(path), stdout=StringIO())
    assert not FxRate.objects.exists()


@settings(max_examples=60, deadline=None)
@example(lines=[["2026-11-20", "1\r0"]])  # a carriage return inside a field
@given(
    lines=st.lists(
        st.lists(
            st.one_of(st.text(max_size=12), st.sampled_from(["2026-11-20", "N/A", "1.0815", "-1", "1e999"])),
            max_size=5,
        ),
        max_size=6,
    )
)
def test_any_csv_like_document_is_read_or_refused_by_name_never_crashing(lines):
    """Whatever arrives, the reader answers days and refused days, or InvalidInput naming the file."""
    document = "\n".join(",".join(cells) for cells in [["Date", "USD", "JPY"], *lines]).encode()
    try:
        read = read_ecb_rates(document)
    except InvalidInput as refused:
        read, fields = None, refused.fields
    if read is None:
        assert fields
        return
    for rates in read.days.values():
        assert all(rate > 0 for rate in rates.values())
