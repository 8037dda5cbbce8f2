"""Every catalogue (Finnish, Swedish) keeps up with the code, and people really get them.

The messages are extracted from the code as it is now, with babel.cfg, exactly as `make messages`
does; a string added without a translation in any catalogue fails here. Templates are also read
for text that is outside a translation call and so could never be translated.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import jinja2
import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po
from starlette.testclient import TestClient

from piiri.activities.dot_vote.kind import DotVoteKind
from piiri.activities.dot_vote.model import CastDot, DotVote, Option
from piiri.activities.local_text import LocalText
from piiri.domain.vocabulary import Context, DomainError, Person
from piiri.settings import LANGUAGES
from piiri.web.i18n import error_text
from piiri.web.rendering import template_paths
from piiri.web.surfaces import installed_template_dirs
from tests.support.catalogues import po_path

REPO = Path(__file__).resolve().parent.parent
# English is the msgids themselves; every other language has a catalogue.
TRANSLATED = tuple(language for language in LANGUAGES if language != "en")


# Text that is the same in every language and so may stand in a template as it is.
UNTRANSLATED_ALLOWED = frozenset({"Piiri"})
# Attributes whose values a person sees or hears (screen readers), so they need translating.
VISIBLE_ATTRIBUTES = (
    "alt",
    "aria-description",
    "aria-label",
    "aria-roledescription",
    "aria-valuetext",
    "data-offline",
    "label",
    "placeholder",
    "title",
)
VISIBLE_ATTRIBUTE = re.compile(
    r"\s(" + "|".join(VISIBLE_ATTRIBUTES) + r""")\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE
)
# %(name)s / %% for the templates' newstyle gettext, {name} / {{ / }} for str.format in Python;
# a lone % or brace would make the formatting fail or print wrongly.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%|%|\{\{|\}\}|\{[^{}]*\}|[{}]")
CODE = "\x00"  # stands for a Jinja tag, an expression or a translated text
# {% block %}s whose content goes into an attribute (body_class) rather than onto the page.
NOT_TEXT_BLOCK = re.compile(r"(?:^|_)(?:class|classes|attrs?|id|url|href)$")


def _read_po(path: Path, locale: str = "en") -> Catalog:
    with path.open("rb") as po:
        return read_po(po, locale=locale)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The messages in the code now, extracted like `make messages` does."""
    pot = tmp_path_factory.mktemp("messages") / "messages.pot"
    command = [
        sys.executable,
        "-m",
        "babel.messages.frontend",
        "extract",
        "-F",
        "babel.cfg",
        "-o",
        str(pot),
        "--omit-header",
        ".",
    ]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    problems = [line for line in done.stderr.splitlines() if "warning" in line.lower()]
    assert not problems, "\n".join(problems)
    catalog = _read_po(pot)
    assert len(catalog) > 50, "babel.cfg found suspiciously few messages"
    return catalog


@pytest.fixture(scope="module")
def finnish() -> Catalog:
    return _read_po(po_path("fi"), "fi")


@pytest.fixture(scope="module", params=TRANSLATED)
def catalogue(request: pytest.FixtureRequest) -> Catalog:
    """Each translated language's catalogue in turn (its locale is ``catalogue.locale``)."""
    language: str = request.param
    return _read_po(po_path(language), language)


def _forms(value: str | tuple[str, ...] | list[str] | None) -> list[str]:
    """A msgid or msgstr as a list: one string, or the plural forms."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _translated(message: Message | None) -> bool:
    if message is None or message.fuzzy:
        return False
    forms = _forms(message.string)
    return bool(forms) and all(forms)


def test_babel_cfg_reads_only_the_four_packages(extracted: Catalog) -> None:
    read = {path for message in extracted for path, _line in message.locations}
    packages = ("piiri/", "facilitator/", "participant/", "realtime/")
    assert read and all(path.startswith(packages) for path in read), sorted(read)


def test_babel_cfg_reads_every_template(extracted: Catalog) -> None:
    sources = {
        path: path.read_text(encoding="utf-8")
        for path in template_paths(installed_template_dirs())
        if "_(" in path.read_text(encoding="utf-8")
    }
    assert sources, "no templates found"
    ids = {message.id for message in extracted if message.id}
    for path, source in sources.items():
        found = re.findall(r"""_\(\s*(?:"([^"\\%]+)"|'([^'\\%]+)')\s*\)""", source)
        found = [double or single for double, single in found]
        absent = [text for text in found if text not in ids]
        assert not absent, f"{path.relative_to(REPO)}: not extracted: {absent}"


