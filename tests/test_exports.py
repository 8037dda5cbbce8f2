"""The downloads: JSON with its schema and participants, a zip of CSV files and an XLSX
workbook with one file or sheet per table of every activity, times in the workshop's zone."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from openpyxl import load_workbook
from starlette.applications import Starlette
from starlette.testclient import TestClient

from piiri.activities import REGISTRY
from piiri.domain.results import SCHEMA_VERSION, localise, results_document, results_tables
from tests.support.scripted_workshop import scripted_workshop

HELSINKI = ZoneInfo("Europe/Helsinki")


def expected_names(document: dict[str, object], app: Starlette, workshop_id: int) -> list[str]:
    state = app.state.piiri.service.state(workshop_id)
    return [t.name for t in results_tables(state)]


def test_the_json_names_its_schema_and_resolves_every_person(
    app: Starlette, client: TestClient
) -> None:
    scripted = scripted_workshop(app, client)
    response = client.get(f"/facilitator/workshops/{scripted.workshop_id}/results.json")
    assert response.status_code == 200
    document = response.json()
    assert (document["schema"], document["schema_version"]) == ("piiri-results", SCHEMA_VERSION)
    assert document["workshop"]["time_zone"] == "Europe/Helsinki"
    # ISO 8601 with Helsinki's offset (+02:00 in winter, +03:00 in summer).
    exported = datetime.fromisoformat(document["workshop"]["exported_at"])
    assert exported.utcoffset() == datetime.now(HELSINKI).utcoffset()
    people = {p["id"]: p for p in document["people"]}
    assert sorted(p["name"] for p in people.values()) == [
        "Aino", "Bertta", "Celia", "Daniel", "Eero", "Pekka"
    ]  # fmt: skip
    participation = document["participation"]
    assert participation["by_channel"] == {"in_room": 2, "remote": 3, "by_proxy": 1}
    assert (participation["total"], participation["present"], participation["left"]) == (6, 5, 1)
    assert [a["kind"] for a in document["activities"]] == list(REGISTRY)
    # Every person an activity's results name by id is in the participants.
    named = set(_ids(document["activities"]))
    assert named and named <= set(people)


def _ids(value: object) -> list[int]:
    found: list[int] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("person_id", "author", "by", "about") and isinstance(item, int):
                found.append(item)
            elif key in ("by", "about") and isinstance(item, dict):
                found.append(item["id"])
            else:
                found.extend(_ids(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(_ids(item))
    return found


def test_times_are_exported_in_the_workshops_zone_with_their_offset() -> None:
    data = {"turns": [{"started_at": "2026-03-02T07:30:00+00:00", "note": "x"}], "at": "y"}
    assert localise(data, HELSINKI) == {
        "turns": [{"started_at": "2026-03-02T09:30:00+02:00", "note": "x"}],
        "at": "y",
    }
    # Summer time: +03:00.
    assert localise({"ended_at": "2026-06-02T07:30:00+00:00"}, HELSINKI) == {
        "ended_at": "2026-06-02T10:30:00+03:00"
    }


def test_a_round_robin_turn_time_comes_out_in_helsinki(app: Starlette, client: TestClient) -> None:
    scripted = scripted_workshop(app, client)
    state = app.state.piiri.service.state(scripted.workshop_id)
    document = results_document(state, exported_at=datetime.now(UTC), zone=HELSINKI)
    turns = next(a for a in document["activities"] if a["kind"] == "round_robin")["results"][
        "turns"
    ]
    started = [t["started_at"] for t in turns if t["started_at"]]
    assert started and all(s.endswith(("+02:00", "+03:00")) for s in started)


def test_the_csv_zip_has_one_file_per_table(app: Starlette, client: TestClient) -> None:
    scripted = scripted_workshop(app, client)
    response = client.get(f"/facilitator/workshops/{scripted.workshop_id}/results.zip")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["content-disposition"] == (
        f'attachment; filename="piiri-{scripted.code}-results.zip"'
    )
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = expected_names({}, app, scripted.workshop_id)
    assert archive.namelist() == [f"{n}.csv" for n in names]
    assert "1-round_robin-turns.csv" in archive.namelist() or any(
        n.endswith("-round_robin-turns.csv") for n in archive.namelist()
    )
    # Breakout notes and interview captures are there, each a table of its own.
    assert any(n.endswith("-breakout-notes.csv") for n in archive.namelist())
    assert any(n.endswith("-interview-captures.csv") for n in archive.namelist())
    with archive.open("participants.csv") as file:
        rows = list(csv.reader(io.TextIOWrapper(file, encoding="utf-8-sig")))
    assert rows[0] == ["id", "name", "channel", "present"]
    assert ("Pekka", "by_proxy") in {(r[1], r[2]) for r in rows[1:]}
    for name in archive.namelist():
        with archive.open(name) as file:
            table = list(csv.reader(io.TextIOWrapper(file, encoding="utf-8-sig")))
        assert all(len(row) == len(table[0]) for row in table), name


def test_the_spreadsheet_has_one_sheet_per_table(app: Starlette, client: TestClient) -> None:
    scripted = scripted_workshop(app, client)
    response = client.get(f"/facilitator/workshops/{scripted.workshop_id}/results.xlsx")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    names = expected_names({}, app, scripted.workshop_id)
    assert book.sheetnames == ["workshop", *names]
    about = {row[0]: row[1] for row in book["workshop"].iter_rows(values_only=True) if row[0]}
    assert about["title"] == "Kirjaston tulevaisuus"
    assert about["time_zone"] == "Europe/Helsinki"
    notes = next(n for n in names if n.endswith("-breakout-notes"))
    header = next(book[notes].iter_rows(values_only=True))
    assert header == ("group", "note", "author", "by_proxy", "removed")
    assert book[notes].max_row > 1


def test_downloads_are_the_facilitators_only(app: Starlette, client: TestClient) -> None:
    scripted = scripted_workshop(app, client)
    client.post("/logout")
    for suffix in ("xlsx", "zip"):
        response = client.get(
            f"/facilitator/workshops/{scripted.workshop_id}/results.{suffix}",
            follow_redirects=False,
        )
        assert response.status_code == 303
