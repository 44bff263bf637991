"""Tracking intake: events per second through POST /api/v1/tracking-events/ under gunicorn.

The portal runs as in production (gunicorn, 2 sync workers) against a throw-away
PostgreSQL database holding one seller with SHIPMENTS booked shipments. CLIENTS threads
post BATCHES batches of 1,000 events (each event names one shipment's bill of lading, so
every batch folds up to 1,000 shipments). The ceiling beside it is PostgreSQL's own
COPY of the same number of rows into the same table from one connection.
"""

from __future__ import annotations

import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import psycopg
from django.conf import settings
from django.db import connection

from bench.database import bench_database

TITLE = "Tracking events intake (POST /api/v1/tracking-events/)"
GOAL = 3000
SHIPMENTS = 10_000
BATCH = 1000
BATCHES = 60
CLIENTS = 4
WORKERS = 2
ROOT = Path(__file__).resolve().parent.parent
STATUSES = ["info_received", "picked_up", "departed_origin", "in_transit", "arrived_destination_port"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _seed() -> tuple[str, int]:
    """One seller, its booked shipments with their bills of lading, and an API key."""
    from django_scopes import scopes_disabled

    from logistics.models import Lane, Shipment, ShipmentReference
    from portal.models import Seller
    from portal.services.api_keys import create_api_key

    with scopes_disabled():
        seller = Seller.objects.create(name="Bench Trading", slug="bench-trading")
        lane = Lane.objects.get(code="agl-cn-us-ocean")
        shipments = Shipment.objects.bulk_create(
            [
                Shipment(
                    seller=seller,
                    reference=f"BENCH-{i:06d}",
                    lane=lane,
                    origin_country="CN",
                    destination_country="US",
                    booking_status="booked",
                    transport_document_number=f"BL{i:08d}",
                )
                for i in range(SHIPMENTS)
            ],
            batch_size=2000,
        )
        ShipmentReference.objects.bulk_create(
            [
                ShipmentReference(
                    seller=seller, shipment=s, kind="transport_document", value=s.transport_document_number
                )
                for s in shipments
            ],
            batch_size=2000,
        )
        _, raw = create_api_key(seller=seller, name="bench", scopes=["tracking:write"])
    return raw, seller.pk


def _bodies(prefix: str = "bench") -> list[bytes]:
    start = datetime(2025, 3, 1, tzinfo=UTC)
    bodies = []
    for b in range(BATCHES):
        events = []
        for j in range(BATCH):
            n = b * BATCH + j
            events.append(
                {
                    "reference_type": "transport_document",
                    "reference": f"BL{n % SHIPMENTS:08d}",
                    "carrier": "MAEU",
                    "status": STATUSES[(n // SHIPMENTS) % len(STATUSES)],
                    "event_time": (start + timedelta(minutes=n)).isoformat(),
                    "location": "Yantian (CNYTN)",
                    "event_id": f"{prefix}-{n}",
                }
            )
        bodies.append(json.dumps({"events": events}).encode())
    return bodies


def _start_gunicorn(db_name: str, port: int) -> subprocess.Popen:
    db = settings.DATABASES["default"]
    auth = f"{db['USER']}:{db['PASSWORD']}" if db.get("PASSWORD") else db["USER"]
    url = f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db_name}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "API_THROTTLE_RATE": "1000000/minute",
        "DJANGO_DEBUG": "0",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    process = subprocess.Popen(
        [gunicorn, "portal.wsgi", "-w", str(WORKERS), "-b", f"127.0.0.1:{port}", "--timeout", "120"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/v1/schema/", timeout=2)
            return process
        except httpx.HTTPError:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {process.stderr.read().decode()[-2000:]}") from None
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError("gunicorn did not start within 60 s")


def _post_all(
    port: int, key: str, bodies: list[bytes], *, idempotency_keys: bool = False
) -> tuple[float, list[float], dict[str, int]]:
    queue = list(enumerate(bodies))
    lock = threading.Lock()
    latencies: list[float] = []
    totals = {"accepted": 0, "duplicates": 0, "rejected": 0, "errors": 0}

    def client():
        with httpx.Client(
            base_url=f"http://127.0.0.1:{port}",
            headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
            timeout=120,
        ) as http:
            while True:
                with lock:
                    if not queue:
                        return
                    index, body = queue.pop(0)
                headers = {"Idempotency-Key": f"bench-batch-{index}"} if idempotency_keys else {}
                started = time.perf_counter()
                response = http.post("/api/v1/tracking-events/", content=body, headers=headers)
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    if response.status_code != 200:
                        totals["errors"] += 1
                        continue
                    data = response.json()
                    for name in ("accepted", "duplicates", "rejected"):
                        totals[name] += data[name]

    # Warm both workers (imports, connections) outside the measurement.
    with httpx.Client(
        base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {key}"}
    ) as http:
        for _ in range(4):
            http.get("/api/v1/tracking-events/?reference=warm-up")
    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies, totals


def _copy_ceiling(db_name: str, seller_id: int, rows: int) -> float:
    """Rows per second of one COPY of `rows` events into the same table (rolled back)."""
    db = settings.DATABASES["default"]
    conninfo = psycopg.conninfo.make_conninfo(
        dbname=db_name,
        user=db["USER"],
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        password=db.get("PASSWORD") or None,
    )
    start = datetime(2026, 1, 1, tzinfo=UTC)
    columns = (
        "seller_id, shipment_id, reference_type, reference, reference_keys, source, carrier_code, "
        "external_id, dedup_key, raw_code, status, event_time, location, location_code, description, "
        "payload, received_at"
    )
    with psycopg.connect(conninfo) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM logistics_shipment WHERE seller_id = %s ORDER BY id LIMIT %s",
            (seller_id, SHIPMENTS),
        )
        ids = [r[0] for r in cursor.fetchall()]
        now = datetime.now(UTC)
        data = [
            (
                seller_id,
                ids[n % len(ids)],
                "transport_document",
                f"BL{n % SHIPMENTS:08d}",
                f"|transport_document:BL{n % SHIPMENTS:08d}|",
                "api",
                "MAEU",
                f"copy-{n}",
                f"copy-{n:058d}",
                "",
                "in_transit",
                start + timedelta(minutes=n),
                "Yantian (CNYTN)",
                "CNYTN",
                "",
                json.dumps({"event_id": f"copy-{n}"}),
                now,
            )
            for n in range(rows)
        ]
        started = time.perf_counter()
        with cursor.copy(f"COPY logistics_trackingevent ({columns}) FROM STDIN") as copy:
            for row in data:
                copy.write_row(row)
        elapsed = time.perf_counter() - started
        conn.rollback()
    return rows / elapsed


def run() -> str:
    load = os.getloadavg()[0]
    with bench_database() as db_name:
        key, seller_id = _seed()
        connection.close()
        bodies = _bodies()
        port = _free_port()
        server = _start_gunicorn(db_name, port)
        try:
            elapsed, latencies, totals = _post_all(port, key, bodies)
            # Partners that retry send an Idempotency-Key: the body is hashed and the
            # response stored with each batch. New events (other ids), same shipments.
            keyed_elapsed, _, keyed_totals = _post_all(port, key, _bodies("keyed"), idempotency_keys=True)
        finally:
            server.terminate()
            server.wait(timeout=30)
        events = BATCH * BATCHES
        rate = events / elapsed
        keyed_rate = events / keyed_elapsed
        ceiling = _copy_ceiling(db_name, seller_id, events)
    latencies.sort()
    p50 = statistics.median(latencies)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    verdict = (
        "meets"
        if min(rate, keyed_rate) >= GOAL and totals["accepted"] == keyed_totals["accepted"] == events
        else "misses"
    )
    return (
        f"{events:,} events in {BATCHES} batches of {BATCH:,}, posted by {CLIENTS} client threads "
        f"to gunicorn with {WORKERS} sync workers; {SHIPMENTS:,} booked shipments, "
        "each batch folding 1,000 of them. "
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"PostgreSQL {connection.pg_version // 10000 if hasattr(connection, 'pg_version') else '?'} "
        f"(clients, server and database on the same machine; load average {load:.1f} when it started, "
        "from other work sharing the machine).\n\n"
        "| measure | value |\n|---|---|\n"
        f"| API intake | **{rate:,.0f} events/s** ({elapsed:.1f} s) |\n"
        f"| batch latency p50 / p95 | {p50 * 1000:.0f} ms / {p95 * 1000:.0f} ms |\n"
        f"| answers | {totals['accepted']:,} accepted, {totals['duplicates']:,} duplicates, "
        f"{totals['rejected']:,} rejected, {totals['errors']} failed requests |\n"
        f"| then {events:,} new events for the same shipments (so twice the events to fold), "
        f"each batch with an Idempotency-Key | **{keyed_rate:,.0f} events/s** "
        f"({keyed_elapsed:.1f} s; {keyed_totals['accepted']:,} accepted, {keyed_totals['errors']} failed) |\n"
        f"| ceiling: psycopg COPY into the same table | {ceiling:,.0f} rows/s |\n"
        f"| API / ceiling | {rate / ceiling:.0%} |\n\n"
        f"Goal: at least {GOAL:,} events/s, with or without keys — **{verdict}** it. "
        "Per batch the endpoint validates each event, "
        "maps codes with one query, matches references with one query, inserts with one "
        "`INSERT … ON CONFLICT DO NOTHING RETURNING`, locks the shipments once (primary-key order, "
        "`FOR NO KEY UPDATE`), loads their events with one query, folds them in Python and writes them "
        "back with one `UPDATE … FROM unnest(…)`. The large statements bind one array per column in "
        "PostgreSQL's binary format (`%b`, server-side binding), so no value is quoted in Python.\n"
    )
