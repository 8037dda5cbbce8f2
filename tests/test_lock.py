"""The locks in requirements/ hold everything pyproject.toml asks for, and the tests run them.

`make run` installs requirements/serve.txt and `make install` (so `make test` and CI)
requirements/dev.txt, with pip's --require-hashes. These tests fail when someone adds or
changes a dependency in pyproject.toml and does not run `make lock` (docs/operations.md):

- every requirement of pyproject.toml, and every requirement of those, down to the bottom
  (read from the installed distributions' metadata, with markers evaluated here), is pinned in
  the lock at a version the requirement allows;
- the two locks agree on every package they share;
- this environment runs the pinned versions (CI installs from the lock, so a difference means
  the lock was not used, or a package was installed beside it by hand).
"""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def pins(name: str) -> dict[NormalizedName, Version]:
    text = (ROOT / "requirements" / name).read_text()
    return {canonicalize_name(n): Version(v) for n, v in _PIN.findall(text)}


def applies(requirement: Requirement, extras: set[str]) -> bool:
    """Whether ``requirement`` applies here when its parent was asked for with ``extras``."""
    if requirement.marker is None:
        return True
    return any(requirement.marker.evaluate({"extra": extra}) for extra in extras | {""})


def unpinned(roots: list[str], lock: dict[NormalizedName, Version]) -> list[str]:
    """Every requirement reachable from ``roots`` that ``lock`` does not satisfy, as text."""
    problems: list[str] = []
    seen: set[tuple[NormalizedName, frozenset[str]]] = set()
    todo = [(Requirement(text), "pyproject.toml") for text in roots]
    while todo:
        requirement, wanted_by = todo.pop()
        name = canonicalize_name(requirement.name)
        pinned = lock.get(name)
        if pinned is None:
            problems.append(f"{requirement} (wanted by {wanted_by}) is not in the lock")
            continue
        if not requirement.specifier.contains(pinned, prereleases=True):
            problems.append(f"{requirement} (wanted by {wanted_by}) does not allow {pinned}")
        key = (name, frozenset(requirement.extras))
        if key in seen:
            continue
        seen.add(key)
        try:
            below = distribution(name).requires or []
        except PackageNotFoundError:
            problems.append(f"{name} is not installed here: run `make install`")
            continue
        for text in below:
            child = Requirement(text)
            if applies(child, set(requirement.extras)):
                todo.append((child, name))
    return sorted(problems)


def roots(*, dev: bool) -> list[str]:
    dependencies: list[str] = PYPROJECT["project"]["dependencies"]
    build: list[str] = PYPROJECT["build-system"]["requires"]
    extra: list[str] = PYPROJECT["project"]["optional-dependencies"]["dev"] if dev else []
    return [*dependencies, *build, *extra]


def test_the_serving_lock_holds_every_dependency_at_an_allowed_version() -> None:
    assert unpinned(roots(dev=False), pins("serve.txt")) == [], (
        "requirements/serve.txt does not match pyproject.toml: run `make lock` and commit it"
    )


def test_the_dev_lock_holds_every_dependency_and_dev_tool_at_an_allowed_version() -> None:
    assert unpinned(roots(dev=True), pins("dev.txt")) == [], (
        "requirements/dev.txt does not match pyproject.toml: run `make lock` and commit it"
    )


def test_the_two_locks_pin_the_same_versions() -> None:
    serve, dev = pins("serve.txt"), pins("dev.txt")
    assert set(serve) <= set(dev)
    assert {n: v for n, v in serve.items() if dev[n] != v} == {}


def test_every_pin_carries_hashes() -> None:
    for name in ("serve.txt", "dev.txt"):
        text = (ROOT / "requirements" / name).read_text()
        blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n\n# The following", 1)[0])
        pinned = [b for b in blocks if _PIN.match(b)]
        assert pinned and all("--hash=sha256:" in b for b in pinned), name
        assert "--find-links" not in text and "--index-url" not in text, name


def test_this_environment_runs_the_locked_versions() -> None:
    build = PYPROJECT["build-system"]["requires"]
    build_only = {canonicalize_name(Requirement(text).name) for text in build}
    different: dict[str, str] = {}
    for name, version in pins("dev.txt").items():
        if name in build_only:
            continue  # the build backend: used by `pip install -e .`, not by Piiri
        try:
            installed = Version(distribution(name).version)
        except PackageNotFoundError:
            different[name] = f"{version} is locked, nothing is installed"
            continue
        if installed != version:
            different[name] = f"{version} is locked, {installed} is installed"
    assert different == {}, "run `make install` (or `make lock` if pyproject.toml changed)"
