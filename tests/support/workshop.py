"""Setting up a workshop the way people do, through the real pages, for integration tests."""

from __future__ import annotations

import re

from sqlmodel import Session
from starlette.applications import Starlette
from starlette.testclient import TestClient

from piiri.db.accounts import create_facilitator
from piiri.db.engine import session_scope
from piiri.db.models import Workshop
from piiri.db.secret_links import current_secret_link

PASSWORD = "a long enough password"


def facilitator_account(app: Starlette, email: str = "fasi@example.org") -> int:
    with session_scope(app.state.piiri.engine) as session:
        facilitator = create_facilitator(session=session, email=email, password=PASSWORD)
        assert facilitator.id is not None
        return facilitator.id


def log_in(client: TestClient, email: str = "fasi@example.org") -> None:
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    assert response.url.path == "/facilitator/"


def new_workshop(
    client: TestClient, title: str = "Kirjaston tulevaisuus", language: str = "en"
) -> int:
    response = client.post("/facilitator/workshops", data={"title": title, "language": language})
    assert response.status_code == 200, response.text
    match = re.search(r"/facilitator/workshops/(\d+)$", str(response.url))
    assert match, response.url
    return int(match.group(1))


def add_dot_vote(
    client: TestClient,
    workshop_id: int,
    title: str = "What matters most?",
    options: tuple[str, ...] = ("Opening hours", "Repair café", "Cycle routes"),
    dots_per_person: str = "",
    max_per_option: str = "",
) -> None:
    response = client.post(
        f"/facilitator/workshops/{workshop_id}/activities",
        data={
            "kind": "dot_vote",
            "title": title,
            "options": "\n".join(options),
            "dots_per_person": dots_per_person,
            "max_per_option": max_per_option,
        },
    )
    assert response.status_code == 200, response.text


def workshop_row(app: Starlette, workshop_id: int) -> Workshop:
    with Session(app.state.piiri.engine) as session:
        workshop = session.get(Workshop, workshop_id)
        assert workshop is not None
        return workshop


def screen_token(app: Starlette, workshop_id: int) -> str:
    """The token of the workshop's live room screen link (its console shows it)."""
    with Session(app.state.piiri.engine) as session:
        link = current_secret_link(session=session, workshop_id=workshop_id, purpose="screen")
        assert link is not None
        return link.token


def join(client: TestClient, code: str, name: str = "", presence: str = "room") -> None:
    response = client.post(f"/j/{code}", data={"name": name, "presence": presence})
    assert response.status_code == 200, response.text
    assert response.url.path == f"/w/{code}"


def add_round_robin(
    client: TestClient,
    workshop_id: int,
    title: str = "How did it go?",
    seconds_per_speaker: str = "60",
    ordering: str = "join",
    auto_advance: bool = False,
) -> None:
    data = {
        "kind": "round_robin",
        "title": title,
        "seconds_per_speaker": seconds_per_speaker,
        "ordering": ordering,
    }
    if auto_advance:
        data["auto_advance"] = "on"
    response = client.post(f"/facilitator/workshops/{workshop_id}/activities", data=data)
    assert response.status_code == 200, response.text
