"""A participatory budget over real sockets: the facilitator imports the projects from a file,
a phone in the room and a remote phone cast ballots, the facilitator enters a paper ballot and
one for a person without a phone, closes the vote and reveals the winners on the room screen;
the .pb download recomputes to the same outcome. A bad file is refused with a translated
message and nothing stored."""

from __future__ import annotations

import contextlib
import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.testclient import TestClient

from piiri.activities.participatory_budget.pabulib import read_pb
from tests.support.live import Live, View, activity_ids, companion, event_count
from tests.support.processes import piiri_pb
from tests.support.workshop import (
    facilitator_account,
    join,
    log_in,
    new_workshop,
    screen_token,
    workshop_row,
)

PROJECTS_CSV = (
    "name;cost;description\n"
    "Playground;400;By the school\n"
    "Skate park;300;Beside the field\n"
    "Library hours;200;Open till eight\n"
    "Bike racks;250;At the station\n"
    "Benches;150;Along the shore\n"
    "Repair café;100;Once a month\n"
)
TITLE = "Lähiöbudjetti"


def add_budget(client: TestClient, workshop_id: int, projects_file: str, **values: str) -> str:
    """Add a participatory budget through the console's form, its projects as an uploaded
    file; the HTML of the page answered."""
    data = {"kind": "participatory_budget", "title": TITLE, "ballot": "approval", **values}
    response = client.post(
        f"/facilitator/workshops/{workshop_id}/activities",
        data=data,
        files={"projects_file": ("hankkeet.csv", projects_file.encode("cp1252"), "text/csv")},
    )
    return response.text


@contextlib.contextmanager
def live_budget(app: Starlette, client: TestClient) -> Iterator[Live]:
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client)
    add_budget(client, workshop_id, PROJECTS_CSV, budget="1000")
    row = workshop_row(app, workshop_id)
    (activity_id,) = activity_ids(app, workshop_id)
    with contextlib.ExitStack() as stack:
        aino, remote, screen = (
            stack.enter_context(contextlib.closing(companion(client))) for _ in range(3)
        )
        join(aino, row.code, name="Aino", presence="room")
        join(remote, row.code, name="", presence="remote")
        live = Live(
            app=app,
            facilitator=client,
            aino=aino,
            remote=remote,
            screen_browser=screen,
            workshop_id=workshop_id,
            code=row.code,
            screen_token=screen_token(app, workshop_id),
            activity_id=activity_id,
            stack=contextlib.ExitStack(),
        )
        with live.stack:
            yield live


def project_ids(view: View) -> list[str]:
    found = re.findall(r'data-project="([^"]+)"', view.html("phone-personal"))
    return [html.unescape(i) for i in found]


