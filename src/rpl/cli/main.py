"""The `rpl` command: one group, one module per subcommand."""

from __future__ import annotations

import importlib

import click

from rpl import __version__

# Each module defines one click command named like the module's COMMAND attribute.
# Imported lazily so `rpl assess` does not pay for Django and vice versa.
SUBCOMMAND_MODULES = {
    "assess": "rpl.cli.assess",
    "schema": "rpl.cli.schema",
    "serve": "rpl.cli.serve",
    "demo": "rpl.cli.demo",
    "calc": "rpl.cli.calc",
    "rules": "rpl.cli.rules",
    "report": "rpl.cli.report",
    "synth": "rpl.cli.synth",
    "registry": "rpl.cli.registry",
    "fhir": "rpl.cli.fhir",
    "backup": "rpl.cli.backup",
    "restore": "rpl.cli.restore",
    "privacy": "rpl.cli.privacy",
    "retention": "rpl.cli.retention",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(SUBCOMMAND_MODULES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module_name = SUBCOMMAND_MODULES.get(cmd_name)
        if module_name is None:
            return None
        command: click.Command = importlib.import_module(module_name).COMMAND
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rpl")
def main() -> None:
    """RPL Care: assess couples with recurrent pregnancy loss against named guideline profiles.

    Every command has --help. Records follow the rpl-couple/1 contract (see `rpl schema`).
    """
