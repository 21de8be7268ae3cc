"""SQL for the registry, generated from a profile's definition settings.

The same text runs on DuckDB and on Spark SQL: only standard window functions, CASE,
`max_by`, `bool_or` and `TRY_CAST` are used; the few spellings that differ live in
`Dialect`. The pregnancy judgement mirrors `rpl.core.classification.judge_pregnancy` step
by step, and the per-woman counts mirror `_count` and `_meets` there, including the
tri-state answer: `meets_definition` is NULL when the undecided pregnancies (missing
`confirmed_by` or `same_partner`) or losses of unknown trimester could change it. The
parity tests hold the two to the same answer for every woman and every shipped profile.

Tables read: `rpl_women` and `rpl_pregnancies` (typed, see `typed_select`), `rpl_results`.
"""

from __future__ import annotations

from dataclasses import dataclass

from rpl.batch.schema import Column, Table
from rpl.core.profiles import Definition

LOSS, NOT_COUNTED, UNDECIDED = "L", "N", "U"


@dataclass(frozen=True)
class Dialect:
    name: str

    def days_between(self, start: str, end: str) -> str:
        if self.name == "spark":
            return f"datediff({end}, {start})"
        return f"date_diff('day', {start}, {end})"


DUCKDB = Dialect("duckdb")
SPARK = Dialect("spark")

# ---------------------------------------------------------------- input checks and typing

INTEGER_RAW = frozenset(
    [
        "int",
        "bigint",
        "smallint",
        "tinyint",
        "hugeint",
        "ubigint",
        "uinteger",
        "usmallint",
        "utinyint",
        "integer",
        "long",
        "short",
        "byte",
    ]
)
NUMERIC_RAW = INTEGER_RAW | {"double", "float", "real", "decimal"}


def is_numeric(raw_type: str) -> bool:
    return raw_type.lower().split("(")[0] in NUMERIC_RAW


def is_integer(raw_type: str) -> bool:
    return raw_type.lower().split("(")[0] in INTEGER_RAW


def quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _codes(column: Column) -> str:
    return ", ".join(quote(c) for c in column.codes)


def _as_number(name: str) -> str:
    return f"TRY_CAST({name} AS DOUBLE)"


# The message that marks a check's count of rows read after a smaller key (`check_select`).
IN_KEY_ORDER = "in key order"


def previous_key_select(view: str, key: tuple[str, ...], columns: list[str]) -> str:
    """`view`'s `columns` as the engine reads them, each row with the key of the row read
    before it (`rpl_previous_0`, ...): one streaming pass, no sort and no hash table."""
    lags = ", ".join(f"lag({k}) OVER () AS rpl_previous_{i}" for i, k in enumerate(key))
    return f"SELECT {', '.join(columns)}, {lags} FROM {view}"


def greater_than_previous(key: tuple[str, ...]) -> str:
    """Whether a row of `previous_key_select` has a greater key than the row read before it.

    If every row but one is greater than its predecessor, the rows form one strictly
    increasing sequence and no key repeats, whatever order the reader used. A NULL key, an
    unordered file, or rows read as several sequences fail the test; the caller then runs the
    full duplicate check (`duplicate_keys_select`)."""
    tests = []
    for i, part in enumerate(key):
        equal = [f"{k} = rpl_previous_{j}" for j, k in enumerate(key[:i])]
        tests.append("(" + " AND ".join([*equal, f"{part} > rpl_previous_{i}"]) + ")")
    return " OR ".join(tests)


