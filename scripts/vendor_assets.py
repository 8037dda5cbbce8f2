"""Fetch and verify Piiri's vendored front-end assets (htmx and its WebSocket extension).

Piiri serves every asset itself: no CDN. The files under ``static/vendor/`` are copied
verbatim from npm packages and pinned by SHA-256 in ``static/vendor/VENDOR.json``.

Usage (from any directory)::

    python scripts/vendor_assets.py verify            # check files on disk against the manifest
    python scripts/vendor_assets.py fetch             # re-download with `npm pack`, then verify
    python scripts/vendor_assets.py fetch --update    # deliberate upgrade: rewrite the digests

Standard library only; the single external tool is the ``npm`` client (``fetch`` only).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
MANIFEST_RELPATH = PurePosixPath("static/vendor/VENDOR.json")
MANIFEST_VERSION = 1
_CHUNK = 1 << 16


class VendorError(Exception):
    """Any failure of this script; the message is meant for humans."""


class VerificationError(VendorError):
    """A vendored file is missing or its SHA-256 differs from the manifest."""


@dataclass(frozen=True)
class VendoredFile:
    """One manifest entry: a file copied verbatim out of an npm package."""

    package: str
    version: str
    source: str  # path inside the package, e.g. "dist/htmx.min.js"
    destination: str  # path relative to the repository root
    license: str  # SPDX id, from the package's package.json "license" field
    sha256: str

    @property
    def spec(self) -> str:
        return f"{self.package}@{self.version}"

    def to_json(self) -> dict[str, str]:
        return {
            "package": self.package,
            "version": self.version,
            "source": self.source,
            "destination": self.destination,
            "license": self.license,
            "sha256": self.sha256,
        }


# --------------------------------------------------------------------------- manifest


def manifest_path(root: Path) -> Path:
    return root.joinpath(*MANIFEST_RELPATH.parts)


def _relative_posix(value: object, what: str) -> str:
    """Validate a manifest path: relative, POSIX, no '..' and no empty components."""
    if not isinstance(value, str) or not value:
        raise VendorError(f"{MANIFEST_RELPATH}: {what} must be a non-empty string")
    path = PurePosixPath(value)
    if path.is_absolute() or "\\" in value or any(p in ("", ".", "..") for p in value.split("/")):
        raise VendorError(f"{MANIFEST_RELPATH}: {what} {value!r} must be a plain relative path")
    return value


def _entry_from_json(raw: Any, index: int) -> VendoredFile:
    where = f"files[{index}]"
    if not isinstance(raw, dict):
        raise VendorError(f"{MANIFEST_RELPATH}: {where} must be an object")
    fields: dict[str, str] = {}
    for key in ("package", "version", "source", "destination", "license", "sha256"):
        value = raw.get(key)
        if not isinstance(value, str) or not value:
            raise VendorError(f"{MANIFEST_RELPATH}: {where}.{key} must be a non-empty string")
        fields[key] = value
    _relative_posix(fields["source"], f"{where}.source")
    _relative_posix(fields["destination"], f"{where}.destination")
    digest = fields["sha256"]
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise VendorError(f"{MANIFEST_RELPATH}: {where}.sha256 must be 64 lowercase hex digits")
    return VendoredFile(**fields)


def load_manifest(root: Path) -> list[VendoredFile]:
    path = manifest_path(root)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise VendorError(f"manifest not found: {path}") from None
    except json.JSONDecodeError as exc:
        raise VendorError(f"{MANIFEST_RELPATH}: invalid JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("files"), list):
        raise VendorError(f'{MANIFEST_RELPATH}: expected an object with a "files" list')
    entries = [_entry_from_json(raw, i) for i, raw in enumerate(data["files"])]
    if not entries:
        raise VendorError(f"{MANIFEST_RELPATH}: no files listed")
    destinations = [e.destination for e in entries]
    duplicates = sorted({d for d in destinations if destinations.count(d) > 1})
    if duplicates:
        raise VendorError(f"{MANIFEST_RELPATH}: duplicate destinations: {', '.join(duplicates)}")
    return entries


def write_manifest(root: Path, entries: Sequence[VendoredFile]) -> None:
    path = manifest_path(root)
    data = json.loads(path.read_text(encoding="utf-8"))  # keep any extra top-level keys
    data["manifest_version"] = MANIFEST_VERSION
    data["files"] = [e.to_json() for e in entries]
    _atomic_write(path, (json.dumps(data, indent=2) + "\n").encode("utf-8"))


# --------------------------------------------------------------------------- helpers


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _atomic_write(path: Path, payload: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; these files are served to browsers
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _destination(root: Path, entry: VendoredFile) -> Path:
    return root.joinpath(*PurePosixPath(entry.destination).parts)


# --------------------------------------------------------------------------- verify


def verify(root: Path = REPO_ROOT) -> list[str]:
    """Check every manifest file exists under ``root`` with the recorded SHA-256.

    Returns one ``OK`` line per file. Raises :class:`VerificationError` naming every
    missing or mismatching file.
    """
    ok: list[str] = []
    problems: list[str] = []
    for entry in load_manifest(root):
        path = _destination(root, entry)
        if not path.is_file():
            problems.append(f"MISSING  {entry.destination} (from {entry.spec}:{entry.source})")
            continue
        actual = sha256_file(path)
        if actual != entry.sha256:
            problems.append(
                f"MISMATCH {entry.destination}: sha256 is {actual}, "
                f"manifest expects {entry.sha256} ({entry.spec}:{entry.source})"
            )
            continue
        ok.append(f"OK       {entry.destination}  sha256={actual}  ({entry.spec})")
    if problems:
        raise VerificationError(
            f"{len(problems)} vendored file(s) failed verification against "
            f"{MANIFEST_RELPATH}:\n  " + "\n  ".join(problems)
        )
    return ok


# --------------------------------------------------------------------------- fetch


def _check_member(member: tarfile.TarInfo, dest: Path) -> None:
    name = member.name
    if name.startswith(("/", "\\")) or "\\" in name or ".." in PurePosixPath(name).parts:
        raise VendorError(f"refusing tarball member with unsafe path: {name!r}")
    if not (member.isfile() or member.isdir()):
        raise VendorError(f"refusing tarball member that is not a regular file/dir: {name!r}")
    target = (dest / name).resolve()
    if not target.is_relative_to(dest):
        raise VendorError(f"refusing tarball member escaping the directory: {name!r}")


def safe_extract(tarball: Path, dest: Path) -> None:
    """Extract ``tarball`` into ``dest``, refusing absolute paths, '..', links and devices."""
    dest = dest.resolve()
    with tarfile.open(tarball, mode="r:gz") as tar:
        members = tar.getmembers()
        for member in members:
            _check_member(member, dest)
        if hasattr(tarfile, "data_filter"):  # Python >= 3.11.4: belt and braces
            tar.extractall(dest, members=members, filter="data")
        else:  # pragma: no cover - older 3.11 patch releases
            tar.extractall(dest, members=members)  # members validated above


def _package_root(extracted: Path) -> Path:
    """npm tarballs hold a single top-level directory (normally ``package/``)."""
    candidates = [p for p in extracted.iterdir() if p.is_dir()]
    if len(candidates) != 1 or not (candidates[0] / "package.json").is_file():
        raise VendorError(f"unexpected npm tarball layout in {extracted}")
    return candidates[0]


def npm_pack(spec: str, dest: Path) -> Path:
    """Run ``npm pack <spec> --pack-destination <dest>`` and return the tarball path."""
    npm = shutil.which("npm")
    if npm is None:
        raise VendorError("`npm` not found on PATH; it is needed to fetch packages")
    cmd = [npm, "pack", spec, "--pack-destination", str(dest), "--ignore-scripts"]
    print(f"$ npm pack {spec} --pack-destination {dest} --ignore-scripts", flush=True)
    # Run inside `dest` so that no project package.json or .npmrc is picked up.
    result = subprocess.run(cmd, cwd=dest, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise VendorError(
            f"`npm pack {spec}` failed (exit {result.returncode}):\n{result.stderr.strip()}"
        )
    tarballs = sorted(dest.glob("*.tgz"))
    if len(tarballs) != 1:
        raise VendorError(f"`npm pack {spec}` produced {len(tarballs)} tarballs, expected 1")
    return tarballs[0]


def _read_package_json(package_root: Path, spec: str) -> tuple[str, str, str]:
    data = json.loads((package_root / "package.json").read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise VendorError(f"{spec}: package.json is not an object")
    name, version, license_ = data.get("name"), data.get("version"), data.get("license")
    if not isinstance(name, str) or not isinstance(version, str):
        raise VendorError(f"{spec}: package.json lacks name/version")
    if not isinstance(license_, str) or not license_:
        raise VendorError(f'{spec}: package.json has no SPDX "license" string')
    return name, version, license_


def fetch(root: Path = REPO_ROOT, *, update: bool = False) -> list[str]:
    """Re-fetch every manifest file with ``npm pack`` and install it under ``root``.

    Every file is checked before anything is written: if the registry serves bytes that
    differ from the manifest (or a different licence), :class:`VerificationError` is raised
    and nothing on disk changes. With ``update=True`` the manifest's digests and licences
    are rewritten instead (for deliberate upgrades). Returns one line per installed file.
    """
    entries = load_manifest(root)
    specs = list(dict.fromkeys(e.spec for e in entries))
    staged: list[tuple[VendoredFile, Path]] = []
    problems: list[str] = []
    report: list[str] = []
    with tempfile.TemporaryDirectory(prefix="piiri-vendor-") as tmp:
        tmpdir = Path(tmp)
        for i, spec in enumerate(specs):
            work = tmpdir / f"pkg{i}"
            (work / "tarball").mkdir(parents=True)
            (work / "extracted").mkdir()
            tarball = npm_pack(spec, work / "tarball")
            safe_extract(tarball, work / "extracted")
            package_root = _package_root(work / "extracted")
            name, version, license_ = _read_package_json(package_root, spec)
            for entry in (e for e in entries if e.spec == spec):
                if (name, version) != (entry.package, entry.version):
                    raise VendorError(f"{spec}: npm served {name}@{version} instead")
                source = package_root.joinpath(*PurePosixPath(entry.source).parts)
                if not source.is_file():
                    raise VendorError(f"{spec}: package has no file {entry.source}")
                actual = sha256_file(source)
                new = replace(entry, sha256=actual, license=license_)
                if new != entry:
                    if not update:
                        problems.append(
                            f"{entry.destination} ({spec}:{entry.source}): registry served "
                            f"sha256={actual} license={license_}, manifest expects "
                            f"sha256={entry.sha256} license={entry.license}"
                        )
                    else:
                        report.append(f"UPDATED  {entry.destination}  sha256={actual}")
                staged.append((new, source))
        if problems:
            raise VerificationError(
                "the npm registry served content that does not match "
                f"{MANIFEST_RELPATH}; nothing was written:\n  "
                + "\n  ".join(problems)
                + "\nIf this is a deliberate upgrade, re-run with `fetch --update`."
            )
        for new, source in staged:
            _atomic_write(_destination(root, new), source.read_bytes())
            report.append(f"FETCHED  {new.destination}  <- {new.spec}:{new.source}")
    if update:
        write_manifest(root, [new for new, _ in staged])
    return report + verify(root)


# --------------------------------------------------------------------------- CLI


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--root",
        type=Path,
        default=REPO_ROOT,
        help="repository root holding static/vendor/VENDOR.json (default: %(default)s)",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("verify", help="check vendored files against the manifest's SHA-256s")
    fetch_parser = sub.add_parser("fetch", help="re-fetch vendored files with `npm pack`")
    fetch_parser.add_argument(
        "--update",
        action="store_true",
        help="rewrite the manifest's digests/licences instead of failing on a mismatch",
    )
    args = parser.parse_args(argv)
    root: Path = args.root.resolve()
    try:
        lines = verify(root) if args.command == "verify" else fetch(root, update=args.update)
    except VendorError as exc:
        print(f"vendor_assets: error: {exc}", file=sys.stderr)
        return 1
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
