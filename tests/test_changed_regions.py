"""Send only what changed, render once per distinct content (issue 19).

A socket is sent a region only when what it shows changed (realtime/regions.py): an idle phone
during a vote with hidden results gets nothing at all, while the console and the room screen
get their counts; a phone that missed nothing it could see, and one that reconnects, show the
right state. An activity switch and the forming of breakout groups render each region once per
audience, language and distinct personal key, however many phones there are.
"""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Hashable
from typing import Any

from participant.views import PhoneViews
from realtime.regions import Rendering, digest, split
from tests.support.live import Live, View, add_activity, companion, start
from tests.support.workshop import join

BAR = (
    '<div id="phone-bar" class="workshop-bar" data-seq="{seq}" hx-swap-oob="outerMorph">'
    '<div class="timer" data-countdown data-remaining="{left}" data-running="{running}" '
    'data-key="timer-x"><span class="countdown-value">{clock}</span></div></div>\n'
)
ACTIVITY = (
    '<section id="phone-activity" class="activity" data-seq="{seq}" hx-swap-oob="outerMorph">'
    "<h2>{title}</h2></section>\n"
)


def regions(seq: int, title: str = "Vote", left: int = 90, running: str = "true") -> str:
    clock = f"1:{left - 60:02d}"
    bar = BAR.format(seq=seq, left=left, running=running, clock=clock)
    return bar + ACTIVITY.format(seq=seq, title=title)


# -- what a region shows ---------------------------------------------------------------------------


def test_a_region_shows_the_same_at_another_seq_and_another_second_of_a_running_countdown() -> None:
    first = dict(split(regions(7)))
    later = dict(split(regions(9, left=75)))
    assert list(first) == ["phone-bar", "phone-activity"]
    assert digest(first["phone-activity"]) == digest(later["phone-activity"])
    assert digest(first["phone-bar"]) == digest(later["phone-bar"])
    # A paused countdown shows its seconds: another value is another view.
    paused, moved = regions(7, running="false"), regions(9, left=75, running="false")
    assert digest(dict(split(paused))["phone-bar"]) != digest(dict(split(moved))["phone-bar"])
    # And a changed title is a change, whatever the seq.
    assert digest(first["phone-activity"]) != digest(
        dict(split(regions(7, "Next")))["phone-activity"]
    )


def test_a_rendering_brings_a_socket_up_with_only_what_changed_made_once() -> None:
    before = Rendering(regions(7))
    same = Rendering(regions(8))
    changed = Rendering(regions(9, title="Next"))
    assert before.since(None) is before.prepared  # a new socket gets everything
    assert same.since(before.shown) is None  # the same content: nothing at all
    frame = changed.since(before.shown)
    assert frame is not None
    assert frame.text.startswith('<section id="phone-activity"') and "Next" in frame.text
    assert 'id="phone-bar"' not in frame.text
    assert changed.since(same.shown) is frame  # another socket that showed the same: shared


# -- live: idle phones, the console and the screen ----------------------------------------------


def at_least(region: str, seq: int, view: View) -> bool:
    return view.seq(region) >= seq


def regions_in(frames: list[str]) -> list[str]:
    return [rid for frame in frames for rid, _ in split(frame)]


def test_an_idle_phone_is_sent_nothing_while_hidden_votes_move_the_console_and_screen(
    live: Live,
) -> None:
    console, screen = live.console(), live.screen()
    start(live, console)
    aino = live.phone(live.aino, "Aino's phone")
    voter = live.phone(live.remote, "remote phone")
    for phone in (aino, voter):
        phone.wait(lambda v: "3 dots left" in v.text("phone-personal"), "my own region")
    screen.wait_text("screen-counts", "Dots cast: 0")
    idle_frames = len(aino.frames)
    hub = live.app.state.piiri.fanout.hub
    sent_before = hub.bytes_sent

    votes = 6
    for n in range(votes):
        command = "cast_dot" if n % 2 == 0 else "remove_dot"
        assert voter.send(command, activity=str(live.activity_id), option="o1") == ""
        dots = 1 if n % 2 == 0 else 0
        screen.wait_text("screen-counts", f"Dots cast: {dots}")
        latest = live.results()["workshop"]["seq"]
        console.wait(functools.partial(at_least, "console-activity", latest), f"vote {n}")
    assert hub.bytes_sent > sent_before  # the console, the screen and the voter were sent

    # Something Aino does see: the first frame she gets after the votes is it, and only it.
    assert console.send("pin_message", text="Coffee at ten") == ""
    aino.wait_text("phone-bar", "Coffee at ten")
    assert regions_in(aino.frames[idle_frames:]) == ["phone-bar"], aino.frames[idle_frames:]


