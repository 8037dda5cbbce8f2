"""Processes: workshops that belong together ("Citizens' jury on the library network"), who may
see them, their order, their plan and stakeholder groups, and their members.

A workshop belongs to at most one process (``WorkshopPlan.process_id``, ordered by
``process_position``). A process is seen and changed only by its facilitators
(``ProcessFacilitator``, the owner listed too, like a workshop's), and only workshops its
facilitator also facilitates can be put in it. Every function takes keyword-only arguments and
works inside the caller's transaction; refusals raise DomainError with a translatable message.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from piiri.activities.text import one_line
from piiri.db.models import (
    Facilitator,
    Participant,
    Process,
    ProcessFacilitator,
    ProcessMember,
    ProcessPlan,
    StakeholderGroup,
    Workshop,
    WorkshopPlan,
)
from piiri.db.plans import plan_row, remove_group
from piiri.db.secret_links import create_member_link
from piiri.db.workshops import may_facilitate
from piiri.domain.vocabulary import N_, DomainError

MAX_TITLE_LENGTH = 200
MAX_NAME_LENGTH = 80


def create_process(*, session: Session, owner_id: int, title: str) -> Process:
    """A new process, seen by its owner. Raises DomainError for an empty or long title."""
    title = one_line(title, limit=MAX_TITLE_LENGTH, required=N_("A process needs a name."))
    process = Process(owner_id=owner_id, title=title)
    session.add(process)
    session.flush()
    assert process.id is not None
    session.add(ProcessFacilitator(process_id=process.id, facilitator_id=owner_id))
    session.flush()
    return process


def rename_process(*, session: Session, process_id: int, title: str) -> None:
    process = session.get(Process, process_id)
    assert process is not None
    process.title = one_line(title, limit=MAX_TITLE_LENGTH, required=N_("A process needs a name."))
    session.add(process)


def may_see_process(*, session: Session, facilitator_id: int, process_id: int) -> bool:
    return session.get(ProcessFacilitator, (process_id, facilitator_id)) is not None


def processes_of(*, session: Session, facilitator_id: int) -> list[Process]:
    return list(
        session.exec(
            select(Process)
            .join(ProcessFacilitator, col(ProcessFacilitator.process_id) == Process.id)
            .where(ProcessFacilitator.facilitator_id == facilitator_id)
            .order_by(col(Process.created_at).desc(), col(Process.id).desc())
        ).all()
    )


def process_facilitators(*, session: Session, process_id: int) -> list[Facilitator]:
    return list(
        session.exec(
            select(Facilitator)
            .join(ProcessFacilitator, col(ProcessFacilitator.facilitator_id) == Facilitator.id)
            .where(ProcessFacilitator.process_id == process_id)
            .order_by(col(Facilitator.email))
        ).all()
    )


def share_process(*, session: Session, process_id: int, email: str) -> Facilitator:
    """Let another facilitator's account see and change the process. Raises DomainError."""
    email = email.strip().lower()
    facilitator = session.exec(select(Facilitator).where(Facilitator.email == email)).first()
    if facilitator is None or facilitator.id is None:
        raise DomainError(N_("There is no facilitator account for {email}."), email=email)
    if not may_see_process(session=session, facilitator_id=facilitator.id, process_id=process_id):
        session.add(ProcessFacilitator(process_id=process_id, facilitator_id=facilitator.id))
        session.flush()
    return facilitator


# -- its workshops ---------------------------------------------------------------------------


def process_of(*, session: Session, workshop_id: int) -> Process | None:
    """The process the workshop belongs to, or None."""
    row = session.get(WorkshopPlan, workshop_id)
    if row is None or row.process_id is None:
        return None
    return session.get(Process, row.process_id)


def process_workshops(*, session: Session, process_id: int) -> list[Workshop]:
    """The process's workshops in their order."""
    return list(
        session.exec(
            select(Workshop)
            .join(WorkshopPlan, col(WorkshopPlan.workshop_id) == Workshop.id)
            .where(WorkshopPlan.process_id == process_id)
            .order_by(col(WorkshopPlan.process_position), col(Workshop.id))
        ).all()
    )


def add_workshop(
    *, session: Session, process_id: int, workshop_id: int, facilitator_id: int
) -> None:
    """Put a workshop the facilitator facilitates at the end of the process (taking it out of
    any other process). Raises DomainError for a workshop they do not facilitate."""
    if not may_facilitate(session=session, facilitator_id=facilitator_id, workshop_id=workshop_id):
        raise DomainError(N_("Choose one of your own workshops."))
    row = plan_row(session=session, workshop_id=workshop_id)
    if row.process_id == process_id:
        return
    row.process_id = process_id
    row.process_position = len(process_workshops(session=session, process_id=process_id))
    session.add(row)
    session.flush()


