"""Static assets: content-hashed names, a year in the cache, gzipped once at start-up."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from starlette.applications import Starlette
from starlette.testclient import TestClient

from piiri.web.rendering import (
    ACTIVITY_STYLES,
    STATIC_DIR,
    Renderer,
    activity_styles,
    kind_package_dirs,
)
from piiri.web.static_assets import IMMUTABLE, StaticAssets, hashed_name
from tests.support.workshop import facilitator_account, log_in, new_workshop, screen_token

ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def test_pages_link_assets_by_content_hashed_names(client: TestClient) -> None:
    urls = ASSET.findall(client.get("/join").text)
    expected = (
        r"/static/piiri\.[0-9a-f]{10}\.css",
        r"/static/vendor/htmx/htmx\.min\.[0-9a-f]{10}\.js",
        r"/static/vendor/htmx/hx-ws\.min\.[0-9a-f]{10}\.js",
        r"/static/piiri\.[0-9a-f]{10}\.js",
        r"/static/countdown\.[0-9a-f]{10}\.js",
    )
    assert len(urls) == len(expected), urls
    for url, pattern in zip(urls, expected, strict=True):
        assert re.fullmatch(pattern, url), url


def test_hashed_assets_are_immutable_and_gzipped(client: TestClient) -> None:
    for url in ASSET.findall(client.get("/join").text):
        plain_path = STATIC_DIR / re.sub(r"\.[0-9a-f]{10}(\.\w+)$", r"\1", url[len("/static/") :])
        on_disk = plain_path.read_bytes()
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200, url
        assert response.headers["cache-control"] == IMMUTABLE
        assert response.headers["content-encoding"] == "gzip", url
        assert int(response.headers["content-length"]) < len(on_disk) / 2, url
        assert response.content == on_disk  # decoded by the client: the very file
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "Accept-Encoding" in response.headers["vary"]
        # Without gzip in Accept-Encoding, the plain bytes.
        plain = client.get(url, headers={"Accept-Encoding": "identity"})
        assert "content-encoding" not in plain.headers
        assert plain.content == on_disk
        # A browser revalidating what it holds gets a 304 without the body.
        again = client.get(url, headers={"If-None-Match": response.headers["etag"]})
        assert again.status_code == 304 and again.content == b""


def test_content_types_say_what_the_files_are(client: TestClient) -> None:
    types = {
        url.rsplit(".", 1)[1]: client.get(url).headers["content-type"]
        for url in ASSET.findall(client.get("/join").text)
    }
    assert types["css"] == "text/css; charset=utf-8"
    assert types["js"] in (
        "text/javascript; charset=utf-8",
        "application/javascript; charset=utf-8",
    )


def test_plain_names_still_answer_but_are_revalidated(client: TestClient) -> None:
    response = client.get("/static/piiri.css")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-cache"
    assert response.content == (STATIC_DIR / "piiri.css").read_bytes()


def test_unknown_and_unserved_files_are_not_found(client: TestClient) -> None:
    for path in (
        "/static/no-such-file.css",
        "/static/piiri.0000000000.css",
        "/static/vendor/VENDOR.json",
        "/static/vendor/README.md",
        "/static/../pyproject.toml",
    ):
        assert client.get(path).status_code == 404, path


def test_a_changed_file_gets_a_new_name(tmp_path: Path) -> None:
    (tmp_path / "site.css").write_text("body { color: black; }\n" * 40)
    first = StaticAssets(tmp_path).url("site.css")
    (tmp_path / "site.css").write_text("body { color: navy; }\n" * 40)
    second = StaticAssets(tmp_path).url("site.css")
    assert first != second
    assert re.fullmatch(r"/static/site\.[0-9a-f]{10}\.css", second)
    packed = StaticAssets(tmp_path).by_path["site.css"].gzipped
    assert packed is not None and gzip.decompress(packed) == (tmp_path / "site.css").read_bytes()


def test_hashed_name_keeps_the_suffix() -> None:
    assert hashed_name("vendor/htmx/htmx.min.js", "abc") == "vendor/htmx/htmx.min.abc.js"
    assert hashed_name("LICENSE", "abc") == "LICENSE.abc"


def test_the_test_only_axe_core_is_not_served() -> None:
    served = [p.name for p in STATIC_DIR.rglob("*") if p.is_file()]
    assert not [name for name in served if "axe" in name.lower()], served


def test_the_activity_kinds_styles_are_one_hashed_stylesheet_on_the_pages_that_show_them(
    app: Starlette, client: TestClient
) -> None:
    assert "activities." not in client.get("/join").text  # no activity on this page
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client)
    console = client.get(f"/facilitator/workshops/{workshop_id}").text
    screen = client.get(f"/screen/{screen_token(app, workshop_id)}").text
    styles = activity_styles().decode()
    for name, folder in kind_package_dirs():
        own = (folder / "styles.css").read_text(encoding="utf-8").strip()
        assert own in styles, name
        last_rule = [line for line in own.splitlines() if "{" in line][-1]
        assert last_rule not in (STATIC_DIR / "piiri.css").read_text(encoding="utf-8")
    renderer = Renderer()
    url = renderer.static_url(ACTIVITY_STYLES)
    assert re.fullmatch(r"/static/activities\.[0-9a-f]{10}\.css", url)
    for page in (console, screen):
        assert ASSET.findall(page)[:2] == [renderer.static_url("piiri.css"), url]
    response = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["cache-control"] == IMMUTABLE
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["content-type"] == "text/css; charset=utf-8"
    assert response.content.decode() == styles