def test_ballots_from_phones_the_room_and_paper_reach_every_screen(
    app: Starlette, client: TestClient, tmp_path: Path
) -> None:
    with live_budget(app, client) as live:
        console, screen = live.console(), live.screen()
        aino, remote = live.phone(live.aino, "Aino's phone"), live.phone(live.remote, "remote")
        activity = str(live.activity_id)
        assert console.send("start_activity", activity=activity) == ""
        for phone in (aino, remote):
            phone.wait_text("phone-personal", "The vote has not opened yet.")
        assert console.send("open_vote", activity=activity) == ""
        for phone in (aino, remote):
            phone.wait_text("phone-personal", "You have chosen 0 of at most 6 projects.")
        # Each phone has its own order of the same projects.
        assert sorted(project_ids(aino)) == sorted(project_ids(remote)) == list("123456")
        assert project_ids(aino) != project_ids(remote)

        for project in ("1", "2", "3"):
            assert aino.send("choose", activity=activity, project=project, on="1") == ""
        aino.wait_text("phone-personal", "You have chosen 3 of at most 6 projects.")
        assert aino.send("review", activity=activity) == ""
        aino.wait_text("phone-personal", "Check your ballot")
        assert aino.send("confirm", activity=activity) == ""
        aino.wait_text("phone-personal", "Your ballot is in.")
        for project in ("4", "5", "6"):
            assert remote.send("choose", activity=activity, project=project, on="1") == ""
        assert remote.send("review", activity=activity) == ""
        assert remote.send("confirm", activity=activity) == ""
        remote.wait_text("phone-personal", "Your ballot is in.")
        # A phone cannot enter a paper ballot, nor change its ballot without asking to.
        said = aino.send("choose", activity=activity, project="4", on="1")
        assert said == "Choose “Change my ballot” first."

        # The facilitator: a paper ballot, and a ballot for Matti, who has no phone.
        assert console.send("add_proxy_person", name="Matti") == ""
        console.wait_text("console-activity", "Matti (no phone)")
        matti = re.search(r'<option value="(\d+)">Matti', console.html("console-activity"))
        assert matti
        paper = {"choose-4": "on", "choose-5": "on", "choose-6": "on", "reference": "Kirjasto 1"}
        assert console.send("enter_ballot", activity=activity, **{"for": "paper"}, **paper) == ""
        proxy = {"for": matti.group(1), "choose-1": "on", "choose-2": "on", "choose-3": "on"}
        assert console.send("enter_ballot", activity=activity, **proxy) == ""
        console.wait(
            lambda v: 'data-count="pb-ballots">4<' in v.html("console-activity"), "4 ballots"
        )
        counts = console.html("console-activity")
        for channel, count in (("room", 2), ("remote", 1), ("paper", 1), ("proxy", 1)):
            assert f'data-count="pb-{channel}">{count}<' in counts, channel
        screen.wait(lambda v: 'data-count="ballots">4<' in v.html("screen-counts"), "4 ballots")
        screen.wait(lambda v: 'data-count="pb-paper">1<' in v.html("screen-activity"), "paper")

        assert console.send("close_vote", activity=activity) == ""
        for phone in (aino, remote):
            phone.wait_text("phone-personal", "The vote has closed.")
        screen.wait_text("screen-activity", "The outcome is revealed soon.")
        assert console.send("reveal_next", activity=activity) == ""
        screen.wait_text("screen-activity", "Funded, number 1")
        shown = screen.text("screen-activity").replace("\xa0", " ")
        # Two of four voters back each project; the cheapest costs its two supporters least.
        # The latest winner large, its cost on the line above its name.
        assert "Funded, number 1 · 100 € Repair café" in shown
        assert "Round 1: its 2 supporters paid 2 × 50 €." in shown
        assert console.send("reveal_all", activity=activity) == ""
        screen.wait_text("screen-activity", "Each voter's share was raised")
        aino.wait_text("phone-activity", "The outcome")

        download = client.get(
            f"/facilitator/workshops/{live.workshop_id}/activities/{activity}/files/ballots.pb"
        )
        assert download.status_code == 200
        assert "attachment" in download.headers["content-disposition"]
        seed = re.search(r"the lot's seed is (\d+)", download.text)
        assert seed
        path = tmp_path / "ballots.pb"
        path.write_bytes(download.content)
        recomputed = piiri_pb(str(path), "--seed", seed.group(1))
        assert recomputed.returncode == 0, recomputed.stderr
        results = live.results()["activities"][0]["results"]
        assert json.loads(recomputed.stdout) == results["selected"]
        methods = [b.voting_method for b in read_pb(download.text).ballots]
        assert sorted(methods) == ["internet", "internet", "internet", "paper"]
        missing = client.get(
            f"/facilitator/workshops/{live.workshop_id}/activities/{activity}/files/nothing.pb"
        )
        assert missing.status_code == 404


def test_a_bad_projects_file_is_refused_in_the_workshops_language_and_nothing_stored(
    app: Starlette, client: TestClient
) -> None:
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client, language="fi")
    before = event_count(app, workshop_id)
    page = add_budget(client, workshop_id, "nimi;hinta\nPenkit;-600\nKahvila;100\n", budget="1000")
    error = re.search(r'id="form-error">([^<]*)<', page)
    assert error, page[:500]
    assert html.unescape(error.group(1)).startswith("Rivi 2: ")
    assert "-600" in html.unescape(error.group(1))
    page = add_budget(client, workshop_id, "nimi;hinta\nPenkit;100\nPenkit2;100\n", budget="x")
    assert "Budjetin on oltava kokonaisluku" in html.unescape(page)
    assert event_count(app, workshop_id) == before
    assert activity_ids(app, workshop_id) == []
