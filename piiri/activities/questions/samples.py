"""How a hearing shows itself: the demo's hearing, a sample run, the largest hearing its
configuration allows, and the commands that carry typed text."""

from __future__ import annotations

from collections.abc import Mapping

from piiri.activities.contract import ActivityKind, DemoActivity, Run, TextCommand
from piiri.activities.questions.commands import Command
from piiri.activities.questions.model import (
    MAX_EXPERT_LENGTH,
    MAX_EXPERTS,
    MAX_QUESTION_LENGTH,
    MAX_QUESTIONS,
    AnswerWritten,
    Event,
    Hearing,
    QuestionAnswered,
    QuestionApproved,
    QuestionAsked,
    QuestionDismissed,
    QuestionEdited,
    QuestionQueued,
    QuestionShown,
    QuestionsMerged,
    QuestionUnqueued,
    QuestionUpvoted,
    QuestionWithdrawn,
    QueueReordered,
    QueueSortedByVotes,
    ScreenCleared,
    UpvoteWithdrawn,
)
from piiri.domain.vocabulary import Actor, Person

Kind = ActivityKind[Hearing, Command, Event]

FACILITATOR = Actor("facilitator", facilitator_id=1)

DEMO = {
    "en": ("Questions for the experts", "Head of the library\nUrban planner"),
    "fi": ("Kysymykset asiantuntijoille", "Kirjastotoimenjohtaja\nKaavoittaja"),
    "sv": ("Frågor till experterna", "Bibliotekschef\nPlanläggare"),
}
QUESTIONS = (
    "How will the library be funded after 2027?",
    "Can the reading room stay open in the evenings?",
    "Who decides which branch closes first?",
    "What do the new opening hours cost?",
    "Will the bus line to the library be kept?",
    "How were residents heard before this plan?",
)
# Long Finnish compounds, so the largest texts also test how a word too long for a line breaks.
LONG = "Kirjastoverkkoselvityksenjatkovalmistelusuunnitelma ja lähipalvelurakenneuudistus "


def demo(language: str) -> DemoActivity:
    """A hearing with two experts: fifth on the demo's agenda."""
    title, experts = DEMO.get(language, DEMO["en"])
    return DemoActivity(title=title, values={"experts": experts, "sort": "votes"}, position=5)


def _here(people: Mapping[int, Person]) -> list[Person]:
    return [p for p in sorted(people.values(), key=lambda p: p.id) if p.present]


def text_commands(people: Mapping[int, Person]) -> tuple[TextCommand, ...]:
    """A question from the sample's first person; the facilitator's edit, dismissal reason
    and written answer to the sample's listed question 2."""
    commands = [
        TextCommand("edit", ("text",), FACILITATOR, {"question": "q2"}),
        TextCommand("dismiss", ("reason",), FACILITATOR, {"question": "q2"}),
        TextCommand("write_answer", ("text",), FACILITATOR, {"question": "q2"}),
    ]
    here = _here(people)
    if here and not here[0].by_proxy:
        commands.append(TextCommand("ask", ("text",), Actor("participant", here[0].id)))
    return tuple(commands)


def _asked(number: int, text: str, person: Person | None, expert: str = "") -> QuestionAsked:
    return QuestionAsked(
        question_id=f"q{number}",
        number=number,
        text=text,
        author=person.id if person else None,
        anonymous=number % 3 == 0,
        expert=expert,
        proxy=bool(person and person.by_proxy),
        approved=False,
    )


