"""`rpl privacy export|erase`: the same request from the command line, audited the same way."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from rpl.cli.main import main
from rpl.web.audit.models import AuditEvent
from rpl.web.bookings.models import Booking
from rpl.web.records.models import CoupleRecord
from tests.web.privacy.helpers import CONTENT, MARKER

pytestmark = pytest.mark.django_db


def test_the_export_command_writes_the_same_document_to_an_owner_only_file(patient, tmp_path):
    booking, record, _question, _key = patient
    out = tmp_path / "export.json"
    result = CliRunner().invoke(
        main, ["privacy", "export", "--booking", booking.reference, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Exported 1 booking, 0 questions, 1 couple record" in result.output
    assert out.stat().st_mode & 0o077 == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["bookings"][0]["phone"] == CONTENT["phone"]
    assert document["couple_records"][0]["local_id"] == record.local_id
    details = set(AuditEvent.objects.filter(action="export").values_list("detail", flat=True))
    assert details == {"privacy export (command line): 1 booking, 0 questions, 1 couple record"}


def test_the_erase_command_asks_first_and_erases_on_the_word(patient):
    booking, record, _question, _key = patient
    runner = CliRunner()
    arguments = ["privacy", "erase", "--booking", booking.reference]

    refused = runner.invoke(main, arguments, input="no\n")
    assert refused.exit_code == 2
    assert "nothing was erased" in refused.output
    assert MARKER not in refused.output  # identifiers and counts only
    assert Booking.objects.filter(pk=booking.pk).exists()

    erased = runner.invoke(main, arguments, input="erase\n")
    assert erased.exit_code == 0, erased.output
    assert f"Erased 1 booking, 0 questions, 1 couple record (bookings: {booking.reference}" in (
        erased.output
    )
    assert not Booking.objects.filter(pk=booking.pk).exists()
    assert not CoupleRecord.objects.filter(pk=record.pk).exists()
    assert AuditEvent.objects.filter(action="delete").count() == 2


def test_the_commands_refuse_a_lookup_that_finds_nothing_or_is_not_an_identifier(db):
    runner = CliRunner()
    nothing = runner.invoke(main, ["privacy", "erase", "--booking", "ZZZZ2345", "--yes"])
    assert nothing.exit_code == 2
    assert "nothing found" in nothing.output
    bad = runner.invoke(main, ["privacy", "export", "--record", "Zelda Smith"])
    assert bad.exit_code == 2
    assert "Zelda" not in bad.output
