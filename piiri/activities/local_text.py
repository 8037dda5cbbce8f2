"""Text a facilitator wrote (an option, a prompt, a question), as a value that knows its
language.

A ``LocalText`` holds the text as written, in the workshop's language: every reader's fallback.
It may also hold the same text in other languages; a reader sees their own language's when it
is there. A form gives the other languages in fields named ``<field>@<language>``
(piiri/activities/config_languages.py); ``in_language`` is where a view asks for the reader's
(the ``local`` template filter), falling back to the text as written.

In the log a ``LocalText`` without other languages is the plain JSON string: exactly how logs
written before it hold the same text, so those still fold, and nothing stored changes form.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class LocalText:
    text: str  # as written, in the workshop's language
    # The same text in other languages, as (language, text) pairs; none entered yet.
    translations: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        return self.text

    def in_language(self, language: str) -> str:
        """The text for a reader of ``language``, falling back to the text as written."""
        for code, text in self.translations:
            if code == language:
                return text
        return self.text

    def to_json(self) -> str | dict[str, Any]:
        """The log's form: the plain string when there are no other languages."""
        if not self.translations:
            return self.text
        return {"text": self.text, "translations": dict(self.translations)}

    @classmethod
    def from_json(cls, value: Any) -> LocalText:
        """Back from the log: a plain string, or the form ``to_json`` writes."""
        if isinstance(value, LocalText):
            return value
        if isinstance(value, Mapping):
            translations = value.get("translations") or {}
            return cls(
                str(value.get("text", "")),
                tuple((str(k), str(v)) for k, v in translations.items()),
            )
        return cls("" if value is None else str(value))


def local(value: object, language: str) -> object:
    """For a template: a ``LocalText`` in the reader's language, anything else as it is."""
    if isinstance(value, LocalText):
        return value.in_language(language)
    return value


# The languages a workshop may run in (piiri.settings.LANGUAGES; the activities may not import
# settings, and a test holds the two equal).
LANGUAGE_CODES: tuple[str, ...] = ("en", "fi", "sv")

# A form field that gives another language's version of a field: "options@sv" for "options".
LANGUAGE_MARK = "@"

# How a field's versions in other languages pair up (``ActivityKind.local_fields``): line for
# line, or as one text.
LINES, WHOLE = "lines", "whole"