def test_a_phone_that_missed_unchanged_regions_shows_the_right_state_and_so_does_a_reconnect(
    live: Live,
) -> None:
    console = live.console()
    start(live, console)
    aino = live.phone(live.aino, "Aino's phone")
    voter = live.phone(live.remote, "remote phone")
    aino.wait(lambda v: "3 dots left" in v.text("phone-personal"), "my own region")
    for option in ("o1", "o2", "o2"):
        assert voter.send("cast_dot", activity=str(live.activity_id), option=option) == ""
    voter.wait_text("phone-personal", "You have 0 dots left.")
    seq_before = aino.seq("phone-activity")

    # The facilitator reveals the results: Aino's board comes with the counts of votes she was
    # never sent a frame for, at the newest seq.
    assert console.send("reveal", activity=str(live.activity_id)) == ""
    aino.wait_text("phone-activity", "The results are shown.")
    latest = live.results()["workshop"]["seq"]
    assert aino.seq("phone-activity") == latest > seq_before
    shown = aino.text("phone-activity")
    assert "Repair café 2" in shown.replace("dots", "").replace("dot", ""), shown

    # A reconnect (the same phone, a new socket) is sent the whole view: the same state.
    again = live.phone(live.aino, "Aino's phone again")
    again.wait(
        lambda v: {"phone-bar", "phone-activity", "phone-personal"} <= set(v.regions),
        "the whole view",
    )
    assert again.text("phone-activity") == shown
    assert again.seq("phone-activity") == latest
    assert again.text("phone-personal") == aino.text("phone-personal")


# -- render once per distinct content --------------------------------------------------------------


def more_phones(live: Live, count: int, finnish: int) -> list[View]:
    """``count`` more people join (the first ``finnish`` in Finnish) and open their phones."""
    views = []
    for n in range(count):
        browser = live.stack.enter_context(contextlib.closing(companion(live.facilitator)))
        if n < finnish:
            browser.headers["accept-language"] = "fi"
        join(browser, live.code, name=f"Person {n}", presence="room" if n % 2 else "remote")
        views.append(live.phone(browser, f"phone {n}"))
    return views


def distinct_personal(live: Live, views: list[View], finnish: int = 0) -> set[tuple[str, Hashable]]:
    """The distinct (language, personal key) of the phones, as the hub sees them; the first
    ``finnish`` of more_phones() speak Finnish."""
    state = live.app.state.piiri.service.state(live.workshop_id)
    phones = PhoneViews(live.app.state.piiri.renderer)
    keys = set()
    for person in state.people.values():
        language = "fi" if person.name in {f"Person {n}" for n in range(finnish)} else "en"
        keys.add((language, phones.personal_key(state, person.id)))
    assert len(views) == len(state.people)
    return keys


def settle(views: list[View], what: str, predicate: Any) -> None:
    for view in views:
        view.wait(predicate, f"{what} on {view.name}")


def test_an_activity_switch_renders_each_region_once_per_language_and_personal_key(
    live: Live,
) -> None:
    second = add_activity(live, "dot_vote", "Second vote", options="One\nTwo", dots_per_person="2")
    console, screen = live.console(), live.screen()
    start(live, console)
    phones = [
        live.phone(live.aino, "Aino's phone"),
        live.phone(live.remote, "remote phone"),
        *more_phones(live, 8, finnish=2),
    ]
    settle(phones, "the first vote", lambda v: "phone-personal" in v.regions)
    hub = live.app.state.piiri.fanout.hub
    before = dict(hub.renderings)

    assert console.send("next_activity") == ""
    settle(
        phones, "the second vote", lambda v: f'data-activity="{second}"' in v.html("phone-activity")
    )
    mine = f'name="activity" value="{second}"'
    settle(phones, "its dots", lambda v: mine in v.html("phone-personal"))
    screen.wait_text("screen-activity", "Second vote")

    # Shared: one rendering per audience (phones in English, in Finnish; console; screen).
    assert hub.renderings["shared"] - before["shared"] == 4
    # Personal: one per distinct (language, key) of the ten phones; the console's people list
    # did not change, so it is not rendered again.
    expected = distinct_personal(live, phones, finnish=2)
    assert len(expected) < len(phones)
    assert hub.renderings["personal"] - before["personal"] == len(expected)


