"""Pabulib's ``.pb`` format (pabulib.org/format), read into an Election and written back.

A file has three sections, each a title line (META, PROJECTS, VOTES), a header line naming the
columns (META's is ``key;value``) and data lines. Piiri reads approval, cumulative and ordinal
votes. Every field survives: ``read_pb(write_pb(e)) == e`` for any election ``e`` read from a
file, and a file written in the format's own style comes back byte for byte.

Malformed input raises DomainError with a translatable message naming the line and the field.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from piiri.activities.participatory_budget.ballot_rules import BallotRules, VoteType
from piiri.activities.participatory_budget.election import Ballot, Election, Layout, Project
from piiri.activities.participatory_budget.outcome import Outcome
from piiri.activities.participatory_budget.pabulib_fields import (
    COUNTED,
    META_ORDER,
    PROJECT_FIELDS,
    PROJECT_ORDER,
    VOTE_ORDER,
    WHOLE_NUMBER_KEYS,
)
from piiri.activities.participatory_budget.pabulib_text import (
    Row,
    newline_of,
    read_rows,
    write_rows,
)
from piiri.activities.participatory_budget.support import vote_counts
from piiri.domain.vocabulary import N_, DomainError

SECTIONS = ("META", "PROJECTS", "VOTES")


def fail(line: int, field: str, message: str, **params: object) -> DomainError:
    return DomainError(message, line=line, field=field, **params)


def whole_number(text: str, line: int, field: str) -> int:
    """``text`` as a whole number of zero or more ("1200", or "1200.00" as the format allows)."""
    digits, _, decimals = text.partition(".")
    if digits.isascii() and digits.isdigit() and decimals.strip("0") == "" and decimals.isascii():
        return int(digits)
    raise fail(
        line,
        field,
        N_("Line {line}: {field} must be a whole number of zero or more, not “{value}”."),
        value=text,
    )


# -- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    title: Row
    header: tuple[str, ...]
    rows: tuple[Row, ...]


def read_pb(text: str) -> Election:
    """The election in ``text``, a ``.pb`` file. Raises DomainError on malformed input."""
    meta_section, project_section, vote_section = _sections(read_rows(text))
    meta, meta_lines = _meta(meta_section)
    vote_type = _vote_type(meta, meta_lines, meta_section.title.line)
    projects = _projects(project_section)
    ballots = _ballots(vote_section, {p.id for p in projects}, vote_type)
    for key, count in zip(COUNTED, (len(projects), len(ballots)), strict=True):
        if key in meta and whole_number(meta[key], meta_lines[key], key) != count:
            raise fail(
                meta_lines[key],
                key,
                N_("Line {line}: {field} says {value}, but the file has {count}."),
                value=meta[key],
                count=count,
            )

    def number(key: str) -> int | None:
        return whole_number(meta[key], meta_lines[key], key) if key in meta else None

    if "budget" not in meta:
        raise fail(meta_section.title.line, "budget", N_("Line {line}: META has no {field}."))
    numbers = {key: number(key) for key in WHOLE_NUMBER_KEYS}
    rules = BallotRules(vote_type, **numbers, scoring_fn=meta.get("scoring_fn"))
    interpreted = {"budget", "vote_type", "rule", "min_project_score_threshold", "scoring_fn"}
    interpreted.update(COUNTED, WHOLE_NUMBER_KEYS)
    return Election(
        budget=number("budget") or 0,
        rules=rules,
        projects=projects,
        ballots=ballots,
        rule=meta.get("rule", ""),
        threshold=number("min_project_score_threshold"),
        meta=tuple((k, v) for k, v in meta.items() if k not in interpreted),
        layout=Layout(
            meta_keys=tuple(meta),
            project_columns=project_section.header,
            vote_columns=vote_section.header,
            newline=newline_of(text),
        ),
    )


def _sections(rows: list[Row]) -> tuple[Section, Section, Section]:
    titles = [i for i, row in enumerate(rows) if len(row.fields) == 1 and row.fields[0] in SECTIONS]
    found = [rows[i].fields[0] for i in titles]
    if rows and (not titles or titles[0] != 0):
        raise DomainError(N_("Line {line}: the file must begin with META."), line=rows[0].line)
    for position, name in enumerate(SECTIONS):
        if name not in found:
            line = rows[-1].line if rows else 1
            raise DomainError(
                N_("Line {line}: the section {section} is missing."), line=line, section=name
            )
        if found.index(name) != position or found.count(name) > 1:
            row = rows[titles[position]]
            raise DomainError(
                N_("Line {line}: the sections must be META, PROJECTS and VOTES, in this order."),
                line=row.line,
            )
    sections = []
    for start, end in zip(titles, [*titles[1:], len(rows)], strict=True):
        if start + 1 >= end:
            raise DomainError(
                N_("Line {line}: the section {section} has no header."),
                line=rows[start].line,
                section=rows[start].fields[0],
            )
        header = rows[start + 1]
        for column in header.fields:
            if header.fields.count(column) > 1:
                raise fail(header.line, column, N_("Line {line}: {field} appears twice."))
        sections.append(Section(rows[start], header.fields, tuple(rows[start + 2 : end])))
    return sections[0], sections[1], sections[2]


def _records(section: Section, required: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Each data row of ``section`` as (line, column -> value), its width checked."""
    header = section.header
    for column in required:
        if column not in header:
            raise fail(
                section.title.line + 1,
                column,
                N_("Line {line}: the {section} header has no {field}."),
                section=section.title.fields[0],
            )
    for row in section.rows:
        if len(row.fields) != len(header):
            raise DomainError(
                N_("Line {line}: {found} fields where the {section} header has {expected}."),
                line=row.line,
                found=len(row.fields),
                expected=len(header),
                section=section.title.fields[0],
            )
        yield row.line, dict(zip(header, row.fields, strict=True))


