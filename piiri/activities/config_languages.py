"""A kind's configuration in the workshop's languages, for every kind alike.

A kind names the form fields that hold text the facilitator writes (``local_fields``: the
dot-vote's ``options``, the breakout's ``prompts``, ...). The add and edit forms show each such
field once per workshop language: ``options`` in the workshop's own language, ``options@sv`` in
Swedish, and so on (``_languages.html``'s macro). Nothing else of the kind knows about
languages; this module does the rest:

- ``parse_in_languages`` parses the form as written (the kind's own ``parse_config``), then
  once per other language with that language's fields in place of the written ones, and lays
  the results over each other: where a text differs, the written configuration's text becomes
  a ``LocalText`` holding that language's version. Everything else must come out the same
  (the same number of options, the same costs): versions that do not pair up are refused.
- ``form_in_languages`` is the way back: the stored configuration with each ``LocalText`` read
  in one language, through the kind's own ``config_form``, gives that language's fields.

A configuration stored before a kind had other languages holds plain strings: one-language
``LocalText``s, read as they are.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from piiri.activities.local_text import LANGUAGE_MARK, LINES, LocalText
from piiri.activities.text import lines
from piiri.domain.vocabulary import N_, DomainError

if TYPE_CHECKING:
    from piiri.activities.contract import ActivityKind

UNPAIRED = N_("Give every line in each language: {given} lines where {needed} were expected.")
MISMATCHED = N_("The version in another language must say the same, apart from its words.")


def written_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """The form without any ``<field>@<language>`` field: the configuration as written."""
    return {k: v for k, v in values.items() if LANGUAGE_MARK not in k}


def language_field(field: str, language: str) -> str:
    return f"{field}{LANGUAGE_MARK}{language}"


def parse_in_languages(
    kind: ActivityKind[Any, Any, Any], values: Mapping[str, Any], others: Iterable[str]
) -> dict[str, Any]:
    """``kind.parse_config`` of the form as written, with each of ``others``' versions of the
    kind's ``local_fields`` laid in as ``LocalText`` translations. A language whose fields are
    all empty adds nothing (its readers see the text as written). Raises DomainError with a
    translatable message for a bad form or versions that do not pair up."""
    written = written_values(values)
    config = kind.parse_config(written)
    for language in others:
        given = {
            field: values[language_field(field, language)]
            for field in sorted(kind.local_fields)
            if lines(values.get(language_field(field, language)))
        }
        if not given:
            continue
        for field, version in given.items():
            needed, got = len(lines(written.get(field))), len(lines(version))
            if kind.local_fields[field] == LINES and needed != got:
                raise DomainError(UNPAIRED, given=got, needed=needed)
        version_config = kind.parse_config({**written, **given})
        config = _laid_over(config, version_config, language)
    return config


def _laid_over(written: Any, version: Any, language: str) -> Any:
    """``written`` with every text where ``version`` differs holding ``version``'s text as its
    ``language`` translation. Raises DomainError where anything but text differs."""
    if written == version:
        return written
    if _is_text(written) and _is_text(version):
        text = LocalText.from_json(written)
        other = LocalText.from_json(version).text
        kept = tuple((c, t) for c, t in text.translations if c != language)
        if other == text.text:
            return LocalText(text.text, kept).to_json()
        return LocalText(text.text, (*kept, (language, other))).to_json()
    if isinstance(written, Mapping) and isinstance(version, Mapping):
        if set(written) != set(version):
            raise DomainError(MISMATCHED)
        return {key: _laid_over(written[key], version[key], language) for key in written}
    if isinstance(written, list | tuple) and isinstance(version, list | tuple):
        if len(written) != len(version):
            raise DomainError(UNPAIRED, given=len(version), needed=len(written))
        return [_laid_over(w, v, language) for w, v in zip(written, version, strict=True)]
    raise DomainError(MISMATCHED)


def _is_text(value: Any) -> bool:
    """A string, or a ``LocalText`` in its JSON form."""
    return isinstance(value, str) or (
        isinstance(value, Mapping) and set(value) == {"text", "translations"}
    )


def in_one_language(config: Any, language: str) -> Any:
    """``config`` with every ``LocalText`` (in its JSON form) read in ``language``, falling
    back to the text as written: what the kind's form shows for that language."""
    if isinstance(config, Mapping):
        if set(config) == {"text", "translations"}:
            return LocalText.from_json(config).in_language(language)
        return {key: in_one_language(value, language) for key, value in config.items()}
    if isinstance(config, list | tuple):
        return [in_one_language(item, language) for item in config]
    return config


def form_in_languages(
    kind: ActivityKind[Any, Any, Any], config: Mapping[str, Any], others: Iterable[str]
) -> dict[str, str]:
    """The edit form's strings: ``kind.config_form`` of the text as written, and for each of
    ``others`` its ``<field>@<language>`` fields (empty when nothing was given in it)."""
    form = kind.config_form(in_one_language(config, ""))
    for language in others:
        version = kind.config_form(in_one_language(config, language))
        for field in kind.local_fields:
            if version.get(field, "") != form.get(field, ""):
                form[language_field(field, language)] = version[field]
    return form


def edit_form(
    kind: ActivityKind[Any, Any, Any],
    title: str,
    titles: Mapping[str, str],
    config: Mapping[str, Any],
    others: Iterable[str],
) -> dict[str, str]:
    """An activity's edit form: its title and configuration, in every workshop language."""
    others = tuple(others)
    versions = {language_field("title", code): titles.get(code, "") for code in others}
    return {"title": title, **versions, **form_in_languages(kind, config, others)}


def titles_in(values: Mapping[str, Any], field: str, others: Iterable[str]) -> dict[str, str]:
    """A one-line field's versions in ``others`` from ``<field>@<language>``, the empty ones
    left out (their readers see the text as written). Not cleaned: the caller cleans them as it
    cleans ``field``."""
    return {
        language: str(values.get(language_field(field, language)) or "")
        for language in others
        if str(values.get(language_field(field, language)) or "").strip()
    }


def written_alike(config: Mapping[str, Any], other: Mapping[str, Any]) -> bool:
    """Whether two configurations say the same in the workshop's language: they differ, if
    at all, only in their versions in other languages."""
    return bool(in_one_language(config, "") == in_one_language(other, ""))


def retranslated(state: Any, config: Mapping[str, Any]) -> Any:
    """An activity's ``state`` with every ``LocalText`` it holds given the versions ``config``
    now has for the same text: an edit that only adds (or changes) other languages keeps what
    the activity has captured. Frozen dataclasses, tuples, lists and mappings are rebuilt;
    anything else is kept as it is."""
    texts: dict[str, LocalText] = {}

    def collect(value: Any) -> None:
        if _is_text(value):
            text = LocalText.from_json(value)
            texts[text.text] = text
        elif isinstance(value, Mapping):
            for item in value.values():
                collect(item)
        elif isinstance(value, list | tuple):
            for item in value:
                collect(item)

    collect(dict(config))
    return _swapped(state, texts)


def _swapped(value: Any, texts: Mapping[str, LocalText]) -> Any:
    if isinstance(value, LocalText):
        return texts.get(value.text, value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _swapped(getattr(value, f.name), texts)
            for f in dataclasses.fields(value)
            if f.init
        }
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple):
        return tuple(_swapped(item, texts) for item in value)
    if isinstance(value, list):
        return [_swapped(item, texts) for item in value]
    if isinstance(value, dict):
        return {key: _swapped(item, texts) for key, item in value.items()}
    return value
