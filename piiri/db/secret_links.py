"""Revocable secret links: making, finding, revoking and replacing them.

A secret link is an address whose token is the only key (the room screen's, an expert's, the
results' and a process member's personal link, which is the member's rather than a workshop's).
Whoever has the address is let in, so a facilitator
who fears it leaked revokes it: from then on it answers "not found" and sockets opened through
it are closed, and a fresh link takes its place. Tokens are compared only by the database's
unique index, never listed to anyone but the workshop's facilitators.
"""

from __future__ import annotations

import secrets
from collections.abc import Collection
from typing import Literal

from sqlmodel import Session, col, select

from piiri.db.models import SecretLink, Workshop, utcnow

Purpose = Literal["screen", "expert", "results", "personal"]
# 24 random bytes: 32 URL-safe characters, beyond guessing, and short enough for a QR code.
TOKEN_BYTES = 24


def create_secret_link(*, session: Session, workshop_id: int, purpose: Purpose) -> SecretLink:
    """A new live link for the workshop; links made before it keep working."""
    link = SecretLink(
        workshop_id=workshop_id, purpose=purpose, token=secrets.token_urlsafe(TOKEN_BYTES)
    )
    session.add(link)
    session.flush()
    return link


def current_secret_link(
    *, session: Session, workshop_id: int, purpose: Purpose
) -> SecretLink | None:
    """The newest live link of the workshop for ``purpose`` (what its console shows), or None."""
    return session.exec(
        select(SecretLink)
        .where(
            SecretLink.workshop_id == workshop_id,
            SecretLink.purpose == purpose,
            col(SecretLink.revoked_at).is_(None),
        )
        .order_by(col(SecretLink.id).desc())
    ).first()


def find_secret_link(*, session: Session, token: str, purpose: Purpose) -> SecretLink | None:
    """The live link with this token made for ``purpose``; None for any other token, a revoked
    link, or a link made for another purpose."""
    return session.exec(
        select(SecretLink).where(
            SecretLink.token == token,
            SecretLink.purpose == purpose,
            col(SecretLink.revoked_at).is_(None),
        )
    ).first()


def workshop_by_secret_link(*, session: Session, token: str, purpose: Purpose) -> Workshop | None:
    """The workshop a live link for ``purpose`` opens, or None."""
    link = find_secret_link(session=session, token=token, purpose=purpose)
    return None if link is None else session.get(Workshop, link.workshop_id)


def revoke_secret_links(*, session: Session, workshop_id: int, purpose: Purpose) -> int:
    """Revoke every live link of the workshop for ``purpose``; how many there were."""
    live = session.exec(
        select(SecretLink).where(
            SecretLink.workshop_id == workshop_id,
            SecretLink.purpose == purpose,
            col(SecretLink.revoked_at).is_(None),
        )
    ).all()
    now = utcnow()
    for link in live:
        link.revoked_at = now
        session.add(link)
    session.flush()
    return len(live)


def replace_secret_link(*, session: Session, workshop_id: int, purpose: Purpose) -> SecretLink:
    """Revoke the workshop's live links for ``purpose`` and make the one that replaces them."""
    revoke_secret_links(session=session, workshop_id=workshop_id, purpose=purpose)
    return create_secret_link(session=session, workshop_id=workshop_id, purpose=purpose)


def live_tokens(*, session: Session, tokens: Collection[str]) -> set[str]:
    """Which of ``tokens`` still open something (the fan-out closes sockets of the others)."""
    if not tokens:
        return set()
    return set(
        session.exec(
            select(SecretLink.token).where(
                col(SecretLink.token).in_(list(tokens)), col(SecretLink.revoked_at).is_(None)
            )
        ).all()
    )


# -- personal links: a process member's, for every workshop of the process -------------------


def create_member_link(*, session: Session, member_id: int) -> SecretLink:
    """A new live personal link for the process member; earlier ones keep working."""
    link = SecretLink(
        member_id=member_id, purpose="personal", token=secrets.token_urlsafe(TOKEN_BYTES)
    )
    session.add(link)
    session.flush()
    return link


def revoke_member_links(*, session: Session, member_id: int) -> int:
    """Revoke every live personal link of the member; how many there were."""
    live = session.exec(
        select(SecretLink).where(
            SecretLink.member_id == member_id,
            SecretLink.purpose == "personal",
            col(SecretLink.revoked_at).is_(None),
        )
    ).all()
    now = utcnow()
    for link in live:
        link.revoked_at = now
        session.add(link)
    session.flush()
    return len(live)


def replace_member_link(*, session: Session, member_id: int) -> SecretLink:
    """Revoke the member's live personal links and make the one that replaces them."""
    revoke_member_links(session=session, member_id=member_id)
    return create_member_link(session=session, member_id=member_id)


def member_links(*, session: Session, member_ids: Collection[int]) -> dict[int, str]:
    """Each member's newest live personal link's token (members without one are left out)."""
    if not member_ids:
        return {}
    rows = session.exec(
        select(SecretLink)
        .where(
            col(SecretLink.member_id).in_(list(member_ids)),
            SecretLink.purpose == "personal",
            col(SecretLink.revoked_at).is_(None),
        )
        .order_by(col(SecretLink.id))
    ).all()
    return {link.member_id: link.token for link in rows if link.member_id is not None}


def member_by_link(*, session: Session, token: str) -> int | None:
    """The member a live personal link opens, or None (unknown, revoked, another purpose)."""
    link = find_secret_link(session=session, token=token, purpose="personal")
    return None if link is None else link.member_id
