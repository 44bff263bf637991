"""The engine's status codes and the model's choices are the same set."""

from logistics.engine.statuses import Status
from logistics.models import TrackingStatus


def test_engine_status_codes_match_the_model_choices():
    assert {s.value for s in Status} == set(TrackingStatus.values)
