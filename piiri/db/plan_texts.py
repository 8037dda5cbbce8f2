"""The plan's texts in the workshop's languages (``WorkshopPlan.translations``,
``ProcessPlan.translations``).

A plan's text columns hold the text as written, in the workshop's own language; its
``translations`` column holds, per field, the versions in other languages. The plan forms give
them as ``<field>@<language>`` fields (``_languages.html``'s ``local_field``, the same names the
activity forms use); readers get each text as a ``LocalText`` (``local_texts``), so the views
read it in their language with the ``local``/``shown`` filters, falling back to the text as
written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from piiri.activities.config_languages import language_field
from piiri.activities.local_text import LocalText
from piiri.domain.planning import LONG, MEDIUM, SHORT, text

# The plan's texts shown to participants or in the report, on a workshop's and a process's plan.
PLAN_TEXTS = (
    "purpose",
    "decision",
    "decider",
    "promise",
    "goals_organisation",
    "goals_participants",
    "next_steps",
)
# What the public results page publishes (a workshop's plan only).
PUBLISHED_TEXTS = ("published_summary", "what_we_did")
# A stakeholder group's name (its own row's ``translations``: {"sv": "..."}).
GROUP_NAME = 200
# Each text's longest length (the columns' sizes, piiri/db/models.py).
LIMITS = {
    "purpose": MEDIUM,
    "decision": MEDIUM,
    "decider": SHORT,
    "promise": MEDIUM,
    "goals_organisation": LONG,
    "goals_participants": LONG,
    "next_steps": LONG,
    "published_summary": 8000,
    "what_we_did": 8000,
}


def versions_from_form(
    values: Mapping[str, Any], fields: Iterable[str], others: Iterable[str]
) -> dict[str, dict[str, str]]:
    """Each field's versions in ``others`` from the form's ``<field>@<language>`` fields,
    checked as the field itself is (``planning.text``: cleaned, its length); empty ones left
    out (their readers see the text as written). Raises DomainError for a text too long."""
    others = tuple(others)
    found: dict[str, dict[str, str]] = {}
    for field in fields:
        limit = LIMITS[field]
        given = {code: text(values, language_field(field, code), limit) for code in others}
        given = {code: version for code, version in given.items() if version}
        if given:
            found[field] = given
    return found


def merged(
    stored: Mapping[str, Mapping[str, str]],
    given: Mapping[str, Mapping[str, str]],
    fields: Iterable[str],
) -> dict[str, dict[str, str]]:
    """``stored`` with ``fields``' versions replaced by ``given``'s (a form saves some fields)."""
    kept = {f: dict(v) for f, v in stored.items() if f not in set(fields)}
    return {**kept, **{f: dict(v) for f, v in given.items()}}


def form_versions(row: Any, fields: Iterable[str]) -> dict[str, str]:
    """The plan form's fields: each text as written and its ``<field>@<language>`` versions."""
    stored: Mapping[str, Mapping[str, str]] = row.translations or {}
    form: dict[str, str] = {}
    for field in fields:
        form[field] = str(getattr(row, field) or "")
        for code, version in (stored.get(field) or {}).items():
            form[language_field(field, code)] = version
    return form


def local_text(row: Any, field: str) -> LocalText:
    """One of the plan's texts with its versions in other languages."""
    versions = (row.translations or {}).get(field) or {}
    return LocalText(str(getattr(row, field) or ""), tuple(sorted(versions.items())))


def local_texts(row: Any, fields: Iterable[str] = PLAN_TEXTS) -> dict[str, LocalText]:
    return {field: local_text(row, field) for field in fields}


def group_name_versions(values: Mapping[str, Any], others: Iterable[str]) -> dict[str, str]:
    """A new stakeholder group's name in ``others`` (``name@<language>``), empty ones left out."""
    given = {code: text(values, language_field("name", code), GROUP_NAME) for code in others}
    return {code: version for code, version in given.items() if version}


def group_name(group: Any) -> LocalText:
    """A stakeholder group's name with its versions in other languages."""
    return LocalText(group.name, tuple(sorted((group.translations or {}).items())))


def typed_group(typed: Mapping[str, Any]) -> dict[str, str]:
    """What a refused group form had in its name fields (``name``, ``name@<language>``)."""
    if "target" not in typed:
        return {}
    return {k: str(v) for k, v in typed.items() if k == "name" or k.startswith("name@")}
