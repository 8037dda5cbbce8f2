"""Where the checkout keeps its translation catalogues (translations/, `make messages`)."""

from __future__ import annotations

from pathlib import Path

from tests.support.processes import ROOT


def po_path(language: str) -> Path:
    """The .po catalogue of ``language`` in the checkout."""
    return ROOT / "translations" / language / "LC_MESSAGES" / "messages.po"