def check_select(
    table: Table, present: dict[str, str], view: str, key_order: bool = False
) -> tuple[str, list[str]]:
    """One query counting the rows that break each rule; and each count's message.

    `key_order`: also count the rows read after a smaller key (message `IN_KEY_ORDER`), in the
    same pass as the other counts (for engines that read a file's rows in one stream)."""
    parts: list[str] = [f"COUNT(*) AS {table.name}_rows"]  # aliases unique across tables
    messages: list[str] = [""]
    source = view
    if key_order and table.key:
        parts.append(f"count_if({greater_than_previous(table.key)})")
        messages.append(IN_KEY_ORDER)
        source = f"({previous_key_select(view, table.key, list(present))}) AS read_order"
    # A code column is checked on its distinct values, each with its number of rows: a
    # grouping into a handful of groups costs less than matching every row against the list.
    by_code: list[tuple[str, str]] = []
    for column in table.columns:
        if column.name not in present:
            continue
        name = column.name
        where = f"{table.name}.{name}"
        if column.required:
            parts.append(f"count_if({name} IS NULL)")
            messages.append(f"{where}: {{n}} row(s) without a value (required)")
        bad: str | None = None
        expected = ""
        raw = present[name].lower()
        if column.kind == "integer":
            number = name if is_integer(raw) else _as_number(name)
            if not is_integer(raw):  # a typed integer column needs no conversion check
                bad = f"{number} IS NULL OR {number} <> floor({number})"
            expected = "a whole number"
            if column.minimum is not None or column.maximum is not None:
                low = column.minimum if column.minimum is not None else "-1e18"
                high = column.maximum if column.maximum is not None else "1e18"
                parts.append(
                    f"count_if({name} IS NOT NULL AND ({number} < {low} OR {number} > {high}))"
                )
                bounds = f"from {column.minimum}" if column.minimum is not None else ""
                if column.maximum is not None:
                    bounds += f" to {column.maximum}"
                messages.append(f"{where}: {{n}} row(s) outside the allowed range ({bounds})")
        elif column.kind == "number":
            bad = f"{_as_number(name)} IS NULL"
            expected = "a number"
        elif column.kind == "date" and raw not in ("date", "timestamp", "timestamp_ns"):
            bad = f"TRY_CAST({name} AS DATE) IS NULL"
            expected = "a date written YYYY-MM-DD"
        elif column.kind == "boolean" and raw != "boolean":
            bad = f"TRY_CAST({name} AS BOOLEAN) IS NULL"
            expected = "true or false"
        elif column.kind == "code":
            value = f"TRY_CAST({name} AS STRING)"
            expected = "a code from the vocabulary: " + ", ".join(column.codes)
            by_code.append(
                (
                    f"SELECT SUM(n) AS n FROM (SELECT {value} AS v, COUNT(*) AS n FROM {view} "
                    f"GROUP BY {value}) AS g WHERE v IS NOT NULL AND v NOT IN ({_codes(column)})",
                    f"{where}: {{n}} row(s) are not {expected}",
                )
            )
        if bad is not None:
            parts.append(f"count_if({name} IS NOT NULL AND ({bad}))")
            messages.append(f"{where}: {{n}} row(s) are not {expected}")
    columns = ",\n  ".join(f"{p} AS {table.name}_c{i}" if i else p for i, p in enumerate(parts))
    query = f"SELECT\n  {columns}\nFROM {source}"
    if by_code:
        codes = ", ".join(f"code_{i}.n AS {table.name}_code{i}" for i in range(len(by_code)))
        joined = " ".join(f"CROSS JOIN ({sql}) AS code_{i}" for i, (sql, _) in enumerate(by_code))
        query = f"SELECT counts.*, {codes} FROM ({query}) AS counts {joined}"
        messages += [message for _, message in by_code]
    return query, messages


def duplicate_keys_select(table: Table, view: str) -> str:
    key = ", ".join(table.key)
    return (
        f"SELECT COUNT(*) AS {table.name}_duplicates FROM (SELECT {key} FROM {view} "
        f"GROUP BY {key} HAVING COUNT(*) > 1) AS duplicated"
    )


def orphans_select(child_view: str, parent_view: str, key: str, key_type: str) -> str:
    child = f"CAST(c.{key} AS {key_type})"
    parent = f"CAST(p.{key} AS {key_type})"
    return (
        f"SELECT COUNT(*) AS {child_view}_orphans FROM {child_view} AS c "
        f"LEFT JOIN {parent_view} AS p ON {child} = {parent} "
        f"WHERE p.{key} IS NULL AND c.{key} IS NOT NULL"
    )


def typed_select(table: Table, present: dict[str, str], view: str, id_type: str) -> str:
    """The table with every schema column in its own type (NULL when the column is absent)."""
    exprs = []
    for column in table.columns:
        name = column.name
        raw = present.get(name)
        if column.kind == "id":
            target = id_type
        elif column.kind == "integer":
            target = "INTEGER"
        elif column.kind == "number":
            target = "DOUBLE"
        elif column.kind == "date":
            target = "DATE"
        elif column.kind == "boolean":
            target = "BOOLEAN"
        else:
            target = "STRING"
        if raw is None:
            exprs.append(f"CAST(NULL AS {target}) AS {name}")
        elif column.kind == "integer" and not is_integer(raw):
            exprs.append(f"CAST(CAST({name} AS DOUBLE) AS INTEGER) AS {name}")
        else:
            exprs.append(f"CAST({name} AS {target}) AS {name}")
    return "SELECT " + ", ".join(exprs) + f" FROM {view}"


# ---------------------------------------------------------------- classification


def _bool(value: bool) -> str:
    return "TRUE" if value else "FALSE"


