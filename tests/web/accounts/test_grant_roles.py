"""The first account of a new site gets its roles from the command line (docs/deployment.md)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_superuser_made_with_createsuperuser_reaches_the_staff_area_after_grant_roles(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    User.objects.create_superuser("boss", "boss@example.org", "a-long-test-password")
    client = Client()
    client.login(username="boss", password="a-long-test-password")  # noqa: S106
    assert client.get("/staff/").status_code == 403  # createsuperuser gives no role

    output = StringIO()
    call_command("grant_roles", "boss", "admin", "clinician", stdout=output)

    assert output.getvalue().strip() == "boss now has the roles: clinician, admin"
    assert client.get("/staff/").status_code == 200
    assert client.get("/staff/admin/").status_code == 200
    assert client.get("/staff/records/").status_code == 200


def test_grant_roles_names_the_roles_when_given_an_unknown_one_and_changes_nothing(make_staff):
    user = make_staff("nurse", "receptionist")
    with pytest.raises(CommandError, match="unknown role doctor: the roles are receptionist"):
        call_command("grant_roles", "nurse", "clinician", "doctor")
    assert list(user.groups.values_list("name", flat=True)) == ["receptionist"]


def test_grant_roles_for_a_missing_account_says_so_without_repeating_the_name():
    with pytest.raises(CommandError) as error:
        call_command("grant_roles", "nobody-here", "admin")
    assert "no staff account with that username" in str(error.value)
    assert "nobody-here" not in str(error.value)
