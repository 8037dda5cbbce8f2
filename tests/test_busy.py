"""A form that keeps losing the race for the workshop's log: a clear, translated answer, and
nothing changed (not a generic error page)."""

from __future__ import annotations

from sqlmodel import Session, col, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from piiri.db.models import Event, Workshop
from piiri.domain.state import WorkshopState
from piiri.log.store import WorkshopStore, fold, state_before_log
from tests.support.form_client import FormClient
from tests.support.workshop import (
    add_dot_vote,
    facilitator_account,
    log_in,
    new_workshop,
    workshop_row,
)


class AlwaysBehind(WorkshopStore):
    """A process that always reads the log just before another process commits: every seq it
    decides on is taken by the time it writes, as when thousands join at once on two processes."""

    def load(self, session: Session, workshop_id: int) -> WorkshopState:
        fresh = super().load(session, workshop_id)
        workshop = session.get(Workshop, workshop_id)
        assert workshop is not None
        rows = session.exec(
            select(Event).where(Event.workshop_id == workshop_id).order_by(col(Event.seq))
        ).all()
        return fold(state_before_log(workshop), rows[: fresh.seq - 1])


def test_joining_while_the_log_is_always_taken_says_busy_in_the_persons_language(
    app: Starlette, client: TestClient
) -> None:
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client, language="fi")
    add_dot_vote(client, workshop_id)
    code = workshop_row(app, workshop_id).code
    seq_before = app.state.piiri.service.state(workshop_id).seq
    assert seq_before > 0  # so a stale view exists

    app.state.piiri.service.store = AlwaysBehind()
    phone = FormClient(app, headers={"Accept-Language": "fi"})
    response = phone.post(f"/j/{code}", data={"name": "Aino", "presence": "room"})

    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    assert "Palvelu on juuri nyt ruuhkautunut. Yritä hetken päästä uudelleen." in response.text
    assert "Moni tekee juuri samaa samalla hetkellä. Mitään ei muutettu." in response.text
    app.state.piiri.service.store = WorkshopStore()
    state = app.state.piiri.service.state(workshop_id)
    assert state.seq == seq_before
    assert not state.people