# Each outcome as a small number, worked out once per pregnancy (one CASE on the text): every
# test of the judgement then compares numbers, where `outcome IN (...)` on the text would cost a
# string comparison per test (and DuckDB plans a join for a long list). Generated SQL names the
# outcomes beside the numbers in a comment.
OUTCOME_NUMBERS = {
    "live_birth": 1,
    "ongoing": 2,
    "induced_abortion": 3,
    "ectopic": 4,
    "molar": 5,
    "biochemical_loss": 6,
    "pul_resolved": 7,
    "miscarriage": 8,
    "stillbirth": 9,
}


def _outcome_in(*outcomes: str) -> str:
    """`o` (the outcome's number) is one of `outcomes`, with their names in a comment."""
    # Comparisons joined by OR: DuckDB plans a join for an IN list of five or more values.
    test = " OR ".join(f"o = {OUTCOME_NUMBERS[o]}" for o in outcomes)
    return f"({test} /* {', '.join(outcomes)} */)"


def judged_pregnancies_sql(definition: Definition, source: str = "rpl_pregnancies") -> str:
    """One row per pregnancy: verdict (L/N/U), trimester, what it needs, breaks/beyond flags.

    Mirrors `judge_pregnancy`: each WHEN below is one `if` there, in the same order.
    """
    d = definition
    limit_days = d.loss_upper_limit_weeks * 7
    secondary_days = d.secondary_after_weeks * 7
    first_days = d.first_trimester_upper_weeks * 7
    miscarriage = _outcome_in("miscarriage")
    before_limit = f"(CASE WHEN ga IS NOT NULL THEN ga < {limit_days} ELSE {miscarriage} END)"
    not_counted_types = [
        code
        for code, counted in (
            ("ectopic", d.count_ectopic),
            ("molar", d.count_molar),
            ("biochemical_loss", d.count_biochemical),
            ("pul_resolved", d.count_resolved_pul),
        )
        if not counted
    ]
    excluded = ["live_birth", "ongoing", "induced_abortion", *not_counted_types]
    confirmation = ""
    if d.clinical_confirmation_required:
        confirmation = (
            f"\n        WHEN {miscarriage} AND confirmed_by = 'hcg_only' THEN 'N'"
            f"\n        WHEN {miscarriage} AND (confirmed_by IS NULL"
            " OR confirmed_by NOT IN ('ultrasound', 'histology')) THEN 'U'"
        )
    fetal_death = _outcome_in("miscarriage", "stillbirth")
    base = f"""CASE
      WHEN {_outcome_in(*excluded)} THEN 'N'
      WHEN {fetal_death} THEN CASE
        WHEN NOT {before_limit} THEN 'N'{confirmation}
        ELSE 'L' END
      ELSE 'L' END"""
    if d.same_partner_required:
        verdict = """CASE
      WHEN base_verdict = 'N' THEN 'N'
      WHEN same_partner = FALSE THEN 'N'
      WHEN same_partner IS NULL THEN 'U'
      ELSE base_verdict END"""
        needs = (
            "CASE WHEN base_verdict <> 'N' AND same_partner IS NULL THEN 'same_partner' "
            "WHEN base_verdict = 'U' AND same_partner THEN 'confirmed_by' END"
        )
    else:
        verdict = "base_verdict"
        needs = "CASE WHEN base_verdict = 'U' THEN 'confirmed_by' END"
    fetal_death_beyond = f"({fetal_death} AND NOT {before_limit})"
    breaks = f"({_outcome_in('live_birth')} OR {fetal_death_beyond})"
    beyond = f"({breaks} AND (ga IS NULL OR ga >= {secondary_days}))"
    trimester = (
        f"CASE WHEN ga IS NULL THEN CASE WHEN {_outcome_in('biochemical_loss', 'pul_resolved')} "
        f"THEN 1 END WHEN ga < {first_days} THEN 1 ELSE 2 END"
    )
    number = " ".join(f"WHEN {quote(name)} THEN {n}" for name, n in OUTCOME_NUMBERS.items())
    return f"""SELECT woman_id, pregnancy_number, outcome, end_date, trimester, breaks_run,
    beyond_viability, {verdict} AS verdict,
    {needs} AS needs
  FROM (
    SELECT woman_id, pregnancy_number, outcome, end_date, ga, confirmed_by, same_partner,
      {base} AS base_verdict,
      {trimester} AS trimester,
      {breaks} AS breaks_run,
      {beyond} AS beyond_viability
    FROM (SELECT woman_id, pregnancy_number, outcome, end_date, gestational_age_days AS ga,
                 confirmed_by, same_partner, CASE outcome {number} END AS o
          FROM {source}) AS raw
  ) AS judged"""


def _run_eligible(definition: Definition) -> str:
    """Whether a counted loss adds to a run (`_count`: not a second-trimester one when the
    profile counts first-trimester losses only)."""
    if definition.first_trimester_only:
        return "(trimester IS NULL OR trimester <> 2)"
    return "TRUE"


