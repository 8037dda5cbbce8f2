"""The activity's configuration: the ballot type and its limits, the budget, the rule, and the
projects, typed in the console or imported from a Pabulib ``.pb`` file or a spreadsheet (CSV).

The projects field is a small spreadsheet itself: a header line (``id;name;cost;description;
category;link``, or any header ``projects_csv`` understands) and one project per line; a text
without a header is read as ``name;cost;description;category;link``. A file uploaded in the
form (``projects_file``) replaces the typed projects: a ``.pb`` file is known by its first line,
META; its budget is used when the form's budget is empty. Bad input raises DomainError naming
the line and the field, and nothing is stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from piiri.activities.form_values import optional_number
from piiri.activities.local_text import LocalText
from piiri.activities.participatory_budget.ballot_rules import BallotRules, BallotType
from piiri.activities.participatory_budget.election import (
    DEFAULT_RULE,
    Project,
    check_budget,
    check_projects,
)
from piiri.activities.participatory_budget.pabulib import read_pb
from piiri.activities.participatory_budget.pabulib_text import write_rows
from piiri.activities.participatory_budget.projects_csv import (
    COLUMNS,
    DELIMITERS,
    read_projects_csv,
)
from piiri.activities.participatory_budget.rules import RULES
from piiri.activities.participatory_budget.voting import (
    Proposal,
)
from piiri.activities.text import clean_characters, one_line
from piiri.domain.vocabulary import N_, DomainError

MAX_PROJECTS = 100
MAX_BUDGET = 10**12
MAX_POINTS = 1000
MAX_NAME = 200
MAX_DESCRIPTION = 1000
MAX_CATEGORY = 100
MAX_LINK = 500
# An uploaded file, as text: Pabulib files of whole cities run to megabytes, the projects of
# one are far less; the ballots in a .pb file are not imported.
MAX_FILE = 5_000_000
HEADER = ("id", "name", "cost", "description", "category", "link")
PLAIN_HEADER = ("name", "cost", "description", "category", "link")
BALLOTS = tuple(t.value for t in BallotType)
TOO_LARGE = N_("The file is too large: at most {limit} characters.")


def default_config() -> dict[str, Any]:
    return {
        "ballot": BallotType.APPROVAL.value,
        "budget": None,
        "min_projects": None,
        "max_projects": None,
        "min_share": None,
        "points": None,
        "max_points": None,
        "rule": DEFAULT_RULE,
        "threshold": None,
        "unit": "",
        "projects": [],
    }


def config_form(config: Mapping[str, Any]) -> dict[str, str]:
    def text(value: object) -> str:
        return "" if value is None else str(value)

    form = {name: text(config.get(name)) for name in default_config() if name != "projects"}
    rows = [HEADER] + [
        (
            p["id"],
            LocalText.from_json(p["name"]).text,
            str(p["cost"]),
            LocalText.from_json(p.get("description", "")).text,
            p.get("category", ""),
            p.get("link", ""),
        )
        for p in config.get("projects", [])
    ]
    form["projects"] = write_rows(rows).rstrip("\n") if config.get("projects") else ""
    form["projects_file"] = ""
    return form


def _number(values: Mapping[str, Any], name: str, low: int, high: int, message: str) -> int | None:
    return optional_number(values.get(name), low=low, high=high, message=message)


def parse_config(values: Mapping[str, Any]) -> dict[str, Any]:
    ballot = str(values.get("ballot", "")).strip()
    if ballot not in BALLOTS:
        raise DomainError(N_("Choose a ballot type: approval, knapsack, cumulative or ranking."))
    rule = str(values.get("rule", "")).strip() or DEFAULT_RULE
    if rule not in RULES:
        raise DomainError(N_("Choose one of the rules Piiri computes."))
    budget = _number(
        values,
        "budget",
        1,
        MAX_BUDGET,
        N_("The budget must be a whole number from {low} to {high}."),
    )
    projects, file_budget = _projects(values)
    budget = budget if budget is not None else file_budget
    if budget is None:
        raise DomainError(N_("Give the budget to spend, a whole number of euros."))
    check_budget(budget)
    config: dict[str, Any] = {
        "ballot": ballot,
        "budget": budget,
        "min_projects": _number(
            values,
            "min_projects",
            0,
            MAX_PROJECTS,
            N_("The least number of projects must be a whole number from {low} to {high}."),
        ),
        "max_projects": _number(
            values,
            "max_projects",
            1,
            MAX_PROJECTS,
            N_("The most projects must be a whole number from {low} to {high}."),
        ),
        "min_share": _number(
            values,
            "min_share",
            0,
            100,
            N_("The least share of the budget must be a whole percentage from {low} to {high}."),
        ),
        "points": _number(
            values,
            "points",
            1,
            MAX_POINTS,
            N_("Points per person must be a whole number from {low} to {high}."),
        ),
        "max_points": _number(
            values,
            "max_points",
            1,
            MAX_POINTS,
            N_("Points on one project must be a whole number from {low} to {high}."),
        ),
        "rule": rule,
        "threshold": _number(
            values,
            "threshold",
            0,
            MAX_BUDGET,
            N_("The least support must be a whole number from {low} to {high}."),
        ),
        "unit": one_line(values.get("unit"), limit=MAX_NAME),
        "projects": [
            {
                "id": p.id,
                "cost": p.cost,
                "name": LocalText(p.name).to_json(),
                "description": LocalText(p.description).to_json(),
                "category": p.category,
                "link": p.link,
            }
            for p in projects
        ],
    }
    if rule == "greedy-threshold" and config["threshold"] is None:
        raise DomainError(N_("The rule with a threshold needs the least support a project needs."))
    ballot_rules(config)  # the limits must make sense together
    return config


def _projects(values: Mapping[str, Any]) -> tuple[tuple[Project, ...], int | None]:
    """The projects (from the file if one came, else typed), and a .pb file's budget."""
    upload = clean_characters(str(values.get("projects_file") or ""))
    budget: int | None = None
    if upload.strip():
        if len(upload) > MAX_FILE:
            raise DomainError(
                N_("The file is too large: at most {limit} characters."), limit=MAX_FILE
            )
        if upload.lstrip("\ufeff \r\n").startswith("META"):
            election = read_pb(upload.lstrip("\ufeff"))
            found, budget = election.projects, election.budget
        else:
            found = read_projects_csv(upload)
    else:
        typed = clean_characters(str(values.get("projects") or "")).strip("\r\n")
        if not typed.strip():
            raise DomainError(N_("A participatory budget needs at least two projects."))
        if len(typed) > MAX_FILE:
            raise DomainError(
                N_("The file is too large: at most {limit} characters."), limit=MAX_FILE
            )
        found = _typed(typed)
    return _checked(found), budget


