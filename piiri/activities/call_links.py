"""Video-call addresses (Teams, Zoom, Jitsi…) for hybrid events: Piiri carries no audio, so a
remote person needs the call where the room (or their breakout group) is talking.

Pure: the address is checked as text, never fetched. Only ``https://`` and ``http://``
addresses with a host are accepted, so a link on a phone can never run a script
(``javascript:``) or open something other than a web page.
"""

from __future__ import annotations

import re

from piiri.activities.text import one_line
from piiri.domain.vocabulary import N_, DomainError

MAX_CALL_LINK_LENGTH = 500
# A scheme, a host with at least one dot (or localhost), an optional port, then anything
# without spaces: what the call services' invitation links look like.
_WEB_ADDRESS = re.compile(
    r"https?://(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|localhost)(?::\d{1,5})?(?:[/?#]\S*)?",
    re.IGNORECASE,
)
NOT_A_CALL_LINK = N_(
    "Give the call's address as a web link starting with https://, "
    "for example https://meet.jit.si/our-evening."
)


def call_link(value: object) -> str:
    """A video-call address, cleaned; "" when empty (no call). Raises DomainError with a
    translatable message when it is not a web address or is too long."""
    text = one_line(value, limit=MAX_CALL_LINK_LENGTH)
    if text and not _WEB_ADDRESS.fullmatch(text):
        raise DomainError(NOT_A_CALL_LINK)
    return text
