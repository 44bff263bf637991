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


class FakeServer:
    """A local HTTP server answering from a queue of canned responses, recording requests.

    `respond(status, body, headers=None, delay=0)` queues the next answer; every request
    is kept in `requests` as (method, path, headers, body bytes).
    """

    def __init__(self):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.requests: list[tuple[str, str, dict, bytes]] = []
        self.responses: list[tuple[int, bytes, dict, float]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                import time

                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                server.requests.append((self.command, self.path, dict(self.headers), body))
                status, payload, headers, delay = (
                    server.responses.pop(0) if server.responses else (404, b"", {}, 0)
                )
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = _answer  # noqa: N815 - http.server's naming

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def respond(self, status: int, body, *, headers: dict | None = None, delay: float = 0.0):
        import json

        if isinstance(body, dict | list):
            payload = json.dumps(body).encode()
            headers = {"Content-Type": "application/json", **(headers or {})}
        else:
            payload = body.encode() if isinstance(body, str) else body
        self.responses.append((status, payload, headers or {}, delay))

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def fake_server():
    server = FakeServer()
    yield server
    server.close()
