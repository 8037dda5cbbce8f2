"""Every registered activity kind keeps the contract (piiri/activities/contract.py).

Parametrised by the registry: a new kind gets every test here by registering. Each kind shows
itself through its ``sample`` and ``largest`` runs, folded here exactly as the service folds a
log; its views are rendered by the real surfaces (console, phone, the phone's personal part,
room screen) and its report section from its export, in every language (the workshop around
it and the rendering are in tests/support/kind_views.py). Purity is checked for every module of
every kind's package by tests/test_activity_purity.py.
"""

from __future__ import annotations

import json
from collections.abc import Hashable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from participant.views import PhoneViews
from piiri.activities import REGISTRY, RegisteredKind
from piiri.activities.contract import ANNOUNCEMENTS, EXPERT_VIEW, VIEWS, RemovalPolicy, Run
from piiri.activities.exports import Table
from piiri.domain.results import results_document, results_rows
from piiri.domain.state import WorkshopState
from piiri.domain.vocabulary import Context, DomainError
from piiri.settings import LANGUAGES
from piiri.web.i18n import error_text
from piiri.web.rendering import kind_template_dirs
from tests.support.kind_views import (
    ACTIVITY_ID,
    NOW,
    RENDERER,
    ROSTER,
    TITLE,
    report,
    views,
    workshop,
)
from tests.support.live import text_of

KINDS = list(REGISTRY.values())
NAMES = list(REGISTRY)
TEMPLATES = {name: folder for name, folder in kind_template_dirs()}

by_kind = pytest.mark.parametrize("kind", KINDS, ids=NAMES)
by_kind_and_language = pytest.mark.parametrize(
    ("kind", "language"),
    [(k, language) for k in KINDS for language in LANGUAGES],
    ids=[f"{n}-{language}" for n in NAMES for language in LANGUAGES],
)


def fold(kind: RegisteredKind, run: Run[Any]) -> Any:
    state = kind.initial(run.config)
    for event in run.events:
        state = kind.evolve(state, event)
    return state


def states(kind: RegisteredKind) -> dict[str, WorkshopState]:
    """The kind running in its initial, sample and largest states."""
    sample, largest = kind.sample(ROSTER), kind.largest(ROSTER)
    return {
        "initial": workshop(kind, sample.config, kind.initial(sample.config)),
        "sample": workshop(kind, sample.config, fold(kind, sample)),
        "largest": workshop(kind, largest.config, fold(kind, largest)),
    }


def context() -> Context:
    return Context(now=NOW, new_id="c0ffee", people=ROSTER, is_current=True)


# -- its package ---------------------------------------------------------------------------


@by_kind
def test_its_name_is_its_package_and_it_has_a_template_for_every_view(
    kind: RegisteredKind,
) -> None:
    assert type(kind).__module__ == f"piiri.activities.{kind.kind}.kind"
    folder = TEMPLATES[kind.kind]
    for view in VIEWS:
        assert (folder / f"{view}.html").is_file(), (kind.kind, view)
    extra = {p.stem for p in folder.glob("*.html")} - {*VIEWS, *ANNOUNCEMENTS, EXPERT_VIEW}
    assert all(name.startswith("_") for name in extra), f"{kind.kind}: not partials: {extra}"


# -- views -----------------------------------------------------------------------------------


@by_kind_and_language
def test_every_view_renders_its_initial_sample_and_largest_state(
    kind: RegisteredKind, language: str
) -> None:
    rendered = {name: views(state, language) for name, state in states(kind).items()}
    for name, seen in rendered.items():
        for role, html in seen.items():
            assert TITLE in html or role.startswith("phone_personal"), (name, role)
            assert "None" not in text_of(html), (name, role)
    # The sample shows people taking part: every role but the report sees a change.
    for role in ("console", "screen", "phone_personal 1"):
        assert rendered["sample"][role] != rendered["initial"][role], role


@by_kind
def test_the_views_are_in_the_readers_language(kind: RegisteredKind) -> None:
    state = states(kind)["sample"]
    seen = {language: views(state, language) for language in LANGUAGES}
    for role in ("console", "phone", "screen", "report"):
        assert len({text_of(seen[language][role]) for language in LANGUAGES}) == 3, role


@by_kind
def test_the_personal_key_is_hashable_and_tells_views_apart_it_shares(
    kind: RegisteredKind,
) -> None:
    state = states(kind)["sample"]
    activity_state = state.activity_state(ACTIVITY_ID)
    phones = PhoneViews(RENDERER)
    rendered: dict[Hashable, str] = {}
    for person in ROSTER.values():
        key = kind.personal_key(activity_state, person.id)
        html = phones.personal(state, "en", person.id)
        # People with equal keys share one rendering, so it must be the same for both.
        assert rendered.setdefault(key, html) == html, person


# -- events ----------------------------------------------------------------------------------


