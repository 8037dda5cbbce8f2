"""The results as a spreadsheet (XLSX, one sheet per table) and as a zip of CSV files (one per
table); the JSON and the single CSV are served by facilitator/routes.py."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from facilitator.results_data import results_for
from facilitator.routes import workshop_facilitator_only
from piiri.domain.results import SCHEMA_VERSION, results_tables
from piiri.domain.vocabulary import Actor
from piiri.web.downloads import csv_zip, xlsx
from piiri.web.runtime import Piiri

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(code: str, suffix: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="piiri-{code}-results.{suffix}"'}


@workshop_facilitator_only
async def results_xlsx(request: Request, piiri: Piiri, actor: Actor, workshop_id: int) -> Response:
    results = await results_for(piiri, workshop_id)
    workshop = results.document["workshop"]
    about = [
        ("title", workshop["title"]),
        ("code", workshop["code"]),
        ("language", workshop["language"]),
        ("time_zone", workshop["time_zone"]),
        ("exported_at", workshop["exported_at"]),
        ("schema_version", SCHEMA_VERSION),
    ]
    body = xlsx(results_tables(results.state), about=about, created=results.exported_at)
    return Response(body, media_type=XLSX_TYPE, headers=_attachment(results.state.code, "xlsx"))


@workshop_facilitator_only
async def results_zip(request: Request, piiri: Piiri, actor: Actor, workshop_id: int) -> Response:
    results = await results_for(piiri, workshop_id)
    body = csv_zip(results_tables(results.state))
    return Response(
        body, media_type="application/zip", headers=_attachment(results.state.code, "zip")
    )


routes = [
    Route("/facilitator/workshops/{workshop_id:int}/results.xlsx", results_xlsx),
    Route("/facilitator/workshops/{workshop_id:int}/results.zip", results_zip),
]
