"""Text a facilitator wrote is a ``LocalText``: shown in the reader's language when it has been
given in it, as written otherwise, and stored as the plain string older logs already hold."""

from __future__ import annotations

import json

from piiri.activities import activity_kind
from piiri.activities.dot_vote.model import DotVote, Option, OptionAdded
from piiri.activities.local_text import LocalText, local
from piiri.domain.state import ActivityInfo, WorkshopState
from piiri.web.rendering import Renderer
from piiri.web.surfaces import installed_template_dirs

COFFEE = LocalText("Kahvi", (("sv", "Kaffe"),))


def test_a_reader_gets_their_language_and_otherwise_the_text_as_written() -> None:
    assert COFFEE.in_language("sv") == "Kaffe"
    assert COFFEE.in_language("fi") == "Kahvi"
    assert COFFEE.in_language("en") == "Kahvi"
    assert str(COFFEE) == "Kahvi"
    assert local(COFFEE, "sv") == "Kaffe"
    assert local("a title", "sv") == "a title"


def test_one_language_is_stored_as_the_plain_string_and_others_beside_it() -> None:
    assert LocalText("Kahvi").to_json() == "Kahvi"
    stored = json.loads(json.dumps(COFFEE.to_json()))
    assert stored == {"text": "Kahvi", "translations": {"sv": "Kaffe"}}
    assert LocalText.from_json(stored) == COFFEE
    assert LocalText.from_json("Kahvi") == LocalText("Kahvi")
    assert LocalText.from_json(None) == LocalText("")


def test_an_event_from_an_older_log_still_folds() -> None:
    kind = activity_kind("dot_vote")
    # As a log written before LocalText holds it: the label a plain string.
    event = kind.decode_event("OptionAdded", {"option_id": "o9", "label": "Kahvi"})
    assert event == OptionAdded("o9", LocalText("Kahvi"))
    assert kind.encode_event(event) == ("OptionAdded", {"option_id": "o9", "label": "Kahvi"})
    config = {"options": [{"id": "o1", "label": "Tee"}], "dots_per_person": None}
    state = kind.evolve(kind.initial(config), event)
    assert [o.label for o in state.options] == [LocalText("Tee"), LocalText("Kahvi")]
    assert kind.config_form(config)["options"] == "Tee"


def test_the_views_show_the_readers_language() -> None:
    renderer = Renderer(template_dirs=installed_template_dirs())
    info = ActivityInfo(1, "dot_vote", "Juoma", 0, {})
    state = WorkshopState(
        id=1,
        title="Kahvila",
        language="fi",
        code="123456",
        activities=(info,),
        current_activity_id=1,
        activity_states={1: DotVote(options=(Option("o1", COFFEE),))},
    )
    context = {"workshop": state, "activity": info, "activity_state": state.activity_state(1)}
    assert "<li>Kaffe</li>" in renderer.render("sv", "dot_vote/screen.html", context)
    # No English given: the Finnish as written, marked Finnish for a screen reader.
    assert '<li><span lang="fi">Kahvi</span></li>' in renderer.render(
        "en", "dot_vote/screen.html", context
    )
    assert "<li>Kahvi</li>" in renderer.render("fi", "dot_vote/screen.html", context)
