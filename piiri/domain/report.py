"""What a report holds beyond the activities' own results, as JSON-ready sections of the results
document: the plan, who took part by stakeholder group against the targets, the agenda planned
against actual, the balance of voices, the facilitator's quotes, minority views and sections.

The report page renders these sections from the document, so each of its figures is the one the
JSON export holds. Pure: the caller reads the plan and the log's times and passes them in.

A group formed by people's own answers on joining (a stakeholder group, an age band, an area,
first time or not) is shown only when it has at least ``MIN_GROUP`` people: a smaller one is
given as ``null`` with ``"shown": false``, everywhere. Counts by channel are always shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from piiri.activities import activity_kind
from piiri.domain.results import CHANNELS, channel, local_time
from piiri.domain.state import WorkshopState
from piiri.domain.vocabulary import N_

# Fewer people than this in a group formed by their answers could be picked out by a reader.
MIN_GROUP = 5
IAP2_LEVELS = ("inform", "consult", "involve", "collaborate", "empower")
# Each level's name and its promise to the public, as IAP2's spectrum words them (msgids).
IAP2_NAMES = {
    "inform": N_("Inform"),
    "consult": N_("Consult"),
    "involve": N_("Involve"),
    "collaborate": N_("Collaborate"),
    "empower": N_("Empower"),
}
ACCESSIBILITY = {
    "interpreter": N_("Interpreter"),
    "induction_loop": N_("Induction loop"),
    "step_free": N_("Step-free access"),
    "easy_read": N_("Easy-to-read material"),
}
JOIN_QUESTIONS = ("group", "age_band", "area", "first_time")
AGE_BANDS = ("under_18", "18_29", "30_44", "45_64", "65_plus")
ITEM_KINDS = ("quote", "minority", "section")


@dataclass(frozen=True)
class Plan:
    """The plan as the report needs it (piiri/db/models.py's WorkshopPlan, read by the caller)."""

    purpose: str = ""
    decision: str = ""
    decider: str = ""
    iap2_level: str = ""
    promise: str = ""
    goals_organisation: str = ""
    goals_participants: str = ""
    accessibility: tuple[str, ...] = ()
    starts_at: datetime | None = None
    duration_minutes: int = 120
    place: str = ""
    next_steps: str = ""
    feedback_date: datetime | None = None


@dataclass(frozen=True)
class Group:
    id: int
    name: str
    target: int


@dataclass(frozen=True)
class Item:
    kind: str  # one of ITEM_KINDS
    heading: str
    text: str
    attribution: str


@dataclass(frozen=True)
class Moment:
    """A log entry that starts or stops an activity, with when it was stored."""

    type: str  # "ActivityStarted" or "ActivityStopped"
    activity_id: int | None
    at: datetime


def report_sections(
    state: WorkshopState,
    *,
    zone: tzinfo,
    now: datetime,
    plan: Plan | None,
    groups: Sequence[Group] = (),
    answers: Mapping[str, Mapping[str, int]] | None = None,
    planned: Mapping[int, tuple[datetime | None, int | None]] | None = None,
    moments: Iterable[Moment] = (),
    items: Sequence[Item] = (),
) -> dict[str, Any]:
    """The report's own sections of the results document. ``answers`` counts the answers on
    joining by question and value (``{"group": {"3": 7}, "age_band": {"18_29": 2}}``);
    ``planned`` holds each activity's planned start and minutes."""
    answers = answers or {}
    plan = plan or Plan()
    return {
        "plan": _plan(plan, zone),
        "groups": [
            {
                "id": g.id,
                "name": g.name,
                "target": g.target,
                **_shown(answers.get("group", {}), g.id),
            }
            for g in groups
        ],
        "answers": {
            question: {value: _shown(counts, value) for value in counts}
            for question, counts in answers.items()
            if question != "group"
        },
        "agenda": _agenda(state, zone, now, planned or {}, moments),
        "balance": balance(state),
        "quotes": [_item(i) for i in items if i.kind == "quote"],
        "minority_views": [_item(i) for i in items if i.kind == "minority"],
        "sections": [{"heading": i.heading, "text": i.text} for i in items if i.kind == "section"],
    }


def _shown(counts: Mapping[Any, int], key: Any) -> dict[str, Any]:
    """``{"count": n, "shown": True}``, or the count hidden when under ``MIN_GROUP``."""
    count = counts.get(key, counts.get(str(key), 0))
    if count >= MIN_GROUP:
        return {"count": count, "shown": True}
    return {"count": None, "shown": False}


def _item(item: Item) -> dict[str, str]:
    return {"text": item.text, "attribution": item.attribution}


def plan_section(plan: Plan, zone: tzinfo) -> dict[str, Any]:
    """The plan as the results document holds it (times in ``zone``)."""
    return _plan(plan, zone)


def shown_count(counts: Mapping[Any, int], key: Any) -> dict[str, Any]:
    """A group's count as every report and export shows it (hidden under ``MIN_GROUP``)."""
    return _shown(counts, key)


def _plan(plan: Plan, zone: tzinfo) -> dict[str, Any]:
    return {
        "purpose": plan.purpose,
        "decision": plan.decision,
        "decider": plan.decider,
        "iap2_level": plan.iap2_level or None,
        "promise": plan.promise,
        "goals_organisation": plan.goals_organisation,
        "goals_participants": plan.goals_participants,
        "accessibility": list(plan.accessibility),
        "starts_at": local_time(plan.starts_at, zone) if plan.starts_at else None,
        "duration_minutes": plan.duration_minutes,
        "place": plan.place,
        "next_steps": plan.next_steps,
        "feedback_date": (
            plan.feedback_date.astimezone(zone).date().isoformat() if plan.feedback_date else None
        ),
    }


def actual_times(moments: Iterable[Moment], now: datetime) -> dict[int, tuple[datetime, int]]:
    """Each activity that ran: when it first started and how many whole seconds it ran in all
    (an activity still running counts until ``now``)."""
    first: dict[int, datetime] = {}
    seconds: dict[int, float] = {}
    running: tuple[int, datetime] | None = None
    for moment in moments:
        if running is not None:
            activity_id, since = running
            seconds[activity_id] = seconds.get(activity_id, 0) + (moment.at - since).total_seconds()
            running = None
        if moment.type == "ActivityStarted" and moment.activity_id is not None:
            first.setdefault(moment.activity_id, moment.at)
            running = (moment.activity_id, moment.at)
    if running is not None:
        activity_id, since = running
        seconds[activity_id] = seconds.get(activity_id, 0) + max(0, (now - since).total_seconds())
    return {a: (first[a], round(seconds.get(a, 0))) for a in first}


def _agenda(
    state: WorkshopState,
    zone: tzinfo,
    now: datetime,
    planned: Mapping[int, tuple[datetime | None, int | None]],
    moments: Iterable[Moment],
) -> list[dict[str, Any]]:
    actual = actual_times(moments, now)
    rows = []
    for info in state.agenda:
        start, minutes = planned.get(info.id, (None, None))
        ran = actual.get(info.id)
        rows.append(
            {
                "activity_id": info.id,
                "title": info.title,
                "kind": info.kind,
                "planned_start_at": local_time(start, zone) if start else None,
                "planned_minutes": minutes,
                "actual_start_at": local_time(ran[0], zone) if ran else None,
                "actual_minutes": round(ran[1] / 60) if ran else None,
            }
        )
    return rows


def balance(state: WorkshopState) -> dict[str, Any]:
    """Speaking time and contributions by channel, over every activity, with each channel's
    number of people: whether the remote were heard as much as the room."""
    people = dict.fromkeys(CHANNELS, 0)
    for someone in state.people.values():
        people[channel(someone)] += 1
    seconds = dict.fromkeys(CHANNELS, 0)
    contributions = dict.fromkeys(CHANNELS, 0)
    for info in state.activities:
        voices = activity_kind(info.kind).voices(state.activity_state(info.id))
        for person_id, value in voices.speaking_seconds.items():
            person = state.people.get(person_id)
            if person is not None:
                seconds[channel(person)] += value
        for person_id, value in voices.contributions.items():
            person = state.people.get(person_id)
            if person is not None:
                contributions[channel(person)] += value
    return {
        channel_name: {
            "people": people[channel_name],
            "speaking_seconds": seconds[channel_name],
            "contributions": contributions[channel_name],
        }
        for channel_name in CHANNELS
    }
