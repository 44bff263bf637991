"""Outgoing webhooks: signed deliveries per second through one Celery worker.

One seller with one endpoint on a receiver on 127.0.0.1 started here (a threaded HTTP
server that verifies every signature with the standardwebhooks library, as a partner
would). EVENTS `order.created` events are emitted in one transaction (deliveries written
in bulk, queued on commit), and one Celery worker (prefork, CONCURRENCY processes, Redis
broker) sends them: claim, sign, POST through the SSRF guard, log the attempt. The rate is
from the commit to the last delivery marked delivered.

The baseline beside it is the work without the product around it: one process signing the
same messages with the same library and POSTing them over one kept-alive connection to
the same receiver, with no database, no queue and no guard.

The receiver is on loopback, which the SSRF guard refuses in production: the worker runs
with WEBHOOK_ALLOW_LOOPBACK_FOR_BENCH=1, which settings honour only outside production.
"""

from __future__ import annotations

import json
import logging
import os
import platform
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
from django.conf import settings
from django.db import connection, transaction

from bench.database import bench_database

TITLE = "Outgoing webhooks (signed deliveries through one Celery worker)"
GOAL = 200
EVENTS = 3000
CONCURRENCY = int(os.environ.get("BENCH_WEBHOOK_CONCURRENCY", "4"))
ROOT = Path(__file__).resolve().parent.parent


class _Receiver:
    def __init__(self):
        self.secret = ""
        self.received = 0
        self.verified = 0
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body are two writes: without this, Nagle and delayed ACKs hold
            # each answer of a kept-alive connection for 40 ms.
            disable_nagle_algorithm = True

            def do_POST(self):  # noqa: N802 - http.server's name
                from standardwebhooks import Webhook

                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                try:
                    Webhook(receiver.secret).verify(body, dict(self.headers.items()), json_parse=False)
                    ok = True
                except Exception:
                    ok = False
                with receiver.lock:
                    receiver.received += 1
                    receiver.verified += ok
                self.send_response(200 if ok else 401)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def _seed(url: str):
    from django_scopes import scopes_disabled

    from portal.models import Seller
    from portal.services.webhooks import create_endpoint

    settings.WEBHOOK_ALLOW_LOOPBACK = True
    with scopes_disabled():
        seller = Seller.objects.create(name="Bench Trading", slug="bench-trading")
    _endpoint, secret = create_endpoint(seller=seller, url=url, events=["order.created"])
    return seller, secret


def _payload(n: int) -> dict:
    return {
        "order": {
            "id": n,
            "external_id": f"59214176{n:05d}",
            "reference": f"#{1000 + n}",
            "channel": "shopify",
            "status": "reserved",
            "ship_to_country": "US",
            "lines": [{"line_number": 1, "sku": "BH-LAMP-01", "quantity": 2, "unit_price": "39.90"}],
        }
    }


def _start_worker(db_name: str) -> subprocess.Popen:
    db = settings.DATABASES["default"]
    auth = f"{db['USER']}:{db['PASSWORD']}" if db.get("PASSWORD") else db["USER"]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db_name}",
        "WEBHOOK_ALLOW_LOOPBACK_FOR_BENCH": "1",
        "LOG_LEVEL": "WARNING",
    }
    celery = str(Path(sys.executable).with_name("celery"))
    return subprocess.Popen(
        [
            celery,
            "-A",
            "portal",
            "worker",
            "-Q",
            "default",
            "--concurrency",
            str(CONCURRENCY),
            "--loglevel",
            "WARNING",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _delivered(seller) -> int:
    from portal.models import WebhookDelivery

    return WebhookDelivery.objects.for_seller(seller).filter(status="succeeded").count()


def _wait_for(seller, count: int, timeout: float) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _delivered(seller) >= count:
            return time.perf_counter()
        time.sleep(0.05)
    raise RuntimeError(f"only {_delivered(seller)} of {count} deliveries within {timeout} s")


def _baseline(url: str, secret: str) -> float:
    """Messages per second: sign with the library and POST over one kept-alive connection."""
    from standardwebhooks import Webhook

    from portal.services.webhooks import envelope, new_message_id

    signer = Webhook(secret)
    bodies = [json.dumps(envelope("order.created", _payload(n))).encode() for n in range(EVENTS)]
    with httpx.Client(trust_env=False) as client:
        started = time.perf_counter()
        for body in bodies:
            message_id, now = new_message_id(), datetime.now(UTC)
            headers = {
                "content-type": "application/json",
                "webhook-id": message_id,
                "webhook-timestamp": str(int(now.timestamp())),
                "webhook-signature": signer.sign(message_id, now, body),
            }
            client.post(url, content=body, headers=headers).raise_for_status()
        return EVENTS / (time.perf_counter() - started)


def run() -> str:
    from portal.services.webhooks import emit_events

    logging.getLogger("httpx").setLevel(logging.WARNING)
    if not settings.CELERY_BROKER_URL.startswith("redis"):
        raise RuntimeError("The webhook benchmark needs REDIS_URL (the worker's broker).")
    load = os.getloadavg()[0]
    receiver = _Receiver()
    try:
        with bench_database() as db_name:
            seller, secret = _seed(receiver.url)
            receiver.secret = secret
            worker = _start_worker(db_name)
            try:
                # Warm-up: the worker is up and has its connections when one delivery lands.
                with transaction.atomic():
                    emit_events(seller=seller, type="order.created", payloads=[_payload(0)])
                _wait_for(seller, 1, timeout=120)
                started = time.perf_counter()
                with transaction.atomic():
                    emit_events(
                        seller=seller,
                        type="order.created",
                        payloads=[_payload(n) for n in range(1, EVENTS + 1)],
                    )
                committed = time.perf_counter()
                finished = _wait_for(seller, EVENTS + 1, timeout=600)
            finally:
                worker.terminate()
                worker.wait(timeout=60)
            connection.close()
            rate = EVENTS / (finished - committed)
            emit_seconds = committed - started
            received, verified = receiver.received, receiver.verified
            baseline = _baseline(receiver.url, secret)
    finally:
        receiver.stop()
    verdict = "meets" if rate >= GOAL else "misses"
    return (
        f"Goal: {GOAL} events/s delivered on one worker. {EVENTS} `order.created` events emitted in one "
        f"transaction ({emit_seconds * 1000:.0f} ms to write and queue them), sent by one Celery worker "
        f"(prefork, concurrency {CONCURRENCY}, Redis broker, PostgreSQL) to a receiver on 127.0.0.1 that "
        "verifies each signature with the standardwebhooks library.\n\n"
        "| measure | value |\n|---|---|\n"
        f"| delivered per second (commit → last one delivered) | **{rate:,.0f}** ({verdict} the goal) |\n"
        f"| messages received / signatures verified by the receiver | {received:,} / {verified:,} |\n"
        f"| baseline: sign + POST in a loop, one kept-alive connection, no database | {baseline:,.0f}/s |\n"
        f"| ratio to the baseline | {rate / baseline:.2f} |\n\n"
        "Each delivery costs the worker a claim (conditional UPDATE), a read of the delivery and its "
        "endpoint, the decryption of the secret, the signature, a DNS check and the POST, the attempt's "
        "INSERT and the delivery's UPDATE; the baseline does only the signature and the POST.\n\n"
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"load average {load:.2f} at the start (other work shares the machine)."
    )
