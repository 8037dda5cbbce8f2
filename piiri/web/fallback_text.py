"""Text the facilitator wrote, shown in the reader's language, marked when it is not.

``value | shown`` reads a ``LocalText`` in the page's language like ``| local``; when the text
was not given in that language the reader gets the text as written (the workshop's first
language), and ``shown`` wraps it in ``<span lang="fi">`` so a screen reader pronounces it in
its own language. The written language is the context's ``text_language`` when a view sets it,
else its ``workshop``'s ``language`` (a folded state and a workshop row both have one). Used
where entered text is an element's content; attributes and sentences of the catalogue keep
``| local`` (a span cannot go into an attribute).
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


def shown_in(value: object, reader: str, written: str) -> Markup:
    """``value`` for a reader of ``reader``: its version in that language, or the text as
    written in a span with ``lang`` when ``written`` is another language."""
    if not isinstance(value, LocalText):
        return Markup.escape(value)
    if written and written != reader and not any(c == reader for c, _ in value.translations):
        return FALLBACK.format(written, value.text) if value.text else Markup("")
    return Markup.escape(value.in_language(reader))


def filters(language: str) -> dict[str, Any]:
    @jinja2.pass_context
    def shown(context: Any, value: object) -> Markup:
        return shown_in(value, language, written_language(context))

    return {"shown": shown}
