"""Reading a workshop's plan and what its report adds (piiri/db/models.py's WorkshopPlan,
StakeholderGroup, AgendaPlan, ReportItem, JoinAnswers) as the pure values piiri/domain/report.py
takes, and the log's start and stop times of its activities."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from piiri.db.models import (
    AgendaPlan,
    Event,
    JoinAnswers,
    Process,
    ProcessPlan,
    ReportItem,
    StakeholderGroup,
)
from piiri.db.models import WorkshopPlan as PlanRow
from piiri.domain.report import AGE_BANDS, Group, Item, Moment, Plan


@dataclass(frozen=True)
class ReportInputs:
    plan: Plan | None
    groups: tuple[Group, ...] = ()
    answers: dict[str, dict[str, int]] = field(default_factory=dict)
    planned: dict[int, tuple[datetime | None, int | None]] = field(default_factory=dict)
    moments: tuple[Moment, ...] = ()
    items: tuple[Item, ...] = ()
    join_questions: tuple[str, ...] = ()


def plan_row(*, session: Session, workshop_id: int) -> PlanRow:
    """The workshop's stored plan, or a new unsaved one with the defaults."""
    return session.get(PlanRow, workshop_id) or PlanRow(workshop_id=workshop_id)


# What a process's plan holds for every one of its workshops (ProcessPlan's columns).
PROCESS_FIELDS = (
    "purpose",
    "decision",
    "decider",
    "iap2_level",
    "promise",
    "goals_organisation",
    "goals_participants",
    "accessibility",
    "next_steps",
    "feedback_date",
)


def effective_plan_row(*, session: Session, workshop_id: int) -> PlanRow:
    """The plan the workshop shows: its own, with what its process's plan holds in place of
    its own fields (the process's empty fields leave the workshop's). A copy, never stored."""
    row = plan_row(session=session, workshop_id=workshop_id)
    shown = PlanRow(**row.model_dump())
    held = session.get(ProcessPlan, row.process_id) if row.process_id is not None else None
    if held is not None:
        versions = dict(row.translations or {})
        for name in PROCESS_FIELDS:
            value = getattr(held, name)
            if value:
                setattr(shown, name, value)
                versions[name] = dict((held.translations or {}).get(name) or {})
        shown.translations = versions
    return shown


def as_plan(row: PlanRow) -> Plan:
    return Plan(
        purpose=row.purpose,
        decision=row.decision,
        decider=row.decider,
        iap2_level=row.iap2_level,
        promise=row.promise,
        goals_organisation=row.goals_organisation,
        goals_participants=row.goals_participants,
        accessibility=tuple(row.accessibility),
        starts_at=row.starts_at,
        duration_minutes=row.duration_minutes,
        place=row.place,
        next_steps=row.next_steps,
        feedback_date=row.feedback_date,
    )


def stakeholder_groups(*, session: Session, workshop_id: int) -> list[StakeholderGroup]:
    """The workshop's groups: its process's when the process has any, else its own."""
    row = session.get(PlanRow, workshop_id)
    if row is not None and row.process_id is not None:
        held = own_groups(session=session, workshop_id=None, process_id=row.process_id)
        if held:
            return held
    return own_groups(session=session, workshop_id=workshop_id)


def own_groups(
    *, session: Session, workshop_id: int | None, process_id: int | None = None
) -> list[StakeholderGroup]:
    """A workshop's own groups, or (``workshop_id`` None) a process's."""
    where = (
        StakeholderGroup.workshop_id == workshop_id
        if workshop_id is not None
        else StakeholderGroup.process_id == process_id
    )
    return list(
        session.exec(select(StakeholderGroup).where(where).order_by(col(StakeholderGroup.id))).all()
    )


def report_items(*, session: Session, workshop_id: int) -> list[ReportItem]:
    return list(
        session.exec(
            select(ReportItem)
            .where(ReportItem.workshop_id == workshop_id)
            .order_by(col(ReportItem.position), col(ReportItem.id))
        ).all()
    )


def answer_counts(*, session: Session, workshop_id: int) -> dict[str, dict[str, int]]:
    """How many people gave each answer on joining, by question (every age band listed)."""
    rows = session.exec(select(JoinAnswers).where(JoinAnswers.workshop_id == workshop_id)).all()
    groups = Counter(str(r.stakeholder_group_id) for r in rows if r.stakeholder_group_id)
    ages = Counter(r.age_band for r in rows if r.age_band)
    areas = Counter(r.area for r in rows if r.area)
    first = Counter(("yes" if r.first_time else "no") for r in rows if r.first_time is not None)
    return {
        "group": dict(groups),
        "age_band": {band: ages.get(band, 0) for band in AGE_BANDS},
        "area": dict(sorted(areas.items())),
        "first_time": {"yes": first.get("yes", 0), "no": first.get("no", 0)},
    }


