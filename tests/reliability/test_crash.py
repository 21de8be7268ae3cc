"""kill -9 of the whole server during a storm of bookings, questions and staff answers, on
SQLite and on PostgreSQL: nothing acknowledged is lost and the database is sound after a
restart. A short storm with one kill here; `python -m tests.reliability.storm` runs longer
storms with several kills (docs/reliability.md)."""

from __future__ import annotations

import pytest

from tests.reliability.storm import crash_storm


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request) -> str | None:
    if request.param == "sqlite":
        return None  # the default: SQLite (WAL) in the data directory
    return request.getfixturevalue("postgres_url")


def test_nothing_acknowledged_is_lost_when_the_server_is_killed_during_a_storm(
    database_url, tmp_path
):
    result = crash_storm(tmp_path, database_url=database_url, seconds=5, kills=1)

    print(result.summary())  # shown by pytest -rA or on failure
    assert result.database["vendor"] == ("postgresql" if database_url else "sqlite")
    tallies = result.tallies
    # The storm really happened: each kind was acknowledged, and the kill cut some requests.
    assert tallies["booking"].acknowledged >= 5
    assert tallies["question"].acknowledged >= 3
    assert tallies["answer"].acknowledged >= 1
    assert len(result.acknowledged.booking_references) >= 5
    assert len(result.acknowledged.question_keys) >= 3
    assert not any(tally.unexpected for tally in tallies.values()), tallies
    # Every acknowledged booking, question, private link and answer survived the kill.
    for missing in (
        "missing_booking_names",
        "missing_booking_references",
        "missing_questions",
        "missing_question_keys",
        "missing_answers",
    ):
        assert result.database[missing] == [], missing
    assert result.database["bookings_in_database"] >= tallies["booking"].acknowledged
    assert result.database["integrity_problems"] == []
    assert result.booking_after_restart