def missing_translations(extracted: Catalog, catalogue: Catalog) -> list[str]:
    """The messages the code uses that ``catalogue`` does not translate (or only fuzzily)."""
    missing = []
    for message in extracted:
        if not message.id:
            continue
        translation = catalogue.get(message.id, message.context)
        if not _translated(translation) or (translation and translation.id != message.id):
            missing.append(" | ".join(_forms(message.id)))
    return missing


def test_every_language_but_english_has_a_catalogue() -> None:
    assert set(TRANSLATED) == {"fi", "sv"}
    for language in TRANSLATED:
        assert po_path(language).is_file(), language


def test_every_message_has_a_translation_in_every_catalogue(
    extracted: Catalog, catalogue: Catalog
) -> None:
    missing = missing_translations(extracted, catalogue)
    language = str(catalogue.locale)
    assert not missing, (
        f"{len(missing)} message(s) lack a translation in "
        f"{po_path(language).relative_to(REPO)} (run `make messages`, then translate):\n  "
        + "\n  ".join(missing)
    )


def test_a_message_missing_from_one_catalogue_is_found(extracted: Catalog) -> None:
    for language in TRANSLATED:
        catalogue = _read_po(po_path(language), language)
        assert missing_translations(extracted, catalogue) == []
        del catalogue["Skip to content"]
        assert missing_translations(extracted, catalogue) == ["Skip to content"]
        catalogue.add("Skip to content", "")  # present but empty is missing too
        assert missing_translations(extracted, catalogue) == ["Skip to content"]


def test_catalogues_have_two_plural_forms(catalogue: Catalog) -> None:
    assert catalogue.num_plurals == 2
    assert catalogue.plural_expr == "(n != 1)"


def _placeholders(text: str) -> Counter[str]:
    return Counter(PLACEHOLDER.findall(text))


def test_translations_keep_the_placeholders(catalogue: Catalog) -> None:
    wrong = []
    for message in catalogue:
        if not message.id or not _translated(message):
            continue
        ids, strings = _forms(message.id), _forms(message.string)
        # msgstr[0] translates the singular msgid, every other form the msgid_plural.
        originals = [ids[0]] + [ids[-1]] * (len(strings) - 1)
        for original, translation in zip(originals, strings, strict=True):
            if _placeholders(original) != _placeholders(translation):
                wrong.append(f"{original!r} -> {translation!r}")
    assert not wrong, "placeholders differ:\n  " + "\n  ".join(wrong)


def test_a_page_comes_out_in_finnish(client: TestClient, finnish: Catalog) -> None:
    client.cookies.set("piiri_lang", "fi")
    response = client.get("/join")
    assert response.status_code == 200
    assert response.headers["content-language"] == "fi"
    html = response.text
    assert '<html lang="fi">' in html
    for msgid in ("Join a workshop", "The code is shown on the room screen.", "Continue"):
        message = finnish.get(msgid)
        assert message is not None and message.string and message.string != msgid
        assert str(message.string) in html
        assert msgid not in html
    assert "Osallistu työpajaan" in html


def test_a_page_comes_out_in_swedish(client: TestClient) -> None:
    swedish = _read_po(po_path("sv"), "sv")
    client.cookies.set("piiri_lang", "sv")
    response = client.get("/join")
    assert response.headers["content-language"] == "sv"
    html = response.text
    assert '<html lang="sv">' in html
    for msgid in ("Join a workshop", "The code is shown on the room screen.", "Continue"):
        message = swedish.get(msgid)
        assert message is not None and message.string and message.string != msgid
        assert str(message.string) in html
        assert msgid not in html
    assert "Delta i en workshop" in html


def test_a_domain_error_comes_out_in_finnish(finnish: Catalog) -> None:
    kind = DotVoteKind()
    state = DotVote(
        options=(Option("o1", LocalText("Penkkejä")), Option("o2", LocalText("Pyöräteitä")))
    )
    [cast] = kind.decide(state, CastDot(1, "o1"), _context())
    state = kind.evolve(state, cast)
    assert state.budget == 1
    with pytest.raises(DomainError) as raised:
        kind.decide(state, CastDot(1, "o2"), _context())
    error = raised.value
    assert error.message == "All your {budget} dots are in use. Take one back to move it."
    message = finnish.get(error.message)
    assert message is not None and message.string
    text = error_text("fi", error)
    assert text == str(message.string).format(budget=1)
    assert "{" not in text and text != error_text("en", error)
    assert error_text("en", error) == "All your 1 dots are in use. Take one back to move it."


def _context() -> Context:
    people = {1: Person(id=1, name="Aino", in_room=True, by_proxy=False)}
    return Context(now=datetime(2026, 1, 1, tzinfo=UTC), new_id="x", people=people, is_current=True)


