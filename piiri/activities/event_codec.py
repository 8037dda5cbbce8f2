"""How an activity's events become log entries and back: a type name and JSON-ready data.

Events are frozen dataclasses of JSON-ready fields; a ``LocalText`` field is written in its
own form (``LocalText.to_json``) and read back from it, or from the plain string older logs
hold. Which fields are ``LocalText`` is read from the event class's type hints, once per class.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

from piiri.activities.local_text import LocalText

E = TypeVar("E")


# Event class -> its LocalText fields; filled once per class (the classes are never freed).
_LOCAL_TEXT_FIELDS: dict[type[Any], frozenset[str]] = {}


def local_text_fields(cls: type[Any]) -> frozenset[str]:
    """The names of the fields of an event class that hold a ``LocalText``."""
    found = _LOCAL_TEXT_FIELDS.get(cls)
    if found is None:
        hints = typing.get_type_hints(cls)
        found = frozenset(f.name for f in dataclasses.fields(cls) if hints[f.name] is LocalText)
        _LOCAL_TEXT_FIELDS[cls] = found
    return found


def encode_event(event: Any) -> tuple[str, dict[str, Any]]:
    """The event's type name and data. The data shares nothing mutable with the event."""
    data: dict[str, Any] = dataclasses.asdict(event)
    for name in local_text_fields(type(event)):
        data[name] = getattr(event, name).to_json()
    return type(event).__name__, data


def decode_event(
    kind: str, classes: tuple[type[E], ...], type_name: str, data: Mapping[str, Any]
) -> E:
    """The event of ``type_name`` among ``classes``. Raises KeyError for another type."""
    for cls in classes:
        if cls.__name__ == type_name:
            values = dict(data)
            for name in local_text_fields(cls):
                if name in values:
                    values[name] = LocalText.from_json(values[name])
            return cls(**values)
    raise KeyError(f"{kind} has no event {type_name}")
