"""The citizens' jury's activities over real sockets: a facilitator, an in-room phone, a remote
phone, the room screen and, for the hearing, an expert's read-only view through its revocable
link (the helpers of tests/support/live.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from tests.support.live import (
    Live,
    View,
    add_activity,
    for_,
    live_workshop,
    open_all,
    people,
    results_of,
)


@pytest.fixture
def live(app: Starlette, client: TestClient) -> Iterator[Live]:
    with live_workshop(app, client) as running:
        yield running


def expert_token(live: Live) -> str:
    token = live.app.state.piiri.secret_link(live.workshop_id, "expert")
    assert token is not None
    return str(token)


def make_expert_link(live: Live) -> str:
    response = live.facilitator.post(
        f"/facilitator/workshops/{live.workshop_id}/expert-link", follow_redirects=False
    )
    assert response.status_code == 303, response.text
    return expert_token(live)


def closed_with(view: View) -> int:
    with pytest.raises(WebSocketDisconnect) as caught:
        view.wait(lambda v: False, "the socket closed")
    return caught.value.code


# -- hearing questions ---------------------------------------------------------------------------


def test_hearing_questions_are_moderated_upvoted_shown_and_answered(live: Live) -> None:
    console, aino, remote, screen = open_all(live)
    assert console.send("add_proxy_person", name="Matti") == ""
    activity = add_activity(live, "questions", "Library hearing", experts="Mayor\nPlanner")
    act = str(activity)
    token = make_expert_link(live)
    expert = live.open(live.screen_browser, f"/ws/expert/{token}", "expert")
    assert console.send("start_activity", activity=act) == ""
    aino.wait_text("phone-personal", "Your question")
    expert.wait_text("expert-activity", "Library hearing")

    assert aino.send("ask", activity=act, text="Who pays?", expert="e1") == ""
    aino.wait_text("phone-personal", "Waiting for the facilitator")
    notice = remote.send("ask", activity=act, text="Why close the branch?", anonymous="on")
    assert notice == ""
    ids = people(live)
    assert console.send("ask", activity=act, text="Is the bus kept?", **for_(ids["Matti"])) == ""
    console.wait_text("console-activity", "Why close the branch?")
    # Pending questions are nobody's but the facilitator's to see.
    assert "Who pays?" not in remote.text("phone-personal")
    assert "Who pays?" not in expert.text("expert-activity")

    # Refusals: clear, translated, nothing changes.
    assert aino.send("ask", activity=act, text="  ") == "A question needs some text."
    assert aino.send("approve", activity=act, question="1") == "Only the facilitator can do that."
    assert expert.send("approve", activity=act, question="1") == (
        "The expert view only shows; it cannot change anything."
    )
    assert console.send("dismiss", activity=act, question="3", reason="") == (
        "Say why the question is not taken up: its asker sees it."
    )

    assert console.send("approve", activity=act, question="1", text="Who pays for it?") == ""
    assert console.send("approve", activity=act, question="2") == ""
    assert console.send("dismiss", activity=act, question="3", reason="Asked already") == ""
    remote.wait_text("phone-personal", "Who pays for it?")
    assert remote.send("upvote", activity=act, question="1") == ""
    assert remote.send("upvote", activity=act, question="1") == (
        "You have already upvoted this question."
    )
    assert aino.send("upvote", activity=act, question="2") == ""
    assert console.send("upvote", activity=act, question="1", **for_(ids["Matti"])) == ""
    assert console.send("step", activity=act, step=f"queue:{_id(live, activity, 1)}") == ""
    assert console.send("step", activity=act, step=f"queue:{_id(live, activity, 2)}") == ""
    expert.wait_text("expert-activity", "Queue (2)")
    assert console.send("show", activity=act, question="1") == ""
    screen.wait_text("screen-activity", "Who pays for it? ")
    screen.wait_text("screen-activity", "2 upvotes")
    assert "Why close the branch?" in screen.text("screen-activity")  # next up
    aino.wait_text("phone-activity", "Question 1 is on the screen.")
    expert.wait_text("expert-activity", "Who pays for it?")
    aino.wait_text("phone-personal", "On the screen now")

    assert console.send("answer", activity=act, question="1") == ""
    aino.wait_text("phone-personal", "Answered")
    assert console.send("stop_activity") == ""
    # A written answer after the hearing, for the question nobody answered aloud.
    assert console.send("write_answer", activity=act, question="2", text="It is not closed.") == ""
    results = results_of(live, activity)
    by_number = {q["number"]: q for q in results["questions"]}
    assert by_number[1]["status"] == "answered" and by_number[1]["upvotes"] == 2
    assert by_number[2]["written_answer"] == "It is not closed."
    assert by_number[2]["asked_by"] == "" and by_number[2]["anonymous"] is True
    assert by_number[3]["dismissed_because"] == "Asked already"
    assert by_number[3]["asked_by"] == "Matti" and by_number[3]["by_proxy"] is True


def _id(live: Live, activity: int, number: int) -> str:
    state = live.app.state.piiri.service.state(live.workshop_id)
    question = state.activity_state(activity).by_number(number)
    assert question is not None
    return str(question.id)


def test_a_revoked_expert_link_closes_the_expert_view_and_no_longer_opens(live: Live) -> None:
    activity = add_activity(live, "questions", "Hearing")
    console = live.console()
    assert console.send("start_activity", activity=str(activity)) == ""
    token = make_expert_link(live)
    page = live.screen_browser.get(f"/expert/{token}")
    assert page.status_code == 200 and "Hearing" in page.text
    assert page.headers["referrer-policy"] == "no-referrer"
    expert = live.open(live.screen_browser, f"/ws/expert/{token}", "expert")
    expert.wait_text("expert-activity", "Hearing")
    response = live.facilitator.post(
        f"/facilitator/workshops/{live.workshop_id}/expert-link/revoke", follow_redirects=False
    )
    assert response.status_code == 303
    assert closed_with(expert) == 1008
    assert live.screen_browser.get(f"/expert/{token}").status_code == 404
    assert live.app.state.piiri.secret_link(live.workshop_id, "expert") is None
    # Someone else's browser cannot make or revoke the link.
    refused = live.aino.post(
        f"/facilitator/workshops/{live.workshop_id}/expert-link", follow_redirects=False
    )
    assert refused.status_code in (303, 403, 404)
    assert live.app.state.piiri.secret_link(live.workshop_id, "expert") is None


# -- idea wall -----------------------------------------------------------------------------------


def test_idea_wall_ideas_are_posted_grouped_liked_and_the_top_ones_shown(live: Live) -> None:
    console, aino, remote, screen = open_all(live)
    assert console.send("add_proxy_person", name="Matti") == ""
    activity = add_activity(
        live, "idea_wall", "Evenings", prompt="Why come in the evening?", premoderated="on"
    )
    act = str(activity)
    assert console.send("start_activity", activity=act) == ""
    aino.wait_text("phone-activity", "Why come in the evening?")

    assert aino.send("post", activity=act, text="Board games") == ""
    aino.wait_text("phone-personal", "Waiting for the facilitator")
    assert remote.send("post", activity=act, text="Quiet room") == ""
    ids = people(live)
    assert console.send("post", activity=act, text="Author talks", **for_(ids["Matti"])) == ""
    console.wait_text("console-activity", "Author talks")
    assert "Board games" not in screen.text("screen-activity")
    assert aino.send("post", activity=act, text="") == "An idea needs some text."
    assert aino.send("add_theme", activity=act, name="x") == "Only the facilitator can do that."

    for number in ("1", "2", "3"):
        assert console.send("approve", activity=act, idea=number) == ""
    screen.wait_text("screen-activity", "Author talks")
    assert console.send("add_theme", activity=act, name="Events") == ""
    assert console.send("group", activity=act, idea="1", theme="t1") == ""
    assert console.send("group", activity=act, idea="3", theme="t1") == ""
    screen.wait_text("screen-activity", "Events")
    assert remote.send("like", activity=act, idea="3") == ""
    assert remote.send("like", activity=act, idea="3") == "You already like this idea."
    assert aino.send("like", activity=act, idea="3") == ""
    assert console.send("like", activity=act, idea="2", **for_(ids["Matti"])) == ""
    assert console.send("show_view", activity=act, view="top") == ""
    screen.wait_text("screen-activity", "The top ideas")
    aino.wait_text("phone-activity", "The top ideas are on the screen.")
    top = screen.text("screen-activity")
    assert top.index("Author talks") < top.index("Quiet room") < top.index("Board games")
    results = results_of(live, activity)
    assert results["top"] == [3, 2, 1]
    assert {i["text"]: i["theme"] for i in results["ideas"]}["Author talks"] == "Events"


# -- gradients of agreement ----------------------------------------------------------------------


def test_gradients_stances_stay_hidden_until_shown_and_a_new_version_starts_a_round(
    live: Live,
) -> None:
    console, aino, remote, screen = open_all(live)
    assert console.send("add_proxy_person", name="Matti") == ""
    activity = add_activity(live, "gradients", "Recommendation", proposal="Keep it open.")
    act = str(activity)
    assert console.send("start_activity", activity=act) == ""
    aino.wait_text("phone-personal", "Your stance on version 1")
    assert aino.send("take_stance", activity=act, level="8") == (
        "Say why: a reason is needed at 7 and 8."
    )
    assert aino.send("take_stance", activity=act, level="8", reason="Too costly") == ""
    aino.wait_text("phone-personal", "Your stance: 8")
    assert remote.send("take_stance", activity=act, level="1") == ""
    ids = people(live)
    assert console.send("take_stance", activity=act, level="3", **for_(ids["Matti"])) == ""
    screen.wait_text("screen-activity", "3 answered")
    assert "Too costly" not in screen.text("screen-activity")
    assert console.send("reveal", activity=act) == ""
    screen.wait_text("screen-activity", "Too costly")
    aino.wait_text("phone-activity", "The results of version 1 are shown.")
    assert "Aino" not in screen.text("screen-activity")
    assert console.send("new_version", activity=act, text="Keep it open; review in 2028.") == ""
    aino.wait_text("phone-personal", "Your stance on version 2")
    screen.wait_text("screen-activity", "0 answered")
    assert aino.send("take_stance", activity=act, level="2") == ""
    results = results_of(live, activity)
    first, second = results["versions"]
    assert first["distribution"]["8"] == 1 and first["answered"] == 3
    assert second["distribution"]["2"] == 1 and second["answered"] == 1
