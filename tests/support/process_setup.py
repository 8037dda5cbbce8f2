"""Setting up a process the way a facilitator does, through its real forms (CSRF tokens
included, tests/support/form_client.py): creating it, putting workshops in it, adding members
and reading their personal links off the page."""

from __future__ import annotations

import re

from starlette.testclient import TestClient


def new_process(client: TestClient, title: str = "Kansalaisraati kirjastoverkosta") -> int:
    response = client.post("/facilitator/processes", data={"process_title": title})
    assert response.status_code == 200, response.text
    match = re.search(r"/facilitator/processes/(\d+)$", str(response.url))
    assert match, response.url
    return int(match.group(1))


def add_existing(client: TestClient, process_id: int, workshop_id: int) -> None:
    response = client.post(
        f"/facilitator/processes/{process_id}/workshops", data={"workshop_id": str(workshop_id)}
    )
    assert response.status_code == 200, response.text


def new_session(client: TestClient, process_id: int, title: str, language: str = "fi") -> int:
    """A new workshop made inside the process (its page's form); its id."""
    before = set(
        re.findall(
            r'href="/facilitator/workshops/(\d+)"',
            client.get(f"/facilitator/processes/{process_id}").text,
        )
    )
    response = client.post(
        f"/facilitator/processes/{process_id}/workshops/new",
        data={"title": title, "language": language},
    )
    assert response.status_code == 200, response.text
    after = set(re.findall(r'href="/facilitator/workshops/(\d+)"', response.text))
    (made,) = after - before
    return int(made)


def session_ids(client: TestClient, process_id: int) -> list[int]:
    """The process's workshops as its page lists them, in order."""
    page = client.get(f"/facilitator/processes/{process_id}").text
    listed = page.split('class="process-workshops"', 1)[1].split("</ol>", 1)[0]
    return [int(found) for found in re.findall(r'href="/facilitator/workshops/(\d+)"', listed)]


def add_member(client: TestClient, process_id: int, name: str, email: str = "") -> str:
    """Add a member; the token of their personal link as the page shows it."""
    response = client.post(
        f"/facilitator/processes/{process_id}/members",
        data={"member_name": name, "member_email": email},
    )
    assert response.status_code == 200, response.text
    return member_tokens(client, process_id)[name]


def member_tokens(client: TestClient, process_id: int) -> dict[str, str]:
    """Each member's live personal link's token, by name, from the process page."""
    page = client.get(f"/facilitator/processes/{process_id}").text
    found: dict[str, str] = {}
    for row in re.finditer(r"<tr>\s*<td>([^<]*)</td>(.*?)</tr>", page, flags=re.S):
        link = re.search(r'class="personal-link" href="[^"]*/m/([^"]+)"', row.group(2))
        if link:
            found[row.group(1)] = link.group(1)
    return found
