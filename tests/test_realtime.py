"""The live workshop over real sockets: a facilitator, two phones and a room screen.

Every socket here goes through Starlette's TestClient into the real app (real hub, real
in-process broker, real SQLite file), and every assertion reads the HTML regions the server
pushed, the way htmx would swap them in (tests/support/live.py: one app, several browsers).
"""

from __future__ import annotations

import re

from piiri.web.i18n import LANGUAGE_COOKIE, gettext
from tests.support.form_client import NOBODY_REMOVED
from tests.support.live import Live, event_count, start, text_of

# -- the whole room ----------------------------------------------------------------------------


def test_everyone_sees_their_own_view_of_a_dot_vote(live: Live) -> None:
    console, screen = live.console(), live.screen()
    aino, remote = live.phone(live.aino, "Aino's phone"), live.phone(live.remote, "remote phone")
    for phone in (aino, remote):
        phone.wait_text("phone-activity", "Waiting for the facilitator to start")
    screen.wait(
        lambda v: (
            'data-count="in-room">1<' in v.html("screen-counts")
            and 'data-count="remote">1<' in v.html("screen-counts")
        ),
        "one person in the room and one remote",
    )

    start(live, console)
    for phone in (aino, remote):
        phone.wait_text("phone-activity", "What matters most?")
        phone.wait_text("phone-personal", "You have 3 dots left.")
    screen.wait_text("screen-activity", "What matters most?")

    assert aino.send("cast_dot", activity=str(live.activity_id), option="o1") == ""
    aino.wait_text("phone-personal", "You have 2 dots left.")
    assert aino.send("cast_dot", activity=str(live.activity_id), option="o2") == ""
    aino.wait_text("phone-personal", "You have 1 dot left.")
    # The other phone's own count is untouched by Aino's dots.
    assert remote.send("cast_dot", activity=str(live.activity_id), option="o1") == ""
    remote.wait_text("phone-personal", "You have 2 dots left.")
    assert remote.send("cast_dot", activity="current", option="o2") == ""
    remote.wait_text("phone-personal", "You have 1 dot left.")
    assert "You have 1 dot left." in aino.text("phone-personal")

    # The screen counts people and dots, and shows no results before the reveal.
    screen.wait(lambda v: 'data-count="dots">4<' in v.html("screen-counts"), "4 dots cast")
    counts = screen.html("screen-counts")
    assert 'data-count="in-room">1<' in counts
    assert 'data-count="remote">1<' in counts
    for hidden in (screen.html("screen-activity"), aino.html("phone-activity")):
        assert 'class="results"' not in hidden
        assert "tie" not in text_of(hidden)
        assert "result-count" not in hidden
    assert "Cycle routes" in screen.text("screen-activity")  # the options, without counts

    # The facilitator sees the live results all along.
    console.wait_text("console-activity", "Dots cast 4 Voters 2")
    live_results = console.html("console-activity")
    assert 'class="results"' in live_results
    assert "Results are hidden from phones and the screen." in text_of(live_results)
    assert re.search(r"1\. tie Opening hours .*2 dots", text_of(live_results))

    assert console.send("reveal", activity=str(live.activity_id)) == ""
    for phone in (aino, remote):
        phone.wait(lambda v: 'class="results"' in v.html("phone-activity"), "the results")
    screen.wait(lambda v: 'class="results"' in v.html("screen-activity"), "the results")
    for shown in (aino.text("phone-activity"), screen.text("screen-activity")):
        # Ranked, most dots first; the two leaders share rank 1 and are marked as a tie.
        assert re.search(
            r"1\. tie Opening hours .*2 dots .*1\. tie Repair café .*2 dots "
            r".*3\. Cycle routes .*0 dots",
            shown,
        ), shown
    assert live.vote()["revealed"] is True
    assert [(r["option"], r["rank"], r["tied"]) for r in live.vote()["ranking"]] == [
        ("Opening hours", 1, True),
        ("Repair café", 1, True),
        ("Cycle routes", 3, False),
    ]


