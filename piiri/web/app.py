"""The app factory: wires settings, database, cache, service, hub, broker and routes."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
from collections.abc import AsyncIterator, Sequence
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.datastructures import Secret
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from piiri.db.engine import database_ok, make_engine
from piiri.db.passwords import PasswordPool
from piiri.db.secret_links import live_tokens
from piiri.domain.vocabulary import N_
from piiri.log.deadlines import DeadlineWatch
from piiri.log.fanout import NoFanout
from piiri.log.service import ServiceBusy, WorkshopService
from piiri.log.store import WorkshopStore
from piiri.metrics import Metrics
from piiri.settings import Settings
from piiri.web.cookies import SignedCookieMiddleware, facilitator_of
from piiri.web.forms import FormGuard, origin_of
from piiri.web.headers import SecurityHeaders, redact_access_log
from piiri.web.i18n import gettext, pick_language
from piiri.web.preferences import routes as preference_routes
from piiri.web.rate_limits import RateLimits
from piiri.web.rendering import Renderer
from piiri.web.runtime import Piiri
from piiri.web.statement import routes as statement_routes
from piiri.web.surfaces import FanoutNeeds, Surface, installed_surfaces

log = logging.getLogger(__name__)


class PiiriApp(Starlette):
    """Starlette, with WebSocket scopes taken past the middleware that is for HTTP only.

    Security headers, gzip, the form guard and the error pages do nothing for a socket, yet
    each kept a coroutine frame (and the cookie reader a closure) alive for as long as the
    socket lives: about 4 KiB for each idle phone. A socket goes through the cookie reader
    and the router only; the socket endpoints check the origin themselves."""

    sockets: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket" and self.sockets is not None:
            scope["app"] = self
            await self.sockets(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def health_token_given(request: Request, token: Secret | None) -> bool:
    if token is None or not str(token):
        return False
    sent = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    return hmac.compare_digest(sent.encode(), str(token).encode())


def create_app(
    settings: Settings | None = None, surfaces: Sequence[Surface] | None = None
) -> Starlette:
    """The app for ``settings`` (default: from the environment) serving ``surfaces`` (default:
    every installed one, see piiri/web/surfaces.py)."""
    settings = settings or Settings.from_environ()
    redact_access_log()
    surfaces = installed_surfaces() if surfaces is None else surfaces
    engine = make_engine(settings.database_url)
    renderer = Renderer(
        template_dirs=[s.template_dir for s in surfaces if s.template_dir],
        auto_reload=settings.reload_templates,
    )
    store = WorkshopStore(settings.workshop_cache_size)
    metrics = Metrics()
    service = WorkshopService(engine, store, metrics=metrics)
    service.default_cap = settings.participant_cap
    views = {role: v for s in surfaces if s.views for role, v in s.views(renderer).items()}
    fanouts = [s.fanout for s in surfaces if s.fanout]
    if len(fanouts) > 1:
        raise ValueError("more than one surface offers a fan-out")

    def live_links(tokens: list[str]) -> set[str]:
        with Session(engine) as session:
            return live_tokens(session=session, tokens=tokens)

    needs = FanoutNeeds(
        views=views,
        renderer=renderer,
        load_state=service.state,
        cached_state=store.cached,
        latest_seqs=service.latest_seqs,
        live_links=live_links,
        settings=settings,
        metrics=metrics,
    )
    fanout = fanouts[0](needs) if fanouts else NoFanout()
    service.fanout = fanout
    deadlines = DeadlineWatch(service, fanout.watched)
    piiri = Piiri(
        settings=settings,
        engine=engine,
        store=store,
        service=service,
        fanout=fanout,
        renderer=renderer,
        limits=RateLimits(settings),
        passwords=PasswordPool(settings.password_workers),
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await fanout.start()
        deadlines.start()
        log.info("Piiri serving %s", ", ".join(s.name for s in surfaces))
        try:
            yield
        finally:
            await deadlines.stop()
            await fanout.stop()
            piiri.passwords.close()
            await piiri.limits.close()
            engine.dispose()

    async def healthz(request: Request) -> Response:
        """Up or down for anyone; the figures (connections, the broker) only with HEALTH_TOKEN,
        sent as ``Authorization: Bearer <token>``."""
        db = await asyncio.to_thread(database_ok, engine)
        figures = fanout.health()
        broker_ok = figures.pop("broker_ok")
        body: dict[str, Any] = {"status": "ok" if db and broker_ok else "degraded"}
        if health_token_given(request, settings.health_token):
            body.update({"database": "ok" if db else "unavailable", **figures})
        return JSONResponse(body, status_code=200 if db else 503)

    async def metrics_endpoint(request: Request) -> Response:
        # The same token as /healthz's figures (HEALTH_TOKEN): off (404) while it is unset,
        # then only with "Authorization: Bearer <token>".
        if settings.health_token is None:
            raise HTTPException(404)
        if not health_token_given(request, settings.health_token):
            return PlainTextResponse(
                "A bearer token is needed.\n",
                status_code=401,
                headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
            )
        body = await asyncio.to_thread(generate_latest, metrics.registry)
        return Response(body, media_type=CONTENT_TYPE_LATEST)

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

    def forged_form(request: Request, why: str) -> Response:
        # Nothing was changed; the person is told how to carry on (a stale tab is the usual
        # innocent cause: its token belongs to a session that has since been replaced).
        language = pick_language(request, settings.default_language)
        heading = N_("That form could not be accepted")
        message = N_(
            "It was sent from another site, or from a page opened before you logged in or out. "
            "Nothing was changed. Go back, reload the page and try again."
        )
        return error_page(request, language, heading, message, 403)

    trusted = [*settings.allowed_origins]
    if settings.public_url:
        trusted.append(origin_of(settings.public_url))

    cookies: dict[str, Any] = {
        "secret_key": str(settings.secret_key),
        "https_only": settings.production,
    }
    app = PiiriApp(
        exception_handlers={
            HTTPException: http_error,
            ServiceBusy: service_busy,
            500: server_error,
        },
        routes=[
            Route("/", home),
            Route("/healthz", healthz),
            Route("/metrics", metrics_endpoint),
            *preference_routes,
            *statement_routes,
            *(route for surface in surfaces for route in surface.routes),
            Route("/static/{path:path}", renderer.assets.endpoint, methods=["GET"]),
        ],
        middleware=[
            Middleware(SecurityHeaders, production=settings.production),
            Middleware(GZipMiddleware, minimum_size=500),
            Middleware(SignedCookieMiddleware, **cookies),
            Middleware(FormGuard, trusted=trusted, refuse=forged_form),
        ],
        lifespan=lifespan,
    )
    app.sockets = SignedCookieMiddleware(app.router, **cookies)
    app.state.piiri = piiri
    return app
