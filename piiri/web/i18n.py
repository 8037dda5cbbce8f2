"""Translations: Babel catalogues under translations/, one per language, read at start-up.

The .po files are the source; they are compiled in memory when first needed, so a fresh clone
needs no build step. A person's language is, in order: the one they chose (a cookie), the best
match of their browser's Accept-Language, then the workshop's (or the site's) default.
"""

from __future__ import annotations

import functools
from io import BytesIO
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from starlette.requests import HTTPConnection

from piiri.domain.vocabulary import DomainError
from piiri.settings import LANGUAGES, REPO_ROOT

TRANSLATIONS_DIR = REPO_ROOT / "translations"
LANGUAGE_COOKIE = "piiri_lang"
LANGUAGE_NAMES = {"en": "English", "fi": "Suomi", "sv": "Svenska"}


@functools.cache
def translations(language: str) -> Translations:
    """The catalogue for ``language``; English is the msgids themselves."""
    path = TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po"
    if language == "en" or not path.exists():
        return Translations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=language)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


def gettext(language: str, message: str, **params: Any) -> str:
    text = translations(language).ugettext(message)
    return text.format(**params) if params else text


def error_text(language: str, error: DomainError) -> str:
    return gettext(language, error.message, **error.params)


def accept_language(header: str) -> str | None:
    """The best supported language in an Accept-Language header, or None."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        pieces = part.strip().split(";")
        tag = pieces[0].strip().lower()
        quality = 1.0
        for param in pieces[1:]:
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        primary = tag.split("-")[0]
        if primary in LANGUAGES and quality > 0:
            ranked.append((-quality, index, primary))
    return min(ranked)[2] if ranked else None


def pick_language(connection: HTTPConnection, default: str, *, browser: bool = True) -> str:
    """The person's choice, else (when ``browser``) their browser's, else ``default``.

    A room screen passes ``browser=False``: it speaks to the whole room, so it follows the
    workshop's language unless someone chose another on that screen.
    """
    chosen = connection.cookies.get(LANGUAGE_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    if not browser:
        return default
    return accept_language(connection.headers.get("accept-language", "")) or default