def test_an_option_added_live_reaches_every_phone(live: Live) -> None:
    console = live.console()
    phones = [live.phone(live.aino, "Aino's phone"), live.phone(live.remote, "remote phone")]
    screen = live.screen()
    start(live, console)
    for phone in phones:
        phone.wait_text("phone-personal", "You have 3 dots left.")

    assert console.send("add_option", activity="current", label="  A night   bus ") == ""
    for phone in phones:
        phone.wait_text("phone-personal", "A night bus")
        assert 'data-option="o4"' not in phone.html("phone-personal")  # ids are made fresh
        assert phone.html("phone-personal").count('class="vote-option"') == 4
    screen.wait_text("screen-activity", "A night bus")
    console.wait_text("console-activity", "A night bus")

    # A phone can vote for the new option straight away.
    phone = phones[0]
    new_id = re.findall(r'data-option="([^"]+)"', phone.html("phone-personal"))[-1]
    assert phone.send("cast_dot", activity=str(live.activity_id), option=new_id) == ""
    phone.wait_text("phone-personal", "You have 2 dots left.")
    (ranked,) = [r for r in live.vote()["ranking"] if r["option"] == "A night bus"]
    assert ranked["dots"] == 1


def test_the_facilitator_votes_for_a_person_without_a_phone(live: Live) -> None:
    console = live.console()
    start(live, console)
    assert console.send("add_proxy_person", name="Matti") == ""
    console.wait_text("console-people", "Matti")
    assert "without a phone" in console.text("console-people")
    console.wait(
        lambda v: re.search(r'id="proxy-(\d+)-add-o3"', v.html("console-activity")) is not None,
        "the proxy voting controls",
    )
    found = re.search(r'id="proxy-(\d+)-add-o3"', console.html("console-activity"))
    assert found
    matti = found.group(1)

    notice = console.send("cast_dot", activity=str(live.activity_id), option="o3", **{"for": matti})
    assert notice == ""
    console.wait_text("console-activity", "Cast by proxy 1")
    assert "Matti: 1 of 3 dots" in console.text("console-activity")
    vote = live.vote()
    assert vote["dots_cast"] == 1
    assert vote["dots_cast_by_proxy"] == 1
    # Matti counts as a person in the room.
    assert live.results()["participants"] == {
        "in_room": 2,
        "remote": 1,
        "without_phone": 1,
        "left": 0,
        **NOBODY_REMOVED,
    }


def test_each_phone_reads_its_own_language(live: Live) -> None:
    waiting = "Waiting for the facilitator to start"
    finnish = gettext("fi", waiting)
    assert finnish != waiting, "the Finnish catalogue lacks this message"
    live.remote.cookies.set(LANGUAGE_COOKIE, "fi", domain="testserver.local")
    english, suomi = live.phone(live.aino, "English phone"), live.phone(live.remote, "fi phone")
    english.wait_text("phone-activity", waiting)
    suomi.wait_text("phone-activity", finnish)
    assert waiting not in suomi.text("phone-activity")

    # Both follow the same workshop, each in its own language.
    console = live.console()
    start(live, console)
    assert console.send("add_option", activity="current", label="Yöbussi") == ""
    for phone in (english, suomi):
        phone.wait_text("phone-personal", "Yöbussi")
    assert "You have 3 dots left." in english.text("phone-personal")
    assert "You have 3 dots left." not in suomi.text("phone-personal")


def test_stopping_the_activity_empties_every_phone(live: Live) -> None:
    console = live.console()
    start(live, console)
    phone = live.phone(live.aino, "Aino's phone")
    phone.wait_text("phone-personal", "You have 3 dots left.")
    assert phone.send("cast_dot", activity=str(live.activity_id), option="o1") == ""
    assert console.send("stop_activity") == ""
    phone.wait_text("phone-activity", "Waiting for the facilitator to start")
    phone.wait(lambda v: v.text("phone-personal") == "", "an empty personal region")
    console.wait_text("console-activity", "No activity is running")
    notice = phone.send("cast_dot", activity=str(live.activity_id), option="o2")
    assert notice == "This activity is not running right now."
    assert phone.send("cast_dot", activity="current", option="o2") == "No activity is running."
    # The dot cast while it ran stays; starting it again picks up where it was.
    assert live.vote()["dots_cast"] == 1
    assert phone.text("notice") == "No activity is running."  # the refusal is on screen
    start(live, console)
    phone.wait_text("phone-personal", "You have 2 dots left.")
    # The phone shows the running vote again: the refusal about the stopped one is gone.
    phone.wait(lambda v: v.text("notice") == "", "the refusal taken down")
    assert phone.html("notice").startswith('<div id="notice"')


