"""Deprecated: the test helpers moved to the tests/support/ package, split by concern.

A thin re-export kept only while branches written against the old module are in flight (issue
12); import from tests.support.* instead. Delete this file once nothing imports it. It is not a
pytest plugin any more: the fixtures live in tests/support/fixtures.py.
"""

from __future__ import annotations

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, serve_with_facilitator
from tests.support.databases import POSTGRES_ADMIN_ENV, Databases, database_url, test_databases
from tests.support.network import FlakyLink
from tests.support.processes import (
    HOST,
    ROOT,
    STARTUP_TIMEOUT,
    STOP_TIMEOUT,
    PiiriFactory,
    PiiriProcess,
    free_port,
    log_tail,
    migrate,
)
from tests.support.processes import ProcessError as InfraError
from tests.support.redis_servers import RedisCluster, RedisServer, cluster_port

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "HOST",
    "POSTGRES_ADMIN_ENV",
    "ROOT",
    "STARTUP_TIMEOUT",
    "STOP_TIMEOUT",
    "Databases",
    "FlakyLink",
    "InfraError",
    "PiiriFactory",
    "PiiriProcess",
    "RedisCluster",
    "RedisServer",
    "cluster_port",
    "database_url",
    "free_port",
    "log_tail",
    "migrate",
    "serve_with_facilitator",
    "test_databases",
]