def _can_be_undecided(definition: Definition) -> bool:
    """Only these two settings make a pregnancy undecided (`judge_pregnancy`)."""
    return definition.clinical_confirmation_required or definition.same_partner_required


def woman_counts_sql(definition: Definition, judged_source: str = "rpl_pregnancies") -> str:
    """Per woman with pregnancies, in one aggregation: the counts `_count` takes twice (certain =
    L only; possible = L or U), and whether her runs need her pregnancies in order.

    `count_if` is wrapped in COALESCE: DuckDB answers NULL, not 0, when the condition is NULL
    on every row of a group (here: `kind = 0` when none of her pregnancies is a loss).

    The aggregates are the fewest the answer needs (each one costs a pass of updates over every
    pregnancy): undecided ones are counted by trimester only when the profile can make a
    pregnancy undecided; everything else is a sum of these (`classification_sql`).

    Runs: for most women the order does not matter. If no pregnancy that breaks a run lies
    between her first and last loss that can count towards a run, all of those are one run
    (longest = their number) and the latest run is all of them or none (a break after them).
    `interleaved` marks the others, whose runs `interleaved_runs_sql` follows in order. The test
    is conservative (breaks on both sides count as between): it may send a woman to the ordered
    path who did not need it, never the reverse.

    Primary or secondary (`rpl.core.classification._rpl_type`): the losses after her earliest
    pregnancy beyond viability (`first_beyond`) are all of her losses or none of them unless it
    lies between her first and last loss; such a pregnancy breaks runs, so those women are
    already interleaved, except under a first-trimester-only profile (a second-trimester loss
    is no run loss): `first_loss` and `last_loss` then cover every loss.
    """
    d = definition
    eligible = _run_eligible(d)
    undecided = ""
    if _can_be_undecided(d):
        undecided = """
      COALESCE(count_if(kind = 3), 0) AS first_u,
      COALESCE(count_if(kind = 4), 0) AS second_u,
      COALESCE(count_if(kind = 5), 0) AS unknown_u,"""
        if d.clinical_confirmation_required and d.same_partner_required:
            undecided += (
                "\n      COALESCE(count_if(needs = 'confirmed_by'), 0) AS needs_confirmed_by,"
            )
    loss_bounds = ""
    if d.first_trimester_only:
        loss_bounds = """
      MIN(CASE WHEN verdict <> 'N' THEN pregnancy_number END) AS first_loss,
      MAX(CASE WHEN verdict <> 'N' THEN pregnancy_number END) AS last_loss,"""
    # `kind`: verdict and trimester as one number (L: 0-2, U: 3-5, by trimester 1, 2, unknown;
    # N: NULL), so that each count compares one value: DuckDB then works out the verdict and
    # the trimester once per pregnancy, not once per count.
    kind = (
        "CASE verdict WHEN 'L' THEN 0 WHEN 'U' THEN 3 END"
        " + CASE trimester WHEN 1 THEN 0 WHEN 2 THEN 1 ELSE 2 END"
    )
    return f"""SELECT woman_id, COUNT(*) AS pregnancies,
      COALESCE(count_if(kind = 0), 0) AS first_c,
      COALESCE(count_if(kind = 1), 0) AS second_c,
      COALESCE(count_if(kind = 2), 0) AS unknown_c,{undecided}
      MIN(CASE WHEN beyond_viability THEN pregnancy_number END) AS first_beyond,{loss_bounds}
      MIN(CASE WHEN verdict <> 'N' AND {eligible} THEN pregnancy_number END) AS first_run_loss,
      MAX(CASE WHEN verdict <> 'N' AND {eligible} THEN pregnancy_number END) AS last_run_loss,
      MIN(CASE WHEN breaks_run THEN pregnancy_number END) AS first_break,
      MAX(CASE WHEN breaks_run THEN pregnancy_number END) AS last_break
    FROM (
      SELECT *, {kind} AS kind FROM ({judged_pregnancies_sql(d, judged_source)}) AS judged
    ) AS j
    GROUP BY woman_id"""


