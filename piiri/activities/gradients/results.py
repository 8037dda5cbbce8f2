"""What gradients of agreement leave for the downloads and the report: every version's text,
its distribution over the eight levels, and the reasons given, without names."""

from __future__ import annotations

from typing import Any

from piiri.activities.exports import Export, Table
from piiri.activities.gradients.model import LEVELS, Gradients

DISTRIBUTION_HEADERS = ("version", "level", "people", "answered")
REASON_HEADERS = ("version", "level", "reason")


def gradients_export(state: Gradients) -> Export:
    versions = range(1, state.version + 1)
    data: dict[str, Any] = {
        "reasons_required": state.reasons_required,
        "hidden_until_shown": state.hidden_until_shown,
        "revealed": state.revealed,
        "versions": [
            {
                "version": v,
                "text": state.versions[v - 1],
                "answered": len(state.on(v)),
                "by_proxy": sum(1 for s in state.on(v).values() if s.proxy),
                "distribution": dict(
                    zip((str(level) for level in LEVELS), state.distribution(v), strict=True)
                ),
                "reasons": [{"level": s.level, "reason": s.reason} for s in state.reasons(v, 1)],
            }
            for v in versions
        ],
    }
    distribution = tuple(
        (v, level, count, len(state.on(v)))
        for v in versions
        for level, count in zip(LEVELS, state.distribution(v), strict=True)
    )
    reasons = tuple((v, s.level, s.reason) for v in versions for s in state.reasons(v, 1))
    return Export(
        data=data,
        tables=(
            Table("distribution", DISTRIBUTION_HEADERS, distribution),
            Table("reasons", REASON_HEADERS, reasons),
        ),
    )
