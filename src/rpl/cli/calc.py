"""`rpl calc`: run one calculator on a JSON input, list them, or print an input schema."""

from __future__ import annotations

import json

import click

from rpl.cli.common import fail_with_problems, guard, read_input
from rpl.core.calculators import CALCULATORS, run
from rpl.core.parsing import Problem


@click.command(name="calc")
@click.argument("name", metavar="NAME", required=False)
@click.argument("file", metavar="INPUT", required=False)
@click.option("--list", "list_them", is_flag=True, help="List the calculators and exit.")
@click.option("--schema", is_flag=True, help="Print the JSON Schema of NAME's input.")
@click.option("--example", is_flag=True, help="Print an example input for NAME.")
@guard
def command(
    name: str | None, file: str | None, list_them: bool, schema: bool, example: bool
) -> None:
    """Run calculator NAME on the JSON object in INPUT ("-" reads standard input).

    Prints the result as JSON (rpl-calculation/1): the value, how it was reached, and the
    source and evidence status (verified, secondary, unverified) of every number used.

    Exit status: 0 on success, 2 when the input is invalid (one line per problem, naming the
    field), 1 on an internal error.
    """
    if list_them:
        width = max(len(n) for n in CALCULATORS)
        for entry in CALCULATORS.values():
            click.echo(f"{entry.name:<{width}}  {entry.data.title}")
        return
    if name is None:
        raise click.UsageError("give a calculator NAME (`rpl calc --list` lists them)")
    calculator = CALCULATORS.get(name)
    if calculator is None:
        fail_with_problems([Problem("NAME", "unknown calculator (`rpl calc --list` lists them)")])
    if schema:
        click.echo(json.dumps(calculator.json_schema(), indent=2, ensure_ascii=False))
        return
    if example:
        click.echo(json.dumps(calculator.example, indent=2, ensure_ascii=False))
        return
    if file is None:
        raise click.UsageError("give an INPUT file (or - for standard input), or --schema")
    result = run(name, read_input(file))
    click.echo(result.model_dump_json(indent=2))


COMMAND = command
