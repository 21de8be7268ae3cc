"""`rpl rules`: list the rules of the registry, or print the generated catalogue."""

from __future__ import annotations

import click

from rpl.core.rules.catalogue import default_registry, render_catalogue


@click.command(name="rules")
@click.option("--markdown", is_flag=True, help="Print the rule catalogue (docs/rules.md).")
def command(markdown: bool) -> None:
    """List every rule with its id, step, title and the profiles it belongs to."""
    if markdown:
        click.echo(render_catalogue(), nl=False)
        return
    for rule in default_registry():
        click.echo(f"{rule.id}  {rule.step:<15} {rule.title}  [{', '.join(rule.profiles)}]")


COMMAND = command
