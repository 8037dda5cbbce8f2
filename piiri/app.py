"""The app factory: wires settings, database, cache, service, hub, broker and routes."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from facilitator.routes import routes as facilitator_routes
from facilitator.views import ConsoleViews
from participant.routes import routes as participant_routes
from participant.views import PhoneViews, ScreenViews
from piiri.activities.base import N_
from piiri.cookies import SignedCookieMiddleware, facilitator_of
from piiri.database import database_ok, make_engine
from piiri.deadlines import DeadlineWatch
from piiri.i18n import gettext, pick_language
from piiri.preferences import routes as preference_routes
from piiri.rendering import Renderer
from piiri.runtime import Piiri
from piiri.service import ServiceBusy, WorkshopService
from piiri.settings import Settings
from piiri.statement import routes as statement_routes
from piiri.store import WorkshopStore
from realtime.broker import Broker, InProcessBroker
from realtime.endpoint import routes as realtime_routes
from realtime.hub import Hub
from realtime.redis_broker import RedisBroker, RedisClusterBroker

log = logging.getLogger(__name__)


class SecurityHeaders:
    """The usual protective headers (static assets set their own cache lifetimes)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("x-content-type-options", "nosniff")
                headers.setdefault("x-frame-options", "DENY")
                headers.setdefault("referrer-policy", "same-origin")
            await send(message)

        await self.app(scope, receive, send_wrapper)


def build_broker(settings: Settings) -> Broker:
    if settings.redis_url and settings.redis_cluster:
        return RedisClusterBroker(settings.redis_url)
    if settings.redis_url:
        return RedisBroker(settings.redis_url)
    return InProcessBroker()


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings.from_environ()
    engine = make_engine(settings.database_url)
    renderer = Renderer()
    store = WorkshopStore(settings.workshop_cache_size)
    broker = build_broker(settings)

    async def announce(workshop_id: int, seq: int) -> None:
        # This process's sockets first (it works with Redis down), then everyone else's.
        await hub.notice(workshop_id, seq)
        await broker.publish(workshop_id, seq)

    service = WorkshopService(engine, store, announce)
    hub = Hub(
        views={
            "facilitator": ConsoleViews(renderer),
            "participant": PhoneViews(renderer),
            "screen": ScreenViews(renderer),
        },
        load_state=service.state,
        latest_seqs=service.latest_seqs,
        coalesce_seconds=settings.coalesce_seconds,
        resync_seconds=settings.resync_seconds,
    )
    deadlines = DeadlineWatch(service, lambda: list(hub.rooms))
    piiri = Piiri(
        settings=settings,
        engine=engine,
        store=store,
        service=service,
        hub=hub,
        broker=broker,
        renderer=renderer,
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await broker.start(hub.notice, hub.resync)
        hub.start()
        deadlines.start()
        log.info("Piiri serving with the %s broker", broker.name)
        try:
            yield
        finally:
            await deadlines.stop()
            await hub.stop()
            await broker.stop()
            engine.dispose()

    async def healthz(request: Request) -> Response:
        db = await asyncio.to_thread(database_ok, engine)
        broker_ok = broker.healthy()
        body: dict[str, Any] = {
            "status": "ok" if db and broker_ok else "degraded",
            "database": "ok" if db else "unavailable",
            "broker": {"kind": broker.name, "state": "ok" if broker_ok else "unavailable"},
            "connections": hub.connection_count,
            "outbox_bytes": hub.pending_bytes,
            "slow_closed": hub.slow_closed,
        }
        return JSONResponse(body, status_code=200 if db else 503)

    async def home(request: Request) -> Response:
        target = "/facilitator/" if facilitator_of(request.session) else "/join"
        return RedirectResponse(target, status_code=303)

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        language = pick_language(request, settings.default_language)
        if error.status_code == 404:
            heading, message = N_("Page not found"), N_("There is nothing at this address.")
        else:
            heading, message = N_("That did not work"), N_("The request could not be handled.")
        return error_page(request, language, heading, message, error.status_code)

    async def server_error(request: Request, error: Exception) -> Response:
        language = pick_language(request, settings.default_language)
        heading = N_("Something went wrong")
        message = N_("The error has been logged. Please try again in a moment.")
        return error_page(request, language, heading, message, 500)

    async def service_busy(request: Request, error: Exception) -> Response:
        # A form (joining, adding an activity) that lost the race for the workshop's log too
        # often: nothing was changed, and saying so beats a generic error page.
        language = pick_language(request, settings.default_language)
        heading = N_("Busy; please try again.")
        message = N_("Many people are doing this at the same moment. Nothing was changed.")
        response = error_page(request, language, heading, message, 503)
        response.headers["Retry-After"] = "1"
        return response

    def error_page(
        request: Request, language: str, heading: str, message: str, status: int
    ) -> Response:
        context = {
            "heading": gettext(language, heading),
            "message": gettext(language, message),
            "link": "/",
            "link_text": gettext(language, N_("Go to the start")),
        }
        return renderer.response(request, language, "message.html", context, status)

    app = Starlette(
        exception_handlers={
            HTTPException: http_error,
            ServiceBusy: service_busy,
            500: server_error,
        },
        routes=[
            Route("/", home),
            Route("/healthz", healthz),
            *preference_routes,
            *statement_routes,
            *facilitator_routes,
            *participant_routes,
            *realtime_routes,
            Route("/static/{path:path}", renderer.assets.endpoint, methods=["GET"]),
        ],
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(GZipMiddleware, minimum_size=500),
            Middleware(
                SignedCookieMiddleware,
                secret_key=str(settings.secret_key),
                https_only=settings.production,
            ),
        ],
        lifespan=lifespan,
    )
    app.state.piiri = piiri
    return app