def _derived(definition: Definition) -> dict[str, str]:
    """Every per-woman count of `classification_sql`, in terms of `woman_counts_sql`'s columns."""
    d = definition
    if _can_be_undecided(d):
        first_u, second_u, unknown_u = "first_u", "second_u", "unknown_u"
    else:
        first_u = second_u = unknown_u = "0"
    losses_c = "(first_c + second_c + unknown_c)"
    undecided = f"({first_u} + {second_u} + {unknown_u})"
    if d.clinical_confirmation_required and d.same_partner_required:
        needs_confirmed_by = "needs_confirmed_by"
    elif d.clinical_confirmation_required:
        needs_confirmed_by = undecided  # every undecided pregnancy lacks its confirmation
    else:
        needs_confirmed_by = "0"
    if d.first_trimester_only:
        run_c = "(first_c + unknown_c)"
        run_p = f"(first_c + unknown_c + {first_u} + {unknown_u})"
    else:
        run_c, run_p = losses_c, f"({losses_c} + {undecided})"
    return {
        "losses_c": losses_c,
        "first_c": "first_c",
        "second_c": "second_c",
        "unknown_c": "unknown_c",
        "losses_p": f"({losses_c} + {undecided})",
        "first_p": f"(first_c + {first_u})",
        "second_p": f"(second_c + {second_u})",
        "unknown_p": f"(unknown_c + {unknown_u})",
        "undecided": undecided,
        "excluded": f"(pregnancies - {losses_c} - {undecided})",
        "needs_confirmed_by": needs_confirmed_by,
        "needs_same_partner": f"({undecided} - {needs_confirmed_by})",
        "run_c": run_c,
        "run_p": run_p,
        # Without the first-trimester restriction every loss can count towards a run.
        "first_loss": "first_loss" if d.first_trimester_only else "first_run_loss",
        "last_loss": "last_loss" if d.first_trimester_only else "last_run_loss",
    }


def _count_columns(definition: Definition) -> list[str]:
    """The columns of `woman_counts_sql` after `woman_id`, in its order."""
    names = ["pregnancies", "first_c", "second_c", "unknown_c"]
    if _can_be_undecided(definition):
        names += ["first_u", "second_u", "unknown_u"]
        if definition.clinical_confirmation_required and definition.same_partner_required:
            names.append("needs_confirmed_by")
    if definition.first_trimester_only:
        names += ["first_beyond", "first_loss", "last_loss"]
    else:
        names.append("first_beyond")
    return [
        *names,
        "first_run_loss",
        "last_run_loss",
        "first_break",
        "last_break",
    ]


def counts_table_sql(
    definition: Definition, women: str = "rpl_women", judged_source: str = "rpl_pregnancies"
) -> str:
    """One row per woman: every woman of `women` and every woman_id of the pregnancies, with
    `woman_counts_sql`'s counts (NULL for a woman without pregnancies) and the `interleaved`
    flag. Read twice by `women_classified_sql` (the runs, the classification).

    A full join: pregnancies of a woman who is not in `women` come out as one more row, which
    the job counts and refuses (the input check for them, without a pass of its own)."""
    x = _derived(definition)
    interleaved = (
        f"COALESCE({x['run_p']} >= 2 AND last_break > first_run_loss "
        "AND first_break < last_run_loss, FALSE)"
    )
    if definition.first_trimester_only:
        # Her earliest pregnancy beyond viability between two losses (one not a run loss).
        interleaved += (
            f" OR COALESCE(first_beyond > {x['first_loss']} AND first_beyond < {x['last_loss']}, "
            "FALSE)"
        )
    names = _count_columns(definition)
    return f"""SELECT woman_id, {", ".join(names)}, {interleaved} AS interleaved
  FROM (
    SELECT COALESCE(w.woman_id, c.woman_id) AS woman_id, {", ".join(f"c.{n}" for n in names)}
    FROM {women} AS w FULL OUTER JOIN ({woman_counts_sql(definition, judged_source)}) AS c
      ON c.woman_id = w.woman_id
  ) AS counts"""


def _by_trimester(definition: Definition) -> bool:
    """Whether the definition's test reads losses by trimester (`_meets`: first-trimester-only
    profiles, a second-trimester route); otherwise it reads only their total or the run."""
    return definition.first_trimester_only or definition.min_second_trimester_losses is not None


def _after_counts(definition: Definition) -> dict[str, str]:
    """The counts of losses after her earliest pregnancy beyond viability that the definition's
    test reads (certain = L: `_c`; possible = L or U: `_p`, only when a pregnancy can be
    undecided), each with the pregnancies it counts."""
    if _by_trimester(definition):
        counts = {
            "first_c": "verdict = 'L' AND trimester = 1",
            "second_c": "verdict = 'L' AND trimester = 2",
            "unknown_c": "verdict = 'L' AND trimester IS NULL",
        }
    else:
        counts = {"losses_c": "verdict = 'L'"}
    if _can_be_undecided(definition):
        counts |= {
            name[:-1] + "p": condition.replace("verdict = 'L'", "verdict <> 'N'")
            for name, condition in counts.items()
        }
    return counts


