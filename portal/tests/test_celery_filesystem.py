"""`manage.py run_portal` with no server at all: SQLite and kombu's filesystem broker.

Everything runs as the README's `make run` does, in child processes: the web server and
a real Celery worker (with beat) started by run_portal. The test starts the demo job in
a third process, watches its progress partial over HTTP until polling stops, then stops
run_portal with SIGTERM and expects a clean exit.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings

MANAGE = str(settings.BASE_DIR / "manage.py")

START_JOB = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from portal.models import Seller
from portal.services.marketplace_readiness import start_marketplace_readiness_check

user = get_user_model().objects.get(username="owner@brighthome.example")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
seller = Seller.objects.get(slug="shenzhen-bright-home")
job = start_marketplace_readiness_check(seller=seller, started_by=user)
print("JOB", job.pk, session.session_key)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(*args, env, **kwargs):
    return subprocess.run(
        [sys.executable, MANAGE, *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


def get(url, session_key):
    request = urllib.request.Request(
        url, headers={"Cookie": f"sessionid={session_key}", "HX-Request": "true"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read().decode()


@pytest.fixture
def embedded_env(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "CELERY_TASK_ALWAYS_EAGER"}
    }
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        CELERY_BROKER_DIR=str(tmp_path / "broker"),
        CELERY_BEAT_SCHEDULE_FILENAME=str(tmp_path / "celerybeat-schedule"),
        DEMO_JOB_STEP_SECONDS="0.1",
    )
    manage("migrate", "--noinput", env=env)
    manage("seed_demo", env=env)
    return env


def test_run_portal_runs_the_demo_job_on_a_real_worker_without_servers(embedded_env, tmp_path):
    job_id, session_key = re.search(
        r"JOB (\d+) (\w+)", manage("shell", "-c", START_JOB, env=embedded_env).stdout
    ).groups()
    # The message is in the broker directory before any worker exists (beside the brand
    # monitoring checks that publishing the demo listings queued).
    queued = [
        (tmp_path / "broker" / "out" / name).read_text() for name in os.listdir(tmp_path / "broker" / "out")
    ]
    assert sum("portal.tasks.check_marketplace_readiness" in message for message in queued) == 1
    port = free_port()
    log = open(tmp_path / "run_portal.log", "w+")  # noqa: SIM115 - read back after the process ends
    portal = subprocess.Popen(
        [sys.executable, MANAGE, "run_portal", "--port", str(port)],
        env=embedded_env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}/jobs/{job_id}/progress/"
        bodies = []
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                status, body = get(url, session_key)
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)  # the web server is still starting
                continue
            assert status == 200
            bodies.append(body)
            if "hx-get" not in body:
                break
            time.sleep(0.3)
        else:
            pytest.fail(f"the job did not finish; last partial: {bodies[-1:]}")

        assert any('hx-trigger="every 1s"' in body and "badge-state-running" in body for body in bodies)
        assert "badge-state-succeeded" in bodies[-1]
        assert "23 of 23 done" in bodies[-1]
        assert "23 of 23 marketplaces ready" in bodies[-1]
        assert os.listdir(tmp_path / "broker" / "out") == []  # consumed and acknowledged

        portal.send_signal(signal.SIGTERM)
        assert portal.wait(timeout=40) == 0
    finally:
        if portal.poll() is None:
            portal.kill()
            portal.wait()
    log.seek(0)
    output = log.read()
    log.close()
    assert f"http://127.0.0.1:{port}/" in output
    assert "owner@brighthome.example" in output
    assert "Task portal.tasks.check_marketplace_readiness" in output
    assert output.rstrip().endswith("Stopped.")
