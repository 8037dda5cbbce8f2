"""Deprecated: moved to tests/support/workshop.py.

A thin re-export kept only while branches written against the old module are in flight (issue
12); import from tests.support.workshop instead. Delete this file once nothing imports it.
"""

from __future__ import annotations

from tests.support.workshop import (
    PASSWORD,
    add_dot_vote,
    add_round_robin,
    facilitator_account,
    join,
    log_in,
    new_workshop,
    screen_token,
    workshop_row,
)

__all__ = [
    "PASSWORD",
    "add_dot_vote",
    "add_round_robin",
    "facilitator_account",
    "join",
    "log_in",
    "new_workshop",
    "screen_token",
    "workshop_row",
]
