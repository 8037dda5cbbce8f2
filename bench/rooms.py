"""Setting a run up the way people do: a facilitator creates the workshops over HTTP, and every
client of the run is listed (which room, which process, which socket path)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx2 as httpx

from bench.client import form_token
from tests.support.processes import PiiriProcess, piiri_command

OPTIONS = (
    "Longer library opening hours",
    "A repair café in the village hall",
    "Safer cycle routes to school",
    "A community garden",
    "More benches along the shore path",
    "Free sports shifts for young people",
)


@dataclass(frozen=True)
class Scenario:
    name: str
    participants: int
    rooms: int = 1
    processes: int = 1
    slow_fraction: float = 0.0
    rate: float = 20.0  # votes per second, all rooms together
    duration: float = 5.0  # seconds of votes at ``rate``
    burst_rate: float = 200.0  # votes per second offered in the throughput phase
    burst_duration: float = 3.0
    workers: int = 2
    # What is measured: "vote" (latency and throughput of votes with the results shown),
    # "switch" (next/previous), "breakout" (groups formed), "idle" (bytes to idle phones while
    # a few vote with the results hidden).
    kind: str = "vote"
    switches: int = 6  # switches (or group formings) measured
    voters: int = 0  # phones that vote in an "idle" run (0: all)


@dataclass
class Room:
    workshop_id: int
    code: str
    screen_token: str
    activity_id: int
    second_id: int | None = None  # the activity after it on the agenda, if any


# The second activity of a "switch" and a "breakout" run, as the console's form adds it.
SECOND = {
    "switch": {
        "kind": "dot_vote",
        "title": "Which should come second?",
        "options": "\n".join(reversed(OPTIONS)),
        "dots_per_person": "2",
        "max_per_option": "",
    },
    "breakout": {
        "kind": "breakout",
        "title": "Talk it over in groups of five",
        "prompts": "What would make the first idea work?",
        "mixing": "random",
        "group_count": "",
        "group_size": "5",
        "minutes": "15",
        "call_links": "",
    },
}


# -- setting up workshops the way a facilitator does ----------------------------------------------


def create_rooms(
    server: PiiriProcess, env: dict[str, str], count: int, second: dict[str, str] | None = None
) -> tuple[str, list[Room]]:
    """Log a facilitator in (a `piiri demo` login link) and create ``count`` dot-vote workshops,
    each with ``second`` (the console's form) as its next activity when given."""
    demo = piiri_command("demo", "--json", env=env, timeout=60)
    login = urlsplit(json.loads(demo.strip().splitlines()[-1])["facilitator_url"])
    base = server.base_url
    rooms = []
    with httpx.Client(base_url=base, timeout=30.0, trust_env=False) as http:
        headers = {"Origin": base, "Accept-Language": "en"}
        page = http.get(f"{login.path}?{login.query}")
        page.raise_for_status()
        response = http.post(
            login.path,
            data={"csrf": form_token(page.text)},
            headers=headers,
            follow_redirects=True,
        )
        response.raise_for_status()
        cookie = http.cookies.get("piiri")
        assert cookie, "the login link set no cookie"
        for n in range(count):
            response = http.post(
                "/facilitator/workshops",
                data={
                    "title": f"Bench room {n + 1}",
                    "language": "en",
                    "csrf": form_token(response.text),
                },
                headers=headers,
                follow_redirects=True,
            )
            response.raise_for_status()
            workshop_id = int(str(response.url).rstrip("/").rsplit("/", 1)[-1])
            response = http.post(
                f"/facilitator/workshops/{workshop_id}/activities",
                data={
                    "kind": "dot_vote",
                    "title": "Which ideas should get funding first?",
                    "options": "\n".join(OPTIONS),
                    "dots_per_person": "3",
                    "max_per_option": "",
                    "csrf": form_token(response.text),
                },
                headers=headers,
                follow_redirects=True,
            )
            response.raise_for_status()
            if second is not None:
                response = http.post(
                    f"/facilitator/workshops/{workshop_id}/activities",
                    data={**second, "csrf": form_token(response.text)},
                    headers=headers,
                    follow_redirects=True,
                )
                response.raise_for_status()
            console = http.get(f"/facilitator/workshops/{workshop_id}").text
            code = re.search(r"/j/(\d+)", console)
            token = re.search(r'href="/screen/([^"]+)"', console)
            ids = list(dict.fromkeys(re.findall(r'name="activity" value="(\d+)"', console)))
            assert code and token and ids, "the console lacks its join code or screen link"
            assert second is None or len(ids) > 1, "the second activity was not added"
            later = int(ids[1]) if second is not None else None
            rooms.append(Room(workshop_id, code.group(1), token.group(1), int(ids[0]), later))
    return cookie, rooms


def client_specs(
    scenario: Scenario, rooms: list[Room], bases: list[str], facilitator_cookie: str
) -> list[dict[str, Any]]:
    """Every client of the run: per room a facilitator (first process), a screen (last
    process) and the room's share of phones spread over the processes."""
    specs: list[dict[str, Any]] = []
    per_room = scenario.participants // len(rooms)
    # At least one phone stops reading whenever the scenario asks for any, spread evenly.
    slow_count = max(1, round(per_room * len(rooms) * scenario.slow_fraction))
    step = per_room * len(rooms) / slow_count
    slow = {int(i * step) for i in range(slow_count)} if scenario.slow_fraction else set()
    phone = 0
    for room in rooms:
        specs.append(
            {
                "role": "facilitator",
                "room": room.code,
                "base_url": bases[0],
                "path": f"/ws/facilitator/{room.workshop_id}",
                "cookie": facilitator_cookie,
            }
        )
        specs.append(
            {
                "role": "screen",
                "room": room.code,
                "base_url": bases[-1],
                "path": f"/ws/screen/{room.screen_token}",
            }
        )
        for _ in range(per_room):
            specs.append(
                {
                    "role": "participant",
                    "room": room.code,
                    "base_url": bases[phone % len(bases)],
                    "path": f"/ws/w/{room.code}",
                    "slow": phone in slow,
                }
            )
            phone += 1
    for index, spec in enumerate(specs):
        spec["index"] = index
    return specs


def split(specs: list[dict[str, Any]], workers: int) -> list[list[dict[str, Any]]]:
    """Facilitators and screens on worker 0; phones dealt round the workers."""
    parts: list[list[dict[str, Any]]] = [[] for _ in range(workers)]
    phones = 0
    for spec in specs:
        if spec["role"] == "participant":
            parts[phones % workers].append(spec)
            phones += 1
        else:
            parts[0].append(spec)
    return parts