def _meta(section: Section) -> tuple[dict[str, str], dict[str, int]]:
    if section.header != ("key", "value"):
        raise DomainError(
            N_("Line {line}: META needs the header key;value."), line=section.title.line + 1
        )
    meta: dict[str, str] = {}
    lines: dict[str, int] = {}
    for line, record in _records(section, ("key", "value")):
        key = record["key"]
        if key in meta:
            raise fail(line, key, N_("Line {line}: {field} appears twice."))
        meta[key], lines[key] = record["value"], line
    return meta, lines


def _vote_type(meta: dict[str, str], lines: dict[str, int], title_line: int) -> VoteType:
    if "vote_type" not in meta:
        raise fail(title_line, "vote_type", N_("Line {line}: META has no {field}."))
    try:
        return VoteType(meta["vote_type"])
    except ValueError:
        raise fail(
            lines["vote_type"],
            "vote_type",
            N_("Line {line}: Piiri counts approval, cumulative and ordinal votes, not “{value}”."),
            value=meta["vote_type"],
        ) from None


def _projects(section: Section) -> tuple[Project, ...]:
    projects: dict[str, Project] = {}
    for line, record in _records(section, ("project_id", "cost")):
        project_id = record["project_id"]
        if not project_id:
            raise fail(line, "project_id", N_("Line {line}: {field} is empty."))
        if project_id in projects:
            raise fail(
                line,
                "project_id",
                N_("Line {line}: {field}: the project id {value} appears twice."),
                value=project_id,
            )
        projects[project_id] = Project(
            id=project_id,
            cost=whole_number(record["cost"], line, "cost"),
            name=record.get("name", ""),
            description=record.get("description", ""),
            category=record.get("category", ""),
            link=record.get("link", ""),
            extra=tuple((k, v) for k, v in record.items() if k not in PROJECT_FIELDS),
        )
    return tuple(projects.values())


def _ballots(section: Section, known: set[str], vote_type: VoteType) -> tuple[Ballot, ...]:
    cumulative = vote_type is VoteType.CUMULATIVE
    required = ("voter_id", "vote", "points") if cumulative else ("voter_id", "vote")
    # A points column beside approval or ordinal votes is not Piiri's to read: it rides along.
    interpreted = {*required, "voting_method"}
    ballots: list[Ballot] = []
    voters: set[str] = set()
    for line, record in _records(section, required):
        voter_id = record["voter_id"]
        if not voter_id:
            raise fail(line, "voter_id", N_("Line {line}: {field} is empty."))
        if voter_id in voters:
            raise fail(
                line,
                "voter_id",
                N_("Line {line}: {field}: the voter id {value} appears twice."),
                value=voter_id,
            )
        voters.add(voter_id)
        chosen = tuple(record["vote"].split(",")) if record["vote"] else ()
        for project_id in chosen:
            if project_id not in known:
                raise fail(
                    line,
                    "vote",
                    N_("Line {line}: {field}: there is no project {value}."),
                    value=project_id,
                )
        if len(set(chosen)) != len(chosen):
            raise fail(line, "vote", N_("Line {line}: {field} names a project twice."))
        points: tuple[int, ...] = ()
        if cumulative:
            text = record["points"]
            points = tuple(whole_number(p, line, "points") for p in text.split(",")) if text else ()
            if len(points) != len(chosen):
                raise fail(
                    line,
                    "points",
                    N_("Line {line}: {field}: {found} points for {expected} projects."),
                    found=len(points),
                    expected=len(chosen),
                )
        ballots.append(
            Ballot(
                voter_id=voter_id,
                projects=chosen,
                points=points,
                voting_method=record.get("voting_method", ""),
                extra=tuple((c, v) for c, v in record.items() if c not in interpreted),
            )
        )
    return tuple(ballots)