def _typed(text: str) -> tuple[Project, ...]:
    """Projects typed in the form: with their own header line, or without one (then each line is
    name;cost;description;category;link and the messages name the lines as typed)."""
    first = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first.count)
    titles = {title.strip().lower() for title in first.split(delimiter)}
    if titles & set(COLUMNS["name"]) and titles & set(COLUMNS["cost"]):
        return read_projects_csv(text)
    try:
        return read_projects_csv(delimiter.join(PLAIN_HEADER) + "\n" + text)
    except DomainError as error:
        line = error.params.get("line")
        if isinstance(line, int):
            raise DomainError(error.message, **{**error.params, "line": line - 1}) from None
        raise


def _checked(projects: tuple[Project, ...]) -> tuple[Project, ...]:
    if len(projects) < 2:
        raise DomainError(N_("A participatory budget needs at least two projects."))
    if len(projects) > MAX_PROJECTS:
        raise DomainError(
            N_("A participatory budget can have at most {limit} projects."), limit=MAX_PROJECTS
        )
    check_projects(projects)
    checked = []
    for p in projects:
        name = one_line(
            p.name or p.id,
            limit=MAX_NAME,
            required=N_("Every project needs a name."),
            too_long=N_("A project's name can be at most {limit} characters long."),
        )
        description = one_line(
            p.description,
            limit=MAX_DESCRIPTION,
            too_long=N_("A project's description can be at most {limit} characters long."),
        )
        category = one_line(p.category, limit=MAX_CATEGORY)
        link = one_line(p.link, limit=MAX_LINK)
        if link and not link.startswith(("https://", "http://")):
            raise DomainError(
                N_("The link of project {project} must begin with https:// or http://."),
                project=p.id,
            )
        checked.append(Project(p.id, p.cost, name, description, category, link))
    return tuple(checked)


def ballot_rules(config: Mapping[str, Any]) -> BallotRules:
    """The ballot rules a stored configuration asks for. Raises DomainError when its limits
    cannot all hold."""
    ballot = BallotType(config["ballot"])
    count = len(config["projects"])
    least, most = config.get("min_projects"), config.get("max_projects")
    if ballot is BallotType.APPROVAL:
        at_least = 1 if least is None else least
        if at_least > count or (most is not None and at_least > most):
            raise DomainError(
                N_("The least number of projects ({least}) is more than can be chosen."),
                least=at_least,
            )
        return BallotRules.approval(at_least=at_least, at_most=most)
    if ballot is BallotType.KNAPSACK:
        share = Fraction(config.get("min_share") or 0, 100)
        return BallotRules.knapsack(config["budget"], least_share=share)
    if ballot is BallotType.CUMULATIVE:
        points = config.get("points") or 10
        per_project = config.get("max_points")
        if per_project is not None and per_project > points:
            raise DomainError(
                N_("Points on one project ({most}) cannot be more than points per person."),
                most=per_project,
            )
        return BallotRules.cumulative(points, per_project=per_project)
    return BallotRules.ranking(min(most or count, count))


def proposals(config: Mapping[str, Any]) -> tuple[Proposal, ...]:
    return tuple(
        Proposal(
            id=p["id"],
            cost=p["cost"],
            name=LocalText.from_json(p["name"]),
            description=LocalText.from_json(p.get("description", "")),
            category=p.get("category", ""),
            link=p.get("link", ""),
        )
        for p in config.get("projects", [])
    )
