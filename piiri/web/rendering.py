"""Jinja2 rendering, one environment per language, autoescape on.

Templates live beside the package that renders them. Partials are named ``_name.html`` and each
renders one swappable region with a stable id; the same partial serves the full page and the
WebSocket push.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_decimal
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from piiri.activities import REGISTRY
from piiri.activities.contract import STYLES
from piiri.activities.local_text import local
from piiri.settings import LANGUAGES, REPO_ROOT
from piiri.web import fallback_text, two_languages
from piiri.web.forms import csrf_token
from piiri.web.i18n import LANGUAGE_NAMES, translations
from piiri.web.preferences import display_choices
from piiri.web.static_assets import StaticAssets

# The core's own templates (the page frame, notices); each surface adds its folder and each
# activity kind its package's templates/ under the kind's name ("<kind>/console.html").
CORE_TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC_DIR = REPO_ROOT / "static"
# Every kind's styles.css, joined in the registry's order and served under this name; pages that
# show an activity link it after piiri.css (their ``activity_styles`` block).
ACTIVITY_STYLES = "activities.css"


def language_filters(language: str) -> dict[str, Any]:
    """Numbers, dates and times as the person's language writes them (Babel's CLDR data).

    Times are shown in UTC unless the value carries its own time zone.
    """
    return {
        "number": lambda value: format_decimal(value, locale=language),
        "date": lambda value, style="medium": format_date(value, style, locale=language),
        "datetime": lambda value, style="medium": format_datetime(value, style, locale=language),
        "time": lambda value, style="short": format_time(value, style, locale=language),
    }


def seconds_until(moment: str, now: datetime) -> int:
    """Whole seconds from ``now`` until an ISO-8601 UTC time stored in an event, at least 0."""
    return max(0, round((datetime.fromisoformat(moment) - now).total_seconds()))


def clock(seconds: int) -> str:
    """Seconds as m:ss (or h:mm:ss), the way a countdown shows them; static/countdown.js
    writes the same format."""
    minutes, secs = divmod(max(0, int(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


class SharedBytecode(jinja2.BytecodeCache):
    """Compiled templates kept in memory for every environment of the process: the three
    languages' environments (and the apps a test session builds) compile each template once,
    not once each. Jinja keys a template by its name and file and checks its source's checksum,
    so an edited template is compiled again; every environment here is configured alike
    (``Renderer._environment``), which is what makes the compiled code the same for all."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


BYTECODE = SharedBytecode()


class Renderer:
    def __init__(
        self,
        languages: tuple[str, ...] = LANGUAGES,
        assets: StaticAssets | None = None,
        template_dirs: Sequence[Path] = (),
        auto_reload: bool = True,
    ) -> None:
        # In development a template edited on disk is picked up at once; in production the
        # templates do not change while the process runs, and checking the file's time on every
        # rendering (a stat per template and include) is a cost the fan-out pays per region.
        self.auto_reload = auto_reload
        if assets is None:
            assets = StaticAssets(STATIC_DIR)
            assets.add(ACTIVITY_STYLES, activity_styles())
        self.assets = assets
        self.template_dirs = [CORE_TEMPLATES, *template_dirs]
        self.loader = jinja2.ChoiceLoader(
            [
                jinja2.FileSystemLoader([str(d) for d in self.template_dirs]),
                jinja2.PrefixLoader(
                    {name: jinja2.FileSystemLoader(str(d)) for name, d in kind_template_dirs()}
                ),
            ]
        )
        self.environments = {language: self._environment(language) for language in languages}

    def _environment(self, language: str) -> jinja2.Environment:
        env = jinja2.Environment(
            loader=self.loader,
            autoescape=True,
            extensions=["jinja2.ext.i18n", "jinja2.ext.do"],
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            bytecode_cache=BYTECODE,
            auto_reload=self.auto_reload,
        )
        env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
        env.globals.update(
            lang=language,
            languages=LANGUAGES,
            language_names=LANGUAGE_NAMES,
            static=self.static_url,
            display_choices=display_choices,
            csrf_token=csrf_token,
        )
        env.filters.update(language_filters(language))
        env.filters["clock"] = clock
        # Text a facilitator wrote, in the reader's language when it was given in it.
        env.filters["local"] = lambda value: local(value, language)
        # The same as an element's content, with lang="…" on a fallback (fallback_text.py).
        env.filters.update(fallback_text.filters(language))
        env.filters["seconds_until"] = seconds_until
        # The room screen's second language beside the first (piiri/web/two_languages.py).
        two = two_languages.helpers(language)
        env.globals.update(two["globals"])
        env.filters.update(two["filters"])
        return env

    def static_url(self, path: str) -> str:
        try:
            return self.assets.url(path)
        except KeyError:
            raise jinja2.TemplateRuntimeError(f"no static file {path}") from None

    def render(self, language: str, name: str, context: Mapping[str, Any]) -> str:
        return self.environments[language].get_template(name).render(context)

    def render_macro(self, language: str, name: str, macro: str, **kwargs: Any) -> Markup:
        module = self.environments[language].get_template(name).module
        result: Markup = getattr(module, macro)(**kwargs)
        return result

    def response(
        self,
        request: Request,
        language: str,
        name: str,
        context: Mapping[str, Any],
        status_code: int = 200,
    ) -> HTMLResponse:
        return HTMLResponse(
            self.render(language, name, {"request": request, **context}),
            status_code=status_code,
            headers={"Content-Language": language, "Vary": "Cookie, Accept-Language"},
        )


def kind_package_dirs() -> list[tuple[str, Path]]:
    """Each registered kind's package folder: the one of the module that defines the kind."""
    dirs = []
    for name, kind in REGISTRY.items():
        module = sys.modules[type(kind).__module__]
        assert module.__file__ is not None
        dirs.append((name, Path(module.__file__).resolve().parent))
    return dirs


def kind_template_dirs() -> list[tuple[str, Path]]:
    """Each registered kind's templates/ folder, in its package."""
    return [(name, folder / "templates") for name, folder in kind_package_dirs()]


def activity_styles() -> bytes:
    """Every registered kind's styles.css (a kind may have none), one after another."""
    parts = []
    for name, folder in kind_package_dirs():
        styles = folder / STYLES
        if styles.is_file():
            parts.append(f"/* {name} */\n{styles.read_text(encoding='utf-8').strip()}\n")
    return "".join(parts).encode("utf-8")


def template_paths(surface_dirs: Sequence[Path] = ()) -> list[Path]:
    """Every template file the core, the given surface folders and the kinds hold."""
    dirs = [CORE_TEMPLATES, *surface_dirs, *(d for _, d in kind_template_dirs())]
    return [p for d in dirs for p in d.rglob("*.html")]
