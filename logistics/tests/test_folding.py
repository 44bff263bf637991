"""The fold of a shipment's events: the same events give the same state in any order."""

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from logistics.engine.folding import EMPTY_STATE, FoldEvent, effective_status, fold_events
from logistics.models import TrackingStatus

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
S = TrackingStatus


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def ev(hours, status, location="", eta=None, key=None):
    return FoldEvent(
        event_time=at(hours), status=status, location=location, eta=eta, key=key or f"{hours}{status}"
    )


JOURNEY = [
    ev(0, S.INFO_RECEIVED, "Shenzhen"),
    ev(24, S.PICKED_UP, "Shenzhen", eta=at(800)),
    ev(72, S.DEPARTED_ORIGIN, "Yantian (CNYTN)"),
    ev(100, "", eta=at(820)),
    ev(400, S.IN_TRANSIT, "Singapore (SGSIN)"),
    ev(820, S.ARRIVED_DESTINATION_PORT, "Hamburg (DEHAM)"),
    ev(830, S.CUSTOMS_HOLD, "Hamburg (DEHAM)"),
    ev(850, S.CUSTOMS_CLEARED, "Hamburg (DEHAM)"),
    ev(870, S.OUT_FOR_DELIVERY, "Hamburg (DEHAM)"),
    ev(880, S.DELIVERED, "Krefeld"),
]


def test_a_journey_in_order_ends_delivered_with_the_latest_eta():
    state = fold_events(JOURNEY)
    assert state.status == S.DELIVERED
    assert state.last_location == "Krefeld"
    assert state.eta == at(820)
    assert state.delivered_at == at(880)
    assert state.last_event_at == at(880)


def test_out_of_order_arrival_ends_in_the_same_state_and_eta():
    shuffled = [JOURNEY[i] for i in (9, 3, 0, 6, 1, 8, 2, 7, 5, 4)]
    assert fold_events(shuffled) == fold_events(JOURNEY)


def test_an_older_event_arriving_late_never_moves_the_state_back():
    state = fold_events([ev(10, S.DEPARTED_ORIGIN, "Yantian"), ev(100, S.ARRIVED_DESTINATION_PORT, "LA")])
    later = fold_events(
        [ev(10, S.DEPARTED_ORIGIN, "Yantian"), ev(100, S.ARRIVED_DESTINATION_PORT, "LA"), ev(5, S.PICKED_UP)]
    )
    assert state.status == later.status == S.ARRIVED_DESTINATION_PORT
    assert later.last_location == "LA"


def test_a_stray_scan_after_a_further_one_keeps_the_furthest_status():
    state = fold_events([ev(10, S.ARRIVED_DESTINATION_PORT), ev(11, S.IN_TRANSIT)])
    assert state.status == S.ARRIVED_DESTINATION_PORT


def test_nothing_after_delivered_changes_the_status_but_returned_later_wins():
    assert fold_events([ev(10, S.DELIVERED), ev(20, S.IN_TRANSIT), ev(30, S.EXCEPTION)]).status == S.DELIVERED
    assert fold_events([ev(10, S.DELIVERED), ev(20, S.RETURNED)]).status == S.RETURNED


def test_delivered_twice_keeps_the_first_delivery_time():
    assert fold_events([ev(30, S.DELIVERED), ev(10, S.DELIVERED)]).delivered_at == at(10)


def test_an_exception_holds_until_a_later_progress_event():
    assert fold_events([ev(10, S.IN_TRANSIT), ev(20, S.EXCEPTION)]).status == S.EXCEPTION
    assert (
        fold_events([ev(10, S.IN_TRANSIT), ev(20, S.EXCEPTION), ev(30, S.IN_TRANSIT)]).status == S.IN_TRANSIT
    )
    # The exception happened before the last progress event: it is over.
    assert fold_events([ev(5, S.EXCEPTION), ev(10, S.IN_TRANSIT)]).status == S.IN_TRANSIT


def test_the_eta_comes_from_the_most_recent_event_that_carries_one():
    events = [ev(10, S.IN_TRANSIT, eta=at(500)), ev(30, "", eta=at(450)), ev(20, S.IN_TRANSIT, eta=at(600))]
    assert fold_events(events).eta == at(450)


def test_no_events_is_the_empty_state():
    assert fold_events([]) == EMPTY_STATE


statuses = st.sampled_from([*TrackingStatus.values, ""])
events = st.lists(
    st.builds(
        FoldEvent,
        event_time=st.integers(0, 50).map(at),
        status=statuses,
        key=st.text("abcdef", min_size=1, max_size=4),
        location=st.sampled_from(["", "Yantian", "Hamburg", "Krefeld"]),
        eta=st.none() | st.integers(100, 200).map(at),
    ),
    max_size=12,
    unique_by=lambda e: e.key,
)


@settings(max_examples=300, deadline=None)
@given(events=events, data=st.data())
def test_any_permutation_of_the_same_events_gives_the_same_state(events, data):
    permuted = data.draw(st.permutations(events))
    assert fold_events(permuted) == fold_events(events)


@settings(max_examples=300, deadline=None)
@given(events=events, late=events)
def test_once_terminal_always_terminal(events, late):
    state = fold_events(events)
    if state.is_terminal:
        assert fold_events(events + late).is_terminal


def call(hours, status, code):
    return FoldEvent(
        event_time=at(hours), status=status, key=f"{hours}-{code}", location=code, location_code=code
    )


TRANSHIPPED = [
    call(10, S.DEPARTED_ORIGIN, "CNYTN"),
    call(120, S.ARRIVED_DESTINATION_PORT, "SGSIN"),
    call(180, S.DEPARTED_ORIGIN, "SGSIN"),
    call(600, S.ARRIVED_DESTINATION_PORT, "USLAX"),
]


def test_an_arrival_at_another_port_than_the_destination_is_in_transit():
    assert fold_events(TRANSHIPPED[:2], "USLAX").status == S.IN_TRANSIT
    assert fold_events(TRANSHIPPED[:3], "USLAX").status == S.IN_TRANSIT
    assert fold_events(TRANSHIPPED[:3], "USLAX").last_location == "SGSIN"
    assert fold_events(TRANSHIPPED, "USLAX").status == S.ARRIVED_DESTINATION_PORT
    assert fold_events(TRANSHIPPED, "USLAX").last_location == "USLAX"


def test_without_both_codes_an_arrival_keeps_its_status():
    assert fold_events(TRANSHIPPED[:2]).status == S.ARRIVED_DESTINATION_PORT
    assert effective_status(S.ARRIVED_DESTINATION_PORT, "", "USLAX") == S.ARRIVED_DESTINATION_PORT
    assert effective_status(S.ARRIVED_DESTINATION_PORT, "SGSIN", "") == S.ARRIVED_DESTINATION_PORT
    assert effective_status(S.ARRIVED_DESTINATION_PORT, "uslax", "USLAX") == S.ARRIVED_DESTINATION_PORT
    assert effective_status(S.CUSTOMS_HOLD, "SGSIN", "USLAX") == S.CUSTOMS_HOLD


@settings(max_examples=50, deadline=None)
@given(st.permutations(TRANSHIPPED))
def test_a_transhipment_folds_the_same_in_any_order(permuted):
    assert fold_events(permuted, "USLAX") == fold_events(TRANSHIPPED, "USLAX")
