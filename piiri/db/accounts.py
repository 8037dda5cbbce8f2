"""Facilitator accounts: hashed passwords and one-time login links."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from base64 import b64decode, b64encode
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from piiri.activities.text import clean_characters, one_line
from piiri.db.models import Facilitator, LoginToken
from piiri.domain.vocabulary import N_, DomainError

# scrypt parameters: ~50 ms and 16 MiB per check on a laptop (RFC 7914's interactive level).
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1
LOGIN_LINK_LIFETIME = timedelta(hours=12)
MIN_PASSWORD_LENGTH = 10
MAX_NAME_LENGTH = 200


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32
    )
    encoded = f"{b64encode(salt).decode()}${b64encode(digest).decode()}"
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${encoded}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    candidate = hashlib.scrypt(
        password.encode(), salt=b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=32
    )
    return hmac.compare_digest(candidate, b64decode(digest))


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
        verify_password(password, hash_password("not a real password"))
        return None
    return facilitator if verify_password(password, facilitator.password_hash) else None


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


def redeem_login_token(*, session: Session, token: str) -> int | None:
    """The facilitator id for an unused, unexpired token, which is then used up."""
    row = session.get(LoginToken, token)
    if row is None or row.used_at is not None:
        return None
    expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=UTC)
    if expires < datetime.now(UTC):
        return None
    row.used_at = datetime.now(UTC)
    session.add(row)
    return row.facilitator_id
