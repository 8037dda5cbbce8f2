"""Form values with uploaded files, and an activity's own files (its export's ``files``, such as
a participatory budget's Pabulib ``.pb``) as downloads.

The add and edit forms are sent as multipart/form-data so that a kind's form may carry a file
(the participatory budget's projects); the kind's ``parse_config`` gets the file as text, like
any other field, and refuses what it cannot read with a translated message.
"""

from __future__ import annotations

import asyncio

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from piiri.activities import REGISTRY
from piiri.domain.vocabulary import Actor
from piiri.web.runtime import Piiri

# A file larger than this is cut here; the kind then refuses it as too large (its limit is
# lower), so nothing larger is ever held in memory.
MAX_UPLOAD_BYTES = 8_000_000


async def upload_text(upload: UploadFile) -> str:
    """An uploaded file as text: UTF-8 (with or without a byte-order mark), else Windows-1252,
    which a spreadsheet program saving CSV on a Finnish or Swedish desktop often writes."""
    data = await upload.read(MAX_UPLOAD_BYTES + 1)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


async def submitted(request: Request) -> dict[str, str]:
    """Every field of the add/edit form as text, files read as text (the kind's parse_config
    picks its own)."""
    values: dict[str, str] = {}
    # Leaving the block closes the uploaded files' temporary copies.
    async with request.form() as form:
        for key, value in form.multi_items():
            if isinstance(value, str):
                values[key] = value  # the last of a repeated field, as form.items() gives
            elif value.filename:
                values[key] = await upload_text(value)
    return values


async def activity_file(request: Request) -> Response:
    from facilitator.routes import workshop_facilitator_only

    async def serve(request: Request, piiri: Piiri, actor: Actor, workshop_id: int) -> Response:
        state = await asyncio.to_thread(piiri.service.state, workshop_id)
        info = state.activity(int(request.path_params["activity_id"]))
        name = request.path_params["name"]
        if info is None:
            return Response("Not found", status_code=404, media_type="text/plain")
        kind = REGISTRY[info.kind]
        export = kind.export(state.activity_state(info.id), state.people)
        found = export.file(name)
        if found is None:
            return Response("Not found", status_code=404, media_type="text/plain")
        filename = f"piiri-{state.code}-{info.id}-{found.name}"
        return Response(
            found.text,
            media_type=found.media_type,
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    handler = workshop_facilitator_only(serve)
    return await handler(request)


routes = [
    Route(
        "/facilitator/workshops/{workshop_id:int}/activities/{activity_id:int}/files/{name}",
        activity_file,
        methods=["GET"],
    )
]
