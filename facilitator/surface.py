"""The facilitator's console as the app factory sees it."""

from __future__ import annotations

from pathlib import Path

from facilitator import (
    activity_files,
    downloads,
    invitation,
    languages,
    login,
    people,
    plan,
    process_members,
    process_removal,
    process_report,
    process_sections,
    processes,
    publish,
    report,
    screen_link,
    workshop_data,
)
from facilitator.routes import routes
from facilitator.views import ConsoleViews
from piiri.web.surfaces import Surface

SURFACE = Surface(
    name="facilitator",
    routes=[
        *login.routes,
        *routes,
        *people.routes,
        *workshop_data.routes,
        *screen_link.routes,
        *downloads.routes,
        *activity_files.routes,
        *report.routes,
        *plan.routes,
        *invitation.routes,
        *languages.routes,
        *publish.routes,
        *processes.routes,
        *process_members.routes,
        *process_removal.routes,
        *process_sections.routes,
        *process_report.routes,
    ],
    template_dir=Path(__file__).resolve().parent / "templates",
    views=lambda renderer: {"facilitator": ConsoleViews(renderer)},
)
