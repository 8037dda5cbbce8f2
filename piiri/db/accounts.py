"""Facilitator accounts: hashed passwords (piiri/db/passwords.py), sessions and one-time login
links."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from piiri.activities.text import clean_characters, one_line
from piiri.db.models import Facilitator, LoginToken
from piiri.db.passwords import hash_password, needs_rehash, verify_password
from piiri.domain.vocabulary import N_, DomainError

LOGIN_LINK_LIFETIME = timedelta(hours=12)
MIN_PASSWORD_LENGTH = 10
MAX_NAME_LENGTH = 200
# Checked against when an address has no account, so that the time taken does not tell.
_DECOY_HASH = hash_password("not a real password")


def create_facilitator(
    *, session: Session, email: str, password: str, name: str = ""
) -> Facilitator:
    """Raises DomainError for a taken e-mail address, a short password or a long name.

    The e-mail address and the name are cleaned as all stored text is (piiri/activities/text.py):
    the command line hands over undecodable bytes as lone surrogates."""
    email = clean_characters(email).strip().lower()
    if "@" not in email:
        raise DomainError(N_("Give an e-mail address."))
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(
            N_("A password needs at least {length} characters."), length=MIN_PASSWORD_LENGTH
        )
    if session.exec(select(Facilitator).where(Facilitator.email == email)).first():
        raise DomainError(N_("There is already an account for {email}."), email=email)
    name = one_line(name, limit=MAX_NAME_LENGTH)
    facilitator = Facilitator(email=email, name=name, password_hash=hash_password(password))
    session.add(facilitator)
    session.flush()
    return facilitator


def authenticate(*, session: Session, email: str, password: str) -> Facilitator | None:
    facilitator = session.exec(
        select(Facilitator).where(Facilitator.email == email.strip().lower())
    ).first()
    if facilitator is None:
        # Spend the same time as a real check so that response times do not reveal accounts.
        verify_password(password, _DECOY_HASH)
        return None
    if not verify_password(password, facilitator.password_hash):
        return None
    if needs_rehash(facilitator.password_hash):
        # An older scrypt hash (or weaker parameters): replaced now that the password is known.
        facilitator.password_hash = hash_password(password)
        session.add(facilitator)
    return facilitator


def issue_login_token(*, session: Session, facilitator_id: int) -> str:
    token = secrets.token_urlsafe(24)
    session.add(
        LoginToken(
            token=token,
            facilitator_id=facilitator_id,
            expires_at=datetime.now(UTC) + LOGIN_LINK_LIFETIME,
        )
    )
    session.flush()
    return token


def _live_token(session: Session, token: str) -> LoginToken | None:
    row = session.get(LoginToken, token)
    if row is None or row.used_at is not None:
        return None
    expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=UTC)
    return None if expires < datetime.now(UTC) else row


def login_token_owner(*, session: Session, token: str) -> str | None:
    """The e-mail address an unused, unexpired token logs in as; the token stays unused."""
    row = _live_token(session, token)
    if row is None:
        return None
    facilitator = session.get(Facilitator, row.facilitator_id)
    return None if facilitator is None else facilitator.email


def redeem_login_token(*, session: Session, token: str) -> tuple[int, int] | None:
    """The facilitator id and session version for an unused, unexpired token, which is then
    used up."""
    row = _live_token(session, token)
    if row is None:
        return None
    row.used_at = datetime.now(UTC)
    session.add(row)
    facilitator = session.get(Facilitator, row.facilitator_id)
    if facilitator is None:
        return None
    return row.facilitator_id, facilitator.session_version


def session_is_current(*, session: Session, facilitator_id: int, version: int) -> bool:
    """Whether a login cookie with this session version still counts (logout, a new password
    and ``piiri revoke-sessions`` raise the account's version)."""
    facilitator = session.get(Facilitator, facilitator_id)
    return facilitator is not None and facilitator.session_version == version


def revoke_sessions(*, session: Session, facilitator_id: int) -> int:
    """End every session of the account; the new version (for the session that stays)."""
    facilitator = session.get(Facilitator, facilitator_id)
    if facilitator is None:
        raise DomainError(N_("There is no such account."))
    facilitator.session_version += 1
    session.add(facilitator)
    return facilitator.session_version


def set_password(*, session: Session, facilitator_id: int, password: str) -> int:
    """A new password, which ends every session of the account; the new session version.
    Raises DomainError for a password that is too short."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(
            N_("A password needs at least {length} characters."), length=MIN_PASSWORD_LENGTH
        )
    facilitator = session.get(Facilitator, facilitator_id)
    if facilitator is None:
        raise DomainError(N_("There is no such account."))
    facilitator.password_hash = hash_password(password)
    return revoke_sessions(session=session, facilitator_id=facilitator_id)


def facilitator_by_email(*, session: Session, email: str) -> Facilitator | None:
    return session.exec(
        select(Facilitator).where(Facilitator.email == email.strip().lower())
    ).first()
