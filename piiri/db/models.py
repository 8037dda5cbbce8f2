"""Every table Piiri stores, in one module.

The event log is the record of what happened in a workshop; the other tables hold identities
and configuration. The unique (workshop_id, seq) pair is the lock that serialises writers.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class Facilitator(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(index=True, unique=True, max_length=320)
    name: str = Field(default="", max_length=200)
    password_hash: str = Field(max_length=400)
    created_at: datetime = Field(default_factory=utcnow)
    # In every login cookie; raised to end every session of the account (piiri/db/accounts.py).
    session_version: int = 0


class LoginToken(SQLModel, table=True):
    """A one-time login link: used once, then dead; expires unused."""

    token: str = Field(primary_key=True, max_length=100)
    facilitator_id: int = Field(foreign_key="facilitator.id", index=True)
    expires_at: datetime
    used_at: datetime | None = None


class Workshop(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    language: str = Field(default="en", max_length=8)
    code: str = Field(index=True, unique=True, max_length=16)
    owner_id: int = Field(foreign_key="facilitator.id", index=True)
    current_activity_id: int | None = None
    closed: bool = False
    # Where the workshop happens: every time shown or exported is in this zone (IANA name);
    # times are stored in UTC all the same.
    time_zone: str = Field(default="Europe/Helsinki", max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    # When it last closed: the retention period (RETENTION_DAYS, `piiri purge`) counts from it.
    closed_at: datetime | None = None


class SecretLink(SQLModel, table=True):
    """A link whose secret token lets its holder in without an account or a join code: today
    the room screen's (purpose "screen"); later an expert's, the results' and personal links.

    A revoked link stays as a record and never works again; piiri/db/secret_links.py is the
    one way to make, find and revoke them.
    """

    id: int | None = Field(default=None, primary_key=True)
    # A personal link belongs to a process's member (``member_id``) rather than to a workshop.
    workshop_id: int | None = Field(default=None, foreign_key="workshop.id", index=True)
    member_id: int | None = Field(default=None, foreign_key="processmember.id", index=True)
    purpose: str = Field(max_length=20)
    token: str = Field(index=True, unique=True, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None


class WorkshopFacilitator(SQLModel, table=True):
    """Co-facilitators share a workshop; the owner is listed here too."""

    workshop_id: int = Field(foreign_key="workshop.id", primary_key=True)
    facilitator_id: int = Field(foreign_key="facilitator.id", primary_key=True)


class Activity(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    position: int = 0
    kind: str = Field(max_length=40)
    title: str = Field(max_length=200)
    config: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class Participant(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    name: str = Field(default="", max_length=80)
    in_room: bool = True
    # Added by the facilitator for an in-room person without a phone; acted for by proxy.
    by_proxy: bool = False
    # Joined through a process member's personal link: the same person in every session.
    member_id: int | None = Field(default=None, foreign_key="processmember.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)


class Event(SQLModel, table=True):
    """One entry of a workshop's log. seq is dense and unique per workshop."""

    __table_args__ = (UniqueConstraint("workshop_id", "seq", name="uq_event_workshop_seq"),)

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    seq: int
    activity_id: int | None = Field(default=None, index=True)
    type: str = Field(max_length=60)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # The client-made id of the command that produced this event; a resend is recognised by it.
    command_id: str | None = Field(default=None, index=True, max_length=64)
    actor: str = Field(default="", max_length=80)
    created_at: datetime = Field(default_factory=utcnow)


# -- the process, the plan and the report (issue 18) ------------------------------------------


class Process(SQLModel, table=True):
    """Workshops that belong together ("Citizens' jury on the library network")."""

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="facilitator.id", index=True)
    title: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow)


class ProcessFacilitator(SQLModel, table=True):
    """Who may see and change a process (the owner is listed too), as WorkshopFacilitator."""

    process_id: int = Field(foreign_key="process.id", primary_key=True)
    facilitator_id: int = Field(foreign_key="facilitator.id", primary_key=True)


class ProcessPlan(SQLModel, table=True):
    """The plan a process holds for all its workshops; a workshop's own plan fills in only what
    this leaves empty (and keeps its own time, place, agenda and questions on joining)."""

    process_id: int = Field(foreign_key="process.id", primary_key=True)
    purpose: str = Field(default="", max_length=2000)
    decision: str = Field(default="", max_length=2000)
    decider: str = Field(default="", max_length=400)
    iap2_level: str = Field(default="", max_length=20)
    promise: str = Field(default="", max_length=2000)
    goals_organisation: str = Field(default="", max_length=4000)
    goals_participants: str = Field(default="", max_length=4000)
    accessibility: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    next_steps: str = Field(default="", max_length=4000)
    feedback_date: datetime | None = None
    # The texts above in the workshop's other languages: {"promise": {"sv": "..."}}
    # (piiri/db/plan_texts.py); 0007_plan_translations.
    translations: dict[str, dict[str, str]] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}")
    )


