"""Settings, read once from the environment, with defaults that run on a laptop.

Every setting is documented in README.md's configuration table; tests/test_docs.py fails when
one is not.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from starlette.config import Config, Environ, environ
from starlette.datastructures import CommaSeparatedStrings, Secret

REPO_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = REPO_ROOT / "var"
LANGUAGES: tuple[str, ...] = ("en", "fi", "sv")
LOG_FORMATS: tuple[str, ...] = ("text", "json")


class SettingsError(RuntimeError):
    """The environment asks for something Piiri cannot run with; the message says what."""


def normalise_database_url(url: str) -> str:
    """Accept the URL forms hosting platforms hand out and name the driver Piiri uses."""
    for prefix in ("postgres://", "postgresql://", "postgresql+psycopg2://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


# A shorter key can be searched for offline from one signed cookie.
MIN_SECRET_BYTES = 32

# How many workshops each process keeps folded in memory (piiri/store.py): far more than one
# process runs at once (each room with a socket open is one).
DEFAULT_WORKSHOP_CACHE_SIZE = 1000


def _at_least_one(name: str, value: int) -> int:
    if value < 1:
        raise SettingsError(f"{name}={value} must be 1 or more.")
    return value


def _rate(name: str, value: str) -> str:
    """A rate such as "600/minute" or "10/15 minutes" (the ``limits`` notation)."""
    from limits import parse

    try:
        parse(value)
    except ValueError:
        raise SettingsError(
            f"{name}={value!r} is not a rate such as 600/minute or 10/15 minutes."
        ) from None
    return value


def _development_secret() -> str:
    # A laptop run keeps one generated key under var/ so that cookies survive a restart and
    # `piiri demo`, run beside the server, signs with the same key.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        # Created 0600 from the start: never readable by others, not even for a moment.
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


@dataclass(frozen=True)
class SmtpSettings:
    """Where e-mail goes out (the results' notice to participants); unset: nothing is sent."""

    host: str
    port: int = 587
    user: str = ""
    password: Secret = field(default_factory=lambda: Secret(""))
    sender: str = ""
    starttls: bool = True


def _smtp(config: Config) -> SmtpSettings | None:
    host = config("SMTP_HOST", default="")
    if not host:
        return None
    return SmtpSettings(
        host=host,
        port=config("SMTP_PORT", cast=int, default=587),
        user=config("SMTP_USER", default=""),
        password=Secret(config("SMTP_PASSWORD", default="")),
        sender=config("SMTP_FROM", default=""),
        starttls=config("SMTP_STARTTLS", cast=bool, default=True),
    )


@dataclass(frozen=True)
class Settings:
    database_url: str
    redis_url: str | None
    secret_key: Secret
    production: bool
    allowed_origins: tuple[str, ...]
    host: str
    port: int
    public_url: str | None
    default_language: str
    resync_seconds: float = 5.0
    ws_max_message_bytes: int = 16 * 1024
    coalesce_seconds: float = 0.02
    outbox_send_timeout: float = 5.0
    languages: tuple[str, ...] = field(default=LANGUAGES)
    accessibility_contact: str | None = None
    redis_cluster: bool = False
    workshop_cache_size: int = DEFAULT_WORKSHOP_CACHE_SIZE
    log_format: str = "text"
    smtp: SmtpSettings | None = None
    # Limits (docs/security.md): sized for a hall where hundreds of phones share one address.
    rate_joins: str = "600/minute"
    rate_unknown_codes: str = "30/minute"
    rate_login_account: str = "10/15 minutes"
    rate_login_address: str = "50/15 minutes"
    rate_commands: str = "20/2 seconds"  # 10 a second, in bursts of up to 20
    sockets_per_participant: int = 5
    # Whether a template edited on disk is picked up without a restart (a stat per template on
    # every rendering): RELOAD_TEMPLATES, on in development, off in production.
    reload_templates: bool = True
    participant_cap: int = 5000
    password_workers: int = 2
    retention_days: int = 365
    # The bearer token for /healthz's figures and for /metrics; None: /healthz says only up or
    # down and /metrics is off (404).
    health_token: Secret | None = None
    privacy_organisation: str | None = None
    privacy_contact: str | None = None

    @classmethod
    def from_environ(cls, env: Environ | None = None) -> Settings:
        """Read the environment. Raises SettingsError on a value Piiri cannot run with."""
        config = Config(environ=env if env is not None else environ)
        production = config("PIIRI_ENV", default="development") == "production"
        secret = config("SECRET_KEY", cast=Secret, default=None)
        if secret is None or not str(secret):
            if production:
                raise SettingsError(
                    "SECRET_KEY is not set. In production (PIIRI_ENV=production) Piiri needs a "
                    "long random SECRET_KEY to sign cookies; generate one with "
                    '`python -c "import secrets; print(secrets.token_urlsafe(48))"`.'
                )
            secret = Secret(_development_secret())
        if production and len(str(secret).encode()) < MIN_SECRET_BYTES:
            raise SettingsError(
                f"SECRET_KEY is shorter than {MIN_SECRET_BYTES} bytes. In production it must be "
                "long and random; generate one with "
                '`python -c "import secrets; print(secrets.token_urlsafe(48))"`.'
            )
        default_language = config("DEFAULT_LANGUAGE", default="en")
        if default_language not in LANGUAGES:
            raise SettingsError(
                f"DEFAULT_LANGUAGE={default_language!r} is not one of {', '.join(LANGUAGES)}."
            )
        database_url = config("DATABASE_URL", default="")
        if not database_url:
            VAR_DIR.mkdir(parents=True, exist_ok=True)
            database_url = f"sqlite:///{VAR_DIR / 'piiri.db'}"
        public_url = config("PUBLIC_URL", default="") or None
        # A retired setting (not in the README's table): say what replaced it.
        retired = "METRICS_TOKEN"
        if config(retired, default="") and not config("HEALTH_TOKEN", default=""):
            raise SettingsError(
                "METRICS_TOKEN is no longer read: /metrics asks for the same token as /healthz's "
                "figures. Rename METRICS_TOKEN to HEALTH_TOKEN."
            )
        log_format = config("LOG_FORMAT", default="text")
        if log_format not in LOG_FORMATS:
            choices = ", ".join(LOG_FORMATS)
            raise SettingsError(f"LOG_FORMAT={log_format!r} is not one of {choices}.")
        return cls(
            database_url=normalise_database_url(database_url),
            redis_url=config("REDIS_URL", default="") or None,
            secret_key=secret,
            production=production,
            allowed_origins=tuple(
                o.rstrip("/")
                for o in config("ALLOWED_ORIGINS", cast=CommaSeparatedStrings, default="")
            ),
            host=config("HOST", default="127.0.0.1"),
            port=config("PORT", cast=int, default=8000),
            public_url=public_url.rstrip("/") if public_url else None,
            default_language=default_language,
            resync_seconds=config("RESYNC_SECONDS", cast=float, default=5.0),
            accessibility_contact=config("ACCESSIBILITY_CONTACT", default="") or None,
            redis_cluster=config("REDIS_CLUSTER", cast=bool, default=False),
            workshop_cache_size=_at_least_one(
                "WORKSHOP_CACHE_SIZE",
                config("WORKSHOP_CACHE_SIZE", cast=int, default=DEFAULT_WORKSHOP_CACHE_SIZE),
            ),
            log_format=log_format,
            reload_templates=config("RELOAD_TEMPLATES", cast=bool, default=not production),
            smtp=_smtp(config),
            sockets_per_participant=_at_least_one(
                "SOCKETS_PER_PARTICIPANT", config("SOCKETS_PER_PARTICIPANT", cast=int, default=5)
            ),
            participant_cap=_at_least_one(
                "PARTICIPANT_CAP", config("PARTICIPANT_CAP", cast=int, default=5000)
            ),
            password_workers=_at_least_one(
                "PASSWORD_WORKERS", config("PASSWORD_WORKERS", cast=int, default=2)
            ),
            retention_days=_at_least_one(
                "RETENTION_DAYS", config("RETENTION_DAYS", cast=int, default=365)
            ),
            health_token=config("HEALTH_TOKEN", cast=Secret, default=None) or None,
            privacy_organisation=config("PRIVACY_ORGANISATION", default="") or None,
            privacy_contact=config("PRIVACY_CONTACT", default="") or None,
            rate_joins=_rate("RATE_JOINS", config("RATE_JOINS", default="600/minute")),
            rate_unknown_codes=_rate(
                "RATE_UNKNOWN_CODES", config("RATE_UNKNOWN_CODES", default="30/minute")
            ),
            rate_login_account=_rate(
                "RATE_LOGIN_ACCOUNT", config("RATE_LOGIN_ACCOUNT", default="10/15 minutes")
            ),
            rate_login_address=_rate(
                "RATE_LOGIN_ADDRESS", config("RATE_LOGIN_ADDRESS", default="50/15 minutes")
            ),
            rate_commands=_rate("RATE_COMMANDS", config("RATE_COMMANDS", default="20/2 seconds")),
        )
