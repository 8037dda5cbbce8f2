"""Hearing questions, decided and folded without I/O: every transition and every refusal; one
upvote per person per question; an anonymous asker absent from every view and export."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from piiri.activities.questions.kind import QuestionsKind
from piiri.activities.questions.model import Hearing
from piiri.domain.results import results_document, results_rows
from piiri.domain.vocabulary import Actor, Context, DomainError, Person
from tests.support.kind_views import views, workshop

KIND = QuestionsKind()
NOW = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
PEOPLE: Mapping[int, Person] = {
    1: Person(1, "Aino", in_room=True, by_proxy=False),
    2: Person(2, "Salainen Kysyjä", in_room=False, by_proxy=False),
    3: Person(3, "Pekka", in_room=True, by_proxy=True),
}
FACILITATOR = Actor("facilitator", facilitator_id=1)
ids = iter(range(1, 10_000))


def context(current: bool = True) -> Context:
    return Context(now=NOW, new_id=f"n{next(ids)}", people=PEOPLE, is_current=current)


def hearing(**config: str) -> Hearing:
    return KIND.initial(KIND.parse_config({"experts": "Mayor\nPlanner", **config}))


def send(state: Hearing, actor: Actor, name: str, **values: Any) -> Hearing:
    command = KIND.parse_command(name, values, actor)
    for event in KIND.decide(state, command, context()):
        state = KIND.evolve(state, event)
    return state


def refused(state: Hearing, actor: Actor, name: str, message: str, **values: Any) -> None:
    with pytest.raises(DomainError) as error:
        KIND.decide(state, KIND.parse_command(name, values, actor), context())
    assert str(error.value) == message


def aino() -> Actor:
    return Actor("participant", participant_id=1)


def secret() -> Actor:
    return Actor("participant", participant_id=2)


def asked(state: Hearing | None = None, **values: Any) -> Hearing:
    state = state or hearing()
    return send(state, aino(), "ask", text="Who pays for the library?", **values)


def test_a_question_goes_pending_approved_queued_on_screen_answered() -> None:
    state = asked(expert="e1")
    (q,) = state.questions.values()
    assert (q.number, q.status, q.author, q.expert, q.anonymous) == (1, "pending", 1, "e1", False)
    assert state.listed == []
    for command, status in (
        ("approve", "approved"),
        ("queue", "queued"),
        ("show", "on_screen"),
        ("answer", "answered"),
    ):
        state = send(state, FACILITATOR, command, question=q.id)
        assert state.questions[q.id].status == status, command
    assert state.on_screen == "" and state.queue == ()
    # Marking answered keeps it for the record.
    assert KIND.export(state, PEOPLE).data["questions"][0]["status"] == "answered"


def test_an_unmoderated_hearing_lists_questions_at_once() -> None:
    state = asked(hearing(list_at_once="on"))
    assert [q.status for q in state.questions.values()] == ["approved"]


def test_moderation_steps_out_of_order_are_refused() -> None:
    state = asked()
    q = next(iter(state.questions))
    refused(state, FACILITATOR, "queue", "Only an approved question can be queued.", question=q)
    refused(
        state,
        FACILITATOR,
        "show",
        "Only an approved or queued question can go on the screen.",
        question=q,
    )
    refused(
        state,
        FACILITATOR,
        "answer",
        "Only a question in the hearing can be marked answered.",
        question=q,
    )
    state = send(state, FACILITATOR, "approve", question=q)
    refused(
        state,
        FACILITATOR,
        "approve",
        "Only a question waiting for moderation can be approved.",
        question=q,
    )
    refused(state, FACILITATOR, "approve", "That question is not in this hearing.", question="nope")
    refused(state, aino(), "approve", "Only the facilitator can do that.", question=q)
    with pytest.raises(DomainError):
        KIND.parse_command("approve", {"question": q}, Actor("screen"))


def test_the_facilitator_edits_before_approving_and_the_edit_is_kept() -> None:
    state = asked()
    q = next(iter(state.questions))
    state = send(
        state, FACILITATOR, "approve", question=q, text="Who pays for the library in 2027?"
    )
    question = state.questions[q]
    assert (question.text, question.edited, question.status) == (
        "Who pays for the library in 2027?",
        True,
        "approved",
    )
    state = send(state, FACILITATOR, "edit", question=q, text="Who pays?")
    assert state.questions[q].text == "Who pays?"
    refused(state, FACILITATOR, "edit", "A question needs some text.", question=q, text="  ")
    state = send(state, FACILITATOR, "show", question=q)
    refused(
        state,
        FACILITATOR,
        "edit",
        "Only a question not yet on the screen can be edited.",
        question=q,
        text="x",
    )


def test_a_dismissal_needs_a_reason_that_the_asker_sees() -> None:
    state = asked()
    q = next(iter(state.questions))
    refused(
        state,
        FACILITATOR,
        "dismiss",
        "Say why the question is not taken up: its asker sees it.",
        question=q,
        reason=" ",
    )
    state = send(state, FACILITATOR, "dismiss", question="1", reason="Not for this hearing")
    assert (state.questions[q].status, state.questions[q].reason) == (
        "dismissed",
        "Not for this hearing",
    )
    refused(
        state,
        FACILITATOR,
        "dismiss",
        "That question has already been dealt with.",
        question=q,
        reason="again",
    )
    shared = workshop(KIND, {}, state)
    seen = views(shared, "en")
    assert "Not taken up: Not for this hearing" in seen["phone_personal 1"]
    assert "Not for this hearing" not in seen["phone_personal 2"]


def test_merging_a_duplicate_carries_its_upvotes_without_counting_anyone_twice() -> None:
    state = hearing(list_at_once="on")
    state = asked(state)
    state = send(state, secret(), "ask", text="Who funds the library?")
    first, second = list(state.questions)
    state = send(state, aino(), "upvote", question=first)
    state = send(state, aino(), "upvote", question=second)
    state = send(state, secret(), "upvote", question=second)
    refused(
        state,
        FACILITATOR,
        "merge",
        "A question cannot be merged into itself.",
        question=first,
        into=first,
    )
    state = send(state, FACILITATOR, "merge", question=second, into=first)
    assert state.questions[second].status == "merged"
    assert state.votes_for(first) == 2 and state.voted_by(1) == {first}
    assert state.voted_by(2) == {first}
    refused(
        state,
        FACILITATOR,
        "merge",
        "Merge into a question that is still in the hearing.",
        question=first,
        into=second,
    )
    seen = views(workshop(KIND, {}, state), "en")
    assert "Merged with question 1" in seen["phone_personal 2"]


def test_one_upvote_per_person_per_question_and_it_can_be_taken_back() -> None:
    state = asked(hearing(list_at_once="on"))
    q = next(iter(state.questions))
    state = send(state, aino(), "upvote", question=q)
    refused(state, aino(), "upvote", "You have already upvoted this question.", question=q)
    assert state.votes_for(q) == 1
    state = send(state, aino(), "take_back_vote", question=q)
    refused(state, aino(), "take_back_vote", "You have not upvoted this question.", question=q)
    assert state.votes_for(q) == 0 and state.voted_by(1) == frozenset()
    # For a person without a phone, by the facilitator; not for someone with a phone.
    state = send(state, FACILITATOR, "upvote", question=q, **{"for": "3"})
    assert state.proxy_votes == 1 and state.votes_for(q) == 1
    refused(
        state,
        FACILITATOR,
        "upvote",
        "That person has a phone of their own; you can vote only for people without one.",
        question=q,
        **{"for": "1"},
    )
    with pytest.raises(DomainError) as stopped:
        KIND.decide(state, KIND.parse_command("upvote", {"question": q}, secret()), context(False))
    assert stopped.value.message == "This activity is not running right now."


def test_only_listed_questions_can_be_upvoted() -> None:
    state = asked()
    q = next(iter(state.questions))
    refused(
        state, aino(), "upvote", "Only questions listed for everyone can be upvoted.", question=q
    )


def test_asking_refuses_bad_input() -> None:
    state = hearing(names_required="on")
    refused(state, aino(), "ask", "A question needs some text.", text="   ")
    refused(state, aino(), "ask", "A question can be at most 300 characters long.", text="x" * 301)
    refused(state, aino(), "ask", "That expert is not in this hearing.", text="Hi?", expert="e9")
    refused(
        state,
        aino(),
        "ask",
        "Questions in this hearing are asked with a name.",
        text="Hi?",
        anonymous="on",
    )
    refused(
        state,
        FACILITATOR,
        "ask",
        "That person has a phone of their own; they send their own questions.",
        text="Hi?",
        **{"for": "1"},
    )
    by_proxy = send(state, FACILITATOR, "ask", text="Is the bus kept?", **{"for": "3"})
    (q,) = by_proxy.questions.values()
    assert (q.author, q.proxy) == (3, True)


def test_the_queue_sorts_by_votes_or_by_hand() -> None:
    state = hearing(list_at_once="on")
    for text in ("One?", "Two?", "Three?"):
        state = send(state, aino(), "ask", text=text)
    one, two, three = list(state.questions)
    for q in (one, two, three):
        state = send(state, FACILITATOR, "queue", question=q)
    state = send(state, secret(), "upvote", question=three)
    assert [q.text for q in state.queued] == ["Three?", "One?", "Two?"]
    # Moving by hand starts from the order shown and keeps it from then on.
    state = send(state, FACILITATOR, "move_down", question=three)
    assert state.sort == "manual"
    assert [q.text for q in state.queued] == ["One?", "Three?", "Two?"]
    state = send(state, FACILITATOR, "move_up", question="1")
    assert send(state, FACILITATOR, "move_up", question=one) == state  # already first
    state = send(state, FACILITATOR, "sort_queue", sort="votes")
    assert next(q.text for q in state.queued) == "Three?"
    refused(state, FACILITATOR, "sort_queue", "Sort the queue by votes or by hand.", sort="x")
    state = send(state, FACILITATOR, "answer", question=two)
    refused(
        state,
        FACILITATOR,
        "move_up",
        "Only a queued question can be moved in the queue.",
        question=two,
    )


def test_the_screen_shows_one_question_and_the_next_few() -> None:
    state = hearing(list_at_once="on")
    for text in ("One?", "Two?", "Three?", "Four?", "Five?"):
        state = send(state, aino(), "ask", text=text)
    ids = list(state.questions)
    for q in ids:
        state = send(state, FACILITATOR, "queue", question=q)
    state = send(state, FACILITATOR, "show", question=ids[2])
    assert state.current is not None and state.current.text == "Three?"
    assert [q.text for q in state.next_up] == ["One?", "Two?", "Four?"]
    # Another question on the screen: the one there goes back to the head of the queue.
    state = send(state, FACILITATOR, "show", question=ids[4])
    assert state.questions[ids[2]].status == "queued"
    assert next(q.text for q in state.next_up) == "Three?"
    state = send(state, FACILITATOR, "clear_screen")
    assert state.current is None and state.questions[ids[4]].status == "queued"
    assert send(state, FACILITATOR, "clear_screen") == state


def test_unanswered_questions_get_written_answers_later_and_the_report_shows_them() -> None:
    state = asked(hearing(list_at_once="on"))
    q = next(iter(state.questions))
    assert [x.id for x in state.unanswered] == [q]
    # After the activity has stopped, too: written answers are the facilitator's.
    command = KIND.parse_command("write_answer", {"question": "1", "text": "In June."}, FACILITATOR)
    for event in KIND.decide(state, command, context(current=False)):
        state = KIND.evolve(state, event)
    assert state.questions[q].answer == "In June."
    refused(state, FACILITATOR, "write_answer", "An answer needs some text.", question=q, text="")
    seen = views(workshop(KIND, {}, state), "en")
    assert "In June." in seen["report"]
    assert KIND.export(state, PEOPLE).tables[0].rows[0][7] == "In June."
    dismissed = send(state, FACILITATOR, "dismiss", question=q, reason="Off topic")
    refused(
        dismissed,
        FACILITATOR,
        "write_answer",
        "Only a question in the hearing can get an answer.",
        question=q,
        text="x",
    )


def test_an_anonymous_asker_is_absent_from_every_view_and_export() -> None:
    state = hearing(list_at_once="on")
    state = send(state, secret(), "ask", text="Why was the branch closed?", anonymous="on")
    q = next(iter(state.questions))
    state = send(state, aino(), "upvote", question=q)
    for step in ("queue", "show"):
        state = send(state, FACILITATOR, step, question=q)
    shared = workshop(KIND, KIND.parse_config({"experts": "Mayor"}), state)
    people = {**shared.people, 2: Person(2, "Salainen Kysyjä", in_room=False, by_proxy=False)}
    shared = replace(shared, people=people)
    for language in ("en", "fi", "sv"):
        for role, html in views(shared, language).items():
            assert "Why was the branch closed?" in html or role.startswith("phone_personal")
            assert "Salainen" not in html, (language, role)
    exported_document = results_document(shared, exported_at=NOW)
    # The export lists who took part (to resolve ids), never who asked an anonymous question:
    # outside that list the name is nowhere, and no question carries the asker's id.
    people_list = exported_document.pop("people")
    assert [p["name"] for p in people_list if p["id"] == 2] == ["Salainen Kysyjä"]
    document = json.dumps(exported_document, ensure_ascii=False)
    assert "Salainen" not in document and "Why was the branch closed?" in document
    assert '"author"' not in document
    (question,) = exported_document["activities"][0]["results"]["questions"]
    assert 2 not in question.values()
    rows = json.dumps(results_rows(shared), ensure_ascii=False)
    assert "Salainen" not in rows
    exported = KIND.export(state, people).data["questions"][0]
    assert exported["asked_by"] == "" and exported["anonymous"] is True
    # A named question shows its asker.
    named = send(state, aino(), "ask", text="And the bus?")
    assert KIND.export(named, people).data["questions"][1]["asked_by"] == "Aino"


def test_the_consoles_list_buttons_name_their_step_and_question_in_one_field() -> None:
    state = asked(hearing(list_at_once="on"))
    q = next(iter(state.questions))
    state = send(state, FACILITATOR, "step", step=f"queue:{q}")
    assert state.questions[q].status == "queued"
    refused(state, FACILITATOR, "step", "That action is not available here.", step=f"dismiss:{q}")
    refused(state, aino(), "step", "Only the facilitator can do that.", step=f"show:{q}")


def test_a_queued_question_can_be_taken_back_out_of_the_queue() -> None:
    state = send(asked(), FACILITATOR, "approve", question="1")
    refused(
        state,
        FACILITATOR,
        "unqueue",
        "Only a queued question can be taken out of the queue.",
        question="1",
    )
    state = send(state, FACILITATOR, "queue", question="1")
    q = next(iter(state.questions))
    # The console's queue sends it as one field, like its other buttons.
    state = send(state, FACILITATOR, "step", step=f"unqueue:{q}")
    assert (state.questions[q].status, state.queue) == ("approved", ())
    assert [x.id for x in state.listed] == [q]  # still listed: people may upvote it
    refused(state, aino(), "unqueue", "Only the facilitator can do that.", question=q)
    seen = views(workshop(KIND, {}, state), "en")
    assert "Queue (0)" in seen["console"] and "Listed, not queued (1)" in seen["console"]


def test_an_asker_withdraws_their_own_question_and_nobody_else_can() -> None:
    state = asked()
    state = send(state, secret(), "ask", text="Why close the branch?")
    mine = next(iter(state.questions))
    refused(
        state,
        secret(),
        "withdraw_question",
        "Only the person who asked can withdraw a question.",
        question=mine,
    )
    refused(
        state,
        FACILITATOR,
        "withdraw_question",
        "Only the person who asked can withdraw a question.",
        question=mine,
    )
    for step in ("approve", "queue", "show"):
        state = send(state, FACILITATOR, step, question=mine)
    state = send(state, aino(), "withdraw_question", question=mine)
    assert state.questions[mine].status == "withdrawn"
    assert (state.on_screen, state.queue, state.listed) == ("", (), [])
    refused(
        state,
        aino(),
        "withdraw_question",
        "That question has already been dealt with.",
        question=mine,
    )
    refused(
        state, aino(), "upvote", "Only questions listed for everyone can be upvoted.", question=mine
    )
    # The asker sees what became of it; it leaves the record (export and report).
    seen = views(workshop(KIND, {}, state), "en")
    assert "You withdrew it" in seen["phone_personal 1"]
    assert "Who pays for the library?" not in seen["screen"] + seen["report"]
    numbers = [q["number"] for q in KIND.export(state, PEOPLE).data["questions"]]
    assert numbers == [2]


def test_a_person_without_a_phone_cannot_be_withdrawn_for_by_someone_else() -> None:
    state = send(hearing(), FACILITATOR, "ask", text="Is the bus kept?", **{"for": "3"})
    q = next(iter(state.questions))
    pekka = Actor("participant", participant_id=3)
    refused(
        state,
        pekka,
        "withdraw_question",
        "Only the person who asked can withdraw a question.",
        question=q,
    )


def test_the_phone_offers_withdrawing_a_live_question_only() -> None:
    state = asked()
    q = next(iter(state.questions))
    phone = views(workshop(KIND, {}, state), "en")["phone_personal 1"]
    assert 'value="withdraw_question"' in phone and f'aria-describedby="q-mine-text-{q}"' in phone
    state = send(state, FACILITATOR, "dismiss", question=q, reason="Off topic")
    phone = views(workshop(KIND, {}, state), "en")["phone_personal 1"]
    assert 'value="withdraw_question"' not in phone
