"""piiri/activities/ and piiri/domain/ stay pure: no I/O, no clock, no randomness.

Every module in the two packages is read with ``ast`` (never imported) and checked for two
things: its imports come from a short list of pure standard-library modules or from the parts
of Piiri its package may use, and it calls no clock or random source. Time and fresh ids reach
an activity through ``Context`` (piiri/activities/contract.py) and the workshop's rules through
``WorkshopRules`` (piiri/domain/rules.py); rows become log entries in piiri/log/, never here.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
ACTIVITIES = ROOT / "piiri" / "activities"
DOMAIN = ROOT / "piiri" / "domain"
PACKAGE = "piiri.activities"
# Each pure package, and what of Piiri it may import. An activity: itself and the shared
# vocabulary. The workshop's domain: itself and the activities (it asks them to decide); not
# piiri.db, piiri.log or piiri.web, which come after it.
PURE_PACKAGES = {
    PACKAGE: (PACKAGE, "piiri.domain.vocabulary"),
    "piiri.domain": ("piiri.domain", PACKAGE),
}
# Modules that break the rule today, each with why and who mends it. The mark is strict: once
# the module is pure its test passes, fails as XPASS, and the entry must go.
# Modules allowed to be impure for now, each with why (strict xfail: it fails once fixed).
KNOWN_IMPURE: dict[str, str] = {}

# Top-level names an activity may import. ``datetime`` is here for type hints (Context.now);
# calling the clock is caught separately below. Add a module only if it is pure: no I/O, no
# clock, no global random state.
ALLOWED = frozenset(
    {
        "__future__",
        "abc",
        "collections",
        "dataclasses",
        "datetime",
        "enum",
        # Exact arithmetic for participatory budgeting's rules (Equal Shares splits costs).
        "fractions",
        "functools",
        # A priority queue over a list the caller owns (Equal Shares' candidates by price).
        "heapq",
        "itertools",
        "math",
        "re",  # text cleaning (piiri/activities/text.py): patterns, no I/O
        "typing",
    }
)

# Calls that read the clock whatever they are called on: datetime.now(), date.today(), ...
CLOCK_METHODS = frozenset({"now", "utcnow", "today"})
# Modules whose every function is I/O, a clock or randomness: time.time(), random.choice(), ...
# ``.time()`` alone is not flagged because datetime values have a pure ``time()`` method.
IMPURE_MODULES = frozenset({"time", "random", "secrets", "uuid", "os", "socket", "asyncio"})
# Builtins that reach outside the process or around the import check.
IMPURE_BUILTINS = frozenset({"open", "input", "print", "__import__", "eval", "exec"})


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def allowed_piiri(module: str) -> tuple[str, ...]:
    """What of Piiri ``module`` may import: per its pure package."""
    for package, allowed in PURE_PACKAGES.items():
        if _within(module, package):
            return allowed
    raise ValueError(f"{module} is in no pure package")


def imported_modules(tree: ast.Module, module: str, *, is_package: bool) -> list[str]:
    """Every module the source imports, relative imports resolved against ``module``."""
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                names.append(node.module or "")
                continue
            parts = module.split(".")
            base = parts if is_package else parts[:-1]
            base = base[: len(base) - (node.level - 1)]
            names.append(".".join([*base, node.module] if node.module else base))
    return names


def import_problems(tree: ast.Module, module: str, *, is_package: bool = False) -> list[str]:
    problems = []
    allowed = allowed_piiri(module)
    for name in imported_modules(tree, module, is_package=is_package):
        if any(_within(name, pure) for pure in allowed):
            continue
        if name.split(".")[0] not in ALLOWED:
            problems.append(f"{module} imports {name}")
    return problems


def call_problems(tree: ast.Module, module: str) -> list[str]:
    problems = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        where = f"{module} line {node.lineno}"
        if isinstance(func, ast.Attribute):
            receiver = func.value
            on_module = isinstance(receiver, ast.Name) and receiver.id in IMPURE_MODULES
            if func.attr in CLOCK_METHODS or func.attr == "random" or on_module:
                problems.append(f"{where} calls {ast.unparse(func)}()")
        elif isinstance(func, ast.Name) and func.id in IMPURE_BUILTINS:
            problems.append(f"{where} calls {func.id}()")
    return problems


def problems_in(source: str, module: str, *, is_package: bool = False) -> list[str]:
    tree = ast.parse(source, filename=module)
    return import_problems(tree, module, is_package=is_package) + call_problems(tree, module)


def activity_modules() -> list[Path]:
    return sorted(ACTIVITIES.rglob("*.py"))


def domain_modules() -> list[Path]:
    return sorted(DOMAIN.rglob("*.py"))


def checked(paths: list[Path]) -> list[Any]:
    """``paths`` as test parameters, a known impure module marked as such."""
    params = []
    for path in paths:
        reason = KNOWN_IMPURE.get(module_name(path))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(path, marks=marks, id=module_name(path)))
    return params


def test_the_pure_packages_are_found() -> None:
    names = {module_name(p) for p in activity_modules() + domain_modules()}

    assert {PACKAGE, f"{PACKAGE}.contract", f"{PACKAGE}.dot_vote.kind"} <= names
    assert {"piiri.domain", "piiri.domain.rules", "piiri.domain.state"} <= names
    assert set(KNOWN_IMPURE) <= names


def pure_problems(path: Path) -> list[str]:
    return problems_in(
        path.read_text(encoding="utf-8"),
        module_name(path),
        is_package=path.name == "__init__.py",
    )


@pytest.mark.parametrize("path", checked(activity_modules()))
def test_an_activity_module_does_no_io_and_reads_no_clock_or_random(path: Path) -> None:
    problems = pure_problems(path)

    assert not problems, "piiri/activities/ must stay pure:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("path", checked(domain_modules()))
def test_a_domain_module_does_no_io_and_reads_no_clock_or_random(path: Path) -> None:
    problems = pure_problems(path)

    assert not problems, "piiri/domain/ must stay pure:\n  " + "\n  ".join(problems)


# -- the check itself catches what it should ---------------------------------------------------


@pytest.mark.parametrize(
    ("source", "offence"),
    [
        ("import starlette", "imports starlette"),
        ("from sqlmodel import Session", "imports sqlmodel"),
        ("import sqlalchemy.orm", "imports sqlalchemy.orm"),
        ("import redis.asyncio as redis", "imports redis.asyncio"),
        ("import asyncio", "imports asyncio"),
        ("import random", "imports random"),
        ("from secrets import token_hex", "imports secrets"),
        ("import time", "imports time"),
        ("import os.path", "imports os.path"),
        ("import socket", "imports socket"),
        ("import httpx", "imports httpx"),
        ("import requests", "imports requests"),
        ("import uvicorn", "imports uvicorn"),
        ("from piiri import settings", "imports piiri"),
        ("from piiri.service import WorkshopService", "imports piiri.service"),
        ("from .. import models", "imports piiri"),
        ("from ..models import Person", "imports piiri.models"),
        ("def f():\n    import json", "imports json"),
    ],
)
def test_a_forbidden_import_is_named(source: str, offence: str) -> None:
    assert problems_in(source, "piiri.activities.poll") == [f"piiri.activities.poll {offence}"]


@pytest.mark.parametrize(
    ("source", "offence"),
    [
        ("from piiri.db.models import Event", "imports piiri.db.models"),
        ("from piiri.log.store import WorkshopStore", "imports piiri.log.store"),
        ("from piiri.web.rendering import Renderer", "imports piiri.web.rendering"),
        ("from piiri import settings", "imports piiri"),
        ("from sqlmodel import Session", "imports sqlmodel"),
        ("from sqlalchemy import select", "imports sqlalchemy"),
        ("from starlette.requests import Request", "imports starlette.requests"),
        ("from realtime.hub import Hub", "imports realtime.hub"),
        ("from ..db import models", "imports piiri.db"),
        ("import secrets", "imports secrets"),
    ],
)
def test_a_forbidden_import_in_the_domain_is_named(source: str, offence: str) -> None:
    assert problems_in(source, "piiri.domain.rules") == [f"piiri.domain.rules {offence}"]


def test_the_domain_may_import_itself_and_the_activities() -> None:
    source = """
