"""The facilitator's console as the app factory sees it."""

from __future__ import annotations

from pathlib import Path

from facilitator import login, people, screen_link, workshop_data
from facilitator.routes import routes
from facilitator.views import ConsoleViews
from piiri.web.surfaces import Surface

SURFACE = Surface(
    name="facilitator",
    routes=[*login.routes, *routes, *people.routes, *screen_link.routes, *workshop_data.routes],
    template_dir=Path(__file__).resolve().parent / "templates",
    views=lambda renderer: {"facilitator": ConsoleViews(renderer)},
)
