"""Text a facilitator wrote (an option, a prompt, a question), as a value that knows its
language.

A ``LocalText`` holds the text as written, in the workshop's language: every reader's fallback.
It may also hold the same text in other languages; a reader sees their own language's when it
is there. A form gives the other languages in fields named ``<field>@<language>``, line by line
(``translated_lines``); ``in_language`` is where a view asks for the reader's (the ``local``
template filter), falling back to the text as written.

In the log a ``LocalText`` without other languages is the plain JSON string: exactly how logs
written before it hold the same text, so those still fold, and nothing stored changes form.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from piiri.activities.text import lines
from piiri.domain.vocabulary import N_, DomainError


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


# A form field that gives another language's version of a field: "options@sv" for "options".
LANGUAGE_MARK = "@"


def translated_lines(
    texts: Sequence[LocalText], values: Mapping[str, Any], field: str
) -> tuple[LocalText, ...]:
    """``texts`` (one per non-empty line of ``field``) with their versions in other languages
    from the fields ``<field>@<language>``, line by line. A language field left empty adds
    nothing. Raises DomainError when such a field has another number of lines than ``field``:
    the versions must pair up, line for line."""
    prefix = field + LANGUAGE_MARK
    result = list(texts)
    for key, value in sorted(values.items()):
        language = key[len(prefix) :] if key.startswith(prefix) else ""
        if not language or not language.isalpha() or len(language) > 3:
            continue
        versions = lines(value)
        if not versions:
            continue
        if len(versions) != len(texts):
            raise DomainError(
                N_("Give every line in each language: {given} lines where {needed} were expected."),
                given=len(versions),
                needed=len(texts),
            )
        result = [
            LocalText(
                t.text, (*((c, v) for c, v in t.translations if c != language), (language, v))
            )
            for t, v in zip(result, versions, strict=True)
        ]
    return tuple(result)


def language_versions(texts: Sequence[LocalText], field: str) -> dict[str, str]:
    """The ``<field>@<language>`` form fields that show ``texts``' other languages, one line
    each (the form's side of ``translated_lines``)."""
    languages = sorted({code for t in texts for code, _ in t.translations})
    return {
        f"{field}{LANGUAGE_MARK}{code}": "\n".join(
            dict(t.translations).get(code, "") for t in texts
        )
        for code in languages
    }
