"""Text the facilitator enters in the workshop's languages: every kind's ``local_fields``, the
activity's title, the pinned message and the workshop's title, given in Finnish and Swedish;
each phone shows its person's language, falling back to the text as written (Finnish)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import fields, replace
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from piiri.activities import REGISTRY, RegisteredKind
from piiri.activities.config_languages import (
    form_in_languages,
    parse_in_languages,
    retranslated,
    written_alike,
)
from piiri.activities.local_text import LANGUAGE_CODES, LocalText
from piiri.domain.commands import (
    ActivityCommand,
    PinMessage,
    SetLanguages,
    SetScreenLanguages,
    StartActivity,
)
from piiri.domain.events import LanguagesSet, ScreenLanguagesSet
from piiri.domain.state import WorkshopState
from piiri.domain.vocabulary import Actor, DomainError
from piiri.settings import LANGUAGES
from tests.support.bilingual_forms import FORMS, SV_MARK
from tests.support.form_client import FormClient
from tests.support.kind_views import ROSTER, views, workshop
from tests.support.live import text_of
from tests.support.scripted_workshop import run
from tests.support.workshop import facilitator_account, log_in, new_workshop, workshop_row
from tests.support.workshop_given import given, when

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


# -- every kind ------------------------------------------------------------------------------

LOCAL_KINDS = [k for k in REGISTRY.values() if k.local_fields]
by_local_kind = pytest.mark.parametrize("kind", LOCAL_KINDS, ids=[k.kind for k in LOCAL_KINDS])
TITLE_FI, TITLE_SV = "Mitä ajattelet?", "Vad tycker du på svenska?"


def test_the_activities_know_every_language_the_settings_offer() -> None:
    assert LANGUAGE_CODES == LANGUAGES


def forms_of(kind: RegisteredKind) -> tuple[dict[str, str], dict[str, str]]:
    assert kind.kind in FORMS, f"add {kind.kind}'s texts to tests/support/bilingual_forms.py"
    finnish, swedish = FORMS[kind.kind]
    assert set(finnish) == set(swedish) == set(kind.local_fields), kind.kind
    return dict(finnish), dict(swedish)


def pairs(finnish: str, swedish: str, *, marked: bool = True) -> list[tuple[str, str]]:
    """The texts a reader sees, Finnish beside Swedish: each line, each of a row's text columns
    (name, description), a phase's name without its "#"."""
    found = []
    for fi_line, sv_line in zip(finnish.splitlines(), swedish.splitlines(), strict=marked):
        fi_cells, sv_cells = fi_line.split(";"), sv_line.split(";")
        for fi, sv in zip(fi_cells, sv_cells, strict=marked):
            fi, sv = fi.strip().lstrip("# "), sv.strip().lstrip("# ")
            if fi != sv and (SV_MARK in sv or not marked):
                found.append((fi, sv))
    return found


def bilingual(kind: RegisteredKind, *, run_sample: bool = True) -> WorkshopState:
    """The kind's sample run in a fi+sv workshop, its texts parsed from both languages' fields."""
    finnish, swedish = forms_of(kind)
    sample = kind.sample(ROSTER)
    values = {**kind.config_form(sample.config), **finnish}
    values.update({f"{field}@sv": text for field, text in swedish.items()})
    config = parse_in_languages(kind, values, ("sv",))
    # The sample's events carry the sample's own texts where a kind copies them from its
    # configuration into an event (a breakout's groups take their prompts): those become the
    # Finnish and Swedish ones, as the kind would have copied them from this configuration.
    written = kind.config_form(sample.config)
    texts = {
        english: LocalText(fi, (("sv", sv),))
        for field in kind.local_fields
        for (english, _), (fi, sv) in zip(
            pairs(written[field], swedish[field], marked=False),
            pairs(finnish[field], swedish[field]),
            strict=False,
        )
    }
    state = kind.initial(config)
    for event in sample.events if run_sample else ():
        state = kind.evolve(state, relabelled(event, texts))
    return replace(workshop(kind, config, state), other_languages=("sv",))


