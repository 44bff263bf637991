"""The pages' stylesheets and scripts are served by the portal itself, without a CDN and,
outside production, without running collectstatic first (`make run` does not run it)."""

import re

from django.test import Client


def test_every_stylesheet_and_script_of_a_page_is_served(db, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path  # nothing collected
    client = Client()  # a new handler, so WhiteNoise starts with these settings
    page = client.get("/accounts/login/")
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page.content.decode())
    assert any(a.endswith(".css") for a in assets)
    assert any(a.endswith("htmx.min.js") for a in assets)
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body, asset