def _possible(definition: Definition, name: str) -> str:
    """A possible (`_p`) count of the runs, or its certain twin when no pregnancy can be
    undecided under the definition (the two are then equal, and only the certain is counted)."""
    return name if _can_be_undecided(definition) else name[:-1] + "c"


def interleaved_runs_sql(
    definition: Definition, counts: str = "rpl_counts", source: str = "rpl_pregnancies"
) -> str:
    """Runs of the women `counts` marks interleaved, following their pregnancies in order: a
    run is the losses between two pregnancies that break it (certain = L; possible = L or U).

    With them, the counts `_meets` reads on the losses after her earliest pregnancy beyond
    viability (`after_*`, for primary or secondary): that pregnancy breaks runs, so it starts
    a segment, and every segment from it on is `after`.

    Only the counts the definition reads are taken (`_after_counts`, `_possible`): each is a
    pass of updates."""
    eligible = _run_eligible(definition)
    chosen = (
        f"(SELECT * FROM {source} WHERE woman_id IN "
        f"(SELECT woman_id FROM {counts} WHERE interleaved)) AS chosen"
    )
    window = "PARTITION BY woman_id ORDER BY pregnancy_number ROWS UNBOUNDED PRECEDING"
    after_counts = _after_counts(definition)
    by_segment = "".join(
        f",\n      COALESCE(count_if(after AND {condition}), 0) AS after_{name}"
        for name, condition in after_counts.items()
    )
    by_woman = "".join(f", SUM(after_{name}) AS after_{name}" for name in after_counts)
    possible = ""
    if _can_be_undecided(definition):
        possible = f",\n      COALESCE(count_if(verdict <> 'N' AND {eligible}), 0) AS run_p"
        longest_p = """
    MAX(run_p) AS longest_p,
    MAX(CASE WHEN after THEN run_p ELSE 0 END) AS after_longest_p,"""
    else:
        longest_p = ""
    return f"""SELECT woman_id, MAX(run_c) AS longest_c, max_by(run_c, seg) AS latest_c,{longest_p}
    MAX(CASE WHEN after THEN run_c ELSE 0 END) AS after_longest_c{by_woman}
  FROM (
    SELECT woman_id, seg, bool_or(after) AS after,
      COALESCE(count_if(verdict = 'L' AND {eligible}), 0) AS run_c{possible}{by_segment}
    FROM (
      SELECT *,
        CAST(count_if(breaks_run) OVER ({window}) AS INTEGER) AS seg,
        count_if(beyond_viability) OVER ({window}) > 0 AS after
      FROM ({judged_pregnancies_sql(definition, chosen)}) AS j
    ) AS segmented
    GROUP BY woman_id, seg
  ) AS by_segment
  GROUP BY woman_id"""


def _meets(definition: Definition, losses: str, first: str, second: str, run: str) -> str:
    """`_meets` for one way of counting, as a SQL condition."""
    d = definition
    if d.consecutive_required:
        towards = run
    elif d.first_trimester_only:
        towards = first
    else:
        towards = losses
    condition = f"({towards}) >= {d.min_losses}"
    if d.min_second_trimester_losses is not None:
        condition += f" OR ({second}) >= {d.min_second_trimester_losses}"
    return f"({condition})"


def _meets_whatever_trimester(
    definition: Definition, losses: str, first: str, second: str, unknown: str, run: str
) -> str:
    """`_meets_whatever_trimester`: met however the `unknown` losses of unknown trimester fall
    between the trimesters. Only a profile counting first-trimester losses alone (not in a
    run) that also has a second-trimester route depends on how they fall: it fails for some
    split when x of them taken as first leave both routes short, i.e. for a whole x with
    max(0, second + unknown - min2 + 1) <= x <= min(unknown, min - first - 1)."""
    d = definition
    threshold = d.min_second_trimester_losses
    if d.consecutive_required or not d.first_trimester_only or threshold is None:
        # Unknown-trimester losses count in the run or the total either way; a second-
        # trimester route is met for every split only if met with none of them (x = unknown).
        return _meets(d, losses, first, second, run)
    low = f"GREATEST(0, ({second}) + ({unknown}) - {threshold - 1})"
    high = f"LEAST({unknown}, {d.min_losses - 1} - ({first}))"
    return f"({low} > {high})"


def _tri_state(definition: Definition, n: dict[str, str]) -> tuple[str, str]:
    """Whether counts `n` meet the definition for certain (L only, whatever the trimester of
    the unknown ones), and whether they might (L or U, unknown-trimester losses taken as
    first, then as second trimester)."""
    certain = _meets_whatever_trimester(
        definition, n["losses_c"], n["first_c"], n["second_c"], n["unknown_c"], n["longest_c"]
    )
    possible_first = _meets(
        definition,
        n["losses_p"],
        f"{n['first_p']} + {n['unknown_p']}",
        n["second_p"],
        n["longest_p"],
    )
    possible_second = _meets(
        definition,
        n["losses_p"],
        n["first_p"],
        f"{n['second_p']} + {n['unknown_p']}",
        n["longest_p"],
    )
    return certain, f"{possible_first} OR {possible_second}"