def relabelled(value: Any, texts: Mapping[str, LocalText]) -> Any:
    """``value`` (an event, at any depth) with each ``LocalText`` found in ``texts`` swapped,
    and in the JSON an event may carry (a breakout's groups), each such text."""
    if isinstance(value, LocalText):
        return texts.get(value.text, value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: relabelled(getattr(value, f.name), texts) for f in fields(value)}
        return replace(value, **changes)
    if isinstance(value, tuple):
        return tuple(relabelled(item, texts) for item in value)
    if isinstance(value, list):  # an event's JSON data: its LocalText in its JSON form
        return [relabelled(item, texts) for item in value]
    if isinstance(value, dict):
        return {key: relabelled(item, texts) for key, item in value.items()}
    if isinstance(value, str) and value in texts:
        return texts[value].to_json()
    return value


@by_local_kind
def test_each_kinds_texts_show_in_each_readers_language(kind: RegisteredKind) -> None:
    # Started and after its sample run (a proposal's first version shows before it is edited).
    started, ran = bilingual(kind, run_sample=False), bilingual(kind)
    finnish, swedish = forms_of(kind)
    seen = {
        language: text_of(
            " ".join(
                html
                for state in (started, ran)
                for role, html in views(state, language).items()
                if role not in ("console", "report")  # the facilitator's and the workshop's
            )
        )
        for language in ("fi", "sv", "en")
    }
    shown = 0
    for field in kind.local_fields:
        for fi, sv in pairs(finnish[field], swedish[field]):
            assert sv not in seen["fi"] and sv not in seen["en"], (field, sv)
            if fi in seen["fi"]:
                shown += 1
                assert sv in seen["sv"], (field, sv)
                assert fi not in seen["sv"], (field, fi)
                assert fi in seen["en"], (field, fi)  # no English given: as written
    assert shown, f"{kind.kind}: none of its entered texts is on a phone or the screen"


@by_local_kind
def test_each_kinds_edit_form_gives_back_both_languages(kind: RegisteredKind) -> None:
    finnish, swedish = forms_of(kind)
    config = bilingual(kind).activities[0].config
    form = form_in_languages(kind, config, ("sv",))
    for field in kind.local_fields:
        assert pairs(form[field], form[f"{field}@sv"]) == pairs(finnish[field], swedish[field])


@by_local_kind
def test_a_kind_configured_before_languages_reads_as_written(kind: RegisteredKind) -> None:
    # A stored configuration of plain strings (as every log before this holds) is one language.
    finnish, _ = forms_of(kind)
    sample = kind.sample(ROSTER)
    values = {**kind.config_form(sample.config), **finnish}
    config = kind.parse_config(values)
    assert parse_in_languages(kind, values, ("sv",)) == config
    form = form_in_languages(kind, config, ("sv",))
    assert not any("@" in name for name in form)


def test_a_kind_without_its_texts_in_the_table_is_told_to_add_them() -> None:
    assert {k.kind for k in LOCAL_KINDS} <= set(FORMS)


@pytest.fixture
def bilingual_workshop(app: Starlette, client: TestClient) -> tuple[int, int]:
    facilitator_id = facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client, title="Kirjasto", language="fi")
    response = client.post(
        f"/facilitator/workshops/{workshop_id}/languages",
        data={"languages": ["sv"], "title@sv": "Biblioteket"},
    )
    assert response.status_code == 200, response.text
    return facilitator_id, workshop_id


def phones(app: Starlette, code: str) -> dict[str, str]:
    pages = {}
    for language in ("sv", "fi"):
        phone = FormClient(app, headers={"Accept-Language": language})
        assert phone.post(f"/j/{code}", data={"presence": "room"}).status_code == 200
        pages[language] = phone.get(f"/w/{code}").text
    return pages


