"""Forged forms change nothing: a page on another origin of the same site (another port here,
a sibling subdomain in production) cannot add a co-facilitator, add an activity, close a
workshop, or log a browser into another account (piiri/web/forms.py)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.testclient import TestClient

from piiri.db.workshops import co_facilitators
from tests.support.form_client import FormClient, form_token, session_of
from tests.support.live import text_of
from tests.support.workshop import facilitator_account, log_in, new_workshop, workshop_row

SIBLING = "http://127.0.0.1:9999"  # the same site (host), another origin (port)


def _state(app: Starlette, workshop_id: int) -> tuple[list[str], int, bool]:
    from sqlmodel import Session

    with Session(app.state.piiri.engine) as session:
        sharing = [f.email for f in co_facilitators(session=session, workshop_id=workshop_id)]
    state = app.state.piiri.service.state(workshop_id)
    return sharing, len(state.activities), workshop_row(app, workshop_id).closed


def _forgeries(workshop_id: int) -> list[tuple[str, dict[str, str]]]:
    base = f"/facilitator/workshops/{workshop_id}"
    return [
        (f"{base}/facilitators", {"email": "attacker@example.org"}),
        (f"{base}/activities", {"kind": "dot_vote", "title": "Forged", "options": "a\nb"}),
        (f"{base}/closed", {"closed": "true"}),
    ]


def test_a_forged_same_site_form_changes_nothing(app: Starlette, client: FormClient) -> None:
    facilitator_account(app)
    facilitator_account(app, "attacker@example.org")
    log_in(client)
    workshop_id = new_workshop(client)
    before = _state(app, workshop_id)
    token = form_token(client)
    for path, data in _forgeries(workshop_id):
        # From a sibling origin the browser sends its Origin; even a stolen token does not help.
        for headers in ({"Origin": SIBLING}, {"Sec-Fetch-Site": "same-site"}):
            response = client.post(path, data={**data, "csrf": token}, headers=headers)
            assert response.status_code == 403, path
            assert "That form could not be accepted" in text_of(response.text)
        # A page that hides its origin (no Origin, no Referer) still lacks the session's token.
        response = client.post(path, data={**data, "csrf": "guessed"})
        assert response.status_code == 403
        plain = TestClient.post(client, path, data=data)
        assert plain.status_code == 403
    assert _state(app, workshop_id) == before
    # The console's own forms still work.
    response = client.post(
        f"/facilitator/workshops/{workshop_id}/closed",
        data={"closed": "true"},
        headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 200
    assert workshop_row(app, workshop_id).closed


def test_a_cross_site_login_does_not_log_the_browser_in(app: Starlette, client: FormClient) -> None:
    facilitator_account(app, "attacker@example.org")
    from tests.support.workshop import PASSWORD

    attack = {"email": "attacker@example.org", "password": PASSWORD, "next": "/facilitator/"}
    response = TestClient.post(client, "/login", data=attack, headers={"Origin": SIBLING})
    assert response.status_code == 403
    response = TestClient.post(client, "/login", data=attack)  # no token: no session of its own
    assert response.status_code == 403
    assert "f" not in session_of(client)
    assert client.get("/facilitator/").url.path == "/login"


def test_a_form_body_too_large_is_refused_before_parsing(client: FormClient) -> None:
    response = client.post("/join", content=b"code=" + b"1" * (2 * 1024 * 1024))
    assert response.status_code == 413


def test_a_page_without_referrers_can_still_post_its_own_forms(
    app: Starlette, client: FormClient
) -> None:
    # The room screen and the login link are sent with Referrer-Policy: no-referrer, so the
    # browser posts their forms with "Origin: null"; Sec-Fetch-Site still says same-origin.
    own = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}
    response = client.post("/display", data={"large_text": "on", "next": "/join"}, headers=own)
    assert response.status_code == 200
    forged = {"Origin": "null"}  # a sandboxed frame elsewhere, in a browser without fetch metadata
    assert client.post("/display", data={"large_text": "on"}, headers=forged).status_code == 403
    sibling = {"Origin": SIBLING, "Sec-Fetch-Site": "same-site"}
    assert client.post("/display", data={"large_text": "on"}, headers=sibling).status_code == 403


def test_a_form_that_carries_a_file_needs_the_token_too(app: Starlette, client: FormClient) -> None:
    """The add-activity form is multipart (a participatory budget's projects file): its token is
    read from the multipart body, and a forged one changes nothing."""
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client)
    path = f"/facilitator/workshops/{workshop_id}/activities"
    data = {"kind": "dot_vote", "title": "With a file", "options": "a\nb"}
    upload = {"projects_file": ("empty.csv", b"", "text/csv")}
    for token in ("guessed", None):
        fields = data if token is None else {**data, "csrf": token}
        response = TestClient.post(client, path, data=fields, files=upload)
        assert response.status_code == 403
    assert _state(app, workshop_id)[1] == 0
    response = client.post(path, data={**data, "csrf": form_token(client)}, files=upload)
    assert response.status_code == 200
    assert _state(app, workshop_id)[1] == 1
