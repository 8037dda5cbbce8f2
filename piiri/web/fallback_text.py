"""Text the facilitator wrote, shown in the reader's language, marked when it is not.

``value | shown`` reads a ``LocalText`` in the page's language like ``| local``; when the text
was not given in that language the reader gets the text as written (the workshop's first
language), and ``shown`` wraps it in ``<span lang="fi">`` so a screen reader pronounces it in
its own language. The written language is the context's ``text_language`` when a view sets it,
else its ``workshop``'s ``language`` (a folded state and a workshop row both have one). Used
where entered text is an element's content; attributes and sentences of the catalogue keep
``| local`` (a span cannot go into an attribute); an element that holds only text (an
``<option>``) takes ``lang="{{ value | fallback_language }}"`` itself.
"""

from __future__ import annotations

from typing import Any

import jinja2
from markupsafe import Markup

from piiri.activities.local_text import LocalText

FALLBACK = Markup('<span lang="{}">{}</span>')


def written_language(context: Any) -> str:
    """The language the page's entered texts are written in, "" when the context cannot tell."""
    given = context.get("text_language")
    if isinstance(given, str) and given:
        return given
    workshop = context.get("workshop")
    language = getattr(workshop, "language", "") if workshop is not None else ""
    return language if isinstance(language, str) else ""


def fallback_of(value: object, reader: str, written: str) -> str:
    """The language ``value`` is shown in when a reader of ``reader`` gets it as written in
    another (``written``), else "": the ``lang`` an element with it needs."""
    if not isinstance(value, LocalText) or not written or written == reader:
        return ""
    return "" if any(code == reader for code, _ in value.translations) else written


def shown_in(value: object, reader: str, written: str) -> Markup:
    """``value`` for a reader of ``reader``: its version in that language, or the text as
    written in a span with ``lang`` when ``written`` is another language."""
    if not isinstance(value, LocalText):
        return Markup.escape(value)
    fallback = fallback_of(value, reader, written)
    if fallback:
        return FALLBACK.format(fallback, value.text) if value.text else Markup("")
    return Markup.escape(value.in_language(reader))


def filters(language: str) -> dict[str, Any]:
    @jinja2.pass_context
    def shown(context: Any, value: object) -> Markup:
        return shown_in(value, language, written_language(context))

    @jinja2.pass_context
    def fallback_language(context: Any, value: object) -> str:
        # For an element that cannot hold a span (an <option>): its own lang="…".
        return fallback_of(value, language, written_language(context))

    return {"shown": shown, "fallback_language": fallback_language}
