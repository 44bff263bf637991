"""AfterShip's newer sub-statuses have a status, so their events fold instead of waiting unmapped."""

import pytest

from logistics.models import StatusMapping, TrackingStatus

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("Delivered_005", TrackingStatus.DELIVERED),
        ("Exception_016", TrackingStatus.EXCEPTION),
        ("Exception_017", TrackingStatus.EXCEPTION),
        ("Exception_018", TrackingStatus.CUSTOMS_HOLD),
        ("Pending_002", TrackingStatus.NOT_FOUND),
    ],
)
def test_newer_aftership_subtags_are_mapped(code, status):
    mapping = StatusMapping.objects.get(vocabulary="AFTERSHIP", raw_code=code)
    assert mapping.status == status
