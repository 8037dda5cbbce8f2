"""Creating workshops and finding them by join code or facilitator (by a secret link such as
the room screen's: piiri/db/secret_links.py)."""

from __future__ import annotations

import secrets

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from piiri.activities.text import one_line
from piiri.db.models import Facilitator, Workshop, WorkshopFacilitator
from piiri.db.secret_links import create_secret_link
from piiri.domain.vocabulary import N_, DomainError
from piiri.settings import LANGUAGES

CODE_LENGTH = 6
MAX_TITLE_LENGTH = 200


def normalise_code(code: str) -> str:
    """Join codes are digits; people type them with spaces or dashes."""
    return "".join(ch for ch in code if ch.isdigit())


def create_workshop(*, session: Session, owner_id: int, title: str, language: str) -> Workshop:
    """A workshop with a free join code and its room screen's link. Raises DomainError for an
    empty or long title or an unknown language."""
    title = one_line(title, limit=MAX_TITLE_LENGTH, required=N_("A workshop needs a title."))
    if language not in LANGUAGES:
        raise DomainError(N_("Choose one of the offered languages."))
    for _ in range(20):
        code = "".join(secrets.choice("0123456789") for _ in range(CODE_LENGTH))
        workshop = Workshop(
            title=title,
            language=language,
            code=code,
            owner_id=owner_id,
        )
        try:
            with session.begin_nested():
                session.add(workshop)
                session.flush()
        except IntegrityError:
            continue  # the code was taken; draw another
        assert workshop.id is not None
        session.add(WorkshopFacilitator(workshop_id=workshop.id, facilitator_id=owner_id))
        create_secret_link(session=session, workshop_id=workshop.id, purpose="screen")
        return workshop
    raise RuntimeError("could not draw a free join code")


def workshop_by_code(*, session: Session, code: str) -> Workshop | None:
    code = normalise_code(code)
    if not code:
        return None
    return session.exec(
        select(Workshop).where(Workshop.code == code, col(Workshop.closed).is_(False))
    ).first()


def may_facilitate(*, session: Session, facilitator_id: int, workshop_id: int) -> bool:
    return session.get(WorkshopFacilitator, (workshop_id, facilitator_id)) is not None


def workshops_of(*, session: Session, facilitator_id: int) -> list[Workshop]:
    return list(
        session.exec(
            select(Workshop)
            .join(WorkshopFacilitator, col(WorkshopFacilitator.workshop_id) == Workshop.id)
            .where(WorkshopFacilitator.facilitator_id == facilitator_id)
            .order_by(col(Workshop.created_at).desc())
        ).all()
    )


def add_co_facilitator(*, session: Session, workshop_id: int, email: str) -> Facilitator:
    """Share a workshop with another facilitator's account. Raises DomainError."""
    email = email.strip().lower()
    facilitator = session.exec(select(Facilitator).where(Facilitator.email == email)).first()
    if facilitator is None or facilitator.id is None:
        raise DomainError(N_("There is no facilitator account for {email}."), email=email)
    if not may_facilitate(session=session, facilitator_id=facilitator.id, workshop_id=workshop_id):
        session.add(WorkshopFacilitator(workshop_id=workshop_id, facilitator_id=facilitator.id))
        session.flush()
    return facilitator


def co_facilitators(*, session: Session, workshop_id: int) -> list[Facilitator]:
    return list(
        session.exec(
            select(Facilitator)
            .join(WorkshopFacilitator, col(WorkshopFacilitator.facilitator_id) == Facilitator.id)
            .where(WorkshopFacilitator.workshop_id == workshop_id)
            .order_by(col(Facilitator.email))
        ).all()
    )
