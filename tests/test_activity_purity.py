"""piiri/activities/ stays a pure state machine: no I/O, no clock, no randomness.

Every module in the package is read with ``ast`` (never imported) and checked for two things:
its imports come from a short list of pure standard-library modules or from piiri.activities
itself, and it calls no clock or random source. Time and fresh ids reach an activity through
``Context``; see piiri/activities/contract.py.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ACTIVITIES = Path(__file__).resolve().parent.parent / "piiri" / "activities"
PACKAGE = "piiri.activities"
# What an activity may import of Piiri: itself, and the shared vocabulary.
PURE_PACKAGES = (PACKAGE, "piiri.domain.vocabulary")

# Top-level names an activity may import. ``datetime`` is here for type hints (Context.now);
# calling the clock is caught separately below. Add a module only if it is pure: no I/O, no
# clock, no global random state.
ALLOWED = frozenset(
    {
        "__future__",
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
    parts = path.relative_to(ACTIVITIES).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join((PACKAGE, *parts))


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
    for name in imported_modules(tree, module, is_package=is_package):
        if any(name == pure or name.startswith(pure + ".") for pure in PURE_PACKAGES):
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


def test_the_activity_package_is_found() -> None:
    names = {module_name(p) for p in activity_modules()}

    assert {PACKAGE, f"{PACKAGE}.contract", f"{PACKAGE}.dot_vote.kind"} <= names


@pytest.mark.parametrize("path", activity_modules(), ids=module_name)
def test_an_activity_module_does_no_io_and_reads_no_clock_or_random(path: Path) -> None:
    problems = problems_in(
        path.read_text(encoding="utf-8"),
        module_name(path),
        is_package=path.name == "__init__.py",
    )

    assert not problems, "piiri/activities/ must stay pure:\n  " + "\n  ".join(problems)


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
        ("from piiri.log.service import WorkshopService", "imports piiri.log.service"),
        ("from .. import models", "imports piiri"),
        ("from ..models import Person", "imports piiri.models"),
        ("def f():\n    import json", "imports json"),
    ],
)
def test_a_forbidden_import_is_named(source: str, offence: str) -> None:
    assert problems_in(source, "piiri.activities.poll") == [f"piiri.activities.poll {offence}"]


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
