"""The demo data: staff groups, demo users and the example couple records."""

from __future__ import annotations

import json
import stat
from importlib import resources

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from rpl.web import demo
from rpl.web.records.models import CoupleRecord

pytestmark = pytest.mark.django_db

EXAMPLES = resources.files("rpl.knowledge").joinpath("examples")


def test_migrations_alone_create_the_staff_role_groups():
    assert set(Group.objects.values_list("name", flat=True)) == {
        "receptionist",
        "clinician",
        "admin",
        "reviewer",
    }


def test_demo_data_creates_the_staff_users_and_example_records(demo_data_dir, capsys):
    call_command("load_demo_data")
    assert "3 staff users (3 new), 4 couple records (4 new)" in capsys.readouterr().out
    roles = {u.username: sorted(g.name for g in u.groups.all()) for u in User.objects.all()}
    assert roles == {
        "clinician": ["clinician"],
        "receptionist": ["receptionist"],
        "admin": ["admin", "clinician"],
    }
    assert CoupleRecord.objects.count() == 4


def test_loading_demo_data_twice_changes_nothing(demo_data_dir, capsys):
    call_command("load_demo_data")
    first_logins = demo.read_credentials()
    call_command("load_demo_data")
    assert "3 staff users (0 new), 4 couple records (0 new)" in capsys.readouterr().out
    assert User.objects.count() == 3
    assert CoupleRecord.objects.count() == 4
    assert demo.read_credentials() == first_logins
    assert demo.is_loaded()


def test_demo_records_are_the_example_files_stored_as_they_are(demo_data_dir):
    call_command("load_demo_data", verbosity=0)
    for example in EXAMPLES.iterdir():
        if example.name.endswith(".json"):
            document = json.loads(example.read_text(encoding="utf-8"))
            assert CoupleRecord.objects.get(local_id=document["id"]).document == document


def test_demo_logins_are_generated_and_readable_by_the_owner_only(demo_data_dir):
    call_command("load_demo_data", verbosity=0)
    logins = demo.read_credentials()
    assert set(logins) == {"clinician", "receptionist", "admin"}
    assert len(set(logins.values())) == 3
    mode = stat.S_IMODE((demo_data_dir / "demo-credentials.txt").stat().st_mode)
    assert mode == 0o600
    for username, password in logins.items():
        assert User.objects.get(username=username).check_password(password)


def test_reloading_puts_back_a_changed_demo_password(demo_data_dir):
    call_command("load_demo_data", verbosity=0)
    clinician = User.objects.get(username="clinician")
    clinician.set_password("changed-by-someone")
    clinician.save()
    call_command("load_demo_data", verbosity=0)
    clinician.refresh_from_db()
    assert clinician.check_password(demo.read_credentials()["clinician"])


def test_a_couple_record_shows_only_its_local_id():
    record = CoupleRecord.objects.create(local_id="couple-7", document={"woman": {"age_years": 36}})
    assert str(record) == "couple record couple-7"


def test_the_privacy_commands_find_every_demo_booking_by_its_reference(demo_data_dir):
    # The demo's DEMO2345 has an O, which references never have: every lookup refused it.
    from rpl.web.bookings.models import Booking
    from rpl.web.privacy.services import find, parse_lookup

    call_command("load_demo_data", verbosity=0)
    references = list(Booking.objects.values_list("reference", flat=True))
    assert "KM7P2QX9" in references  # the README's privacy example works on the demo
    holdings = find(parse_lookup(bookings=" ".join(references)))
    assert sorted(b.reference for b in holdings.bookings) == sorted(references)
    assert holdings.not_found == []


def test_a_demo_loaded_with_the_old_booking_references_gets_the_new_ones_not_a_second_pair(
    demo_data_dir,
):
    from rpl.web.bookings.models import Booking

    call_command("load_demo_data", verbosity=0)
    for old, new in demo.OLD_DEMO_REFERENCES.items():
        Booking.objects.filter(reference=new).update(reference=old)
    call_command("load_demo_data", verbosity=0)
    assert sorted(Booking.objects.values_list("reference", flat=True)) == sorted(
        demo.OLD_DEMO_REFERENCES.values()
    )
