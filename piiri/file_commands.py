"""The activity kinds' own commands on the ``piiri`` command line (``FileCommand`` in the
activity contract), such as ``piiri pb results FILE.pb``: the kind computes, this module reads
the file and prints the answer as one line of JSON. No database and no settings are needed."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from piiri.activities import REGISTRY
from piiri.activities.contract import FileCommand
from piiri.domain.vocabulary import DomainError
from piiri.settings import LANGUAGES


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add every registered kind's file commands, grouped as ``piiri GROUP NAME FILE``."""
    groups: dict[str, argparse._SubParsersAction[argparse.ArgumentParser]] = {}
    for kind in REGISTRY.values():
        for command in kind.file_commands():
            if command.group not in groups:
                group = commands.add_parser(command.group, help=command.group_help)
                groups[command.group] = group.add_subparsers(
                    dest=f"{command.group}_command", required=True
                )
            parser = groups[command.group].add_parser(command.name, help=command.help)
            parser.add_argument("file", help=command.file_help)
            for option in command.options:
                parser.add_argument(
                    f"--{option.name}",
                    help=option.help,
                    choices=option.choices or None,
                    default=option.default,
                    type=int if option.whole_number else str,
                )
            parser.add_argument("--language", choices=LANGUAGES, default="en", help="of errors")
            parser.set_defaults(run=_runner(command))


def _runner(command: FileCommand) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        from piiri.web.i18n import error_text

        try:
            with open(args.file, encoding="utf-8", newline="") as file:
                text = file.read()
        except (OSError, UnicodeDecodeError) as error:
            print(f"piiri: {args.file}: {error}", file=sys.stderr)
            return 2
        options = {option.name: getattr(args, option.name) for option in command.options}
        try:
            output = command.run(text, options)
        except DomainError as error:
            print(f"piiri: {args.file}: {error_text(args.language, error)}", file=sys.stderr)
            return 1
        print(json.dumps(output, ensure_ascii=False))
        return 0

    return run