def test_forming_breakout_groups_renders_each_group_view_once_per_language(live: Live) -> None:
    breakout = add_activity(live, "breakout", "Groups", group_size="2", mixing="random")
    console = live.console()
    assert console.send("start_activity", activity=str(breakout)) == ""
    phones = [
        live.phone(live.aino, "Aino's phone"),
        live.phone(live.remote, "remote phone"),
        *more_phones(live, 6, finnish=0),
    ]
    settle(phones, "the breakout", lambda v: "phone-personal" in v.regions)
    hub = live.app.state.piiri.fanout.hub
    before = hub.renderings["personal"]

    assert console.send("form_groups", activity=str(breakout)) == ""
    settle(phones, "my group", lambda v: 'id="my-group"' in v.html("phone-personal"))
    groups = {v.text("phone-personal").split(".")[0] for v in phones}
    rendered = hub.renderings["personal"] - before
    # Four groups of two: four group views for eight phones (one more if the console's people
    # list had to change, which forming groups does not do).
    assert rendered == len(distinct_personal(live, phones)) == 4, (rendered, groups)


def test_a_change_this_process_committed_is_fanned_out_without_reading_the_log(
    live: Live,
) -> None:
    console, screen = live.console(), live.screen()
    start(live, console)
    voter = live.phone(live.remote, "remote phone")
    voter.wait(lambda v: "3 dots left" in v.text("phone-personal"), "my own region")
    # Every socket has its first whole view (read from the log, as it must) before counting.
    screen.wait(lambda v: "screen-counts" in v.regions, "the screen's first view")
    console.wait(lambda v: "console-agenda" in v.regions, "the console's first view")
    hub = live.app.state.piiri.fanout.hub
    read = hub._load_state
    reads: list[int] = []

    def counted(workshop_id: int) -> Any:
        reads.append(workshop_id)
        return read(workshop_id)

    hub._load_state = counted
    for n in range(4):
        command = "cast_dot" if n % 2 == 0 else "remove_dot"
        assert voter.send(command, activity=str(live.activity_id), option="o1") == ""
        screen.wait_text("screen-counts", f"Dots cast: {1 if n % 2 == 0 else 0}")
    voter.wait(lambda v: "3 dots left" in v.text("phone-personal"), "my dot back")
    # The service folded each vote as it committed it: the fan-out took that state. Were that
    # broken, each of the four votes would read the log; the one read allowed is the safety
    # loop's (every RESYNC_SECONDS it compares the log's newest seq with what was rendered,
    # and a pass that meets a commit in flight reads the log, as it must).
    assert len(reads) <= 1, reads


def test_a_refusal_stays_when_the_phones_own_earlier_vote_arrives_after_it(live: Live) -> None:
    """The phone votes, then sends something refused before that vote's fan-out reaches it:
    the fan-out (its own dots changed) must not wipe the refusal, which is about the newer
    state. Only a view of a state newer than the refusal's may clear it."""
    console = live.console()
    start(live, console)
    voter = live.phone(live.remote, "remote phone")
    voter.wait(lambda v: "3 dots left" in v.text("phone-personal"), "my own region")
    hub = live.app.state.piiri.fanout.hub
    hub.coalesce_seconds = 0.5  # the vote's fan-out comes after the next command's answer
    time.sleep(0.1)  # a tick already under way (with the short wait) ends first
    try:
        assert voter.send("cast_dot", activity=str(live.activity_id), option="o1") == ""
        refused = voter.send("cast_dot", activity=str(live.activity_id), option="no-such")
        assert refused and "2 dots left" not in voter.text("phone-personal")
        voter.wait(lambda v: "2 dots left" in v.text("phone-personal"), "the vote's fan-out")
    finally:
        hub.coalesce_seconds = 0.005
    # A later change that leaves the phone's own view alone: every frame before it has come.
    assert console.send("pin_message", text="Coffee at three") == ""
    voter.wait(lambda v: "Coffee at three" in v.text("phone-bar"), "the pin")
    assert voter.text("notice") == refused
