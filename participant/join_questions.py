"""What the join page adds from the workshop's plan: the level of participation and its promise,
and the optional questions the facilitator chose (with an optional e-mail address for the
notice when the results are published). Nothing here is required to join."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session

from piiri.db.engine import session_scope
from piiri.db.models import JoinAnswers, Workshop
from piiri.db.plan_texts import group_name, local_text
from piiri.db.plans import effective_plan_row, stakeholder_groups
from piiri.domain.planning import Answers, parse_answers
from piiri.domain.report import AGE_BANDS, IAP2_NAMES
from piiri.web.runtime import Piiri


async def join_context(piiri: Piiri, workshop_id: int) -> dict[str, Any]:
    """The join page's part of the plan: ``promise`` (level and text) and ``questions``."""

    def load() -> dict[str, Any]:
        with Session(piiri.engine) as session:
            plan = effective_plan_row(session=session, workshop_id=workshop_id)
            groups = stakeholder_groups(session=session, workshop_id=workshop_id)
            offered = list(plan.join_questions)
            if not groups and "group" in offered:
                offered.remove("group")  # no groups in the plan: nothing to choose from
            workshop = session.get(Workshop, workshop_id)
            return {
                # The language the plan's texts are written in (``| shown``'s fallback's lang).
                "text_language": workshop.language if workshop else "",
                "iap2_level": plan.iap2_level,
                "iap2_name": IAP2_NAMES.get(plan.iap2_level, ""),
                "promise": local_text(plan, "promise"),
                "questions": tuple(offered),
                "groups": [(g.id, group_name(g)) for g in groups],
                "age_bands": AGE_BANDS,
            }

    return await asyncio.to_thread(load)


def read_answers(extras: Mapping[str, Any], values: Mapping[str, Any]) -> Answers:
    """The form's answers, checked against what the page offered. Raises DomainError."""
    return parse_answers(
        values,
        offered=extras["questions"],
        group_ids=tuple(group_id for group_id, _ in extras["groups"]),
    )


async def save_answers(
    piiri: Piiri, workshop_id: int, participant_id: int, answers: Answers
) -> None:
    if answers.empty:
        return

    def save() -> None:
        with session_scope(piiri.engine) as session:
            session.add(
                JoinAnswers(
                    participant_id=participant_id,
                    workshop_id=workshop_id,
                    stakeholder_group_id=answers.stakeholder_group_id,
                    age_band=answers.age_band,
                    area=answers.area,
                    first_time=answers.first_time,
                    email=answers.email,
                )
            )

    await asyncio.to_thread(save)
