"""Password hashes: Argon2id (argon2-cffi) for new ones; the scrypt hashes earlier versions
stored still verify, and ``needs_rehash`` says when to replace one at the next login.

Checking a password is deliberately slow and memory-hungry. The web app runs checks on a small
pool of its own (``PasswordPool``), never on the thread pool joins and socket handshakes use: a
flood of wrong passwords then queues behind itself and cannot slow a phone joining.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from base64 import b64decode
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# OWASP's Argon2id minimum (19 MiB, two passes, one lane): ~20 ms on a laptop core, and a pool
# of two workers bounds the memory a flood can take to under 40 MiB.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
T = TypeVar("T")


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored`` (Argon2 or an older scrypt hash)."""
    if stored.startswith("scrypt$"):
        return _verify_scrypt(password, stored)
    try:
        return HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Whether a hash that just verified should be replaced by a current Argon2 one."""
    if stored.startswith("scrypt$"):
        return True
    try:
        return HASHER.check_needs_rehash(stored)
    except InvalidHashError:
        return True


def _verify_scrypt(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        candidate = hashlib.scrypt(
            password.encode(), salt=b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except ValueError:
        return False
    return hmac.compare_digest(candidate, b64decode(digest))


class PasswordPool:
    """A bounded pool of threads for password checks only (PASSWORD_WORKERS of them)."""

    def __init__(self, workers: int) -> None:
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="password")

    async def run(self, work: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, work)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
