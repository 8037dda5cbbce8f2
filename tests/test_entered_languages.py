"""Text the facilitator enters in several languages: the dot-vote's options line for line in
``options@<language>`` fields; each phone shows its person's language, falling back to the text
as written."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from piiri.activities import REGISTRY
from piiri.activities.local_text import LocalText, language_versions, translated_lines
from piiri.domain.commands import StartActivity
from piiri.domain.vocabulary import Actor, DomainError
from tests.support.form_client import FormClient
from tests.support.scripted_workshop import run
from tests.support.workshop import facilitator_account, log_in, new_workshop, workshop_row

FINNISH = ("Pidemmät aukioloajat", "Korjauskahvila", "Pyörätiet")
SWEDISH = ("Längre öppettider", "Reparationskafé", "Cykelvägar")


def test_versions_pair_up_line_for_line() -> None:
    texts = [LocalText(t) for t in FINNISH]
    given = translated_lines(texts, {"options@sv": "\n".join(SWEDISH), "options@en": ""}, "options")
    assert [t.in_language("sv") for t in given] == list(SWEDISH)
    assert [t.in_language("en") for t in given] == list(FINNISH)  # the fallback: as written
    assert language_versions(given, "options") == {"options@sv": "\n".join(SWEDISH)}
    # Stored with its versions, and read back the same.
    assert LocalText.from_json(given[0].to_json()) == given[0]


def test_versions_with_another_number_of_lines_are_refused() -> None:
    texts = [LocalText(t) for t in FINNISH]
    with pytest.raises(DomainError) as refused:
        translated_lines(texts, {"options@sv": "Längre öppettider\nCykelvägar"}, "options")
    assert refused.value.params == {"given": 2, "needed": 3}


def test_the_dot_votes_form_reads_back_its_languages() -> None:
    kind = REGISTRY["dot_vote"]
    values = {"options": "\n".join(FINNISH), "options@sv": "\n".join(SWEDISH)}
    config = kind.parse_config(values)
    assert kind.config_form(config)["options@sv"] == "\n".join(SWEDISH)


def test_each_phone_shows_its_persons_language(app: Starlette, client: TestClient) -> None:
    facilitator_id = facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client, title="Kirjasto", language="fi")
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
