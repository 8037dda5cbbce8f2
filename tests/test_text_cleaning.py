"""Hostile text, in process: whatever a person sends, what is stored can be encoded as UTF-8 and
holds no control or bidi override characters, and every view and export still renders.

Property-based (Hypothesis): random text with lone surrogates, control characters, bidi
overrides, astral-plane characters, combining marks, right-to-left scripts and very long runs
goes through the cleaning itself, through every text-carrying command of every activity and of
the workshop (as the socket's values, *without* the endpoint's own cleaning: the domain must be
safe alone), and into the log as an older version would have stored it, uncleaned.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from piiri.activities.text import clean_characters, clean_json, lines, multiline, one_line
from piiri.domain.commands import AddActivity, EditActivity, Join
from piiri.domain.events import ActivityAdded, LogEntry, LogEvent, encode
from piiri.domain.state import WorkshopState
from piiri.domain.vocabulary import DomainError
from tests.support.hostile_text import FORBIDDEN, HOSTILE_TEXT, bad_strings_in
from tests.support.text_world import (
    AINO,
    FACILITATOR,
    VOTE,
    World,
    base_state,
    first_note,
    participant,
    rendered,
    running_state,
    spoke,
    world_at,
)

# Modest and repeatable: the whole file runs in seconds, and a failure replays the same way.
EXAMPLES = settings(max_examples=25, deadline=None, derandomize=True, database=None)
MARKER = "MARKER-TEXT"


def assert_shown_safely(state: WorkshopState) -> None:
    """Every view and both downloads render, encode as UTF-8 and show nothing forbidden."""
    for name, text in rendered(state).items():
        text.encode("utf-8")  # a view that cannot be encoded was a 500 or a silent socket
        shown = text.replace("\r\n", "\n") if name == "results.csv" else text
        assert not FORBIDDEN.search(shown), (name, FORBIDDEN.findall(shown)[:5])


def assert_storable(events: list[LogEvent]) -> None:
    stored = [encode(planned) for planned in events]
    bad = [b for _, type_name, data in stored for b in bad_strings_in(data, type_name)]
    assert not bad, bad


# -- the cleaning itself ----------------------------------------------------------------------


@EXAMPLES
@given(HOSTILE_TEXT)
def test_cleaned_text_can_always_be_stored_and_cleaning_twice_changes_nothing(text: str) -> None:
    cleaned = clean_characters(text)
    cleaned.encode("utf-8")
    assert not FORBIDDEN.search(cleaned)
    assert clean_characters(cleaned) == cleaned
    # Nothing else is lost or reordered: without surrogates and carriage returns (which are
    # replaced, not removed), the result is the text minus the forbidden characters.
    if not any(0xD800 <= ord(c) <= 0xDFFF or c == "\r" for c in text):
        assert cleaned == FORBIDDEN.sub("", text)


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("note\udc00x", "note\ufffdx"),  # the message: a replacement, the rest kept
        ("\udfff\ud800", "\ufffd\ufffd"),
        ("\ud83d\ude00", "😀"),  # a surrogate pair is the character it encodes
        ("a\r\nb\rc", "a\nb\nc"),
        ("nul\x00\x1b[0m\x7f\x85", "nul[0m"),
        ("\u202eevil\u202c \u2066x\u2069", "evil x"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("עברית \u200f العربية e\u0301 𠀀", "עברית \u200f العربية e\u0301 𠀀"),
    ],
)
def test_what_happens_to_each_kind_of_character(text: str, stored: str) -> None:
    assert clean_characters(text) == stored


JSON = st.recursive(
    HOSTILE_TEXT | st.integers() | st.booleans() | st.none(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(HOSTILE_TEXT, inner, max_size=4),
    max_leaves=12,
)


@EXAMPLES
@given(JSON)
def test_clean_json_cleans_every_string_at_any_depth(value: Any) -> None:
    cleaned = clean_json(value)
    assert not bad_strings_in(cleaned)
    assert clean_json(cleaned) is cleaned  # clean data is never copied


@EXAMPLES
@given(HOSTILE_TEXT, st.integers(min_value=1, max_value=600))
def test_stored_text_is_clean_trimmed_and_within_its_limit(text: str, limit: int) -> None:
    cleaners: list[Callable[[], str]] = [
        lambda: one_line(text, limit=limit, required="Empty."),
        lambda: multiline(text, limit=limit, empty="Empty."),
    ]
    for clean in cleaners:
        try:
            stored = clean()
        except DomainError as error:
            assert error.message == "Empty." or error.params == {"limit": limit}
            continue
        assert stored and stored == stored.strip() and len(stored) <= limit
        assert not FORBIDDEN.search(stored)
    for line in lines(text):
        assert line and "\n" not in line and not FORBIDDEN.search(line)


# -- every text-carrying command ----------------------------------------------------------------


def note_turn(world: World, text: str) -> list[LogEvent]:
    return world.send(
        participant(spoke(world.state)), command="note_turn", activity="current", note=text
    )


def edit_note(world: World, text: str) -> list[LogEvent]:
    note, revision = first_note(world.state)
    values = {"note": note, "base": str(revision), "text": text}
    return world.send(participant(AINO), command="edit_note", activity="current", **values)


def started(world: World, kind: str, **config: str) -> list[LogEvent]:
    """Add an activity configured with ``config`` through the form, start it and get it going
    (groups, pairs), so that what was configured is on every phone."""
    events = world.run(AddActivity(kind, "New", config))
    added = events[0]
    assert isinstance(added, ActivityAdded)
    events += world.send(FACILITATOR, command="start_activity", activity=str(added.id))
    if kind in ("breakout", "interview"):
        formed = "form_groups" if kind == "breakout" else "form_pairs"
        events += world.send(FACILITATOR, command=formed, activity="current")
    return events


def edit_title(world: World, text: str) -> list[LogEvent]:
    info = world.state.activity(VOTE)
    assert info is not None
    values = {"options": "\n".join(o["label"] for o in info.config["options"])}
    return world.run(EditActivity(VOTE, text, values))


# (running activity, what sends the text): socket commands as the endpoint hands them over,
# and the workshop's form commands (join, add and edit an activity) as the HTTP views do.
TEXT_COMMANDS: dict[str, tuple[str, Callable[[World, str], list[LogEvent]]]] = {
    "add_option": (
        "dot_vote",
        lambda w, t: w.send(FACILITATOR, command="add_option", activity="current", label=t),
    ),
    "note_turn": ("round_robin", note_turn),
    "note_turn (facilitator)": (
        "round_robin",
        lambda w, t: w.send(FACILITATOR, command="note_turn", activity="current", turn="0", note=t),
    ),
    "add_note": (
        "breakout",
        lambda w, t: w.send(participant(AINO), command="add_note", activity="current", text=t),
    ),
    "edit_note": ("breakout", edit_note),
    "broadcast": (
        "breakout",
        lambda w, t: w.send(FACILITATOR, command="broadcast", activity="current", text=t),
    ),
    "capture": (
        "interview",
        lambda w, t: w.send(participant(AINO), command="capture", activity="current", text=t),
    ),
    "add_theme": (
        "interview",
        lambda w, t: w.send(FACILITATOR, command="add_theme", activity="current", name=t),
    ),
    "pin_message": ("breakout", lambda w, t: w.send(FACILITATOR, command="pin_message", text=t)),
    "add_proxy_person": (
        "dot_vote",
        lambda w, t: w.send(FACILITATOR, command="add_proxy_person", name=t),
    ),
    "join": ("interview", lambda w, t: w.run(Join(t, in_room=False))),
    "activity title": ("dot_vote", lambda w, t: w.run(AddActivity("round_robin", t, {}))),
    "edit title": ("dot_vote", edit_title),
    "options": ("dot_vote", lambda w, t: started(w, "dot_vote", options=f"{t}\nB\n{t[:5]}\nC")),
    "prompts": ("dot_vote", lambda w, t: started(w, "breakout", prompts=t)),
    "guide": ("dot_vote", lambda w, t: started(w, "interview", guide=f"# {t}\n{t}?\n")),
}


@pytest.mark.parametrize("name", list(TEXT_COMMANDS))
@EXAMPLES
@given(text=HOSTILE_TEXT)
def test_any_text_through_any_command_stores_clean_text_and_every_view_renders(
    name: str, text: str
) -> None:
    kind, send = TEXT_COMMANDS[name]
    world = world_at(running_state(kind))
    try:
        events = send(world, text)
    except DomainError as error:
        # Refused (nothing left, too long, a duplicate): with a message, and nothing changed.
        assert error.message and world.state is running_state(kind)
        event("refused")
        return
    event("accepted")
    assert_storable(events)
    assert_shown_safely(world.state)


def test_every_text_command_accepts_plain_text() -> None:
    """The property above must not pass by refusing everything."""
    for name, (kind, send) in TEXT_COMMANDS.items():
        world = world_at(running_state(kind))
        events = send(world, f"Plain {name} ä")
        assert events, name


# -- a log written by an older version ------------------------------------------------------------


def poisoned_log(name: str, text: str) -> tuple[WorkshopState, list[LogEntry]]:
    """The state before a text command, and the rows the command stores when given MARKER,
    with MARKER replaced by ``text`` in every string: what a version that did not clean wrote."""
    kind, send = TEXT_COMMANDS[name]
    world = world_at(running_state(kind))
    before = world.state
    planned = send(world, MARKER)

    def poison(value: Any) -> Any:
        if isinstance(value, str):
            return value.replace(MARKER, text)
        if isinstance(value, dict):
            return {k: poison(v) for k, v in value.items()}
        if isinstance(value, list):
            return [poison(v) for v in value]
        return value

    rows = []
    for i, decided in enumerate(planned, start=1):
        activity_id, type_name, data = encode(decided)
        rows.append(
            LogEntry(
                seq=before.seq + i,
                activity_id=activity_id,
                type=type_name,
                data=poison(data),
            )
        )
    assert any(bad_strings_in(row.data) for row in rows) or not FORBIDDEN.search(text), name
    return before, rows


@pytest.mark.parametrize("name", list(TEXT_COMMANDS))
@settings(max_examples=10, deadline=None, derandomize=True, database=None)
@given(text=HOSTILE_TEXT)
def test_a_log_poisoned_by_an_older_version_folds_into_views_that_render(
    name: str, text: str
) -> None:
    state, rows = poisoned_log(name, text)
    for row in rows:
        state = state.apply(row)
    assert_shown_safely(state)


def test_the_base_workshop_renders() -> None:
    assert_shown_safely(base_state())
