"""Sessions end when they should: logging out and a new password end every session of the
account, ``piiri`` can reset a password and end sessions, and production refuses a short key."""

from __future__ import annotations

import contextlib

import pytest
from starlette.applications import Starlette
from starlette.websockets import WebSocketDisconnect

from piiri.admin import add_commands  # noqa: F401  (the commands are registered on the CLI)
from piiri.cli import main
from piiri.db.accounts import authenticate
from piiri.db.engine import session_scope
from piiri.db.models import Facilitator
from piiri.db.passwords import hash_password
from piiri.settings import Settings, SettingsError
from tests.support.form_client import FormClient
from tests.support.live import companion, text_of
from tests.support.workshop import PASSWORD, facilitator_account, log_in, new_workshop


def test_a_cookie_copied_before_logout_no_longer_works(app: Starlette, client: FormClient) -> None:
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client)
    stolen = client.cookies["piiri"]
    assert client.post("/logout", data={}).url.path == "/login"
    with contextlib.closing(companion(client)) as thief:
        thief.cookies.set("piiri", stolen)
        socket = thief.websocket_connect(f"/ws/facilitator/{workshop_id}")
        with pytest.raises(WebSocketDisconnect), socket as opened:
            opened.receive_text()
        response = thief.get(f"/facilitator/workshops/{workshop_id}")
        assert response.url.path == "/login"


def test_changing_the_password_ends_other_sessions(app: Starlette, client: FormClient) -> None:
    facilitator_account(app)
    log_in(client)
    with contextlib.closing(companion(client)) as other_laptop:
        log_in(other_laptop)
        assert other_laptop.get("/facilitator/").url.path == "/facilitator/"
        wrong = {
            "current": "not it at all",
            "new": "a new long password",
            "repeat": "a new long password",
        }
        response = client.post("/facilitator/password", data=wrong)
        assert response.status_code == 400
        assert "That is not your current password." in text_of(response.text)
        differ = {"current": PASSWORD, "new": "a new long password", "repeat": "another one!!"}
        assert client.post("/facilitator/password", data=differ).status_code == 400
        good = {"current": PASSWORD, "new": "a new long password", "repeat": "a new long password"}
        response = client.post("/facilitator/password", data=good)
        assert response.status_code == 200
        assert "Your password has been changed." in text_of(response.text)
        # This laptop stays logged in; the other one is out.
        assert client.get("/facilitator/").url.path == "/facilitator/"
        assert other_laptop.get("/facilitator/").url.path == "/login"
    with session_scope(app.state.piiri.engine) as session:
        assert authenticate(session=session, email="fasi@example.org", password=PASSWORD) is None


def test_the_cli_resets_a_password_and_ends_sessions(
    app: Starlette, client: FormClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings: Settings = app.state.piiri.settings
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("SECRET_KEY", str(settings.secret_key))
    facilitator_account(app)
    log_in(client)
    assert main(["revoke-sessions", "--email", "fasi@example.org"]) == 0
    assert client.get("/facilitator/").url.path == "/login"
    log_in(client)
    assert (
        main(["reset-password", "--email", "fasi@example.org", "--password", "reset by admin"]) == 0
    )
    assert client.get("/facilitator/").url.path == "/login"
    assert main(["revoke-sessions", "--email", "nobody@example.org"]) == 1


def test_an_old_scrypt_hash_still_verifies_and_is_replaced(app: Starlette) -> None:
    # What earlier versions stored for PASSWORD (scrypt, n=2**14, r=8, p=1).
    import hashlib
    from base64 import b64encode

    salt = b"0123456789abcdef"
    digest = hashlib.scrypt(PASSWORD.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    old = f"scrypt$16384$8$1${b64encode(salt).decode()}${b64encode(digest).decode()}"
    facilitator_id = facilitator_account(app)
    with session_scope(app.state.piiri.engine) as session:
        row = session.get(Facilitator, facilitator_id)
        assert row is not None
        row.password_hash = old
    with session_scope(app.state.piiri.engine) as session:
        assert (
            authenticate(session=session, email="fasi@example.org", password="wrong one!") is None
        )
        assert authenticate(session=session, email="fasi@example.org", password=PASSWORD)
    with session_scope(app.state.piiri.engine) as session:
        row = session.get(Facilitator, facilitator_id)
        assert row is not None and row.password_hash.startswith("$argon2id$")
    assert hash_password(PASSWORD).startswith("$argon2id$")


def test_production_refuses_a_short_secret_key() -> None:
    env = {"PIIRI_ENV": "production", "SECRET_KEY": "x", "DATABASE_URL": "sqlite://"}
    with pytest.raises(SettingsError, match="shorter than 32 bytes"):
        Settings.from_environ(env)  # type: ignore[arg-type]
    env["SECRET_KEY"] = "k" * 32
    assert str(Settings.from_environ(env).secret_key) == "k" * 32  # type: ignore[arg-type]