def sample(kind: Kind, people: Mapping[int, Person]) -> Run[Event]:
    """Everyone present asks (every third anonymously, by proxy for those without a phone); the
    facilitator approves, queues, edits, shows one, answers one, dismisses one, merges one and
    writes an answer; everyone upvotes, one takes a vote back."""
    config = kind.parse_config({"experts": DEMO["en"][1], "sort": "votes"})
    here = _here(people)
    asking: list[Person | None] = [*here[:200]] or [None]
    events: list[Event] = []
    for index, person in enumerate(asking):
        number = index + 1
        text = QUESTIONS[index % len(QUESTIONS)]
        events.append(_asked(number, text, person, expert=("e1", "", "e2")[index % 3]))
    count = len(asking)
    ids = [f"q{n}" for n in range(1, count + 1)]
    # q1 on the screen and answered, q2 listed; the rest queued, the last two dismissed/merged.
    for question_id in ids:
        events.append(QuestionApproved(question_id))
    events.append(QuestionEdited("q2", "How will the library be funded after 2027 and 2028?"))
    for question_id in ids[2:]:
        events.append(QuestionQueued(question_id))
    events += [QuestionShown("q1")]
    for index, person in enumerate(here):
        for question_id in dict.fromkeys((ids[index % count], "q2")):
            events.append(QuestionUpvoted(question_id, person.id, person.by_proxy))
    if here:
        first = here[0]
        events.append(UpvoteWithdrawn("q2", first.id, first.by_proxy))
        events.append(QuestionUpvoted("q2", first.id, first.by_proxy))
    events.append(QuestionAnswered("q1"))
    if count >= 4:
        events.append(QueueReordered(list(reversed(ids[2:]))))
        events.append(QuestionShown(ids[-1]))
        events.append(QuestionDismissed(ids[-2], "Outside what this hearing can decide"))
        events.append(QueueSortedByVotes())
    events.append(AnswerWritten("q1", "The council decides the budget in June."))
    return Run(config, tuple(events))


def largest(kind: Kind, people: Mapping[int, Person]) -> Run[Event]:
    """As many experts and questions as allowed, each as long as allowed, in every status at
    once (withdrawn and taken out of the queue too); everyone upvotes; the longest question
    is on the screen."""
    experts = [(f"{n}. {LONG * 2}")[:MAX_EXPERT_LENGTH].strip() for n in range(1, MAX_EXPERTS + 1)]
    config = kind.parse_config({"experts": "\n".join(experts), "sort": "votes"})
    here = _here(people)
    events: list[Event] = []
    for index in range(MAX_QUESTIONS):
        number = index + 1
        person = here[index % len(here)] if here else None
        text = (f"{number}. {LONG * 6}")[:MAX_QUESTION_LENGTH].strip()
        events.append(_asked(number, text, person, expert=f"e{index % (MAX_EXPERTS + 1)}"))
    # Spread over the statuses: a tenth left pending, the rest approved; most of those queued.
    for number in range(1, MAX_QUESTIONS + 1):
        question_id = f"q{number}"
        if number % 10 == 0:
            if number % 20 == 0:  # every other one withdrawn by its asker
                events.append(QuestionWithdrawn(question_id))
            continue
        events.append(QuestionApproved(question_id))
        if number % 10 in (1, 2, 3, 4, 5):
            events.append(QuestionQueued(question_id))
            if number % 20 == 5:  # taken back out of the queue
                events.append(QuestionUnqueued(question_id))
        elif number % 10 == 6:
            events.append(QuestionAnswered(question_id))
            events.append(AnswerWritten(question_id, (LONG * 30)[:2000].strip()))
        elif number % 10 == 7 and number > 10:
            events.append(QuestionsMerged(question_id, f"q{number - 6}"))
        elif number % 10 == 8:
            events.append(QuestionDismissed(question_id, (LONG * 3)[:200].strip()))
    for index, person in enumerate(here):
        for step in range(5):
            number = (index * 7 + step * 11) % MAX_QUESTIONS + 1
            if number % 10 in (1, 2, 3, 4, 5, 9):
                events.append(QuestionUpvoted(f"q{number}", person.id, person.by_proxy))
    events += [QuestionShown("q1"), ScreenCleared(), QuestionShown("q1")]
    return Run(config, tuple(events))
