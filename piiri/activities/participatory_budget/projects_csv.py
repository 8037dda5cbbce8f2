"""A list of projects from a spreadsheet saved as CSV.

The first line names the columns; ``name`` and ``cost`` are needed, ``id``, ``description``,
``category`` and ``link`` are optional (Finnish and Swedish names are understood too: nimi, hinta,
kuvaus, kategoria, linkki; namn, kostnad, beskrivning, kategori, länk). Columns are separated by
semicolons, commas or tabs, whichever the first line uses most; a field may be quoted. A cost may
group its thousands with spaces ("12 000"). Without an id column, projects are numbered 1, 2, ...
in the order of the file. Other columns are ignored.
"""

from __future__ import annotations

from piiri.activities.participatory_budget.election import Project, check_projects
from piiri.activities.participatory_budget.pabulib import fail, whole_number
from piiri.activities.participatory_budget.pabulib_text import read_rows
from piiri.domain.vocabulary import N_, DomainError

COLUMNS = {
    "id": ("id", "project_id", "tunnus", "nro", "nr"),
    "name": ("name", "nimi", "namn"),
    "cost": ("cost", "hinta", "kustannus", "kustannukset", "kostnad"),
    "description": ("description", "kuvaus", "beskrivning"),
    "category": ("category", "kategoria", "luokka", "kategori"),
    "link": ("link", "url", "linkki", "länk"),
}
DELIMITERS = (";", ",", "\t")
MAX_PROJECTS = 500
# Spaces a spreadsheet may group thousands with: space, no-break space, narrow no-break space.
GROUPING = (" ", "\u00a0", "\u202f")


def read_projects_csv(text: str) -> tuple[Project, ...]:
    """The projects in ``text``. Raises DomainError naming the line and the column of the first
    problem: a missing column, a bad cost, a duplicate id, too many rows."""
    first = text.removeprefix("\ufeff").lstrip("\r\n").split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first.count)
    rows = read_rows(text, delimiter)
    if not rows:
        raise DomainError(N_("The file has no projects."))
    header, data = rows[0], rows[1:]
    where: dict[str, int] = {}
    for position, title in enumerate(header.fields):
        name = title.strip().lower()
        for column, aliases in COLUMNS.items():
            if name in aliases and column not in where:
                where[column] = position
    for column in ("name", "cost"):
        if column not in where:
            raise fail(header.line, column, N_("Line {line}: the header has no column {field}."))
    if not data:
        raise DomainError(N_("The file has no projects."))
    if len(data) > MAX_PROJECTS:
        raise DomainError(N_("A ballot holds at most {count} projects."), count=MAX_PROJECTS)
    projects: list[Project] = []
    seen: set[str] = set()
    for number, row in enumerate(data, start=1):

        def value(column: str, fields: tuple[str, ...] = row.fields) -> str:
            at = where.get(column)
            return fields[at].strip() if at is not None and at < len(fields) else ""

        project_id = value("id") or str(number)
        if project_id in seen:
            raise fail(
                row.line,
                "id",
                N_("Line {line}: {field}: the project id {value} appears twice."),
                value=project_id,
            )
        seen.add(project_id)
        name = value("name")
        if not name:
            raise fail(row.line, "name", N_("Line {line}: {field} is empty."))
        cost = value("cost")
        for space in GROUPING:
            cost = cost.replace(space, "")
        projects.append(
            Project(
                id=project_id,
                cost=whole_number(cost, row.line, "cost"),
                name=name,
                description=value("description"),
                category=value("category"),
                link=value("link"),
            )
        )
    check_projects(projects)
    return tuple(projects)
