"""What every response says about itself: a Content-Security-Policy of the site alone, HSTS in
production, a Permissions-Policy, no-store on pages with names; no token in the access log;
a closed workshop's screen that shows only that; Secure preference cookies in production."""

from __future__ import annotations

import contextlib
import logging
import re
from pathlib import Path

import pytest
from starlette.applications import Starlette

from piiri.web.app import create_app
from piiri.web.headers import RedactTokens, redact
from piiri.web.rendering import template_paths
from piiri.web.surfaces import installed_template_dirs
from tests.support.app import make_settings
from tests.support.databases import upgrade
from tests.support.form_client import FormClient
from tests.support.live import companion, text_of
from tests.support.workshop import (
    add_dot_vote,
    facilitator_account,
    join,
    log_in,
    new_workshop,
    screen_token,
    workshop_row,
)

pytestmark = pytest.mark.db  # apps on migrated test databases


def test_every_page_carries_the_policies_and_names_are_not_cached(
    app: Starlette, client: FormClient
) -> None:
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client)
    code = workshop_row(app, workshop_id).code
    base = f"/facilitator/workshops/{workshop_id}"
    pages = [base, f"{base}/results.csv", f"{base}/results.json", f"{base}/people", "/join"]
    with contextlib.closing(companion(client)) as phone:
        join(phone, code, name="Aino")
        phone_page = phone.get(f"/w/{code}")
    for response in [*(client.get(p) for p in pages), phone_page]:
        assert response.status_code == 200, response.url
        headers = response.headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "frame-ancestors 'none'" in csp
        assert "camera=()" in headers["permissions-policy"]
        assert headers["cache-control"] == "no-store", response.url
        assert "strict-transport-security" not in headers  # not in development
    static = client.get(re.search(r'href="(/static/[^"]+\.css)"', phone_page.text).group(1))  # type: ignore[union-attr]
    assert "no-store" not in static.headers["cache-control"]


def test_production_sends_hsts_and_secure_preference_cookies(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, production=True)
    upgrade(settings.database_url)
    with FormClient(create_app(settings), base_url="https://testserver") as client:
        response = client.get("/join")
        assert response.headers["strict-transport-security"].startswith("max-age=")
        chosen = client.get("/language/fi", params={"next": "/join"}, follow_redirects=False)
        assert "secure" in chosen.headers["set-cookie"].lower()


def test_templates_have_no_inline_script_style_or_handlers() -> None:
    for path in template_paths(installed_template_dirs()):
        text = path.read_text()
        assert " style=" not in text, path
        assert "<style" not in text, path
        assert not re.search(r"<script(?![^>]*\ssrc=)", text), path
        assert "hx-on" not in text and not re.search(r"\son[a-z]+=", text), path


def test_tokens_never_reach_the_access_log(caplog: pytest.LogCaptureFixture) -> None:
    assert redact("/login/abc123?next=/x") == "/login/…?next=/x"
    assert redact("/screen/s3cr3t") == "/screen/…"
    assert redact("/ws/screen/s3cr3t") == "/ws/screen/…"
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        "",
        0,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/screen/s3cr3t-token", "1.1", 200),
        None,
    )
    assert RedactTokens().filter(record)
    assert "s3cr3t" not in record.getMessage()
    # The app installs the filter on uvicorn's loggers.
    logger = logging.getLogger("uvicorn.access")
    assert any(isinstance(f, RedactTokens) for f in logger.filters)


def test_a_closed_workshops_screen_shows_only_that(app: Starlette, client: FormClient) -> None:
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client)
    add_dot_vote(client, workshop_id)
    code = workshop_row(app, workshop_id).code
    token = screen_token(app, workshop_id)
    client.post(f"/facilitator/workshops/{workshop_id}/closed", data={"closed": "true"})
    page = client.get(f"/screen/{token}").text
    assert "This workshop has closed" in text_of(page)
    assert code not in text_of(page)
    assert "<svg" not in page.split('id="screen-join"')[1].split("</section>")[0]
    with client.websocket_connect(f"/ws/screen/{token}") as socket:
        frame = socket.receive_text()
    assert "This workshop has closed" in text_of(frame)
    assert code not in frame
    assert "in the room" not in text_of(frame)