@by_kind
def test_its_events_round_trip_through_json_and_the_runs_cover_every_event(
    kind: RegisteredKind,
) -> None:
    events = [*kind.sample(ROSTER).events, *kind.largest(ROSTER).events]
    for event in events:
        type_name, data = kind.encode_event(event)
        stored = json.loads(json.dumps(data))
        assert kind.decode_event(type_name, stored) == event
    assert {type(e) for e in events} == set(kind.events)
    with pytest.raises(KeyError):
        kind.decode_event("NoSuchEvent", {})


# -- configuration -----------------------------------------------------------------------------


@by_kind
def test_its_config_form_refuses_bad_input_with_a_translated_message(
    kind: RegisteredKind,
) -> None:
    bad = {name: "x" * 5000 for name in kind.config_form(kind.default_config())}
    with pytest.raises(DomainError) as refused:
        kind.parse_config(bad)
    said = {language: error_text(language, refused.value) for language in LANGUAGES}
    assert len(set(said.values())) == 3, said


@by_kind
def test_its_configurations_read_back_from_their_form(kind: RegisteredKind) -> None:
    for run in (kind.sample(ROSTER), kind.largest(ROSTER)):
        assert kind.parse_config(kind.config_form(run.config)) == run.config
    for language in LANGUAGES:
        offer = kind.demo(language)
        assert offer.title
        kind.parse_config(offer.values)
    html = RENDERER.render(
        "en",
        kind.template("config_form"),
        {"form": kind.config_form(kind.default_config()), "kind": kind},
    )
    for field in kind.config_form(kind.default_config()):
        assert f'name="{field}"' in html, field


# -- text -------------------------------------------------------------------------------------


@by_kind
def test_every_command_that_carries_text_takes_it_and_refuses_too_much(
    kind: RegisteredKind,
) -> None:
    state = fold(kind, kind.sample(ROSTER))
    commands = kind.text_commands(ROSTER)
    assert commands, kind.kind
    for command in commands:
        for field in command.fields:
            text = "Lähikirjasto ☕ auki"
            values = {**command.values, **{f: text for f in command.fields}}
            parsed = kind.parse_command(command.name, values, command.actor)
            events = kind.decide(state, parsed, context())
            assert events, (command.name, field)
            assert any(text in json.dumps(kind.encode_event(e), ensure_ascii=False) for e in events)
            too_long = {**values, field: "x" * 100_000}
            with pytest.raises(DomainError):
                kind.decide(
                    state, kind.parse_command(command.name, too_long, command.actor), context()
                )


# -- results ----------------------------------------------------------------------------------


@by_kind
def test_its_export_yields_json_tables_and_a_report_section(kind: RegisteredKind) -> None:
    state = states(kind)["sample"]
    export = kind.export(state.activity_state(ACTIVITY_ID), state.people)
    json.dumps(export.data)
    assert export.tables and all(isinstance(t, Table) for t in export.tables)
    assert any(t.rows for t in export.tables)
    assert len({t.name for t in export.tables}) == len(export.tables)
    document = results_document(state, exported_at=NOW)
    assert document["activities"][0]["results"] == dict(export.data)
    rows = results_rows(state)
    for table in export.tables:
        if table.rows:
            assert ["activity", "kind", *table.headers] in rows, table.name
            assert [TITLE, kind.kind, *table.rows[0]] in [
                [v.removeprefix("'") if isinstance(v, str) else v for v in row] for row in rows
            ]
    html = report(state, "en")
    assert html.strip().startswith("<section") and TITLE in html


@by_kind
def test_an_activity_removed_from_the_agenda_is_still_exported(kind: RegisteredKind) -> None:
    state = states(kind)["sample"]
    removed = replace(
        state,
        current_activity_id=None,
        activities=(replace(state.activities[0], removed=True),),
    )
    (entry,) = results_document(removed, exported_at=NOW)["activities"]
    assert entry["removed"] is True and entry["results"]


@by_kind
def test_it_says_what_happens_to_a_removed_persons_input(kind: RegisteredKind) -> None:
    assert kind.removal.value in ("withdraw", "keep", "anonymise")


def test_the_registry_is_the_one_list_of_kinds() -> None:
    folders = {
        p.parent.name
        for p in (Path(__file__).resolve().parent.parent / "piiri" / "activities").glob("*/kind.py")
    }
    assert folders == set(REGISTRY)


@by_kind
def test_withdrawing_takes_back_all_a_person_gave_when_that_is_its_policy(
    kind: RegisteredKind,
) -> None:
    state = fold(kind, kind.sample(ROSTER))
    took_part = False
    for person in ROSTER.values():
        events = kind.withdraw(state, person)
        took_part = took_part or bool(events)
        after = state
        for event in events:
            after = kind.evolve(after, event)
        assert kind.withdraw(after, person) == [], person
    # Only a kind that withdraws has anything to take back; the sample has people taking part.
    assert took_part == (kind.removal is RemovalPolicy.WITHDRAW)