def activity_moments(*, session: Session, workshop_id: int) -> tuple[Moment, ...]:
    """Every start and stop of an activity the log holds, in order, with its stored time."""
    rows = session.exec(
        select(Event.type, Event.data, Event.created_at)
        .where(
            Event.workshop_id == workshop_id,
            col(Event.type).in_(["ActivityStarted", "ActivityStopped"]),
        )
        .order_by(col(Event.seq))
    ).all()
    return tuple(
        Moment(type_name, data.get("id") if type_name == "ActivityStarted" else None, at)
        for type_name, data, at in rows
    )


def report_inputs(*, session: Session, workshop_id: int) -> ReportInputs:
    row = (
        effective_plan_row(session=session, workshop_id=workshop_id)
        if session.get(PlanRow, workshop_id)
        else None
    )
    offered = set(row.join_questions) if row else set()
    answers = answer_counts(session=session, workshop_id=workshop_id)
    planned = {
        p.activity_id: (p.planned_start, p.planned_minutes)
        for p in session.exec(select(AgendaPlan).where(AgendaPlan.workshop_id == workshop_id))
    }
    return ReportInputs(
        plan=as_plan(row) if row else None,
        groups=tuple(
            Group(g.id or 0, g.name, g.target)
            for g in stakeholder_groups(session=session, workshop_id=workshop_id)
        ),
        answers={q: counts for q, counts in answers.items() if q == "group" or q in offered},
        planned=planned,
        moments=activity_moments(session=session, workshop_id=workshop_id),
        items=tuple(
            Item(i.kind, i.heading, i.text, i.attribution)
            for i in report_items(session=session, workshop_id=workshop_id)
        ),
        join_questions=tuple(row.join_questions) if row else (),
    )


# -- writing ---------------------------------------------------------------------------------


def save_plan(*, session: Session, workshop_id: int, fields: dict[str, object]) -> PlanRow:
    """Store the plan's fields (its process is chosen on the process's page)."""
    row = plan_row(session=session, workshop_id=workshop_id)
    for name, value in fields.items():
        setattr(row, name, value)
    session.add(row)
    session.flush()
    return row


def process_title(*, session: Session, process_id: int | None) -> str:
    found = session.get(Process, process_id) if process_id is not None else None
    return found.title if found else ""


def add_group(
    *,
    session: Session,
    workshop_id: int,
    name: str,
    target: int,
    translations: dict[str, str] | None = None,
) -> None:
    session.add(
        StakeholderGroup(
            workshop_id=workshop_id, name=name, target=target, translations=translations or {}
        )
    )


def remove_group(*, session: Session, workshop_id: int | None, group_id: int) -> None:
    """Remove the workshop's group (``workshop_id`` None: a process's, checked by the caller)."""
    group = session.get(StakeholderGroup, group_id)
    if group is not None and group.workshop_id == workshop_id:
        for answers in session.exec(
            select(JoinAnswers).where(JoinAnswers.stakeholder_group_id == group_id)
        ):
            answers.stakeholder_group_id = None
            session.add(answers)
        session.delete(group)


def save_agenda(
    *,
    session: Session,
    workshop_id: int,
    planned: dict[int, tuple[datetime | None, int | None]],
) -> None:
    for activity_id, (start, minutes) in planned.items():
        row = session.get(AgendaPlan, activity_id) or AgendaPlan(
            activity_id=activity_id, workshop_id=workshop_id
        )
        if row.workshop_id != workshop_id:
            continue
        row.planned_start, row.planned_minutes = start, minutes
        session.add(row)


def add_item(
    *, session: Session, workshop_id: int, kind: str, heading: str, text: str, attribution: str
) -> None:
    count = len(report_items(session=session, workshop_id=workshop_id))
    session.add(
        ReportItem(
            workshop_id=workshop_id,
            kind=kind,
            heading=heading,
            text=text,
            attribution=attribution,
            position=count,
        )
    )


def remove_item(*, session: Session, workshop_id: int, item_id: int) -> None:
    item = session.get(ReportItem, item_id)
    if item is not None and item.workshop_id == workshop_id:
        session.delete(item)
