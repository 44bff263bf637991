"""`manage.py run_portal [--host H] [--port P]`: the web server and a Celery worker together.

Starts two child processes, each in its own process group:

- web: `manage.py runserver --noreload H:P` (Django's development server; production
  runs gunicorn, see the Procfile);
- worker: `celery -A portal worker -B -Q default,allocation,tracking --concurrency 2
  --loglevel INFO` (a real worker with embedded beat; with REDIS_URL unset its broker is
  kombu's filesystem transport in var/celery-broker, so no server is needed).

Prints the URL and the demo sign-ins. Ctrl-C or SIGTERM stops both: each child gets
SIGTERM (the worker finishes its current task: warm shutdown), and whatever is still
running after `--stop-timeout` seconds is killed with its process group. If one child exits on its own, the
other is stopped too and the command exits with the child's status.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from portal.management.commands.seed_demo import DEMO_PASSWORD, demo_sign_ins

WORKER_QUEUES = "default,allocation,tracking"


class Command(BaseCommand):
    help = "Run the web server and a Celery worker (with beat) side by side; Ctrl-C stops both."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--concurrency", type=int, default=2, help="Worker processes (default 2).")
        parser.add_argument(
            "--stop-timeout",
            type=float,
            default=20.0,
            help="Seconds to wait for a clean stop before killing.",
        )

    def handle(self, *args, host, port, concurrency, stop_timeout, **options):
        python = sys.executable
        manage = str(settings.BASE_DIR / "manage.py")
        commands = {
            "web": [python, manage, "runserver", "--noreload", f"{host}:{port}"],
            "worker": [
                python,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "-B",
                "-Q",
                WORKER_QUEUES,
                "--concurrency",
                str(concurrency),
                "--loglevel",
                "INFO",
                "--hostname",
                f"portal@{os.uname().nodename}",
            ],
        }
        self.stopping = False
        children: dict[str, subprocess.Popen] = {}

        def request_stop(signum, frame):
            self.stopping = True

        previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            for name, command in commands.items():
                # Own process group: a Ctrl-C in the terminal reaches only this command,
                # which then stops the children in order instead of all at once.
                children[name] = subprocess.Popen(command, cwd=settings.BASE_DIR, start_new_session=True)
            broker = "Redis" if settings.REDIS_URL else f"filesystem ({settings.CELERY_BROKER_DIR})"
            self.stdout.write(self.style.SUCCESS(f"NGGS Seller Portal: http://{host}:{port}/"))
            self.stdout.write(f"Celery worker with beat on queues {WORKER_QUEUES}; broker: {broker}")
            self.stdout.write(f"Demo sign-ins (password {DEMO_PASSWORD}):")
            for username, description in demo_sign_ins():
                self.stdout.write(f"  {username:32} {description}")
            self.stdout.write("Press Ctrl-C to stop.")
            exit_code = 0
            while not self.stopping:
                ended = [(name, child.poll()) for name, child in children.items() if child.poll() is not None]
                if ended:
                    name, exit_code = ended[0]
                    self.stderr.write(
                        f"The {name} process exited with status {exit_code}; stopping the rest."
                    )
                    break
                time.sleep(0.5)
        finally:
            self._stop(children, stop_timeout)
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if exit_code:
            sys.exit(exit_code)

    def _stop(self, children: dict[str, subprocess.Popen], timeout: float) -> None:
        running = {name: child for name, child in children.items() if child.poll() is None}
        for child in running.values():
            # To the process itself, not its group: the worker stops its own pool
            # processes after their current task (warm shutdown).
            child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for name, child in running.items():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.stderr.write(f"The {name} process did not stop in {timeout:.0f} s; killing it.")
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.pid, signal.SIGKILL)
                child.wait()
        self.stdout.write("Stopped.")
