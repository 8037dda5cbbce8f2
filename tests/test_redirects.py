from __future__ import annotations

import pytest

from piiri.web.redirects import local_target


@pytest.mark.parametrize("target", ["/join", "/w/123456", "/join?code=1&x=%2F", "/"])
def test_paths_on_this_site_are_kept(target: str) -> None:
    assert local_target(target, "/fallback") == target


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        "join",
        "//evil.example/",
        "/\\evil.example",
        "/x\\y",
        "https://evil.example/",
        "javascript:alert(1)",
        "/join\r\nSet-Cookie: x=1",
    ],
)
def test_anything_else_goes_to_the_fallback(target: str | None) -> None:
    assert local_target(target, "/fallback") == "/fallback"
