"""The plain pages: logging in, the dashboard, the console's guard, downloads, health, language,
static assets and compression.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.datastructures import Secret
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from piiri.db.accounts import issue_login_token
from piiri.db.engine import session_scope
from piiri.web.app import create_app
from piiri.web.cookies import COOKIE_NAME
from piiri.web.i18n import LANGUAGE_COOKIE
from tests.support.app import make_settings
from tests.support.databases import upgrade
from tests.support.form_client import NOBODY_REMOVED, FormClient, session_of
from tests.support.live import View, activity_ids, companion, text_of
from tests.support.workshop import (
    PASSWORD,
    add_dot_vote,
    facilitator_account,
    join,
    log_in,
    new_workshop,
    screen_token,
    workshop_row,
)

pytestmark = pytest.mark.db  # apps on migrated test databases

CSV_HEADER = ["activity", "kind", "rank", "tied", "option", "dots", "dots_cast", "voters"]


def login_link(app: Starlette, facilitator_id: int) -> str:
    with session_scope(app.state.piiri.engine) as session:
        return "/login/" + issue_login_token(session=session, facilitator_id=facilitator_id)


def test_a_wrong_password_is_refused_with_a_message(app: Starlette, client: TestClient) -> None:
    facilitator_account(app)
    response = client.post(
        "/login", data={"email": "fasi@example.org", "password": "not the password"}
    )
    assert response.status_code == 400
    assert "That e-mail address and password do not match." in text_of(response.text)
    assert 'value="fasi@example.org"' in response.text  # the address stays in the form
    assert PASSWORD not in response.text
    # Not logged in: the dashboard still sends to the login page.
    response = client.get("/facilitator/")
    assert response.url.path == "/login"
    # An unknown address gets the same answer, so addresses cannot be probed.
    response = client.post("/login", data={"email": "nobody@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert "That e-mail address and password do not match." in text_of(response.text)


def test_a_login_link_works_once(app: Starlette, client: TestClient) -> None:
    facilitator_id = facilitator_account(app)
    link = login_link(app, facilitator_id)
    with contextlib.closing(companion(client)) as laptop:
        # Opening the link (a link scanner, a chat preview) spends nothing and logs nobody in.
        for _ in range(2):
            response = laptop.get(link)
            assert response.status_code == 200
            assert "This link logs you in as fasi@example.org" in text_of(response.text)
            assert laptop.get("/facilitator/").url.path == "/login"
        response = laptop.post(link, data={"next": "/facilitator/"})
        assert response.status_code == 200
        assert response.url.path == "/facilitator/"
        assert "Your workshops" in text_of(response.text)
    with contextlib.closing(companion(client)) as second:
        response = second.post(link, data={})
        assert response.status_code == 400
        assert "This login link has been used or has expired." in text_of(response.text)
        assert second.get("/facilitator/").url.path == "/login"
    response = client.get("/login/not-a-real-token")
    assert response.status_code == 400
    assert "This login link has been used or has expired." in text_of(response.text)


def test_a_forged_login_cookie_is_explained(app: Starlette, client: TestClient) -> None:
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client)
    value = client.cookies[COOKIE_NAME]
    client.cookies.delete(COOKIE_NAME)
    client.cookies.set(COOKIE_NAME, value[:-4] + "AAAA", domain="testserver.local")

    response = client.get(f"/facilitator/workshops/{workshop_id}")
    assert response.url.path == "/login"
    assert response.url.params["next"] == f"/facilitator/workshops/{workshop_id}"
    assert "Your login could not be verified. Please log in again." in text_of(response.text)
    # The bad cookie is replaced (by one holding only the login form's token).
    assert client.cookies.get(COOKIE_NAME) != value[:-4] + "AAAA"
    assert "f" not in session_of(client)
    # Logging in again leads back to where the facilitator was going.
    response = client.post(
        "/login",
        data={
            "email": "fasi@example.org",
            "password": PASSWORD,
            "next": response.url.params["next"],
        },
    )
    assert response.url.path == f"/facilitator/workshops/{workshop_id}"
    # Without a cookie at all there is nothing to explain.
    with contextlib.closing(companion(client)) as fresh:
        response = fresh.get("/facilitator/")
        assert response.url.path == "/login"
        assert "could not be verified" not in response.text


def test_the_dashboard_lists_my_workshops_only(app: Starlette, client: TestClient) -> None:
    facilitator_account(app)
    facilitator_account(app, "toinen@example.org")
    log_in(client)
    first = new_workshop(client, title="Kirjaston tulevaisuus")
    second = new_workshop(client, title="Rantapolku", language="fi")
    with contextlib.closing(companion(client)) as other:
        log_in(other, "toinen@example.org")
        theirs = new_workshop(other, title="Someone else's workshop")
    page = client.get("/facilitator/")
    assert page.status_code == 200
    for workshop_id in (first, second):
        row = workshop_row(app, workshop_id)
        assert f'href="/facilitator/workshops/{workshop_id}"' in page.text
        assert row.title in page.text
        assert f"code {row.code}" in text_of(page.text)
    assert "Someone else" not in page.text
    assert f"/facilitator/workshops/{theirs}" not in page.text
    # The newest first.
    assert page.text.index("Rantapolku") < page.text.index("Kirjaston tulevaisuus")


def test_another_facilitators_workshop_is_not_found(app: Starlette, client: TestClient) -> None:
    facilitator_account(app)
    facilitator_account(app, "toinen@example.org")
    log_in(client)
    workshop_id = new_workshop(client)
    add_dot_vote(client, workshop_id)
    with contextlib.closing(companion(client)) as other:
        log_in(other, "toinen@example.org")
        base = f"/facilitator/workshops/{workshop_id}"
        for path in (base, f"{base}/results.json", f"{base}/results.csv"):
            response = other.get(path)
            assert response.status_code == 404, path
            assert "You have no workshop at this address." in text_of(response.text)
        response = other.post(
            f"{base}/activities",
            data={"kind": "dot_vote", "title": "Sneaky", "options": "a\nb"},
        )
        assert response.status_code == 404
        with (
            pytest.raises(WebSocketDisconnect),
            other.websocket_connect(f"/ws/facilitator/{workshop_id}"),
        ):
            pass
    assert len(activity_ids(app, workshop_id)) == 1
    assert client.get(base).status_code == 200


def test_results_download_as_json_and_csv(app: Starlette, client: TestClient) -> None:
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client, title="Kirjaston tulevaisuus")
    add_dot_vote(
        client,
        workshop_id,
        title="Mikä on tärkeintä?",
        options=("=SUM(A1)", "Korjauskahvila", "Pyörätiet"),
        dots_per_person="2",
    )
    (activity_id,) = activity_ids(app, workshop_id)
    code = workshop_row(app, workshop_id).code
    with contextlib.ExitStack() as stack:
        aino, remote = (stack.enter_context(contextlib.closing(companion(client))) for _ in "ab")
        join(aino, code, name="Aino")
        join(remote, code, presence="remote")
        console = View(
            stack.enter_context(client.websocket_connect(f"/ws/facilitator/{workshop_id}")), "c"
        )
        assert console.send("start_activity", activity=str(activity_id)) == ""
        for browser, options in ((aino, ("o1", "o2")), (remote, ("o1", "o3"))):
            phone = View(stack.enter_context(browser.websocket_connect(f"/ws/w/{code}")), "p")
            for option in options:
                assert phone.send("cast_dot", activity="current", option=option) == ""

    response = client.get(f"/facilitator/workshops/{workshop_id}/results.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["content-disposition"] == (
        f'attachment; filename="piiri-{code}-results.json"'
    )
    document = response.json()
    assert document["workshop"]["title"] == "Kirjaston tulevaisuus"
    assert document["participants"] == {
        "in_room": 1,
        "remote": 1,
        "without_phone": 0,
        "left": 0,
        **NOBODY_REMOVED,
    }
    (entry,) = document["activities"]
    assert (entry["title"], entry["kind"], entry["running"]) == (
        "Mikä on tärkeintä?",
        "dot_vote",
        True,
    )
    results = entry["results"]
    assert (results["dots_cast"], results["voters"], results["dots_per_person"]) == (4, 2, 2)
    assert [(r["option"], r["dots"], r["rank"], r["tied"]) for r in results["ranking"]] == [
        ("=SUM(A1)", 2, 1, False),
        ("Korjauskahvila", 1, 2, True),
        ("Pyörätiet", 1, 2, True),
    ]

    response = client.get(f"/facilitator/workshops/{workshop_id}/results.csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == (
        f'attachment; filename="piiri-{code}-results.csv"'
    )
    assert response.content.startswith("\ufeff".encode())  # spreadsheets then read UTF-8
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == CSV_HEADER
    assert rows[1:] == [
        ["Mikä on tärkeintä?", "dot_vote", "1", "no", "'=SUM(A1)", "2", "4", "2"],
        ["Mikä on tärkeintä?", "dot_vote", "2", "yes", "Korjauskahvila", "1", "4", "2"],
        ["Mikä on tärkeintä?", "dot_vote", "2", "yes", "Pyörätiet", "1", "4", "2"],
    ]
    # No cell can start a formula in a spreadsheet.
    assert not any(cell[:1] in ("=", "+", "-", "@") for row in rows for cell in row)


def test_healthz_reports_database_and_broker(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, health_token=Secret("a health token"))
    upgrade(settings.database_url)
    with FormClient(create_app(settings)) as client:
        # Without the token: only up or down, no figures about who is connected.
        response = client.get("/healthz")
        assert response.json() == {"status": "ok"}
        assert client.get("/healthz", headers={"Authorization": "Bearer wrong"}).json() == {
            "status": "ok"
        }
        response = client.get("/healthz", headers={"Authorization": "Bearer a health token"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert {"status", "database", "broker"} <= set(body)
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["broker"] == {"kind": "in-process", "state": "ok"}


def test_the_language_switch_sets_a_cookie(client: TestClient) -> None:
    assert '<html lang="en">' in client.get("/join").text
    response = client.get("/language/fi", params={"next": "/join"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/join"
    assert "piiri_lang=fi" in response.headers["set-cookie"]
    assert "Max-Age=31536000" in response.headers["set-cookie"]

    response = client.get("/language/fi", params={"next": "/join"})
    assert response.url.path == "/join"
    assert client.cookies[LANGUAGE_COOKIE] == "fi"
    for path in ("/join", "/login"):
        page = client.get(path)
        assert '<html lang="fi">' in page.text, path
        assert page.headers["content-language"] == "fi"
    # The cookie outranks the browser's Accept-Language.
    page = client.get("/join", headers={"Accept-Language": "en"})
    assert '<html lang="fi">' in page.text

    # An unknown language changes nothing; the switch never sends anyone to another site.
    response = client.get("/language/xx", params={"next": "/join"}, follow_redirects=False)
    assert "set-cookie" not in response.headers
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = client.get("/language/en", params={"next": target}, follow_redirects=False)
        location = response.headers["location"]
        assert location.startswith("/"), location
        assert not location.startswith("//"), location
        assert "\\" not in location, location


def test_large_pages_are_compressed(app: Starlette, client: TestClient) -> None:
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client)
    add_dot_vote(client, workshop_id)
    path = f"/facilitator/workshops/{workshop_id}"
    response = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["vary"]
    assert "What matters most?" in response.text  # decoded as usual
    plain = client.get(path, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert len(plain.content) > 500


def test_a_co_facilitator_shares_the_workshop(app: Starlette, client: TestClient) -> None:
    facilitator_account(app)
    facilitator_account(app, email="toinen@example.org")
    log_in(client)
    workshop_id = new_workshop(client, title="Yhteinen työpaja")
    console = f"/facilitator/workshops/{workshop_id}"

    unknown = client.post(f"{console}/facilitators", data={"email": "nobody@example.org"})
    assert unknown.status_code == 400
    assert "There is no facilitator account for nobody@example.org." in unknown.text
    assert 'value="nobody@example.org"' in unknown.text  # kept for correcting

    shared = client.post(f"{console}/facilitators", data={"email": " Toinen@Example.org "})
    assert shared.status_code == 200
    assert "toinen@example.org" in shared.text

    with contextlib.closing(FormClient(app)) as other:
        other.portal = client.portal
        log_in(other, email="toinen@example.org")
        assert "Yhteinen työpaja" in other.get("/facilitator/").text
        assert other.get(console).status_code == 200
        with other.websocket_connect(f"/ws/facilitator/{workshop_id}") as socket:
            assert 'id="console-agenda"' in socket.receive_text()


def test_the_room_screen_speaks_the_workshop_language(app: Starlette, client: TestClient) -> None:
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client, title="Kylätalon ilta", language="fi")
    screen = f"/screen/{screen_token(app, workshop_id)}"

    with contextlib.closing(FormClient(app)) as projector:
        projector.portal = client.portal
        # The room screen's browser is in English, but it speaks to the whole room.
        page = projector.get(screen, headers={"Accept-Language": "en-GB,en;q=0.9"})
        assert '<html lang="fi">' in page.text
        assert "Liity mukaan puhelimella" in text_of(page.text)
        with projector.websocket_connect(
            screen.replace("/screen/", "/ws/screen/"), headers={"Accept-Language": "en"}
        ) as socket:
            assert "Liity mukaan puhelimella" in text_of(socket.receive_text())
        # Someone at the screen can still choose its language.
        projector.cookies.set(LANGUAGE_COOKIE, "en", domain="testserver.local")
        assert '<html lang="en">' in projector.get(screen).text


def test_switching_language_keeps_the_page_and_its_query(client: TestClient) -> None:
    page = client.get("/join", params={"code": "123456"})
    link = re.search(r'href="(/language/fi\?next=[^"]+)"', page.text)
    assert link, "no language link"
    switched = client.get(link.group(1).replace("&amp;", "&"))
    assert switched.url.path == "/join"
    assert switched.url.query == b"code=123456"
    assert '<html lang="fi">' in switched.text
    assert 'value="123456"' in switched.text


def test_an_unknown_address_gets_a_translated_page(client: TestClient) -> None:
    missing = client.get("/no/such/page")
    assert missing.status_code == 404
    assert '<html lang="en">' in missing.text
    assert "There is nothing at this address." in text_of(missing.text)
    client.cookies.set(LANGUAGE_COOKIE, "fi", domain="testserver.local")
    missing = client.get("/no/such/page")
    assert missing.status_code == 404
    assert "Tässä osoitteessa ei ole mitään." in text_of(missing.text)
    assert client.post("/healthz").status_code == 405


@pytest.mark.db
@pytest.mark.parametrize(
    ("public_url", "expected"),
    [("http://192.168.1.20:8000", "http://192.168.1.20:8000"), (None, "http://testserver")],
)
def test_join_links_and_the_qr_code_carry_the_public_address(
    tmp_path: Path, public_url: str | None, expected: str
) -> None:
    settings = make_settings(tmp_path, public_url=public_url)
    upgrade(settings.database_url)
    app = create_app(settings)
    with FormClient(app) as client:
        facilitator_account(app)
        log_in(client)
        workshop_id = new_workshop(client)
        row = workshop_row(app, workshop_id)
        link = f"{expected}/j/{row.code}"
        console = client.get(f"/facilitator/workshops/{workshop_id}")
        assert f'href="{link}"' in console.text
        screen = client.get(f"/screen/{screen_token(app, workshop_id)}")
        assert f'<p class="join-url">{link}</p>' in screen.text
        assert f'aria-label="QR code for {link}"' in screen.text
        assert "<svg" in screen.text
        with client.websocket_connect(f"/ws/screen/{screen_token(app, workshop_id)}") as socket:
            assert link in socket.receive_text()


def test_the_room_screen_link_is_never_sent_as_a_referrer(
    app: Starlette, client: TestClient
) -> None:
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client)
    screen = client.get(f"/screen/{screen_token(app, workshop_id)}")
    assert screen.headers.get_list("referrer-policy") == ["no-referrer"]
    join = client.get("/join")
    assert join.headers.get_list("referrer-policy") == ["same-origin"]
    assert join.headers["x-frame-options"] == "DENY"
    assert join.headers["x-content-type-options"] == "nosniff"
