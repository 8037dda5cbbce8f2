"""The vendored htmx assets match the SHA-256s pinned in static/vendor/VENDOR.json."""

from __future__ import annotations

import importlib.util
import io
import json
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from types import ModuleType

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SCRIPT = REPO_ROOT / "scripts" / "vendor_assets.py"
VENDOR_DIR = REPO_ROOT / "static" / "vendor"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("vendor_assets", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses need the module registered
    spec.loader.exec_module(module)
    return module


vendor_assets = _load_script()


def _copy_vendor_tree(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(VENDOR_DIR, root / "static" / "vendor")
    return root


def test_manifest_pins_htmx_and_ws_extension() -> None:
    manifest = json.loads((VENDOR_DIR / "VENDOR.json").read_text(encoding="utf-8"))
    destinations = {entry["destination"] for entry in manifest["files"]}
    assert destinations == {
        "static/vendor/htmx/htmx.min.js",
        "static/vendor/htmx/hx-ws.min.js",
        "static/vendor/htmx/LICENSE",
    }
    for entry in manifest["files"]:
        assert entry["package"] == "htmx.org"
        assert entry["license"] == "BSD-0-Clause"


def test_files_on_disk_match_manifest() -> None:
    lines = vendor_assets.verify(REPO_ROOT)
    assert len(lines) == 3
    assert all(line.startswith("OK") for line in lines)


def test_verify_cli_runs_from_any_directory(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "verify"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("OK") == 3


def test_tampered_file_is_detected(tmp_path: Path) -> None:
    root = _copy_vendor_tree(tmp_path)
    assert len(vendor_assets.verify(root)) == 3  # the pristine copy passes

    target = root / "static" / "vendor" / "htmx" / "hx-ws.min.js"
    data = bytearray(target.read_bytes())
    data[100] ^= 0x01
    target.write_bytes(bytes(data))

    with pytest.raises(vendor_assets.VerificationError, match=r"static/vendor/htmx/hx-ws\.min\.js"):
        vendor_assets.verify(root)

    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--root", str(root), "verify"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "MISMATCH static/vendor/htmx/hx-ws.min.js" in result.stderr
    assert "static/vendor/htmx/htmx.min.js" not in result.stderr  # only the tampered file


def test_missing_file_is_detected(tmp_path: Path) -> None:
    root = _copy_vendor_tree(tmp_path)
    (root / "static" / "vendor" / "htmx" / "LICENSE").unlink()
    with pytest.raises(
        vendor_assets.VerificationError, match=r"MISSING +static/vendor/htmx/LICENSE"
    ):
        vendor_assets.verify(root)


def test_manifest_rejects_paths_escaping_the_repo(tmp_path: Path) -> None:
    root = _copy_vendor_tree(tmp_path)
    manifest_path = root / "static" / "vendor" / "VENDOR.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["files"][0]["destination"] = "../outside.js"
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(vendor_assets.VendorError, match="plain relative path"):
        vendor_assets.verify(root)


@pytest.mark.parametrize("member", ["../evil.js", "/abs/evil.js", "package/../../evil.js"])
def test_safe_extract_refuses_members_escaping_the_directory(tmp_path: Path, member: str) -> None:
    tarball = tmp_path / "bad.tgz"
    payload = b"alert(1)"
    with tarfile.open(tarball, "w:gz") as tar:
        info = tarfile.TarInfo(member)
        info.size = len(payload)
        tar.addfile(info, io.BytesIO(payload))
    dest = tmp_path / "out"
    dest.mkdir()
    with pytest.raises(vendor_assets.VendorError, match="refusing"):
        vendor_assets.safe_extract(tarball, dest)
    assert not (tmp_path / "evil.js").exists()
    assert list(dest.iterdir()) == []


def test_safe_extract_refuses_symlinks(tmp_path: Path) -> None:
    tarball = tmp_path / "link.tgz"
    with tarfile.open(tarball, "w:gz") as tar:
        info = tarfile.TarInfo("package/link")
        info.type = tarfile.SYMTYPE
        info.linkname = "/etc/passwd"
        tar.addfile(info)
    dest = tmp_path / "out"
    dest.mkdir()
    with pytest.raises(vendor_assets.VendorError, match="not a regular file"):
        vendor_assets.safe_extract(tarball, dest)