def _runs_columns(definition: Definition) -> list[str]:
    """The columns of `interleaved_runs_sql` after `woman_id`, in its order."""
    names = ["longest_c", "latest_c"]
    if _can_be_undecided(definition):
        names += ["longest_p", "after_longest_p"]
    return [*names, "after_longest_c", *(f"after_{name}" for name in _after_counts(definition))]


def classification_sql(
    definition: Definition, counts: str = "rpl_counts", runs: str = "rpl_runs"
) -> str:
    """One row per woman of `counts` with the core's classification (from her counts and, for
    interleaved women, her runs); NULL counts for a woman without pregnancies.

    The interleaved women (a few in a hundred) find their runs by a left join (the others'
    runs columns stay empty): one read of `counts`, where a union of the two kinds of women
    read it twice."""
    d = definition
    x = _derived(d)
    longest_p_runs = _possible(d, "longest_p")
    longest_c = f"CASE WHEN c.interleaved THEN c.longest_c ELSE {x['run_c']} END"
    longest_p = f"CASE WHEN c.interleaved THEN c.{longest_p_runs} ELSE {x['run_p']} END"
    # Not interleaved: all her run losses are one run; it is the latest unless a break follows.
    latest_c = (
        f"CASE WHEN c.interleaved THEN c.latest_c "
        f"WHEN last_break IS NULL OR last_break < first_run_loss THEN {x['run_c']} ELSE 0 END"
    )
    whole = {
        "losses_c": x["losses_c"],
        "first_c": x["first_c"],
        "second_c": x["second_c"],
        "unknown_c": x["unknown_c"],
        "losses_p": x["losses_p"],
        "first_p": x["first_p"],
        "second_p": x["second_p"],
        "unknown_p": x["unknown_p"],
        "longest_c": longest_c,
        "longest_p": longest_p,
    }
    # After her earliest pregnancy beyond viability: in order for the interleaved women; for
    # the others all her losses (it comes before the first) or none. Only the counts the
    # definition's test reads (`_after_counts`); the others stay NULL, never read.
    after_all = f"COALESCE(first_beyond < {x['first_loss']}, FALSE)"
    read = {
        *(_possible(d, name) for name in _after_counts(d)),
        "longest_c",
        _possible(d, "longest_p"),
    }
    after = dict.fromkeys(whole, "NULL")
    for name, value in whole.items():
        column = _possible(d, name) if name.endswith("_p") else name
        if column in read:
            after[name] = (
                f"(CASE WHEN c.interleaved THEN c.after_{column} WHEN {after_all} THEN {value} "
                "ELSE 0 END)"
            )
    if _by_trimester(d):
        after["losses_c"] = f"({after['first_c']} + {after['second_c']} + {after['unknown_c']})"
        after["losses_p"] = f"({after['first_p']} + {after['second_p']} + {after['unknown_p']})"
    meets, might_meet = _tri_state(d, whole), _tri_state(d, after)
    with_runs = ", ".join(f"r.{name}" for name in _runs_columns(d))
    return f"""SELECT c.woman_id,
    CASE WHEN {meets[0]} THEN TRUE WHEN NOT ({meets[1]}) THEN FALSE END AS meets_definition,
    CASE WHEN {might_meet[0]} THEN 'secondary' WHEN NOT ({might_meet[1]}) THEN 'primary' END
      AS rpl_type,
    {x["losses_c"]} AS losses_counted, {latest_c} AS consecutive_losses,
    {longest_c} AS longest_consecutive_losses, first_c AS first_trimester_losses,
    second_c AS second_trimester_losses, unknown_c AS unknown_trimester_losses,
    {x["excluded"]} AS excluded_pregnancies, {x["undecided"]} AS undecided_pregnancies,
    {x["needs_confirmed_by"]} AS needs_confirmed_by,
    {x["needs_same_partner"]} AS needs_same_partner, pregnancies
  FROM (
    SELECT c.*, {with_runs} FROM {counts} AS c LEFT JOIN {runs} AS r ON r.woman_id = c.woman_id
  ) AS c"""


# The per-woman counts of a classification, in the order its columns give them; a woman
# without pregnancies has 0 in each.
COUNT_COLUMNS = (
    "losses_counted",
    "consecutive_losses",
    "longest_consecutive_losses",
    "first_trimester_losses",
    "second_trimester_losses",
    "unknown_trimester_losses",
    "excluded_pregnancies",
    "undecided_pregnancies",
    "needs_confirmed_by",
    "needs_same_partner",
    "pregnancies",
)