@by_local_kind
def test_a_swedish_and_a_finnish_phone_each_see_their_own(
    app: Starlette, client: TestClient, bilingual_workshop: tuple[int, int], kind: RegisteredKind
) -> None:
    facilitator_id, workshop_id = bilingual_workshop
    finnish, swedish = forms_of(kind)
    values = {**kind.config_form(kind.sample(ROSTER).config), **finnish}
    values.update({f"{field}@sv": text for field, text in swedish.items()})
    values.update({"kind": kind.kind, "title": TITLE_FI, "title@sv": TITLE_SV})
    added = client.post(f"/facilitator/workshops/{workshop_id}/activities", data=values)
    assert added.status_code == 200, text_of(added.text)[:500]
    console = client.get(f"/facilitator/workshops/{workshop_id}").text
    assert 'name="title@sv"' in console and 'lang="sv"' in console
    (activity,) = app.state.piiri.service.state(workshop_id).agenda
    edit = client.get(f"/facilitator/workshops/{workshop_id}/activities/{activity.id}").text
    assert f'name="title@sv" lang="sv" maxlength="200" value="{TITLE_SV}"' in edit
    for field in kind.local_fields:
        assert f'name="{field}@sv"' in edit and f'name="{field}" ' in edit
    facilitator = Actor("facilitator", facilitator_id=facilitator_id)
    run(client, workshop_id, facilitator, StartActivity(activity.id))
    pages = phones(app, workshop_row(app, workshop_id).code)
    assert TITLE_SV in pages["sv"] and TITLE_FI not in pages["sv"]
    assert TITLE_FI in pages["fi"] and TITLE_SV not in pages["fi"]
    assert "Biblioteket" in pages["sv"] and "Biblioteket" not in pages["fi"]
    assert SV_MARK not in text_of(pages["fi"])
    # The JSON download keeps what was written (Finnish), and the Swedish beside it.
    document = client.get(f"/facilitator/workshops/{workshop_id}/results.json").json()
    assert document["workshop"]["languages"] == ["fi", "sv"]
    assert document["workshop"]["title_translations"] == {"sv": "Biblioteket"}
    (entry,) = document["activities"]
    assert entry["title"] == TITLE_FI and entry["title_translations"] == {"sv": TITLE_SV}
    given = entry["translations"]["sv"]
    for field in kind.local_fields:
        assert pairs(finnish[field], given[field]) == pairs(finnish[field], swedish[field])
    assert SV_MARK not in json.dumps(entry["results"], ensure_ascii=False)


def test_a_missing_swedish_version_falls_back_to_finnish(
    app: Starlette, client: TestClient, bilingual_workshop: tuple[int, int]
) -> None:
    facilitator_id, workshop_id = bilingual_workshop
    response = client.post(
        f"/facilitator/workshops/{workshop_id}/activities",
        data={"kind": "dot_vote", "title": "Mikä on tärkeintä?", "options": "\n".join(FINNISH)},
    )
    assert response.status_code == 200
    (activity,) = app.state.piiri.service.state(workshop_id).agenda
    facilitator = Actor("facilitator", facilitator_id=facilitator_id)
    run(client, workshop_id, facilitator, StartActivity(activity.id))
    run(client, workshop_id, facilitator, PinMessage("Tauko kello 11", {"sv": ""}))
    pages = phones(app, workshop_row(app, workshop_id).code)
    for option in (*FINNISH, "Mikä on tärkeintä?", "Tauko kello 11"):
        assert option in pages["sv"]
    run(client, workshop_id, facilitator, PinMessage("Tauko kello 11", {"sv": "Paus klockan 11"}))
    pages = phones(app, workshop_row(app, workshop_id).code)
    assert "Paus klockan 11" in pages["sv"] and "Tauko kello 11" not in pages["sv"]
    assert "Tauko kello 11" in pages["fi"] and "Paus klockan 11" not in pages["fi"]


def test_languages_not_offered_are_refused_with_a_message(
    app: Starlette, client: TestClient, bilingual_workshop: tuple[int, int]
) -> None:
    _, workshop_id = bilingual_workshop
    response = client.post(
        f"/facilitator/workshops/{workshop_id}/languages",
        data={"languages": ["sv", "de"]},
        headers={"Accept-Language": "fi"},
    )
    assert response.status_code == 400
    assert "Valitse työpajan kielet tarjotuista." in response.text
    assert app.state.piiri.service.state(workshop_id).languages == ("fi", "sv")


