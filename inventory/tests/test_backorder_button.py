"""The orders page's button that re-reserves backorders as a job, with its progress."""

from django.urls import reverse

from inventory.models import ChannelOrder, ChannelOrderLine
from inventory.services import ledger
from inventory.services.allocation import BACKORDER_ALLOCATION_JOB
from inventory.services.orders import OrderInput, OrderLineInput, receive_channel_order
from inventory.tasks.orders import run_backorder_allocation
from inventory.tests.factories import ProductFactory, node
from inventory.tests.order_factories import ChannelConnectionFactory
from portal.models import JobRun


def backordered_order(seller):
    ProductFactory(seller=seller, sku="BH-LAMP-01")
    shop = ChannelConnectionFactory(seller=seller, name="Brightora Shopify")
    order, _created = receive_channel_order(
        seller=seller,
        connection=shop,
        data=OrderInput(
            external_id="1001", ship_to_country="US", lines=[OrderLineInput(sku="BH-LAMP-01", quantity=2)]
        ),
    )
    assert order.status == "backordered"
    return order, ChannelOrderLine.objects.for_seller(seller).get(order=order).product


def test_writers_see_the_button_viewers_do_not(client, seller, make_member):
    for role, shown in (("owner", True), ("admin", True), ("operator", True), ("viewer", False)):
        client.force_login(make_member(seller, role))
        body = client.get(reverse("inventory:orders")).content.decode()
        assert ("Reserve backorders now" in body) is shown, role


def test_the_button_starts_the_job_and_its_progress_polls_until_done(
    owner_client, seller, owner, django_capture_on_commit_callbacks
):
    order, product = backordered_order(seller)
    ledger.receive(seller, product, node("GWD-SZX"), 5, cause_type="inbound", cause_ref="INB-1")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = owner_client.post(reverse("inventory:backorder_allocation_start"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    job = JobRun.objects.for_seller(seller).get()
    assert (job.kind, job.status, job.started_by) == (BACKORDER_ALLOCATION_JOB, "queued", owner)
    body = response.content.decode()
    assert 'id="job-progress"' in body
    assert reverse("job_progress", args=[job.pk]) in body  # it polls while queued
    assert len(callbacks) == 1  # the task is queued once the request commits
    run_backorder_allocation.apply(args=[job.pk])
    order.refresh_from_db()
    assert order.status == "reserved"
    progress = owner_client.get(reverse("job_progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    text = progress.content.decode()
    assert "Succeeded" in text
    assert "1 of 1 done" in text
    assert reverse("job_progress", args=[job.pk]) not in text  # finished: polling stops


def test_without_htmx_the_button_leads_to_the_job_page(
    owner_client, seller, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        response = owner_client.post(reverse("inventory:backorder_allocation_start"))
    job = JobRun.objects.for_seller(seller).get()
    assert response.status_code == 302
    assert response.url == reverse("job_detail", args=[job.pk])


def test_viewers_cannot_start_it(client, seller, make_member):
    client.force_login(make_member(seller, "viewer"))
    assert client.post(reverse("inventory:backorder_allocation_start")).status_code == 403
    assert not JobRun.objects.for_seller(seller).exists()


def test_the_job_touches_only_the_sellers_own_orders(
    owner_client, seller, other_seller, django_capture_on_commit_callbacks
):
    _theirs, their_product = backordered_order(other_seller)
    ledger.receive(other_seller, their_product, node("GWD-SZX"), 5, cause_type="inbound", cause_ref="X")
    with django_capture_on_commit_callbacks(execute=False):
        owner_client.post(reverse("inventory:backorder_allocation_start"), HTTP_HX_REQUEST="true")
    job = JobRun.objects.for_seller(seller).get()
    run_backorder_allocation.apply(args=[job.pk])
    assert ChannelOrder.objects.for_seller(other_seller).get().status == "backordered"
    assert not JobRun.objects.for_seller(other_seller).exists()
    job.refresh_from_db()
    assert job.summary == {"orders": 0}
