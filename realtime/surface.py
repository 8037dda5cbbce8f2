"""The realtime edge as the app factory sees it: the sockets' routes and the fan-out."""

from __future__ import annotations

from piiri.web.surfaces import Surface
from realtime.delivery import Delivery
from realtime.endpoint import routes

SURFACE = Surface(name="realtime", routes=routes, fanout=Delivery.build)
