"""The phone and the room screen as the app factory sees them."""

from __future__ import annotations

from pathlib import Path

from participant import member_links, results_page
from participant.routes import routes
from participant.views import ExpertViews, PhoneViews, ScreenViews
from piiri.web.surfaces import Surface

SURFACE = Surface(
    name="participant",
    routes=[*routes, *results_page.routes, *member_links.routes],
    template_dir=Path(__file__).resolve().parent / "templates",
    views=lambda renderer: {
        "participant": PhoneViews(renderer),
        "screen": ScreenViews(renderer),
        "expert": ExpertViews(renderer),
    },
)
