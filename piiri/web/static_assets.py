"""Static assets with content-hashed names, compressed once at start-up.

A page asks for ``static("piiri.css")`` and gets ``/static/piiri.3f2a1c9e0b.css``: the name
changes whenever the content does, so browsers may keep the file for a year without asking
again (``immutable``). The plain name still answers, with ``no-cache``, for anyone who kept an
old link. Every text asset is gzipped once when Piiri starts (a phone on a weak network gets a
third of the bytes), so no request pays for compressing the same file again. An asset Piiri
makes as it starts (``add``: every activity kind's ``styles.css`` joined into ``activities.css``)
is served the same way.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# Files that sit beside the assets but are not served: the vendoring manifest and notes.
NOT_SERVED = frozenset({"README.md", "VENDOR.json"})
COMPRESSIBLE = ("text/", "application/javascript", "image/svg+xml", "application/json")
HASH_LENGTH = 10


@dataclass(frozen=True)
class Asset:
    path: str  # relative to the static directory, POSIX
    hashed: str  # the same path with the content hash before the last suffix
    media_type: str
    body: bytes
    gzipped: bytes | None  # None when compressing does not make it smaller

    @property
    def etag(self) -> str:
        return f'"{self.hashed}"'


def hashed_name(path: str, digest: str) -> str:
    """``vendor/htmx/htmx.min.js`` -> ``vendor/htmx/htmx.min.<digest>.js``."""
    pure = PurePosixPath(path)
    if not pure.suffix:
        return f"{path}.{digest}"
    return str(pure.with_name(f"{pure.stem}.{digest}{pure.suffix}"))


def _media_type(path: str) -> str:
    guessed, _ = mimetypes.guess_type(path)
    media_type = guessed or "application/octet-stream"
    if media_type.startswith("text/") or media_type == "application/javascript":
        media_type += "; charset=utf-8"
    return media_type


def load_asset(directory: Path, file: Path) -> Asset:
    return make_asset(file.relative_to(directory).as_posix(), file.read_bytes())


def make_asset(path: str, body: bytes) -> Asset:
    """An asset served as ``path``, from a file or made when Piiri starts."""
    media_type = _media_type(path)
    gzipped: bytes | None = None
    if media_type.startswith(COMPRESSIBLE):
        # mtime=0: the same file always compresses to the same bytes.
        packed = gzip.compress(body, compresslevel=9, mtime=0)
        gzipped = packed if len(packed) < len(body) else None
    digest = hashlib.sha256(body).hexdigest()[:HASH_LENGTH]
    return Asset(path, hashed_name(path, digest), media_type, body, gzipped)


class StaticAssets:
    """Every file under ``directory``, read once; serves them by hashed and by plain name."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        assets = [
            load_asset(directory, file)
            for file in sorted(directory.rglob("*"))
            if file.is_file() and file.name not in NOT_SERVED
        ]
        self.by_path = {asset.path: asset for asset in assets}
        self.by_hashed = {asset.hashed: asset for asset in assets}

    def add(self, path: str, body: bytes) -> None:
        """Serve ``body`` as ``path`` too, like a file (e.g. the activity kinds' styles,
        joined into one stylesheet). Raises ValueError when a file already has that name."""
        if path in self.by_path:
            raise ValueError(f"{path} is already a static file")
        asset = make_asset(path, body)
        self.by_path[path] = asset
        self.by_hashed[asset.hashed] = asset

    def url(self, path: str) -> str:
        """The address of ``path`` with its content hash. Raises KeyError for a missing file."""
        return f"/static/{self.by_path[path].hashed}"

    async def endpoint(self, request: Request) -> Response:
        name = request.path_params["path"]
        asset = self.by_hashed.get(name)
        cache = IMMUTABLE
        if asset is None:
            asset, cache = self.by_path.get(name), REVALIDATE
        if asset is None:
            raise HTTPException(404)
        headers = {"Cache-Control": cache, "ETag": asset.etag, "Vary": "Accept-Encoding"}
        if request.headers.get("if-none-match") == asset.etag:
            return Response(status_code=304, headers=headers)
        body = asset.body
        if asset.gzipped is not None and "gzip" in request.headers.get("accept-encoding", ""):
            body = asset.gzipped
            headers["Content-Encoding"] = "gzip"
        return Response(body, headers=headers, media_type=asset.media_type)
