"""The surfaces Piiri serves beside its core: routes, templates, views and the fan-out.

The core (piiri/) never imports the edges (facilitator/, participant/, realtime/). Each edge
offers one ``Surface``: its routes, its templates, the views it renders for its audiences, and
at most one fan-out (the realtime edge's). The app factory finds them through the
``piiri.surfaces`` entry points declared in pyproject.toml, the way Datasette finds its
built-in renderers through the same hook as an outside plugin: the built-in edges prove the
boundary every day, and a test may serve a smaller set.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from starlette.routing import BaseRoute

from piiri.domain.state import WorkshopState
from piiri.domain.vocabulary import Role
from piiri.log.fanout import Fanout
from piiri.metrics import Metrics
from piiri.settings import Settings

if TYPE_CHECKING:
    from piiri.web.rendering import Renderer

ENTRY_POINT_GROUP = "piiri.surfaces"


class AudienceViews(Protocol):
    """How one role sees a workshop; the fan-out calls these, and only these, per tick."""

    def shared(self, state: WorkshopState, language: str, base_url: str) -> str: ...

    def personal_key(self, state: WorkshopState, participant_id: int | None) -> Hashable | None:
        """Everything the socket's own regions depend on, or None when there are none.

        A phone's own regions are its dots and turn; the console's is the people list, which
        is large and rarely changes. They are rendered and sent only when the key moves."""
        ...

    def personal(self, state: WorkshopState, language: str, participant_id: int | None) -> str: ...


@dataclass(frozen=True)
class FanoutNeeds:
    """What the fan-out is built from: the audiences' views, the renderer they share (for the
    notices the fan-out sends itself) and the log's read side."""

    views: Mapping[Role, AudienceViews]
    renderer: Renderer
    load_state: Callable[[int], WorkshopState]
    latest_seqs: Callable[[list[int]], dict[int, int]]
    # Which of these secret-link tokens still open something (piiri/db/secret_links.py).
    live_links: Callable[[list[str]], set[str]]
    settings: Settings
    # The process's series; the fan-out registers its own figures there.
    metrics: Metrics = field(default_factory=Metrics)
    # The state this process holds folded already, without reading the log (None: not held):
    # a change this process committed is fanned out from it without a query.
    cached_state: Callable[[int], WorkshopState | None] | None = None


@dataclass(frozen=True)
class Surface:
    """One edge of Piiri: what it adds to the app."""

    name: str
    routes: Sequence[BaseRoute] = ()
    template_dir: Path | None = None
    # The roles this surface renders for, built once the renderer exists.
    views: Callable[[Renderer], Mapping[Role, AudienceViews]] | None = None
    fanout: Callable[[FanoutNeeds], Fanout] | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


def installed_surfaces() -> list[Surface]:
    """Every surface the installed distribution declares, in the order of their names."""
    return list(_installed())


@functools.cache
def _installed() -> tuple[Surface, ...]:
    """Read once per process: scanning the installed distributions' entry points took 10 ms of
    each app's making."""
    found = sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda point: point.name)
    surfaces: list[Surface] = []
    for point in found:
        surface = point.load()
        if not isinstance(surface, Surface):
            raise TypeError(f"entry point {point.name} is not a Surface")
        surfaces.append(surface)
    if not surfaces:
        # Running from a checkout that was never installed (or whose metadata is stale) would
        # otherwise serve an app without its pages and sockets.
        raise RuntimeError("no Piiri surfaces are installed: run `make install` (pip install -e .)")
    return tuple(surfaces)


def installed_template_dirs() -> list[Path]:
    """The template folders of every installed surface (for a renderer outside the app)."""
    return [s.template_dir for s in installed_surfaces() if s.template_dir]
