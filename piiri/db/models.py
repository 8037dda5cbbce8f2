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
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
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


class AuditEntry(SQLModel, table=True):
    """Who did what to a workshop, and when: closing, sharing, removing and erasing people,
    exports, link rotation, deletion (piiri/db/audit.py). ``detail`` never holds a person's
    name or text, only ids and counts, so erasure has nothing to find here."""

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(index=True)
    facilitator_id: int | None = None
    action: str = Field(max_length=40)
    detail: str = Field(default="", max_length=200)
    at: datetime = Field(default_factory=utcnow)
