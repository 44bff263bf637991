"""A local HTTP server that plays a carrier's DCSA Track & Trace API for the adapter tests."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

PAYLOADS = Path(__file__).resolve().parent / "payloads"


def payload(name: str):
    return json.loads((PAYLOADS / name).read_text())


class FakeCarrier:
    """Answers GET /v2/events from `routes`: {(parameter, value): [response, ...]}.

    A response is (status, body bytes, headers) or ("sleep", seconds); each request takes
    the next response for its key (the last one repeats). Requests are recorded.
    """

    def __init__(self):
        self.routes: dict[tuple[str, str], list] = {}
        self.requests: list[dict] = []
        carrier = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                parsed = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(parsed.query).items()}
                carrier.requests.append({"path": parsed.path, "query": query, "headers": dict(self.headers)})
                key = next(((k, v) for k, v in query.items() if (k, v) in carrier.routes), None)
                responses = carrier.routes.get(key) if key else None
                if not responses:
                    self._send(200, b"[]", {})
                    return
                response = responses.pop(0) if len(responses) > 1 else responses[0]
                if response[0] == "sleep":
                    time.sleep(response[1])
                    self._send(200, b"[]", {})
                    return
                self._send(*response)

            def _send(self, status, body, headers):
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                with contextlib.suppress(BrokenPipeError):
                    self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/dcsa/tnt"

    def on(self, parameter: str, value: str, *responses):
        self.routes[(parameter, value)] = list(responses)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def json_response(body, status=200, headers=None):
    return (status, json.dumps(body).encode(), headers or {})
