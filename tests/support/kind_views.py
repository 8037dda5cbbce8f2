"""One activity of a kind in a workshop, and every view of it rendered in process as the hub does.

The world of tests/test_activity_contract.py, shared with the kinds' own tests: a fixed roster
(in the room and remote, one without a phone, one who has left), the hub's own view classes for
the console, the phone, the phone's personal part and the room screen, and the report section.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from facilitator.views import ConsoleViews
from participant.views import PhoneViews, ScreenViews
from piiri.activities import REGISTRY, RegisteredKind
from piiri.domain.state import ActivityInfo, WorkshopState
from piiri.domain.vocabulary import Person
from piiri.web.rendering import Renderer
from piiri.web.surfaces import installed_template_dirs

RENDERER = Renderer(template_dirs=installed_template_dirs())
NOW = datetime(2026, 3, 2, 9, 35, tzinfo=UTC)
TITLE = "Kirjaston tulevaisuus"
ACTIVITY_ID = 5
# In the room and remote, one without a phone, one who has left.
ROSTER: Mapping[int, Person] = {
    1: Person(1, "Aino", in_room=True, by_proxy=False),
    2: Person(2, "Bertta", in_room=False, by_proxy=False),
    3: Person(3, "Celia", in_room=True, by_proxy=False),
    4: Person(4, "Daniel", in_room=False, by_proxy=False),
    5: Person(5, "Pekka", in_room=True, by_proxy=True),
    6: Person(6, "Eero", in_room=False, by_proxy=False, present=False),
}


def workshop(kind: RegisteredKind, config: Mapping[str, Any], state: Any) -> WorkshopState:
    """A workshop of ROSTER whose one, current activity is ``kind`` in ``state``."""
    info = ActivityInfo(ACTIVITY_ID, kind.kind, TITLE, 0, config)
    return WorkshopState(
        id=1,
        title="Kirjasto",
        language="fi",
        code="123456",
        seq=40,
        current_activity_id=ACTIVITY_ID,
        activities=(info,),
        people=ROSTER,
        activity_states={ACTIVITY_ID: state},
    )


def views(state: WorkshopState, language: str) -> dict[str, str]:
    """Every role's view of the workshop, as the hub renders it, and the report section."""
    seen = {
        "console": ConsoleViews(RENDERER).shared(state, language, "http://piiri.test"),
        "phone": PhoneViews(RENDERER).shared(state, language, "http://piiri.test"),
        "screen": ScreenViews(RENDERER).shared(state, language, "http://piiri.test"),
        "report": report(state, language),
    }
    for person in ROSTER.values():
        seen[f"phone_personal {person.id}"] = PhoneViews(RENDERER).personal(
            state, language, person.id
        )
    return seen


def report(state: WorkshopState, language: str) -> str:
    """The report section of the workshop's first activity, rendered from its export."""
    info = state.activities[0]
    kind = REGISTRY[info.kind]
    activity_state = state.activity_state(info.id)
    context = {
        "workshop": state,
        "activity": info,
        "activity_state": activity_state,
        "export": kind.export(activity_state, state.people),
        "now": NOW,
    }
    return RENDERER.render(language, kind.template("report"), context)
