"""Text the facilitator enters in several languages: the dot-vote's options line for line in
``options@<language>`` fields; each phone shows its person's language, falling back to the text
as written."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from piiri.activities import REGISTRY
from piiri.activities.config_languages import form_in_languages, parse_in_languages
from piiri.domain.commands import StartActivity
from piiri.domain.vocabulary import Actor, DomainError
from tests.support.form_client import FormClient
from tests.support.scripted_workshop import run
from tests.support.workshop import facilitator_account, log_in, new_workshop, workshop_row

FINNISH = ("Pidemmät aukioloajat", "Korjauskahvila", "Pyörätiet")
SWEDISH = ("Längre öppettider", "Reparationskafé", "Cykelvägar")


def test_versions_pair_up_line_for_line() -> None:
    kind = REGISTRY["dot_vote"]
    values = {"options": "\n".join(FINNISH), "options@sv": "\n".join(SWEDISH), "options@en": ""}
    config = parse_in_languages(kind, values, ("sv", "en"))
    labels = [kind.initial(config).options[i].label for i in range(3)]
    assert [t.in_language("sv") for t in labels] == list(SWEDISH)
    assert [t.in_language("en") for t in labels] == list(FINNISH)  # the fallback: as written
    form = form_in_languages(kind, config, ("sv", "en"))
    assert form["options@sv"] == "\n".join(SWEDISH)
    assert "options@en" not in form  # nothing given in English: the field stays empty
    assert form["options"] == "\n".join(FINNISH)


def test_versions_with_another_number_of_lines_are_refused() -> None:
    values = {"options": "\n".join(FINNISH), "options@sv": "Längre öppettider\nCykelvägar"}
    with pytest.raises(DomainError) as refused:
        parse_in_languages(REGISTRY["dot_vote"], values, ("sv",))
    assert refused.value.params == {"given": 2, "needed": 3}


def also_in_swedish(client: TestClient, workshop_id: int) -> None:
    response = client.post(
        f"/facilitator/workshops/{workshop_id}/languages", data={"languages": ["sv"]}
    )
    assert response.status_code == 200, response.text


def test_each_phone_shows_its_persons_language(app: Starlette, client: TestClient) -> None:
    facilitator_id = facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client, title="Kirjasto", language="fi")
    also_in_swedish(client, workshop_id)
    response = client.post(
        f"/facilitator/workshops/{workshop_id}/activities",
        data={
            "kind": "dot_vote",
            "title": "Mikä on tärkeintä?",
            "options": "\n".join(FINNISH),
            "options@sv": "\n".join(SWEDISH),
        },
    )
    assert response.status_code == 200
    state = app.state.piiri.service.state(workshop_id)
    (activity,) = state.agenda
    run(
        client,
        workshop_id,
        Actor("facilitator", facilitator_id=facilitator_id),
        StartActivity(activity.id),
    )
    code = workshop_row(app, workshop_id).code
    pages = {}
    for language in ("sv", "fi", "en"):
        phone = FormClient(app, headers={"Accept-Language": language})
        assert phone.post(f"/j/{code}", data={"presence": "room"}).status_code == 200
        pages[language] = phone.get(f"/w/{code}").text
    assert all(option in pages["sv"] for option in SWEDISH)
    assert not any(option in pages["sv"] for option in FINNISH)
    assert all(option in pages["fi"] for option in FINNISH)
    assert all(option in pages["en"] for option in FINNISH)  # no English given: as written


def test_unpaired_versions_are_refused_with_a_message_and_nothing_is_added(
    app: Starlette, client: TestClient
) -> None:
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client, title="Kirjasto", language="fi")
    also_in_swedish(client, workshop_id)
    response = client.post(
        f"/facilitator/workshops/{workshop_id}/activities",
        data={
            "kind": "dot_vote",
            "title": "Mikä?",
            "options": "\n".join(FINNISH),
            "options@sv": "Cykelvägar",
            "dots_per_person": "",
            "max_per_option": "",
        },
    )
    assert response.status_code == 400
    assert "Cykelvägar" in response.text  # what was typed is kept
    assert "Anna jokainen rivi jokaisella kielellä: 1 riviä, kun odotettiin 3." in response.text
    assert app.state.piiri.service.state(workshop_id).agenda == ()