# -- text outside translation calls ------------------------------------------------------------


def untranslated_text(source: str) -> list[str]:
    """Text in a template that a person would see but no translation call covers."""
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    pieces: list[str] = []
    in_trans = False
    blocks: list[str] = []  # the names of the {% block %}s around the text
    tag: list[str] | None = None
    for _lineno, token, value in env.lex(source):
        if token == "data":
            # {% block body_class %}phone{% endblock %} fills in an attribute, not text.
            in_attribute = bool(blocks) and NOT_TEXT_BLOCK.search(blocks[-1]) is not None
            pieces.append(CODE if in_trans or in_attribute else value)
            continue
        pieces.append(CODE)
        if token == "block_begin":
            tag = []
        elif token == "name" and tag is not None:
            tag.append(value)
        elif token == "block_end" and tag:
            if tag[0] == "trans":
                in_trans = True
            elif tag[0] == "endtrans":
                in_trans = False
            elif tag[0] == "block" and len(tag) > 1:
                blocks.append(tag[1])
            elif tag[0] == "endblock" and blocks:
                blocks.pop()
            tag = None
    text = "".join(pieces)
    text = re.sub(r"<!--.*?-->", CODE, text, flags=re.DOTALL)
    text = re.sub(r"<(script|style)\b.*?</\1\s*>", CODE, text, flags=re.DOTALL | re.IGNORECASE)
    found: list[str] = []
    for html_tag in re.findall(r"<[^>]*>", text):
        for name, double, single in VISIBLE_ATTRIBUTE.findall(html_tag):
            value = (double or single).replace(CODE, " ").strip()
            if _has_words(value):
                found.append(f'{name}="{value}"')
    text = re.sub(r"<[^>]*>", CODE, text)
    text = re.sub(r"&(?:#\d+|#x[0-9a-fA-F]+|\w+);", " ", text)
    for chunk in text.split(CODE):
        words = " ".join(chunk.split())
        if _has_words(words):
            found.append(words)
    return found


def _has_words(text: str) -> bool:
    """Whether ``text`` has a word other than the allowed ones (punctuation and numbers pass)."""
    return any(word not in UNTRANSLATED_ALLOWED for word in re.findall(r"[^\W\d_]+", text))


def test_untranslated_text_finds_bare_text_and_accepts_translated() -> None:
    assert untranslated_text("<p>Hello {{ name }}</p>") == ["Hello"]
    assert untranslated_text('<b title="Hi">x</b>') == ['title="Hi"', "x"]
    assert untranslated_text('<a aria-label="{{ _(\'Go\') }}" href="/go">+</a>') == []
    assert untranslated_text("{% trans n=1 %}{{ n }} dot{% pluralize %}dots{% endtrans %}") == []
    assert untranslated_text("<title>{% block t %}{{ x }} · Piiri{% endblock %}</title>") == []
    assert untranslated_text("{% block body_class %}phone{% endblock %}") == []
    assert untranslated_text("{% block main %}<h1>Welcome</h1>{% endblock %}") == ["Welcome"]
    assert untranslated_text('<input value="room" {% if x %}checked{% endif %}> &nbsp;·') == []
    assert untranslated_text("{# a comment #}<!-- note --><script>var a = 'b';</script>") == []


def test_templates_have_no_text_outside_translation_calls() -> None:
    problems = []
    for path in sorted(template_paths(installed_template_dirs())):
        for text in untranslated_text(path.read_text(encoding="utf-8")):
            problems.append(f"{path.relative_to(REPO)}: {text!r}")
    assert not problems, "wrap these in _() or {% trans %}:\n  " + "\n  ".join(problems)


def test_no_catalogue_keeps_a_message_the_code_no_longer_uses(
    extracted: Catalog, catalogue: Catalog
) -> None:
    """A message left behind by a change is work for translators and noise for reviewers."""
    used = {_forms(message.id)[0] for message in extracted if message.id}
    dead = [
        _forms(message.id)[0]
        for message in catalogue
        if message.id and _forms(message.id)[0] not in used
    ]
    assert not dead, f"{catalogue.locale} keeps unused messages: {dead}"


def test_the_template_for_translators_is_current(extracted: Catalog) -> None:
    """translations/messages.pot is what `make messages` extracts: a translator starting a new
    language, or a tool updating a catalogue, starts from every message the code uses."""
    pot = _read_po(REPO / "translations" / "messages.pot")
    assert {m.id for m in pot if m.id} == {m.id for m in extracted if m.id}, (
        "translations/messages.pot is stale: run `make messages`"
    )