# -- writing -----------------------------------------------------------------------------------


def write_pb(election: Election) -> str:
    """``election`` as a ``.pb`` file: in its layout when it was read from one, else in the
    order pabulib.org/format lists the fields."""
    layout = election.layout
    meta = _meta_values(election)
    if layout:
        # A file without num_projects or num_votes is written back without them.
        meta = {k: v for k, v in meta.items() if k not in COUNTED or k in layout.meta_keys}
    meta_keys = _columns(layout.meta_keys if layout else (), META_ORDER, list(meta))
    projects = election.projects
    project_values = [_project_values(p) for p in projects]
    project_columns = _columns(
        layout.project_columns if layout else (), PROJECT_ORDER, _present(project_values)
    )
    vote_values = [_vote_values(b, election.rules.vote_type) for b in election.ballots]
    always = ["voter_id", "vote"] + (
        ["points"] if election.rules.vote_type is VoteType.CUMULATIVE else []
    )
    vote_columns = _columns(
        layout.vote_columns if layout else (), VOTE_ORDER, [*always, *_present(vote_values)]
    )
    rows: list[Sequence[str]] = [["META"], ["key", "value"]]
    rows.extend([key, meta[key]] for key in meta_keys if key in meta)
    rows.extend([["PROJECTS"], project_columns])
    rows.extend([v.get(c, "") for c in project_columns] for v in project_values)
    rows.extend([["VOTES"], vote_columns])
    rows.extend([v.get(c, "") for c in vote_columns] for v in vote_values)
    return write_rows(rows, layout.newline if layout else "\n")


def _columns(given: Sequence[str], order: Sequence[str], present: Sequence[str]) -> list[str]:
    """``given`` (a file's own order), then what else is present: known names in the format's
    order, then the rest as they came."""
    more = [c for c in order if c in present and c not in given]
    more += [c for c in present if c not in order and c not in given]
    return [*given, *more]


# Fields every project or ballot has, written only when one of them is not empty. (Any other
# column, from ``extra``, is written when a row has it, empty or not.)
OPTIONAL = frozenset({"name", "description", "category", "link", "voting_method"})


def _present(values: Sequence[dict[str, str]]) -> list[str]:
    """The columns ``values`` need, in the order they first appear."""
    seen: dict[str, None] = {}
    for value in values:
        seen.update((k, None) for k, v in value.items() if v != "" or k not in OPTIONAL)
    return list(seen)


def _meta_values(election: Election) -> dict[str, str]:
    rules = election.rules
    values: dict[str, str] = dict(election.meta)
    typed: dict[str, object] = {
        "num_projects": len(election.projects),
        "num_votes": len(election.ballots),
        "budget": election.budget,
        "vote_type": rules.vote_type.value,
        "rule": election.rule,
        "scoring_fn": rules.scoring_fn,
        "min_project_score_threshold": election.threshold,
    }
    typed.update((key, getattr(rules, key)) for key in WHOLE_NUMBER_KEYS)
    values.update((k, str(v)) for k, v in typed.items() if v is not None and v != "")
    return values


def _project_values(project: Project) -> dict[str, str]:
    values = {
        "project_id": project.id,
        "cost": str(project.cost),
        "name": project.name,
        "description": project.description,
        "category": project.category,
        "link": project.link,
    }
    values.update(project.extra)
    return values


def _vote_values(ballot: Ballot, vote_type: VoteType) -> dict[str, str]:
    values = {"voter_id": ballot.voter_id, "vote": ",".join(ballot.projects)}
    if vote_type is VoteType.CUMULATIVE:
        values["points"] = ",".join(str(p) for p in ballot.points)
    values.update(ballot.extra)
    values["voting_method"] = ballot.voting_method
    return values


def with_outcome(election: Election, outcome: Outcome) -> Election:
    """``election`` as it is published with ``outcome``: META ``rule`` names the outcome's rule,
    and each project carries ``votes`` (ballots naming it), ``score`` (its support, for points and
    rankings, where it differs from votes) and ``selected`` (1 or 0)."""
    votes = vote_counts(election)
    scores = dict(outcome.support)
    counted = election.rules.vote_type is not VoteType.APPROVAL
    projects = []
    for project in election.projects:
        extra = dict(project.extra)
        extra["votes"] = str(votes[project.id])
        if counted:
            extra["score"] = str(scores[project.id])
        extra["selected"] = "1" if outcome.is_selected(project.id) else "0"
        projects.append(replace(project, extra=tuple(extra.items())))
    return replace(election, projects=tuple(projects), rule=outcome.rule)
