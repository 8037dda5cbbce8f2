"""Logging in and out: the password form, the one-time login link (a page with a button that
logs in by POST), logging out, and changing one's password. Logging out and a new password end
every session of the account (``Facilitator.session_version``, piiri/db/accounts.py)."""

from __future__ import annotations

import asyncio

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from facilitator.routes import _language, _piiri, _safe_next, facilitator_only
from piiri.db.accounts import (
    authenticate,
    login_token_owner,
    redeem_login_token,
    revoke_sessions,
    set_password,
)
from piiri.db.engine import session_scope
from piiri.domain.vocabulary import N_, DomainError
from piiri.web.cookies import facilitator_of, log_in_session, session_version_of
from piiri.web.i18n import error_text, gettext
from piiri.web.rate_limits import client_address
from piiri.web.runtime import Piiri


async def login_page(request: Request) -> Response:
    language = _language(request)
    error = ""
    if (
        request.scope.get("session_rejected")
        or request.query_params.get("reason") == "unrecognised"
    ):
        error = gettext(language, N_("Your login could not be verified. Please log in again."))
    return _piiri(request).renderer.response(
        request,
        language,
        "login.html",
        {"error": error, "email": "", "next": _safe_next(request.query_params.get("next"))},
    )


async def login(request: Request) -> Response:
    """Log in with e-mail and password. Wrong passwords are counted per account and per client
    address (RATE_LOGIN_ACCOUNT, RATE_LOGIN_ADDRESS); past either limit every attempt is
    refused unchecked until the window has passed. Checks run on the password pool."""
    piiri = _piiri(request)
    language = _language(request)
    form = await request.form()
    email, password = str(form.get("email", "")), str(form.get("password", ""))
    account, address = email.strip().lower()[:320], client_address(request)
    context = {"email": email, "next": _safe_next(form.get("next"))}
    if not (
        await piiri.limits.allowed("login_account", account)
        and await piiri.limits.allowed("login_address", address)
    ):
        context["error"] = gettext(
            language, N_("Too many wrong passwords. Wait a few minutes and try again.")
        )
        return piiri.renderer.response(request, language, "login.html", context, status_code=429)

    def check() -> tuple[int, int] | None:
        with session_scope(piiri.engine) as session:
            found = authenticate(session=session, email=email, password=password)
            return (found.id, found.session_version) if found and found.id else None

    found = await piiri.passwords.run(check)
    if found is None:
        await piiri.limits.hit("login_account", account)
        await piiri.limits.hit("login_address", address)
        context["error"] = gettext(language, N_("That e-mail address and password do not match."))
        return piiri.renderer.response(request, language, "login.html", context, status_code=400)
    log_in_session(request.session, *found)
    return RedirectResponse(_safe_next(form.get("next")), status_code=303)


def _link_used(request: Request) -> Response:
    language = _language(request)
    context = {
        "error": gettext(language, N_("This login link has been used or has expired.")),
        "email": "",
        "next": "/facilitator/",
    }
    return _piiri(request).renderer.response(request, language, "login.html", context, 400)


async def login_link_page(request: Request) -> Response:
    """The one-time link's page: a button that logs in by POST. Opening the link spends
    nothing, so a link scanner or a chat app's preview cannot use it up or get the session."""
    piiri = _piiri(request)
    token = request.path_params["token"]

    def peek() -> str | None:
        with Session(piiri.engine) as session:
            return login_token_owner(session=session, token=token)

    email = await asyncio.to_thread(peek)
    if email is None:
        return _link_used(request)
    context = {"email": email, "next": _safe_next(request.query_params.get("next"))}
    response = piiri.renderer.response(request, _language(request), "login_link.html", context)
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


async def login_link(request: Request) -> Response:
    piiri = _piiri(request)
    token = request.path_params["token"]
    form = await request.form()

    def redeem() -> tuple[int, int] | None:
        with session_scope(piiri.engine) as session:
            return redeem_login_token(session=session, token=token)

    found = await asyncio.to_thread(redeem)
    if found is None:
        return _link_used(request)
    log_in_session(request.session, *found)
    return RedirectResponse(_safe_next(form.get("next")), status_code=303)


async def logout(request: Request) -> Response:
    """Log out: every session of the account ends (this cookie, and any copy of it)."""
    piiri = _piiri(request)
    facilitator_id = facilitator_of(request.session)
    if facilitator_id is not None and await asyncio.to_thread(
        piiri.session_is_current, facilitator_id, session_version_of(request.session)
    ):

        def revoke() -> None:
            with session_scope(piiri.engine) as session:
                revoke_sessions(session=session, facilitator_id=facilitator_id)

        await asyncio.to_thread(revoke)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@facilitator_only
async def password_page(request: Request, piiri: Piiri, facilitator_id: int) -> Response:
    return _password_form(request, piiri, "")


def _password_form(request: Request, piiri: Piiri, error: str, done: bool = False) -> Response:
    context = {"error": error, "done": done}
    status = 400 if error else 200
    return piiri.renderer.response(request, _language(request), "password.html", context, status)


@facilitator_only
async def change_password(request: Request, piiri: Piiri, facilitator_id: int) -> Response:
    """A new password, given the current one; every other session of the account ends and
    this one carries on under the new session version."""
    language = _language(request)
    form = await request.form()
    current, new = str(form.get("current", "")), str(form.get("new", ""))
    if new != str(form.get("repeat", "")):
        error = gettext(language, N_("The new password and its repetition differ."))
        return _password_form(request, piiri, error)

    def change() -> int | None:
        with session_scope(piiri.engine) as session:
            from piiri.db.models import Facilitator

            me = session.get(Facilitator, facilitator_id)
            if (
                me is None
                or authenticate(session=session, email=me.email, password=current) is None
            ):
                return None
            return set_password(session=session, facilitator_id=facilitator_id, password=new)

    try:
        version = await piiri.passwords.run(change)
    except DomainError as error:
        return _password_form(request, piiri, error_text(language, error))
    if version is None:
        wrong = gettext(language, N_("That is not your current password."))
        return _password_form(request, piiri, wrong)
    log_in_session(request.session, facilitator_id, version)
    return _password_form(request, piiri, "", done=True)


routes = [
    Route("/login", login_page, methods=["GET"]),
    Route("/login", login, methods=["POST"]),
    Route("/login/{token}", login_link_page, methods=["GET"]),
    Route("/login/{token}", login_link, methods=["POST"]),
    Route("/logout", logout, methods=["POST"]),
    Route("/facilitator/password", password_page, methods=["GET"]),
    Route("/facilitator/password", change_password, methods=["POST"]),
]
