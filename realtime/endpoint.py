"""The WebSocket endpoints: one per role, all speaking the same protocol.

Browser -> server: a JSON object (htmx's ws extension serialises the form), with ``command``,
the command's fields, and ``cid``, a client-made id that makes a resend harmless.
Server -> browser: HTML fragments, each replacing a region with a stable id (out-of-band swap).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from typing import Any
from urllib.parse import urlsplit

from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from piiri.activities.text import clean_json
from piiri.domain.permissions import authorise
from piiri.domain.vocabulary import N_, Actor, DomainError, Role
from piiri.log.service import ServiceBusy
from piiri.log.store import UnknownWorkshop
from piiri.web.cookies import facilitator_of, participant_of, session_version_of
from piiri.web.i18n import error_text, gettext, pick_language
from piiri.web.rate_limits import CommandWindow
from piiri.web.runtime import Piiri
from realtime.connection import CLOSE_POLICY, CLOSE_TRY_AGAIN, Connection
from realtime.delivery import Delivery
from realtime.hub import kept_out

log = logging.getLogger(__name__)

CLOSE_TOO_BIG = 1009
# What a command's name looks like; anything else is not written to the log.
COMMAND_NAME = re.compile(r"[a-z_]{1,40}")


def delivery_of(piiri: Piiri) -> Delivery:
    """This process's fan-out: the app factory built it from this package's surface."""
    delivery = piiri.fanout
    assert isinstance(delivery, Delivery), "the realtime surface is not served"
    return delivery


def origin_allowed(websocket: WebSocket, piiri: Piiri) -> bool:
    """Browsers always send Origin; a page on another site must not drive a workshop."""
    origin = websocket.headers.get("origin")
    if origin is None:
        return True  # not a browser: it could claim any origin anyway
    origin = origin.rstrip("/")
    if origin in piiri.settings.allowed_origins:
        return True
    if piiri.settings.public_url and origin == _origin_of(piiri.settings.public_url):
        return True
    return urlsplit(origin).netloc == websocket.headers.get("host", "")


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


async def facilitator_socket(websocket: WebSocket) -> None:
    piiri: Piiri = websocket.app.state.piiri
    workshop_id = websocket.path_params["workshop_id"]
    facilitator_id = facilitator_of(websocket.scope["session"])
    version = session_version_of(websocket.scope["session"])
    if (
        facilitator_id is None
        or not await asyncio.to_thread(piiri.session_is_current, facilitator_id, version)
        or not await asyncio.to_thread(piiri.may_facilitate, facilitator_id, workshop_id)
    ):
        await websocket.close(CLOSE_POLICY)
        return
    await _serve(websocket, piiri, workshop_id, Actor("facilitator", facilitator_id=facilitator_id))


async def participant_socket(websocket: WebSocket) -> None:
    piiri: Piiri = websocket.app.state.piiri
    workshop = await asyncio.to_thread(piiri.workshop_by_code, websocket.path_params["code"])
    if workshop is None or workshop.id is None:
        await websocket.close(CLOSE_POLICY)
        return
    # Only its id is kept: this frame lives as long as the socket, the row need not.
    workshop_id: int = workshop.id
    del workshop
    participant_id = participant_of(websocket.scope["session"], workshop_id)
    if participant_id is None:
        await websocket.close(CLOSE_POLICY)
        return
    await _serve(websocket, piiri, workshop_id, Actor("participant", participant_id=participant_id))


async def screen_socket(websocket: WebSocket) -> None:
    piiri: Piiri = websocket.app.state.piiri
    token = websocket.path_params["token"]
    workshop = await asyncio.to_thread(piiri.workshop_by_secret_link, "screen", token)
    if workshop is None or workshop.id is None:
        await websocket.close(CLOSE_POLICY)
        return
    workshop_id: int = workshop.id
    del workshop
    await _serve(websocket, piiri, workshop_id, Actor("screen"), secret=token)


async def expert_socket(websocket: WebSocket) -> None:
    """An expert's read-only view, through the workshop's revocable expert link."""
    piiri: Piiri = websocket.app.state.piiri
    token = websocket.path_params["token"]
    workshop = await asyncio.to_thread(piiri.workshop_by_secret_link, "expert", token)
    if workshop is None or workshop.id is None:
        await websocket.close(CLOSE_POLICY)
        return
    await _serve(websocket, piiri, workshop.id, Actor("expert"), secret=token)


async def _serve(
    websocket: WebSocket, piiri: Piiri, workshop_id: int, actor: Actor, secret: str | None = None
) -> None:
    if not origin_allowed(websocket, piiri):
        log.warning("refused a socket from origin %s", websocket.headers.get("origin"))
        await websocket.close(CLOSE_POLICY)
        return
    try:
        state = await asyncio.to_thread(piiri.service.state, workshop_id)
    except UnknownWorkshop:
        await websocket.close(CLOSE_POLICY)
        return
    role: Role = actor.role
    if actor.participant_id is not None and (
        actor.participant_id not in state.people or kept_out(state, actor.participant_id)
    ):
        await websocket.close(CLOSE_POLICY)
        return
    language = pick_language(websocket, state.language, browser=actor.role != "screen")
    await websocket.accept()
    connection = Connection(
        websocket=websocket,
        workshop_id=workshop_id,
        role=role,
        language=language,
        base_url=piiri.base_url(websocket),
        participant_id=actor.participant_id,
        facilitator_id=actor.facilitator_id,
        send_timeout=piiri.settings.outbox_send_timeout,
        secret=secret,
    )
    # A socket that cannot keep up, or whose push failed, is given up by its Connection, which
    # cancels this handler: the app then returns and uvicorn drops the connection, whatever
    # the client does.
    connection.handler = asyncio.current_task()
    opened = time.monotonic()
    close_code: int | None = None
    commands = piiri.limits.command_window()
    try:
        hub = delivery_of(piiri).hub
        await hub.attach(connection)
        await hub.keep_sockets_within(connection, piiri.settings.sockets_per_participant)
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                close_code = message.get("code")
                break
            text = message.get("text")
            if text is None:
                # Browsers send commands as text frames; a binary frame is not understood
                # (receive_text() would raise KeyError and kill the socket).
                unknown = gettext(connection.language, N_("That message was not understood."))
                _notice(piiri, connection, unknown, error=True)
                continue
            # Shielded: a command that reached the service finishes (and is announced) even
            # when the socket ends meanwhile.
            await asyncio.shield(_handle(piiri, connection, actor, text, commands))
    except WebSocketDisconnect as disconnect:
        close_code = disconnect.code
    except asyncio.CancelledError:
        if not connection.gave_up:
            raise
        task = asyncio.current_task()
        if task is not None:
            task.uncancel()
    finally:
        hub = delivery_of(piiri).hub
        hub.detach(connection)
        if connection.gave_up_with == CLOSE_TRY_AGAIN:
            hub.slow_closed += 1
        connection.handler = None
        connection.discard()
        # The one line a socket session writes (uvicorn's own per-connection lines are
        # silenced, piiri/server_logs.py): no address, no name, no token.
        log.info(
            "socket session: %s, workshop %s, %.1f s, closed %s",
            role,
            workshop_id,
            time.monotonic() - opened,
            connection.gave_up_with or close_code,
            extra={
                "role": role,
                "workshop": workshop_id,
                "seconds": round(time.monotonic() - opened, 1),
                "close_code": connection.gave_up_with or close_code,
            },
        )


async def _handle(
    piiri: Piiri, connection: Connection, actor: Actor, text: str, commands: CommandWindow
) -> None:
    language = connection.language
    if len(text.encode()) > piiri.settings.ws_max_message_bytes:
        _notice(piiri, connection, gettext(language, N_("That message was too long.")), error=True)
        return
    try:
        values = json.loads(text)
    except (ValueError, RecursionError):
        # RecursionError: deeply nested arrays fit well within the size limit.
        values = None
    if not isinstance(values, dict):
        _notice(piiri, connection, gettext(language, N_("That message was not understood.")), True)
        return
    # JSON may spell a lone surrogate ("\udc00") that UTF-8 cannot encode, and control or bidi
    # override characters: every string at any depth is cleaned before anything reads it, the
    # same way the domain cleans the text it stores (piiri/activities/text.py).
    values = clean_json(values)
    values.pop("headers", None)
    command_id = values.pop("cid", None)
    if command_id is not None and not isinstance(command_id, str):
        command_id = str(command_id)
    if actor.role != "facilitator" and not commands.hit():
        # The console is exempt: a logged-in facilitator voting for a row of people without
        # phones clicks fast, and an account is not anonymous.
        # RATE_COMMANDS: nothing is decided or stored; the phone is told, and may send again.
        slow = gettext(language, N_("Slow down: that was too fast."))
        _notice(piiri, connection, slow, True, command_id)
        return
    try:
        command = authorise(actor, connection.workshop_id, values)
        await piiri.service.run(connection.workshop_id, actor, command, command_id=command_id)
    except DomainError as error:
        # The cache holds the state the refusal was decided on (or a newer one).
        decided_on = piiri.service.store.cached(connection.workshop_id)
        connection.refused_at = decided_on.seq if decided_on is not None else -1
        _notice(piiri, connection, error_text(language, error), True, command_id)
        return
    except ServiceBusy:
        busy = gettext(language, N_("Busy; please try again."))
        _notice(piiri, connection, busy, True, command_id)
        return
    except Exception:
        # The command's name only: its values may hold what a person wrote.
        name = values.get("command")
        log.exception(
            "command failed: %s in workshop %s",
            name if isinstance(name, str) and COMMAND_NAME.fullmatch(name) else "(not a name)",
            connection.workshop_id,
        )
        failed = gettext(language, N_("Something went wrong."))
        _notice(piiri, connection, failed, True, command_id)
        return
    _notice(piiri, connection, "", False, command_id)


def _notice(
    piiri: Piiri, connection: Connection, message: str, error: bool, cid: str | None = None
) -> None:
    """The answer to a command; ``cid`` tells the phone's outbox which command it answers
    (commands on one socket are answered in order, so it also answers every earlier one)."""
    context: dict[str, Any] = {"message": message, "error": error, "cid": cid}
    connection.push("notice", piiri.renderer.render(connection.language, "_notice.html", context))
    connection.refusal_shown = bool(message and error)


routes = [
    WebSocketRoute("/ws/facilitator/{workshop_id:int}", facilitator_socket),
    WebSocketRoute("/ws/w/{code}", participant_socket),
    WebSocketRoute("/ws/screen/{token}", screen_socket),
    WebSocketRoute("/ws/expert/{token}", expert_socket),
]
