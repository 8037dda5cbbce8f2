"""The README documents every setting and every make target a newcomer is told about."""

from __future__ import annotations

import re

from piiri.settings import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text()


def test_every_setting_is_in_the_configuration_table() -> None:
    source = (REPO_ROOT / "piiri" / "settings.py").read_text()
    names = set(re.findall(r'config\(\s*"([A-Z_]+)"', source))
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "PUBLIC_URL"} <= names
    table = {m for m in re.findall(r"^\| `([A-Z_]+)` \|", README, flags=re.MULTILINE)}
    assert names - table == set(), f"settings missing from README's table: {names - table}"
    assert table - names == set(), f"README documents settings that do not exist: {table - names}"


def test_quick_start_is_two_make_commands_that_exist() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = re.findall(r"^    (make \w+)", quick_start, flags=re.MULTILINE)
    assert commands == ["make run", "make test"]
    makefile = (REPO_ROOT / "Makefile").read_text()
    for target in ("run", "test", "quick", "install", "lint"):
        assert re.search(rf"^{target}:", makefile, flags=re.MULTILINE), target


def test_every_make_target_the_readme_names_exists() -> None:
    paragraph = README.split("Make targets:", 1)[1].split("\n\n", 1)[0]
    targets = set(re.findall(r"`([a-z][a-z-]*)`", paragraph))
    assert {"install", "run", "test", "quick", "lint", "bench"} <= targets, targets
    makefile = (REPO_ROOT / "Makefile").read_text()
    missing = [t for t in sorted(targets) if not re.search(rf"^{t}:", makefile, flags=re.MULTILINE)]
    assert not missing, f"README names make targets the Makefile lacks: {missing}"


def test_procfile_serves_on_the_platform_port() -> None:
    procfile = (REPO_ROOT / "Procfile").read_text()
    assert procfile.startswith("web: ")
    assert "$PORT" in procfile