def remove_workshop(*, session: Session, process_id: int, workshop_id: int) -> None:
    """Take the workshop out of the process; the workshop itself and its plan stay."""
    row = session.get(WorkshopPlan, workshop_id)
    if row is None or row.process_id != process_id:
        return
    row.process_id = None
    session.add(row)
    session.flush()
    _renumber(session, [w.id for w in process_workshops(session=session, process_id=process_id)])


def move_workshop(*, session: Session, process_id: int, workshop_id: int, offset: int) -> None:
    """Move the workshop ``offset`` places (-1: earlier, 1: later) within the process."""
    ids = [w.id for w in process_workshops(session=session, process_id=process_id)]
    if workshop_id not in ids:
        return
    at = ids.index(workshop_id)
    to = max(0, min(len(ids) - 1, at + offset))
    ids.insert(to, ids.pop(at))
    _renumber(session, ids)


def _renumber(session: Session, ids: list[int | None]) -> None:
    for position, workshop_id in enumerate(ids):
        row = session.get(WorkshopPlan, workshop_id)
        if row is not None:
            row.process_position = position
            session.add(row)
    session.flush()


# -- its plan and groups ---------------------------------------------------------------------


def process_plan(*, session: Session, process_id: int) -> ProcessPlan:
    """The process's stored plan, or a new unsaved one."""
    return session.get(ProcessPlan, process_id) or ProcessPlan(process_id=process_id)


def save_process_plan(*, session: Session, process_id: int, fields: dict[str, object]) -> None:
    row = process_plan(session=session, process_id=process_id)
    for name, value in fields.items():
        setattr(row, name, value)
    session.add(row)
    session.flush()


def process_groups(*, session: Session, process_id: int) -> list[StakeholderGroup]:
    return list(
        session.exec(
            select(StakeholderGroup)
            .where(StakeholderGroup.process_id == process_id)
            .order_by(col(StakeholderGroup.id))
        ).all()
    )


def add_process_group(
    *,
    session: Session,
    process_id: int,
    name: str,
    target: int,
    translations: dict[str, str] | None = None,
) -> None:
    session.add(
        StakeholderGroup(
            process_id=process_id, name=name, target=target, translations=translations or {}
        )
    )


def remove_process_group(*, session: Session, process_id: int, group_id: int) -> None:
    group = session.get(StakeholderGroup, group_id)
    if group is not None and group.process_id == process_id:
        remove_group(session=session, workshop_id=None, group_id=group_id)


# -- its members -----------------------------------------------------------------------------


def members_of(*, session: Session, process_id: int) -> list[ProcessMember]:
    return list(
        session.exec(
            select(ProcessMember)
            .where(ProcessMember.process_id == process_id)
            .order_by(col(ProcessMember.position), col(ProcessMember.id))
        ).all()
    )


def add_member(*, session: Session, process_id: int, name: str, email: str) -> ProcessMember:
    """A member with a fresh personal link. Raises DomainError for a missing or long name or
    an address that cannot be one."""
    name = one_line(name, limit=MAX_NAME_LENGTH, required=N_("A member needs a name."))
    email = one_line(email, limit=320)
    if email and (" " in email or email.count("@") != 1 or "." not in email.split("@")[1]):
        raise DomainError(
            N_("That does not look like an e-mail address. Check it or leave it empty.")
        )
    member = ProcessMember(
        process_id=process_id,
        name=name,
        email=email,
        position=len(members_of(session=session, process_id=process_id)),
    )
    session.add(member)
    session.flush()
    assert member.id is not None
    create_member_link(session=session, member_id=member.id)
    return member


def member_of_process(*, session: Session, process_id: int, member_id: int) -> ProcessMember:
    """The process's member; raises DomainError for another process's or an unknown one."""
    member = session.get(ProcessMember, member_id)
    if member is None or member.process_id != process_id:
        raise DomainError(N_("That member is not in this process."))
    return member


def member_participant(*, session: Session, workshop_id: int, member_id: int) -> Participant | None:
    """The participant the member already is in the workshop, if they joined it before."""
    return session.exec(
        select(Participant).where(
            Participant.workshop_id == workshop_id, Participant.member_id == member_id
        )
    ).first()


def mark_member(*, session: Session, participant_id: int, member_id: int) -> None:
    participant = session.get(Participant, participant_id)
    assert participant is not None
    participant.member_id = member_id
    session.add(participant)


def attendance(*, session: Session, process_id: int) -> dict[int, set[int]]:
    """Each member's sessions: member id -> the workshops they joined through their link."""
    rows = session.exec(
        select(Participant.member_id, Participant.workshop_id)
        .join(ProcessMember, col(ProcessMember.id) == Participant.member_id)
        .where(ProcessMember.process_id == process_id)
    ).all()
    found: dict[int, set[int]] = {}
    for member_id, workshop_id in rows:
        if member_id is not None:
            found.setdefault(member_id, set()).add(workshop_id)
    return found
