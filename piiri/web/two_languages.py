"""Two languages side by side on the room screen (``WorkshopState.screen_pair``).

A room screen is rendered in its first language, with ``second_language`` in the context when
the facilitator chose a pair ("fi + sv"). Its templates write what the room must read in both
through these helpers; without a second language they give the first language's alone, so the
same template serves a one-language screen (and a phone, which never has a second language):

- ``bi("Vote on your phone")`` / ``bi_n(singular, plural, count=n)``: a sentence of the
  catalogue, like ``_()`` and ``{% trans %}`` (babel.cfg extracts them as keywords);
- ``value | both``: text the facilitator wrote (a ``LocalText``), like ``| local``.

The second language's text follows the first in ``<span class="second-language" lang="sv">``,
which static/screen.css sets apart, and which screen readers read in its own language.
"""

from __future__ import annotations

import functools
from typing import Any

import jinja2
from babel.support import Translations
from markupsafe import Markup

from piiri.activities.local_text import LocalText
from piiri.web.fallback_text import shown_in, written_language
from piiri.web.i18n import translations

SECOND = Markup('<span class="second-language" lang="{}">{}</span>')


@functools.cache
def _catalogue(language: str) -> Translations:
    return translations(language)


def _second(context: Any) -> str | None:
    second = context.get("second_language")
    return second if isinstance(second, str) and second else None


def _with_second(first: Markup, second: str | None, other: Markup) -> Markup:
    if second is None or other == first:
        return first
    return first + SECOND.format(second, other)


def helpers(language: str) -> dict[str, Any]:
    """The globals and the filter for an environment of ``language``."""

    def sentence(lang: str, message: str, params: dict[str, Any]) -> Markup:
        # As Jinja's newstyle gettext: the catalogue's text is markup, the values are escaped.
        return Markup(_catalogue(lang).gettext(message)) % params

    def plural(lang: str, singular: str, plural_: str, params: dict[str, Any]) -> Markup:
        text = _catalogue(lang).ngettext(singular, plural_, params["count"])
        return Markup(text) % params

    @jinja2.pass_context
    def bi(context: Any, message: str, **params: Any) -> Markup:
        second = _second(context)
        first = sentence(language, message, params)
        return _with_second(first, second, sentence(second, message, params) if second else first)

    @jinja2.pass_context
    def bi_n(context: Any, singular: str, plural_: str, **params: Any) -> Markup:
        second = _second(context)
        first = plural(language, singular, plural_, params)
        other = plural(second, singular, plural_, params) if second else first
        return _with_second(first, second, other)

    @jinja2.pass_context
    def both(context: Any, value: object) -> Markup:
        # The first language's text, in a span with lang when it falls back to another.
        first = shown_in(value, language, written_language(context))
        second = _second(context)
        if second is None or not isinstance(value, LocalText):
            return first
        if value.in_language(second) == value.in_language(language):
            return first
        return _with_second(first, second, Markup.escape(value.in_language(second)))

    return {"globals": {"bi": bi, "bi_n": bi_n}, "filters": {"both": both}}
