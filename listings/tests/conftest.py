"""Fixtures of the listings tests: rates from the recorded ECB file."""

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
ECB_DAILY_XML = FIXTURES / "eurofxref-daily.xml"


@pytest.fixture
def ecb_rates(db):
    """The ECB rates of 2026-11-20 (the recorded file), as `import_fx_rates --file` stores them."""
    from listings.services.fx import import_ecb_file

    return import_ecb_file(ECB_DAILY_XML)