def women_classified_sql(
    definition: Definition, women: str = "rpl_women", pregnancies: str = "rpl_pregnancies"
) -> str:
    """Every woman (those without pregnancies too, with zeros) with the core's classification:
    the columns `CLASSIFICATION_COLUMNS`, in that order.

    One query, nothing kept in between, so that it streams into the file the job writes: the
    per-woman counts are a CTE read twice (by the runs of the interleaved women and by the
    classification), which DuckDB computes once and holds only while the query runs."""
    filled = ", ".join(f"CAST(COALESCE({c}, 0) AS INTEGER) AS {c}" for c in COUNT_COLUMNS)
    counts = counts_table_sql(definition, women, pregnancies)
    runs = interleaved_runs_sql(definition, "rpl_counts", pregnancies)
    return f"""WITH rpl_counts AS ({counts}),
  rpl_runs AS ({runs})
SELECT woman_id,
    CASE WHEN pregnancies IS NULL THEN FALSE ELSE meets_definition END AS meets_definition,
    CASE WHEN pregnancies IS NULL OR meets_definition = FALSE THEN NULL ELSE rpl_type END
      AS rpl_type, {filled},
    CASE WHEN losses_counted >= 3 THEN 3 WHEN losses_counted = 2 THEN 2
         WHEN losses_counted = 1 THEN 1 END AS care_level
  FROM ({classification_sql(definition, "rpl_counts", "rpl_runs")}) AS c"""


def outcomes_sql(definition: Definition, among: str | None = None) -> str:
    """Every pregnancy that follows a point of a woman's history at which she meets the
    definition for certain: the counted losses then, the day that pregnancy ended, and the
    outcome of the next one (NULL when there is none).

    `among`: a classification (`women_classified_sql`) to follow only the women it says meet
    the definition. The same rows: counts only grow along a history, so a woman who meets the
    definition at some point meets it on her whole history.

    The counts are taken on each prefix of her history exactly as `classification_sql` takes
    them on the whole (certain counts only): running counts of losses, and the run of losses
    since the last pregnancy that breaks a run.
    """
    d = definition
    window = "OVER (PARTITION BY woman_id ORDER BY pregnancy_number ROWS UNBOUNDED PRECEDING)"
    source = "rpl_pregnancies"
    if among is not None:
        source = (
            f"(SELECT * FROM rpl_pregnancies WHERE woman_id IN "
            f"(SELECT woman_id FROM {among} WHERE meets_definition = TRUE)) AS chosen"
        )
    # Only the running counts this definition's test reads (each is an ordered pass).
    counts = [f"count_if(verdict = 'L') {window} AS losses_k"]
    if d.first_trimester_only:
        counts.append(f"count_if(verdict = 'L' AND trimester = 1) {window} AS first_k")
    if d.min_second_trimester_losses is not None:
        counts.append(f"count_if(verdict = 'L' AND trimester = 2) {window} AS second_k")
    if d.first_trimester_only and d.min_second_trimester_losses is not None:
        counts.append(f"count_if(verdict = 'L' AND trimester IS NULL) {window} AS unknown_k")
    if d.consecutive_required:
        counts.append(f"count_if(verdict = 'L' AND {_run_eligible(d)}) {window} AS inc_k")
    running = f"""SELECT woman_id, pregnancy_number, end_date, breaks_run,
          {", ".join(counts)},
          LEAD(outcome) OVER (PARTITION BY woman_id ORDER BY pregnancy_number) AS next_outcome
        FROM ({judged_pregnancies_sql(d, source)}) AS j"""
    if d.consecutive_required:
        # The run since the last break, and the longest so far (two more ordered passes, only
        # for profiles whose definition asks for consecutive losses).
        prefixes = f"""SELECT *, MAX(run_k) {window} AS longest_k
    FROM (
      SELECT *, inc_k - MAX(CASE WHEN breaks_run THEN inc_k ELSE 0 END) {window} AS run_k
      FROM ({running}) AS running
    ) AS runs"""
    else:
        prefixes = running
    meets = _meets_whatever_trimester(
        d, "losses_k", "first_k", "second_k", "unknown_k", "longest_k"
    )
    return f"""SELECT woman_id, pregnancy_number, losses_k AS losses, end_date, next_outcome
  FROM ({prefixes}) AS prefixes
  WHERE {meets}"""


CLASSIFICATION_COLUMNS = (
    "woman_id",
    "meets_definition",
    "rpl_type",
    *COUNT_COLUMNS,
    "care_level",
)
