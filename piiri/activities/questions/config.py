"""Hearing questions: the add form's fields, checked (see kind.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from piiri.activities.local_text import LocalText
from piiri.activities.questions.model import MAX_EXPERT_LENGTH, MAX_EXPERTS, SORTS
from piiri.activities.text import lines
from piiri.domain.vocabulary import N_, DomainError


def checked(value: object) -> bool:
    """A checkbox: sent as "on" when ticked, absent (or empty) when not."""
    return bool(value) and str(value).strip().lower() not in ("", "off", "false", "0")


def questions_config(values: Mapping[str, Any]) -> dict[str, Any]:
    """The experts (one per line, none: questions go to all), whether questions wait for
    moderation, whether they may be anonymous, and how the queue starts sorted."""
    experts: list[str] = []
    for line in lines(values.get("experts", "")):
        if len(line) > MAX_EXPERT_LENGTH:
            raise DomainError(
                N_("An expert's name can be at most {limit} characters long."),
                limit=MAX_EXPERT_LENGTH,
            )
        if line.casefold() in (e.casefold() for e in experts):
            raise DomainError(N_("“{name}” is already an expert."), name=line)
        experts.append(line)
    if len(experts) > MAX_EXPERTS:
        raise DomainError(N_("A hearing can have at most {limit} experts."), limit=MAX_EXPERTS)
    sort = str(values.get("sort") or "votes")
    if sort not in SORTS:
        raise DomainError(N_("Sort the queue by votes or by hand."))
    # Both boxes are ticked to leave the default, so that a form without them (or a
    # configuration written before them) gets a moderated hearing that allows anonymity.
    return {
        "experts": [LocalText(e).to_json() for e in experts],
        "list_at_once": checked(values.get("list_at_once")),
        "names_required": checked(values.get("names_required")),
        "sort": sort,
    }
