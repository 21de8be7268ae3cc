"""OMOP CDM input: pregnancy episodes from outcome records, following Matcho et al. 2018.

`omop_to_tables` reads `person`, `condition_occurrence`, `procedure_occurrence`, `observation`
and `measurement`, and writes the registry tables (`women`, `pregnancies`) that `rpl registry`
reads. The step, with every figure and concept id in
`knowledge/registry/omop-pregnancy-episodes.yaml` (read there, not written here):

1. Outcome records: rows of any of the four event tables whose concept is an outcome concept
   (live birth, stillbirth, ectopic, induced abortion, miscarriage; chemical pregnancy).
2. Records of one category closer together than that category's minimum spacing belong to one
   pregnancy; the episode is dated by its first record.
3. Categories are accepted in the hierarchy's order; an episode closer to an already accepted
   one than the minimum spacing for the pair (in time order) is the same pregnancy and is
   dropped.
4. Gestational age: the latest gestational-age record in the term window before the outcome,
   carried forward to the outcome date; used only when it falls within the category's term
   limits, else left empty.

What OMOP does not say stays empty: how a pregnancy was confirmed, the partner, test results.
Profiles that need them answer "undecided" rather than guess.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from rpl.batch.engines import Engine
from rpl.batch.schema import Column, InputError, Table, find_sources
from rpl.batch.sql import check_select
from rpl.core.knowledge import knowledge_path

BIOCHEMICAL = "BIO"  # our own category for chemical pregnancies (SA's spacing, no gestational age)


def _event(name: str, concept: str, date: str, value: bool = False) -> Table:
    columns = [
        Column("person_id", "id", required=True),
        Column(concept, "integer", required=True),
        Column(date, "date", required=True),
    ]
    if value:
        columns.append(Column("value_as_number", "number"))
    return Table(name, tuple(columns), required=False, key=(), meaning="OMOP CDM table")


OMOP_TABLES: tuple[Table, ...] = (
    Table(
        "person",
        (
            Column("person_id", "id", required=True),
            Column("gender_concept_id", "integer", required=True),
            Column("year_of_birth", "integer"),
            Column("month_of_birth", "integer"),
            Column("day_of_birth", "integer"),
            Column("birth_datetime", "date"),
        ),
        required=True,
        key=("person_id",),
        meaning="OMOP CDM person",
    ),
    _event("condition_occurrence", "condition_concept_id", "condition_start_date"),
    _event("procedure_occurrence", "procedure_concept_id", "procedure_date"),
    _event("observation", "observation_concept_id", "observation_date", value=True),
    _event("measurement", "measurement_concept_id", "measurement_date", value=True),
)
EVENT_TABLES = OMOP_TABLES[1:]


@cache
def episode_settings() -> dict[str, Any]:
    path = knowledge_path("registry", "omop-pregnancy-episodes.yaml")
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def _categories() -> list[str]:
    return [*episode_settings()["hierarchy"]["value"]]


def _spacing(category: str) -> str:
    """The Matcho category whose spacing and term limits a category uses."""
    return "SA" if category == BIOCHEMICAL else category


def category_sql(concept: str) -> str:
    concepts = episode_settings()["concepts"]
    whens = []
    for category, ids in concepts["outcome"].items():
        whens.append(f"WHEN {concept} IN ({', '.join(str(i) for i in ids)}) THEN '{category}'")
    bio = ", ".join(str(i) for i in concepts["biochemical"])
    whens.append(f"WHEN {concept} IN ({bio}) THEN '{BIOCHEMICAL}'")
    return "CASE " + " ".join(whens) + " END"


def gestation_weeks_sql(concept: str, value: str) -> str:
    concepts = episode_settings()["concepts"]
    whens = [
        f"WHEN {concept} IN ({', '.join(str(i) for i in concepts['gestational_age_in_weeks_value'])}) "
        f"THEN {value}"
    ]
    for concept_id, weeks in concepts["gestation_period_weeks"].items():
        whens.append(f"WHEN {concept} = {int(concept_id)} THEN {int(weeks)}")
    return "CASE " + " ".join(whens) + " END"


def min_days_sql(first: str, following: str) -> str:
    table = episode_settings()["minimum_days_between_outcomes"]["value"]
    whens = []
    for a in [*table, BIOCHEMICAL]:
        for b in [*table, BIOCHEMICAL]:
            days = int(table[_spacing(a)][_spacing(b)])
            whens.append(f"WHEN {first} = '{a}' AND {following} = '{b}' THEN {days}")
    return "CASE " + " ".join(whens) + " END"


def _term(category: str, bound: str) -> str:
    limits = episode_settings()["term_limits"]["value"]
    whens = " ".join(
        f"WHEN {category} = '{c}' THEN {int(limits[_spacing(c)][bound])}"
        for c in [*limits, BIOCHEMICAL]
    )
    return f"CASE {whens} END"


def _outcome_code(category: str) -> str:
    outcomes = episode_settings()["outcomes"]
    whens = " ".join(f"WHEN {category} = '{c}' THEN '{code}'" for c, code in outcomes.items())
    return f"CASE {whens} WHEN {category} = '{BIOCHEMICAL}' THEN 'biochemical_loss' END"


def _check(engine: Engine, directory: Path, prefix: str = "") -> dict[str, dict[str, str]]:
    """Register and check the tables; messages name each table as `prefix` + its name."""
    sources = find_sources(directory, OMOP_TABLES)
    if not any(t.name in sources for t in EVENT_TABLES):
        raise InputError(
            [
                "OMOP input: no event table (condition_occurrence, procedure_occurrence, "
                "observation or measurement)"
            ]
        )
    problems: list[str] = []
    present: dict[str, dict[str, str]] = {}
    for name, source in sources.items():
        raw = engine.register(source, f"omop_raw_{name}")
        table = next(t for t in OMOP_TABLES if t.name == name)
        missing = [c.name for c in table.columns if c.required and c.name not in raw]
        if missing:
            problems.append(f"{source.path.name}: missing required column(s): {', '.join(missing)}")
        present[name] = {k: v for k, v in raw.items() if k in {c.name for c in table.columns}}
    if problems:
        raise InputError(problems)
    for name, columns in present.items():
        table = next(t for t in OMOP_TABLES if t.name == name)
        sql, messages = check_select(table, columns, f"omop_raw_{name}")
        values = engine.rows(sql)[0]
        for message, count in zip(messages[1:], values[1:], strict=True):
            if count:
                problems.append(prefix + message.format(n=int(count)))
    if problems:
        raise InputError(problems)
    return present


def _events_sql(present: dict[str, dict[str, str]]) -> str:
    parts = []
    for table in EVENT_TABLES:
        if table.name not in present:
            continue
        concept, date = table.columns[1].name, table.columns[2].name
        value = (
            "TRY_CAST(value_as_number AS DOUBLE)"
            if "value_as_number" in present[table.name]
            else "CAST(NULL AS DOUBLE)"
        )
        parts.append(
            f"SELECT CAST(person_id AS STRING) AS person_id, CAST({concept} AS BIGINT) AS concept_id, "
            f"CAST({date} AS DATE) AS event_date, {value} AS value FROM omop_raw_{table.name}"
        )
    return " UNION ALL ".join(parts)


def _birth_date_sql(columns: dict[str, str]) -> str:
    if "birth_datetime" in columns:
        from_datetime = "CAST(birth_datetime AS DATE)"
    else:
        from_datetime = "CAST(NULL AS DATE)"
    if {"year_of_birth", "month_of_birth", "day_of_birth"} <= set(columns):
        # A birth date only when the whole date is recorded: a year alone is not a date.
        parts = "make_date(CAST(year_of_birth AS INTEGER), CAST(month_of_birth AS INTEGER), CAST(day_of_birth AS INTEGER))"
        return f"COALESCE({from_datetime}, {parts})"
    return from_datetime


def omop_to_tables(engine: Engine, directory: Path, out: Path, prefix: str = "") -> Path:
    """Write the registry tables for the OMOP subset in DIRECTORY into OUT; return OUT.
    `prefix` goes before each table's name in messages (a CDM schema: `cdm.`)."""
    present = _check(engine, directory, prefix)
    female = int(episode_settings()["concepts"]["female"])
    engine.keep(
        "omop_women",
        f"SELECT CAST(person_id AS STRING) AS woman_id, {_birth_date_sql(present['person'])} "
        f"AS birth_date FROM omop_raw_person WHERE CAST(gender_concept_id AS BIGINT) = {female}",
    )
    engine.keep("omop_events", _events_sql(present))
    # 1-2: outcome records, grouped per category into episodes dated by their first record.
    same = min_days_sql("category", "category")
    days = engine.dialect.days_between("previous", "event_date")
    engine.keep(
        "omop_candidates",
        f"""SELECT person_id, category, event_date FROM (
              SELECT person_id, category, event_date,
                LAG(event_date) OVER (PARTITION BY person_id, category ORDER BY event_date) AS previous
              FROM (SELECT DISTINCT e.person_id, {category_sql("e.concept_id")} AS category, e.event_date
                    FROM omop_events AS e JOIN omop_women AS w ON w.woman_id = e.person_id
                    WHERE e.event_date IS NOT NULL) AS outcomes
              WHERE category IS NOT NULL
            ) AS ordered
            WHERE previous IS NULL OR {days} >= {same}""",
    )
    # 3: accept categories in the hierarchy's order, dropping what is too close to an accepted one.
    accepted = "SELECT person_id, category, event_date FROM omop_candidates WHERE 1 = 0"
    engine.keep("omop_accepted_0", accepted)
    levels = [*_categories(), BIOCHEMICAL]
    for level, category in enumerate(levels, start=1):
        before = engine.dialect.days_between("a.event_date", "c.event_date")
        after = engine.dialect.days_between("c.event_date", "a.event_date")
        conflict = (
            f"(a.event_date <= c.event_date AND {before} < {min_days_sql('a.category', 'c.category')}) "
            f"OR (a.event_date > c.event_date AND {after} < {min_days_sql('c.category', 'a.category')})"
        )
        engine.keep(
            f"omop_accepted_{level}",
            f"""SELECT person_id, category, event_date FROM omop_accepted_{level - 1}
                UNION ALL
                SELECT c.person_id, c.category, c.event_date
                FROM omop_candidates AS c LEFT JOIN omop_accepted_{level - 1} AS a
                  ON a.person_id = c.person_id AND ({conflict})
                WHERE c.category = '{category}' AND a.person_id IS NULL""",
        )
    final = f"omop_accepted_{len(levels)}"
    # 4: gestational age carried forward from the latest record in the term window.
    weeks = gestation_weeks_sql("concept_id", "value")
    since = engine.dialect.days_between("g.event_date", "p.event_date")
    ga = f"CAST(ROUND(g.weeks * 7) AS INTEGER) + {since}"
    engine.keep(
        "omop_pregnancies",
        f"""SELECT p.person_id, p.category, p.event_date,
              max_by({ga}, g.event_date) AS ga_days
            FROM {final} AS p LEFT JOIN (
              SELECT person_id, event_date, {weeks} AS weeks FROM omop_events
            ) AS g ON g.person_id = p.person_id AND g.weeks IS NOT NULL
              AND g.event_date <= p.event_date AND {since} <= {_term("p.category", "max")}
            GROUP BY p.person_id, p.category, p.event_date""",
    )
    term_ok = (
        f"ga_days BETWEEN {_term('category', 'min')} AND {_term('category', 'max')} "
        f"AND category <> '{BIOCHEMICAL}'"
    )
    out.mkdir(parents=True, exist_ok=True)
    engine.write(
        "SELECT woman_id, birth_date, CAST(NULL AS STRING) AS partner_id FROM omop_women",
        out / "women.parquet",
        "parquet",
    )
    engine.write(
        f"""SELECT person_id AS woman_id,
              CAST(ROW_NUMBER() OVER (PARTITION BY person_id ORDER BY event_date, category) AS INTEGER)
                AS pregnancy_number,
              {_outcome_code("category")} AS outcome, event_date AS end_date,
              CASE WHEN {term_ok} THEN ga_days END AS gestational_age_days,
              CAST(NULL AS STRING) AS confirmed_by, CAST(NULL AS BOOLEAN) AS same_partner,
              CAST(NULL AS STRING) AS partner_id, CAST(NULL AS STRING) AS tissue_genetics
            FROM omop_pregnancies""",
        out / "pregnancies.parquet",
        "parquet",
    )
    return out
