"""The defects seen in the walk of issue 14, each pinned by a test that failed before its fix.
Given events, when a command, then events; no fixtures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from piiri.activities import activity_kind, grouping
from piiri.activities.breakout.model import GroupsFormed, GroupsRecalled, GroupTimeSet
from piiri.activities.interview.guide import DEFAULT_GUIDE_TRANSLATIONS
from piiri.activities.interview.model import DEFAULT_GUIDE
from piiri.activities.round_robin.model import RoundFinished, RoundStarted, TurnEnded, TurnStarted
from piiri.domain.commands import NextActivity, StartTimer
from piiri.domain.events import TimerReset
from piiri.domain.state import WorkshopState
from piiri.domain.vocabulary import Actor, Context, Person
from piiri.web.i18n import gettext
from piiri.web.rendering import Renderer
from tests.support.workshop_given import AGENDA, given, types, when

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
FACILITATOR = Actor("facilitator", facilitator_id=1)


def context(people: dict[int, Person], token: str = "00c0ffee", seconds: int = 0) -> Context:
    return Context(
        now=T0 + timedelta(seconds=seconds), new_id=token, people=people, is_current=True
    )


# -- 2. people without a phone are placed with in-room people who have one ----------------------


def room_of(in_room_phones: int, proxies: int, remote: int) -> dict[int, Person]:
    people: dict[int, Person] = {}
    for _ in range(in_room_phones):
        people[len(people) + 1] = Person(id=len(people) + 1, name="", in_room=True, by_proxy=False)
    for _ in range(proxies):
        people[len(people) + 1] = Person(id=len(people) + 1, name="", in_room=True, by_proxy=True)
    for _ in range(remote):
        people[len(people) + 1] = Person(id=len(people) + 1, name="", in_room=False, by_proxy=False)
    return people


def phone_holders_in_room(people: dict[int, Person], members: list[int]) -> int:
    return sum(1 for m in members if people[m].in_room and not people[m].by_proxy)


@pytest.mark.parametrize("mixing", grouping.MIXINGS)
@pytest.mark.parametrize("seed", range(40))
def test_a_person_without_a_phone_is_grouped_with_an_in_room_phone(mixing: str, seed: int) -> None:
    people = room_of(in_room_phones=3, proxies=2, remote=7)
    here = grouping.present_people(people)
    groups = grouping.split(here, 4, mixing, seed)  # type: ignore[arg-type]
    assert sorted(m for g in groups for m in g) == sorted(people)
    for members in groups:
        if any(people[m].by_proxy for m in members):
            assert phone_holders_in_room(people, members) >= 1, (mixing, groups)


@pytest.mark.parametrize("unlikely", [True, False])
@pytest.mark.parametrize("seed", range(40))
def test_a_person_without_a_phone_is_interviewed_with_an_in_room_phone(
    unlikely: bool, seed: int
) -> None:
    people = room_of(in_room_phones=3, proxies=2, remote=5)
    pairs = grouping.pairs(grouping.present_people(people), unlikely, seed)
    assert sorted(m for p in pairs for m in p) == sorted(people)
    for members in pairs:
        if any(people[m].by_proxy for m in members):
            assert phone_holders_in_room(people, members) >= 1, pairs


def test_unlikely_pairs_still_mix_the_room_with_remote_people() -> None:
    people = room_of(in_room_phones=4, proxies=1, remote=3)
    pairs = grouping.pairs(grouping.present_people(people), True, 7)
    mixed = [p for p in pairs if {people[m].in_room for m in p} == {True, False}]
    assert len(mixed) >= 2, pairs


# -- 3. the interview's default guide is for a residents' evening, in the workshop's language --

RENDERER = Renderer()


def test_the_default_interview_guide_is_for_residents() -> None:
    discover = DEFAULT_GUIDE[0][1]
    assert not any("work" in question for question in discover)
    assert "neighbourhood" in discover[0]


def test_the_edit_form_shows_the_default_guide_s_questions() -> None:
    kind = activity_kind("interview")
    form = kind.config_form(kind.parse_config({**kind.default_config(), "language": "fi"}))
    workshop = WorkshopState(id=1, title="Ilta", language="fi", code="123456")
    html = RENDERER.render("fi", "interview/config_form.html", {"form": form, "workshop": workshop})
    for _, questions in DEFAULT_GUIDE_TRANSLATIONS["fi"]:
        for question in questions:
            assert question in html
    assert 'name="language" value="fi"' in html


def test_the_default_guide_is_exported_in_the_workshop_s_language() -> None:
    kind = activity_kind("interview")
    for language in ("fi", "sv"):
        config = kind.parse_config({**kind.default_config(), "language": language})
        data = kind.export(kind.initial(config), {}).data
        phases = [p["name"] for p in data["phases"]]
        assert phases == [name for name, _ in DEFAULT_GUIDE_TRANSLATIONS[language]]
    # An interview stored before the language was kept stays as it was, in English.
    older = kind.parse_config(kind.default_config())
    assert "language" not in older
    assert kind.export(kind.initial(older), {}).data["phases"][0]["name"] == "Discover"


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_guide_s_translations_in_the_code_are_the_catalogue_s(language: str) -> None:
    for (name, questions), (local_name, local_questions) in zip(
        DEFAULT_GUIDE, DEFAULT_GUIDE_TRANSLATIONS[language], strict=True
    ):
        assert gettext(language, name) == local_name
        assert [gettext(language, q) for q in questions] == list(local_questions)


# -- 4. a finished shared timer does not follow the room into the next activity ---------------


def test_a_finished_timer_is_cleared_when_the_next_activity_starts() -> None:
    running = given(*AGENDA, *when(given(*AGENDA), StartTimer(60)))
    later = when(running, NextActivity(), seconds=120)
    assert types(later)[-1] == "TimerReset"
    still_running = when(running, NextActivity(), seconds=30)
    assert TimerReset() not in still_running


# -- 5. group timers stop when the groups are called back ----------------------------------------


def test_recalled_groups_have_no_timer_counting() -> None:
    kind = activity_kind("breakout")
    state = kind.initial(kind.parse_config({}))
    groups = [{"id": "g1", "number": 1, "prompts": [], "members": [1, 2]}]
    for event in (GroupsFormed(groups, "mix"), GroupTimeSet("g1", "2026-03-02T09:45:00+00:00")):
        state = kind.evolve(state, event)
    assert state.groups[0].ends_at is not None
    recalled = kind.evolve(state, GroupsRecalled("2026-03-02T09:40:00+00:00"))
    assert all(g.ends_at is None for g in recalled.groups)


# -- 6. a pass is not speaking time ------------------------------------------------------------


def test_a_pass_does_not_count_as_speaking_time() -> None:
    kind = activity_kind("round_robin")
    people = {1: Person(1, "Aino", True, False), 2: Person(2, "Riku", False, False)}
    state = kind.initial(kind.parse_config({"ordering": "join"}))
    at = T0.isoformat()
    for event in (
        RoundStarted(1, [1, 2]),
        TurnStarted(1, at),
        TurnEnded(1, 40, "passed"),
        TurnStarted(2, at),
        TurnEnded(2, 30, "spoke"),
        TurnStarted(1, at),
        TurnEnded(1, 50, "spoke"),
        RoundFinished(1),
    ):
        state = kind.evolve(state, event)
    assert state.speaking_seconds(people) == {"in_room": 50, "remote": 30}


# -- 7. the next round starts from the next in line, never from whoever spoke last -------------


@pytest.mark.parametrize("ordering", ["join", "alternating", "remote_first", "shuffled"])
@pytest.mark.parametrize("token", ["00c0ffee", "0badcafe", "12345678", "deadbeef", "0f0f0f0f"])
def test_the_next_round_starts_from_the_next_in_line(ordering: str, token: str) -> None:
    kind = activity_kind("round_robin")
    people = {n: Person(n, f"P{n}", n % 2 == 0, False) for n in range(1, 6)}
    state = kind.initial(kind.parse_config({"ordering": ordering}))
    ctx = context(people, token="aaaa1111")
    start = kind.parse_command("start_round", {"first": ""}, FACILITATOR)
    for event in kind.decide(state, start, ctx):
        state = kind.evolve(state, event)
    round_one = [t.person_id for t in state.turns] + list(state.queue)
    for _ in range(len(people)):
        nxt = kind.parse_command("next_speaker", {}, FACILITATOR)
        for event in kind.decide(state, nxt, ctx):
            state = kind.evolve(state, event)
    assert not state.open
    last = state.turns[-1].person_id
    for event in kind.decide(state, start, context(people, token=token)):
        state = kind.evolve(state, event)
    assert state.current == round_one[1], (round_one, state.current)
    assert state.current != last
