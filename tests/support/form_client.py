"""A test client that submits forms as a browser does: with the token the page gave it.

Piiri refuses a POST without its session's CSRF token (piiri/web/forms.py). A browser has the
token from the page whose form it submits; this client takes it from its own signed cookie,
first opening a page when it has none yet. Tests of the refusal itself use a plain TestClient
or pass ``csrf`` (or ``data=None``) explicitly.
"""

from __future__ import annotations

import json
import re
from base64 import b64decode
from typing import Any

from starlette.testclient import TestClient

from piiri.web.cookies import COOKIE_NAME
from piiri.web.forms import FIELD, SESSION_KEY

# What the real-process tests give their servers as HEALTH_TOKEN, and send to read /healthz.
HEALTH_TOKEN = "health-token-for-tests"
HEALTH_HEADERS = {"Authorization": f"Bearer {HEALTH_TOKEN}"}


def session_of(client: TestClient) -> dict[str, Any]:
    """What the client's signed cookie holds (unverified: the client only reads its own)."""
    raw = client.cookies.get(COOKIE_NAME)
    if not raw:
        return {}
    payload = raw.split(".", 1)[0]
    data: dict[str, Any] = json.loads(b64decode(payload))
    return data


def form_token(client: TestClient) -> str:
    """The token this client's forms carry, opening a page first if it has none."""
    token = session_of(client).get(SESSION_KEY)
    if not isinstance(token, str):
        client.get("/accessibility")
        token = session_of(client)[SESSION_KEY]
    assert isinstance(token, str)
    return token


class FormClient(TestClient):
    def post(self, url: Any, *args: Any, **kwargs: Any) -> Any:
        data = kwargs.get("data")
        if isinstance(data, dict) and FIELD not in data:
            kwargs["data"] = {**data, FIELD: form_token(self)}
        elif data is None and "content" not in kwargs and "json" not in kwargs:
            kwargs["data"] = {FIELD: form_token(self)}
        return super().post(url, *args, **kwargs)


def token_in(page: str) -> str:
    """The CSRF token a page's forms carry (for clients that are not a TestClient)."""
    match = re.search(r'name="csrf" value="([^"]+)"', page)
    assert match, "the page has no form token"
    return match.group(1)


# What the results' "participants" add when nobody was removed (piiri/domain/results.py).
NOBODY_REMOVED = {"removed": 0, "inputs_withdrawn": 0}
