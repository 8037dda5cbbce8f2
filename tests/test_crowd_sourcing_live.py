"""25/10 over real sockets: four phones (in the room and remote) and a person without a phone
(the facilitator writes and scores for them) write their ideas, score the cards they are dealt
for three rounds, and the room screen counts the top down; the totals in the download are
those of the scores the phones sent (tests/support/live.py)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from tests.support.live import (
    Live,
    View,
    add_activity,
    companion,
    for_,
    live_workshop,
    open_all,
    people,
    results_of,
    text_of,
)
from tests.support.workshop import join


@pytest.fixture
def live(app: Starlette, client: TestClient) -> Iterator[Live]:
    with live_workshop(app, client) as running:
        yield running


# Every reader gives an idea the same score, by whose it is, so the totals are known before the
# deal: five ideas, three rounds, each idea scored three times (never by its writer).
SCORE_FOR = {"Aino": 5, "remote": 4, "Bertta": 3, "Celia": 2, "Matti": 1}
ROUNDS = 3


def idea_text(name: str) -> str:
    return f"{name}: a bold idea"


def card_of(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</', html, re.S)
    assert match, f"no #{element_id} in {text_of(html)[:300]}"
    return text_of(match.group(1))


def author_of(text: str) -> str:
    return text.split(":", 1)[0]


def test_phones_write_score_in_rounds_and_the_screen_counts_the_top_down(live: Live) -> None:
    console, aino, remote, screen = open_all(live)
    with contextlib.ExitStack() as browsers:
        others = {}
        for name, presence in (("Bertta", "remote"), ("Celia", "room")):
            browser = browsers.enter_context(contextlib.closing(companion(live.facilitator)))
            join(browser, live.code, name=name, presence=presence)
            others[name] = live.phone(browser, f"{name}'s phone")
        phones: dict[str, View] = {"Aino": aino, "remote": remote, **others}
        assert console.send("add_proxy_person", name="Matti") == ""
        ids = people(live)
        activity = add_activity(
            live, "crowd_sourcing", "25/10", prompt="Our boldest step?", rounds=str(ROUNDS)
        )
        act = str(activity)
        assert console.send("start_activity", activity=act) == ""
        screen.wait_text("screen-activity", "Our boldest step?")

        # Writing: one idea each, which may change until the scoring starts.
        for name, phone in phones.items():
            phone.wait_text("phone-personal", "Your bold idea")
            assert phone.send("write", activity=act, text="first draft") == ""
            phone.wait_text("phone-personal", "Your idea is saved.")
            assert phone.send("write", activity=act, text=idea_text(name)) == ""
        matti = for_(ids["Matti"])
        assert console.send("write", activity=act, text=idea_text("Matti"), **matti) == ""
        screen.wait_text("screen-activity", "5 ideas written")
        console.wait_text("console-activity", idea_text("Matti"))
        assert "first draft" not in console.text("console-activity")
        assert aino.send("start_scoring", activity=act) == "Only the facilitator can do that."
        assert console.send("start_scoring", activity=act) == ""
        assert aino.send("write", activity=act, text="too late") == (
            "The scoring has started: ideas can no longer change."
        )

        # The rounds: each phone gets another person's idea, never the same twice.
        read: dict[str, list[str]] = {name: [] for name in [*phones, "Matti"]}
        for number in range(1, ROUNDS + 1):
            heading = f"Round {number} of {ROUNDS}: the idea for you"
            for name, phone in phones.items():
                phone.wait_text("phone-personal", heading)
                author = author_of(card_of(phone.html("phone-personal"), "cs-card-idea"))
                read[name].append(author)
                score = SCORE_FOR[author]
                values = {"activity": act, "round": str(number)}
                assert phone.send("score", score=str(score), **values) == ""
                phone.wait_text("phone-personal", f"Your score {score} was received.")
                assert phone.send("score", score="1", **values) == (
                    "This idea has its score from you already; a score is final."
                )
            console.wait_text("console-activity", f"Scoring: round {number} of {ROUNDS}.")
            proxy_card = card_of(console.html("console-activity"), f"cs-proxy-{ids['Matti']}-idea")
            author = author_of(proxy_card)
            read["Matti"].append(author)
            assert (
                console.send(
                    "score", activity=act, round=str(number), score=str(SCORE_FOR[author]), **matti
                )
                == ""
            )
            screen.wait_text("screen-activity", f"Round {number} of {ROUNDS}")
            screen.wait_text("screen-activity", "5 of 5 scored")
            if number < ROUNDS:
                assert console.send("next_round", activity=act) == ""
        for name, authors in read.items():
            assert name not in authors, (name, authors)
            assert len(set(authors)) == ROUNDS, (name, authors)
        assert aino.send("score", activity=act, round="1", score="3") == (
            "That round is over: score the idea of this round."
        )
        console.wait_text("console-activity", "Scores per round")
        assert console.send("finish_scoring", activity=act) == ""
        screen.wait_text("screen-activity", "The scoring is over.")
        screen.wait_text("screen-activity", "15 scores given")

        # The countdown: from the last place to the first, each with its total and scores.
        expected = sorted(SCORE_FOR, key=lambda name: -SCORE_FOR[name])
        for count in range(1, 6):
            place = 6 - count
            assert console.send("reveal_next", activity=act) == ""
            screen.wait_text("screen-activity", f"Number {place}")
            name = expected[place - 1]
            total = SCORE_FOR[name] * ROUNDS
            screen.wait_text("screen-activity", idea_text(name))
            screen.wait_text("screen-activity", f"{total} points from 3 scores")
        # The first place large, the places after it listed below it, in order.
        board = screen.text("screen-activity")
        places = [board.index(idea_text(name)) for name in expected]
        assert places == sorted(places), board
        aino.wait_text("phone-activity", "1. Aino: a bold idea 15 points from 3 scores")
        assert "5. Matti: a bold idea 3 points from 3 scores" in aino.text("phone-activity")
        aino.wait_text("phone-personal", "Your idea is number 1, with 15 points from 3 scores.")
        remote.wait_text("phone-personal", "Your idea is number 2, with 12 points from 3 scores.")

        results = results_of(live, activity)
        totals = {
            author_of(i["text"]): (i["total"], i["scores"], i["rank"]) for i in results["ideas"]
        }
        assert totals == {
            name: (SCORE_FOR[name] * ROUNDS, ROUNDS, expected.index(name) + 1) for name in SCORE_FOR
        }
        assert len(results["scores"]) == 15
        assert sum(1 for s in results["scores"] if s["by_proxy"]) == ROUNDS
        assert results["progress"] == [
            {"round": n, "scored": 5, "dealt": 5} for n in range(1, ROUNDS + 1)
        ]