from piiri.activities import activity_kind
from piiri.activities.form_values import whole_number
from piiri.domain.events import LogEntry
from .state import WorkshopState
"""
    assert problems_in(source, "piiri.domain.rules") == []
    # ...but an activity may not import the workshop's domain beyond its vocabulary.
    assert problems_in("from piiri.domain.state import WorkshopState", "piiri.activities.poll") == [
        "piiri.activities.poll imports piiri.domain.state"
    ]


@pytest.mark.parametrize(
    ("source", "call"),
    [
        ("from datetime import datetime\nx = datetime.now()", "datetime.now()"),
        ("import datetime\nx = datetime.datetime.utcnow()", "datetime.datetime.utcnow()"),
        ("from datetime import date\nx = date.today()", "date.today()"),
        ("x = time.time()", "time.time()"),
        ("x = time.monotonic()", "time.monotonic()"),
        ("x = random.choice([1, 2])", "random.choice()"),
        ("x = rng.random()", "rng.random()"),
        ("x = uuid.uuid4()", "uuid.uuid4()"),
        ("x = open('f')", "open()"),
        ("x = __import__('os')", "__import__()"),
    ],
)
def test_a_clock_or_random_call_is_named(source: str, call: str) -> None:
    problems = problems_in(source, "piiri.activities.poll")

    assert problems == [f"piiri.activities.poll line {source.count(chr(10)) + 1} calls {call}"]


def test_pure_code_passes() -> None:
    source = """
from __future__ import annotations
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any
from piiri.domain.vocabulary import Context, DomainError
from .base import N_
from . import base

def deadline(context: Context) -> datetime:
    return context.now + timedelta(minutes=math.ceil(2.5))

def at(context: Context) -> object:
    return context.now.time()
"""
    assert problems_in(source, "piiri.activities.poll") == []
    assert problems_in("from .dot_vote import DotVoting", PACKAGE, is_package=True) == []
