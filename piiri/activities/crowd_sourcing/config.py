"""25/10's add form, checked (see kind.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from piiri.activities.crowd_sourcing.model import (
    DEFAULT_ROUNDS,
    MAX_PROMPT_LENGTH,
    MAX_ROUNDS,
    ROUND_SECONDS_HIGH,
    ROUND_SECONDS_LOW,
)
from piiri.activities.form_values import optional_number
from piiri.activities.local_text import LocalText
from piiri.activities.text import one_line
from piiri.domain.vocabulary import N_


def crowd_sourcing_config(values: Mapping[str, Any]) -> dict[str, Any]:
    """The invitation (empty: a general one, translated), the number of scoring rounds and
    each round's timer in seconds (empty: no timer)."""
    prompt = one_line(
        values.get("prompt"),
        limit=MAX_PROMPT_LENGTH,
        too_long=N_("The invitation can be at most {limit} characters long."),
    )
    rounds = optional_number(
        values.get("rounds"),
        low=1,
        high=MAX_ROUNDS,
        message=N_("The rounds must be a whole number from {low} to {high}."),
    )
    seconds = optional_number(
        values.get("round_seconds"),
        low=ROUND_SECONDS_LOW,
        high=ROUND_SECONDS_HIGH,
        message=N_("A round's time must be a whole number of seconds from {low} to {high}."),
    )
    return {
        "prompt": LocalText(prompt).to_json(),
        "rounds": DEFAULT_ROUNDS if rounds is None else rounds,
        "round_seconds": seconds,
    }