def test_other_languages_can_be_added_to_an_activity_that_has_input(
    app: Starlette, client: TestClient, bilingual_workshop: tuple[int, int]
) -> None:
    facilitator_id, workshop_id = bilingual_workshop
    url = f"/facilitator/workshops/{workshop_id}/activities"
    values = {"kind": "dot_vote", "title": "Mikä on tärkeintä?", "options": "\n".join(FINNISH)}
    values.update({"dots_per_person": "", "max_per_option": ""})
    assert client.post(url, data=values).status_code == 200
    (activity,) = app.state.piiri.service.state(workshop_id).agenda
    facilitator = Actor("facilitator", facilitator_id=facilitator_id)
    run(client, workshop_id, facilitator, StartActivity(activity.id))
    pages = phones(app, workshop_row(app, workshop_id).code)  # a Swedish and a Finnish phone
    voter = max(app.state.piiri.service.state(workshop_id).people)
    cast = ActivityCommand(activity.id, "cast_dot", {"option": "o2"})
    run(client, workshop_id, Actor("participant", participant_id=voter), cast)
    assert FINNISH[1] in pages["sv"]

    edit = f"{url}/{activity.id}"
    given = {**values, "options@sv": "\n".join(SWEDISH), "title@sv": "Vad är viktigast?"}
    assert client.post(edit, data=given).status_code == 200
    state = app.state.piiri.service.state(workshop_id)
    vote = state.activity_state(activity.id)
    assert vote.options[1].label.in_language("sv") == SWEDISH[1]
    assert vote.dots_cast == 1  # the dot stays
    sv = FormClient(app, headers={"Accept-Language": "sv"})
    assert sv.post(f"/j/{workshop_row(app, workshop_id).code}", data={"presence": "room"})
    page = sv.get(f"/w/{workshop_row(app, workshop_id).code}").text
    assert SWEDISH[1] in page and "Vad är viktigast?" in page

    # What the activity says in the workshop's language still cannot change under its input.
    changed = {**given, "options": "\n".join((*FINNISH[:2], "Uimahalli"))}
    refused = client.post(edit, data=changed)
    assert refused.status_code == 400
    # The refusal and the page's hint both say the other languages can still change.
    refusal = "joten vain otsikkoa ja tekstien muunkielisiä versioita voi muuttaa."
    hint = "on jo vastauksia: vain otsikkoa ja tekstien muunkielisiä versioita voi muuttaa."
    assert refusal in refused.text and hint in refused.text


# Kinds whose sample run has its texts written out (the interview's runs on its default guide).
WRITTEN_KINDS = [
    k
    for k in LOCAL_KINDS
    if all(k.config_form(k.sample(ROSTER).config)[field] for field in k.local_fields)
]


@pytest.mark.parametrize("kind", WRITTEN_KINDS, ids=[k.kind for k in WRITTEN_KINDS])
def test_each_kinds_state_takes_languages_added_after_its_input(kind: RegisteredKind) -> None:
    # The sample ran with its texts in one language; then Swedish is given for them.
    _, swedish = forms_of(kind)
    sample = kind.sample(ROSTER)
    written = kind.config_form(sample.config)
    values = {**written, **{f"{field}@sv": text for field, text in swedish.items()}}
    config = parse_in_languages(kind, values, ("sv",))
    assert written_alike(config, sample.config)
    state = kind.initial(sample.config)
    for event in sample.events:
        state = kind.evolve(state, event)
    ran = replace(workshop(kind, config, retranslated(state, config)), other_languages=("sv",))
    seen = {
        language: text_of(
            " ".join(
                html
                for role, html in views(ran, language).items()
                if role not in ("console", "report")
            )
        )
        for language in ("fi", "sv")
    }
    if kind.kind == "gradients":  # its sample ends on a later version, written in one language
        first = ran.activity_state(ran.activities[0].id).first
        assert SV_MARK in first.in_language("sv") and SV_MARK not in first.text
        return
    shown = 0
    for field in kind.local_fields:
        for as_written, sv in pairs(written[field], swedish[field], marked=False):
            if as_written in seen["fi"] and SV_MARK in sv:
                shown += 1
                assert sv in seen["sv"] and sv not in seen["fi"], (field, sv)
    assert shown, kind.kind


def test_the_screen_shows_two_of_the_workshops_languages_and_forgets_one_taken_away() -> None:
    state = given(LanguagesSet(("fi",), {"fi": "Työpaja"}))
    assert state.languages == ("en", "fi") and state.local_title.in_language("fi") == "Työpaja"
    assert when(state, SetScreenLanguages("fi+en")) == [ScreenLanguagesSet("fi+en")]
    for refused in ("fi+sv", "fi+fi", "fi"):
        with pytest.raises(DomainError) as error:
            when(state, SetScreenLanguages(refused))
        assert error.value.message == "Choose two of the workshop's languages for the screen."
    both = given(LanguagesSet(("fi",)), ScreenLanguagesSet("fi+en"))
    assert both.screen_pair("sv") == ("fi", "en")  # every screen, whatever its own language
    # Finnish taken away: the screen goes back to each screen's own language.
    assert when(both, SetLanguages(())) == [LanguagesSet((), {}), ScreenLanguagesSet("")]
    assert given(LanguagesSet(()), ScreenLanguagesSet("")).screen_pair("sv") == ("sv", None)
    with pytest.raises(DomainError):
        when(state, SetLanguages(("de",)))
