"""The plan's forms read into values: what the facilitator typed, checked, with times moved
from the workshop's zone to UTC. Bad input raises DomainError with a translatable message and
nothing is saved. Pure: the zone comes in as a value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo
from typing import Any

from piiri.activities.text import clean_characters
from piiri.domain.report import (
    ACCESSIBILITY,
    AGE_BANDS,
    IAP2_LEVELS,
    ITEM_KINDS,
    JOIN_QUESTIONS,
)
from piiri.domain.vocabulary import N_, DomainError

# The longest texts each field keeps (the columns' sizes, piiri/db/models.py).
SHORT, MEDIUM, LONG = 400, 2000, 4000
MAX_MINUTES = 24 * 60
MAX_TARGET = 100_000


def text(values: Mapping[str, Any], name: str, limit: int) -> str:
    value = clean_characters(str(values.get(name, ""))).strip()
    if len(value) > limit:
        raise DomainError(N_("A text is too long: at most {limit} characters."), limit=limit)
    return value


def local_datetime(value: str, zone: tzinfo) -> datetime | None:
    """A ``datetime-local`` field's value, in ``zone``, as UTC; "" gives None."""
    value = value.strip()
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise DomainError(
            N_("Give the time as a date and a time, e.g. 2026-03-02 18:00.")
        ) from None
    return moment.replace(tzinfo=zone).astimezone(UTC)


def local_date(value: str, zone: tzinfo) -> datetime | None:
    """A ``date`` field's value as UTC at the start of that day in ``zone``; "" gives None."""
    value = value.strip()
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise DomainError(N_("Give the date as year-month-day, e.g. 2026-04-15.")) from None
    return datetime.combine(day, time(), tzinfo=zone).astimezone(UTC)


def whole_number(value: str, *, high: int, empty: int | None = None) -> int | None:
    value = value.strip()
    if not value:
        return empty
    if not value.isdigit() or int(value) > high:
        raise DomainError(N_("Give a whole number from 0 to {high}."), high=high)
    return int(value)


@dataclass(frozen=True)
class PlanValues:
    fields: dict[str, Any]  # the WorkshopPlan's columns, as they are to be stored


def parse_plan(values: Mapping[str, Any], zone: tzinfo) -> PlanValues:
    level = str(values.get("iap2_level", ""))
    if level and level not in IAP2_LEVELS:
        raise DomainError(N_("Choose one of the offered levels."))
    chosen = values.get("accessibility", ())
    accessibility = [a for a in ACCESSIBILITY if a in chosen]
    questions = [q for q in JOIN_QUESTIONS if q in values.get("join_questions", ())]
    duration = whole_number(str(values.get("duration_minutes", "")), high=MAX_MINUTES, empty=120)
    fields = {
        "purpose": text(values, "purpose", MEDIUM),
        "decision": text(values, "decision", MEDIUM),
        "decider": text(values, "decider", SHORT),
        "iap2_level": level,
        "promise": text(values, "promise", MEDIUM),
        "goals_organisation": text(values, "goals_organisation", LONG),
        "goals_participants": text(values, "goals_participants", LONG),
        "accessibility": accessibility,
        "starts_at": local_datetime(str(values.get("starts_at", "")), zone),
        "duration_minutes": duration,
        "place": text(values, "place", SHORT),
        "next_steps": text(values, "next_steps", LONG),
        "feedback_date": local_date(str(values.get("feedback_date", "")), zone),
        "join_questions": questions,
    }
    return PlanValues(fields)


def parse_process_plan(values: Mapping[str, Any], zone: tzinfo) -> dict[str, Any]:
    """The fields a process's plan holds for all its workshops, checked as a workshop's."""
    level = str(values.get("iap2_level", ""))
    if level and level not in IAP2_LEVELS:
        raise DomainError(N_("Choose one of the offered levels."))
    chosen = values.get("accessibility", ())
    return {
        "purpose": text(values, "purpose", MEDIUM),
        "decision": text(values, "decision", MEDIUM),
        "decider": text(values, "decider", SHORT),
        "iap2_level": level,
        "promise": text(values, "promise", MEDIUM),
        "goals_organisation": text(values, "goals_organisation", LONG),
        "goals_participants": text(values, "goals_participants", LONG),
        "accessibility": [a for a in ACCESSIBILITY if a in chosen],
        "next_steps": text(values, "next_steps", LONG),
        "feedback_date": local_date(str(values.get("feedback_date", "")), zone),
    }


def parse_group(values: Mapping[str, Any]) -> tuple[str, int]:
    name = text(values, "name", 200)
    if not name:
        raise DomainError(N_("A stakeholder group needs a name."))
    target = whole_number(str(values.get("target", "")), high=MAX_TARGET, empty=0)
    assert target is not None
    return name, target


def parse_item(values: Mapping[str, Any]) -> tuple[str, str, str, str]:
    """A quote, minority view or section: (kind, heading, text, attribution)."""
    kind = str(values.get("kind", ""))
    if kind not in ITEM_KINDS:
        raise DomainError(N_("Choose what you are adding."))
    body = text(values, "text", 8000)
    if not body:
        raise DomainError(N_("Write the text to add."))
    attribution = text(values, "attribution", 200)
    if attribution and values.get("consent") != "on":
        raise DomainError(
            N_("Name a person only with their consent: tick the box or leave the name out.")
        )
    return kind, text(values, "heading", 200), body, attribution


def parse_agenda(
    values: Mapping[str, Any], activity_ids: list[int], zone: tzinfo
) -> dict[int, tuple[datetime | None, int | None]]:
    """Each activity's planned start (``start-<id>``) and minutes (``minutes-<id>``)."""
    return {
        activity_id: (
            local_datetime(str(values.get(f"start-{activity_id}", "")), zone),
            whole_number(str(values.get(f"minutes-{activity_id}", "")), high=MAX_MINUTES),
        )
        for activity_id in activity_ids
    }


@dataclass(frozen=True)
class Answers:
    """What a person answered on joining; every field may be empty (never required)."""

    stakeholder_group_id: int | None = None
    age_band: str = ""
    area: str = ""
    first_time: bool | None = None
    email: str = ""

    @property
    def empty(self) -> bool:
        return self == Answers()


def parse_answers(
    values: Mapping[str, Any], *, offered: tuple[str, ...], group_ids: tuple[int, ...]
) -> Answers:
    """The optional answers of the join form: only the questions ``offered`` are read, the
    e-mail address always (it is for the results' notice). Raises DomainError for an answer
    that is not one offered or an address that cannot be one."""
    group = str(values.get("group", "")).strip() if "group" in offered else ""
    if group and (not group.isdigit() or int(group) not in group_ids):
        raise DomainError(N_("Choose one of the offered groups, or none."))
    age = str(values.get("age_band", "")) if "age_band" in offered else ""
    if age and age not in AGE_BANDS:
        raise DomainError(N_("Choose one of the offered age groups, or none."))
    first = str(values.get("first_time", "")) if "first_time" in offered else ""
    if first not in ("", "yes", "no"):
        raise DomainError(N_("Answer yes or no, or leave it empty."))
    area = " ".join(text(values, "area", 200).split()) if "area" in offered else ""
    email = text(values, "email", 320)
    if email and (
        " " in email or email.count("@") != 1 or "." not in email.split("@")[1] or "\n" in email
    ):
        raise DomainError(
            N_("That does not look like an e-mail address. Check it or leave it empty.")
        )
    return Answers(
        stakeholder_group_id=int(group) if group else None,
        age_band=age,
        area=area,
        first_time={"yes": True, "no": False}.get(first),
        email=email,
    )
