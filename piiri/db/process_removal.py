"""Taking things out of a process: deleting the process, removing a member, and erasing a
member (the person's right to be forgotten reaching every session of the process).

Decisions (docs/architecture.md, "Processes and personal links"):
- Deleting a process keeps its workshops whole: they leave the process (their plan rows lose
  ``process_id``) and keep everything they recorded. What only the process held goes: its plan,
  its stakeholder groups (answers that chose one keep the person's other answers), its members
  with their personal links, its narrative sections and who may see it. Its audit entries stay
  (they hold no names), so the deletion itself is on record.
- Removing a member revokes their personal links and deletes the member; the people they were
  in the workshops stay in those workshops' records (name, what they said) without the member
  tie, as anyone who joined with the code. Erasure is the way to take the person's text out.
- Erasing a member: the member is one identity across the sessions, so erasing them in one
  workshop erases them in every workshop of the process (the caller runs ``EraseParticipant``
  in each, ``member_sessions``) and the member record keeps only its place: name and e-mail
  address emptied, links revoked.

Every function takes keyword-only arguments and works inside the caller's transaction.
"""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import Session, col, select

from piiri.db.models import (
    JoinAnswers,
    Participant,
    Process,
    ProcessFacilitator,
    ProcessMember,
    ProcessPlan,
    ReportItem,
    SecretLink,
    StakeholderGroup,
    WorkshopPlan,
)
from piiri.db.secret_links import revoke_member_links


def delete_process(*, session: Session, process_id: int) -> int:
    """Delete the process and what only it held; its workshops leave it and stay whole. How
    many workshops left it."""
    rows = session.exec(select(WorkshopPlan).where(WorkshopPlan.process_id == process_id)).all()
    for row in rows:
        row.process_id = None
        row.process_position = 0
        session.add(row)
    groups = [
        g.id
        for g in session.exec(
            select(StakeholderGroup).where(StakeholderGroup.process_id == process_id)
        ).all()
    ]
    if groups:
        for answers in session.exec(
            select(JoinAnswers).where(col(JoinAnswers.stakeholder_group_id).in_(groups))
        ).all():
            answers.stakeholder_group_id = None
            session.add(answers)
        session.execute(delete(StakeholderGroup).where(col(StakeholderGroup.id).in_(groups)))
    for member in session.exec(
        select(ProcessMember).where(ProcessMember.process_id == process_id)
    ).all():
        assert member.id is not None
        remove_member(session=session, member_id=member.id)
    session.execute(delete(ReportItem).where(col(ReportItem.process_id) == process_id))
    session.execute(delete(ProcessPlan).where(col(ProcessPlan.process_id) == process_id))
    session.execute(
        delete(ProcessFacilitator).where(col(ProcessFacilitator.process_id) == process_id)
    )
    session.flush()
    session.execute(delete(Process).where(col(Process.id) == process_id))
    session.flush()
    return len(rows)


def remove_member(*, session: Session, member_id: int) -> int:
    """Delete the member and their personal links; the people they were in the workshops stay,
    without the member tie. How many sessions they had joined."""
    joined = session.exec(select(Participant).where(Participant.member_id == member_id)).all()
    for participant in joined:
        participant.member_id = None
        session.add(participant)
    session.execute(delete(SecretLink).where(col(SecretLink.member_id) == member_id))
    session.flush()
    session.execute(delete(ProcessMember).where(col(ProcessMember.id) == member_id))
    session.flush()
    return len(joined)


def member_sessions(*, session: Session, participant_id: int) -> list[tuple[int, int]]:
    """(workshop id, participant id) of every session the participant's member joined, the
    participant's own included; empty for someone who did not join through a personal link."""
    participant = session.get(Participant, participant_id)
    if participant is None or participant.member_id is None:
        return []
    rows = session.exec(
        select(Participant.workshop_id, Participant.id).where(
            Participant.member_id == participant.member_id
        )
    ).all()
    return [(workshop_id, pid) for workshop_id, pid in rows if pid is not None]


def erase_member(*, session: Session, participant_id: int) -> int | None:
    """Empty the name and e-mail address of the participant's member and revoke their links;
    the member's id (for the process's audit trail), or None for someone who is no member."""
    participant = session.get(Participant, participant_id)
    if participant is None or participant.member_id is None:
        return None
    member = session.get(ProcessMember, participant.member_id)
    if member is None or member.id is None:
        return None
    member.name = ""
    member.email = ""
    session.add(member)
    revoke_member_links(session=session, member_id=member.id)
    session.flush()
    return member.process_id