def test_a_reconnecting_socket_gets_the_whole_current_view_at_once(live: Live) -> None:
    console = live.console()
    start(live, console)
    phone = live.phone(live.aino, "Aino's phone")
    phone.wait_text("phone-personal", "You have 3 dots left.")
    assert phone.send("cast_dot", activity=str(live.activity_id), option="o2") == ""
    phone.wait_text("phone-personal", "You have 2 dots left.")
    phone.session.close()
    assert console.send("lock", activity=str(live.activity_id)) == ""
    latest = live.results()["workshop"]["seq"]
    assert latest == event_count(live.app, live.workshop_id)

    again = live.phone(live.aino, "Aino's phone again")
    first = again.receive()
    # The first frame already carries every shared region, at the latest seq.
    assert 'id="phone-activity"' in first
    assert again.seq("phone-activity") == latest
    again.wait(lambda v: "phone-personal" in v.regions, "my own region")
    assert again.seq("phone-personal") == latest
    assert "You have 2 dots left." in again.text("phone-personal")
    assert "Voting is locked." in again.text("phone-personal")

    console_again = live.console()
    first = console_again.receive()
    for region in ("console-presence", "console-agenda", "console-activity"):
        assert f'id="{region}"' in first, region
        assert console_again.seq(region) == latest
    # The people list is the console's own region: it follows the shared ones.
    console_again.wait(lambda v: "console-people" in v.regions, "the people list")
    assert console_again.seq("console-people") == latest
    assert "Voting is locked." in console_again.text("console-activity")

    screen = live.screen()
    first = screen.receive()
    for region in ("screen-join", "screen-counts", "screen-activity"):
        assert f'id="{region}"' in first, region
        assert screen.seq(region) == latest
    assert live.code in screen.text("screen-join")


def test_a_command_sent_twice_with_the_same_id_is_applied_once(live: Live) -> None:
    console = live.console()
    start(live, console)
    phone = live.phone(live.remote, "remote phone")
    phone.wait_text("phone-personal", "You have 3 dots left.")
    before = event_count(live.app, live.workshop_id)

    for _ in range(2):
        # A resend after a reconnect carries the same client-made id.
        notice = phone.send("cast_dot", cid="resend-1", activity=str(live.activity_id), option="o1")
        assert notice == ""
    phone.wait_text("phone-personal", "You have 2 dots left.")
    assert event_count(live.app, live.workshop_id) == before + 1
    assert live.vote()["dots_cast"] == 1

    # A new id is a new command.
    assert phone.send("cast_dot", cid="resend-2", activity=str(live.activity_id), option="o1") == ""
    phone.wait_text("phone-personal", "You have 1 dot left.")
    assert live.vote()["dots_cast"] == 2


def test_closing_the_workshop_stops_input_and_tells_everyone(live: Live) -> None:
    console, screen = live.console(), live.screen()
    aino = live.phone(live.aino, "Aino's phone")
    start(live, console)
    aino.wait_text("phone-personal", "You have 3 dots left.")
    assert aino.send("cast_dot", activity=str(live.activity_id), option="o1") == ""

    closed = live.facilitator.post(
        f"/facilitator/workshops/{live.workshop_id}/closed", data={"closed": "true"}
    )
    assert closed.status_code == 200
    assert "This workshop is closed" in text_of(closed.text)
    aino.wait_text("phone-activity", "This workshop has closed")
    screen.wait_text("screen-activity", "This workshop has closed")
    aino.wait(lambda v: 'class="vote-option"' not in v.html("phone-personal"), "no vote buttons")
    # A vote sent from a page that had not yet heard of the closing is refused, not lost.
    assert aino.send("cast_dot", activity=str(live.activity_id), option="o2") == (
        "This workshop has closed."
    )
    assert live.vote()["dots_cast"] == 1
    assert live.remote.get(f"/j/{live.code}").status_code == 404

    reopened = live.facilitator.post(
        f"/facilitator/workshops/{live.workshop_id}/closed", data={"closed": "false"}
    )
    assert "Close the workshop" in text_of(reopened.text)
    aino.wait_text("phone-personal", "You have 2 dots left.")
    assert aino.send("cast_dot", activity=str(live.activity_id), option="o2") == ""
    assert live.vote()["dots_cast"] == 2
