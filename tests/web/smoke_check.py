"""Smoke check of a database that `rpl demo` has just set up, whatever DATABASE_URL says.

Run as a script in a subprocess by test_database_smoke.py, so that each database gets Django
configured from the environment exactly as `rpl serve` would. Prints the database vendor.
"""

from __future__ import annotations

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rpl.web.settings")
django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from rpl.web import demo  # noqa: E402
from rpl.web.records.models import CoupleRecord  # noqa: E402


def main() -> None:
    setup_test_environment()
    client = Client()

    home = client.get("/", follow=True)  # "/" redirects to the visitor's language
    assert home.status_code == 200, home.status_code
    assert "It does not diagnose." in home.content.decode()

    call_command("load_demo_data", verbosity=0)  # a second load changes nothing
    assert CoupleRecord.objects.count() == len(demo.example_documents())
    assert User.objects.filter(username__in=demo.DEMO_USERS).count() == len(demo.DEMO_USERS)
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "receptionist",
        "clinician",
        "admin",
    }
    for local_id, document in demo.example_documents():
        assert CoupleRecord.objects.get(local_id=local_id).document == document

    password = demo.read_credentials()["clinician"]
    signed_in = client.post("/staff/login/", {"username": "clinician", "password": password})
    assert signed_in.status_code == 302 and signed_in["Location"] == "/staff/", (
        signed_in.status_code
    )
    staff = client.get("/staff/").content.decode()
    assert "clinician" in staff and f"{CoupleRecord.objects.count()} couple records" in staff

    print(connection.vendor)


if __name__ == "__main__":
    main()
