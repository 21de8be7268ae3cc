"""`rpl synth`: write a synthetic registry population (Parquet) for tests and benchmarks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from rpl.batch.counts import counted
from rpl.batch.schema import InputError
from rpl.batch.synth import CHUNK_WOMEN, REFERENCE_DATE, synthesize
from rpl.cli.common import fail_with_problems, guard
from rpl.cli.registry import progress_bar


@click.command(name="synth")
@click.option("--women", type=click.IntRange(min=1), required=True, help="How many women.")
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same files.")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="Folder to create (must not exist or be empty).",
)
@click.option(
    "--reference-date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=REFERENCE_DATE.isoformat(),
    show_default=True,
    help="The population's 'today': no pregnancy ends after it.",
)
@click.option(
    "--parts",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Write each table as a folder of this many Parquet files (large populations; Spark "
    "reads the parts in parallel). Same rows whatever the number.",
)
@click.option("--overwrite", is_flag=True, help="Replace OUT if it holds files.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@guard
def command(
    women: int,
    seed: int,
    out: Path,
    reference_date: dt.datetime,
    parts: int,
    overwrite: bool,
    quiet: bool,
) -> None:
    """Generate a synthetic population of WOMEN women with their partners, pregnancies
    (every outcome, gestational ages, dates) and test results, in the registry's tabular
    schema (docs/registry.md), as Parquet files in OUT (or, with --parts, a folder of Parquet
    files per table).

    Miscarriage risk follows the published age-specific risk and the odds ratios after
    previous miscarriages (Magnus 2019); other figures are listed, with their status, in
    rpl/knowledge/registry/synthetic-population.yaml. Synthetic data: no real person.
    """
    try:
        if quiet:
            manifest = synthesize(women, seed, out, reference_date.date(), overwrite, parts=parts)
        else:
            with progress_bar(women, "women") as bar:
                manifest = synthesize(
                    women,
                    seed,
                    out,
                    reference_date.date(),
                    overwrite,
                    progress=bar.update,
                    parts=parts,
                )
    except InputError as exc:
        fail_with_problems(exc.problems)
    rows = manifest["rows"]
    click.echo(
        f"{out}: "
        + ", ".join(counted(rows[name], name) for name in ("women", "pregnancies", "results"))
        + f", {counted(rows['partners'], 'partners')} (seed {seed}; "
        f"{counted(-(-women // CHUNK_WOMEN), 'chunks')}, {counted(manifest['parts'], 'parts')})"
    )


COMMAND = command