class ProcessMember(SQLModel, table=True):
    """A member of a process (a jury's juror): one identity across its sessions, reached through
    a personal link (a SecretLink of purpose "personal" with this ``member_id``)."""

    id: int | None = Field(default=None, primary_key=True)
    process_id: int = Field(foreign_key="process.id", index=True)
    name: str = Field(max_length=80)
    email: str = Field(default="", max_length=320)
    position: int = 0
    created_at: datetime = Field(default_factory=utcnow)


class WorkshopPlan(SQLModel, table=True):
    """What the workshop is for and what follows it; one per workshop, made when first saved.
    Text is as the facilitator wrote it, in the workshop's language."""

    workshop_id: int = Field(foreign_key="workshop.id", primary_key=True)
    process_id: int | None = Field(default=None, foreign_key="process.id", index=True)
    process_position: int = 0  # its place among the process's workshops
    purpose: str = Field(default="", max_length=2000)
    decision: str = Field(default="", max_length=2000)  # the decision it feeds
    decider: str = Field(default="", max_length=400)  # who decides
    iap2_level: str = Field(default="", max_length=20)  # inform ... empower, "" unset
    promise: str = Field(default="", max_length=2000)  # the promise to the public
    goals_organisation: str = Field(default="", max_length=4000)
    goals_participants: str = Field(default="", max_length=4000)
    # Arrangements offered: "interpreter", "induction_loop", "step_free", "easy_read".
    accessibility: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    starts_at: datetime | None = None  # UTC
    duration_minutes: int = 120
    place: str = Field(default="", max_length=400)
    next_steps: str = Field(default="", max_length=4000)
    feedback_date: datetime | None = None  # UTC midnight of the day, shown as a date
    # The questions joining offers (never required): "group", "age_band", "area", "first_time".
    join_questions: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # The public results page: what the facilitator publishes, and later what was done.
    published_summary: str = Field(default="", max_length=8000)
    what_we_did: str = Field(default="", max_length=8000)
    published: bool = False
    notified_at: datetime | None = None
    # The texts above in the workshop's other languages: {"promise": {"sv": "..."}}
    # (piiri/db/plan_texts.py); 0007_plan_translations.
    translations: dict[str, dict[str, str]] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}")
    )


class StakeholderGroup(SQLModel, table=True):
    """A workshop's group, or (``process_id``, no workshop) one its process holds for all its
    workshops."""

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int | None = Field(default=None, foreign_key="workshop.id", index=True)
    process_id: int | None = Field(default=None, foreign_key="process.id", index=True)
    name: str = Field(max_length=200)
    target: int = 0
    # The name in the workshop's other languages: {"sv": "..."} (0007_plan_translations).
    translations: dict[str, str] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}")
    )


class AgendaPlan(SQLModel, table=True):
    """An activity's planned start and length; its actual times are the log's."""

    activity_id: int = Field(primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    planned_start: datetime | None = None  # UTC
    planned_minutes: int | None = None


class ReportItem(SQLModel, table=True):
    """What the facilitator adds to the report: a direct quote, a minority view, or a narrative
    section (``heading`` and ``text``). ``attribution`` only with the person's consent. A
    process's narrative sections have ``process_id`` and no workshop."""

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int | None = Field(default=None, foreign_key="workshop.id", index=True)
    process_id: int | None = Field(default=None, foreign_key="process.id", index=True)
    kind: str = Field(max_length=20)  # "quote", "minority", "section"
    heading: str = Field(default="", max_length=200)
    text: str = Field(max_length=8000)
    attribution: str = Field(default="", max_length=200)
    position: int = 0
    created_at: datetime = Field(default_factory=utcnow)


class JoinAnswers(SQLModel, table=True):
    """A participant's answers to the optional questions on joining, and an optional e-mail
    address for the results' notice. Every field may stay empty."""

    participant_id: int = Field(foreign_key="participant.id", primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    stakeholder_group_id: int | None = None
    age_band: str = Field(default="", max_length=20)
    area: str = Field(default="", max_length=200)
    first_time: bool | None = None
    email: str = Field(default="", max_length=320)
    notified_at: datetime | None = None


class AuditEntry(SQLModel, table=True):
    """Who did what to a workshop, and when: closing, sharing, removing and erasing people,
    exports, link rotation, deletion (piiri/db/audit.py). ``detail`` never holds a person's
    name or text, only ids and counts, so erasure has nothing to find here."""

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int | None = Field(default=None, index=True)
    # A process's own actions (creating it, adding a workshop, members and their links).
    process_id: int | None = Field(default=None, index=True)
    facilitator_id: int | None = None
    action: str = Field(max_length=40)
    detail: str = Field(default="", max_length=200)
    at: datetime = Field(default_factory=utcnow)
