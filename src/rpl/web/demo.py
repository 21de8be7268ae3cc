"""Demo data for a local RPL Care: the staff groups, three demo staff users and the example
couple records from rpl.knowledge. Used by `rpl demo` through `manage.py load_demo_data`.

The demo users' passwords are generated once and kept, owner-only, in demo-credentials.txt in
the data directory; that file is the source of truth, and every load makes the users match it.
Delete the file and load again to get new passwords.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from rpl.web import config
from rpl.web.accounts.permissions import grant_admin_permissions
from rpl.web.accounts.roles import ADMIN, CLINICIAN, RECEPTIONIST, ensure_role_groups
from rpl.web.records.models import CoupleRecord

CREDENTIALS_FILE = "demo-credentials.txt"
# username -> (roles, display name). The demo admin is also a clinician, so that one login
# shows content review (which needs both).
DEMO_USERS = {
    "clinician": ((CLINICIAN,), "Demo Clinician"),
    "receptionist": ((RECEPTIONIST,), "Demo Receptionist"),
    "admin": ((ADMIN, CLINICIAN), "Demo Admin"),
}
_UNAMBIGUOUS_CHARACTERS = (
    "abcdefghjkmnpqrstuvwxyz23456789"  # nothing that reads as another character
)


@dataclass(frozen=True)
class LoadSummary:
    users_created: int
    records_created: int
    records_total: int


def credentials_path() -> Path:
    return Path(settings.RPL_DATA_DIR) / CREDENTIALS_FILE


def new_password() -> str:
    groups = ("".join(secrets.choice(_UNAMBIGUOUS_CHARACTERS) for _ in range(4)) for _ in range(3))
    return "-".join(groups)


def read_credentials() -> dict[str, str]:
    """username -> password from the credentials file; empty when there is no file."""
    try:
        text = credentials_path().read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    credentials = {}
    for line in text.splitlines():
        if line.startswith("#") or ":" not in line:
            continue
        username, _, password = line.partition(":")
        if username.strip() in DEMO_USERS and password.strip():
            credentials[username.strip()] = password.strip()
    return credentials


def _write_credentials(credentials: dict[str, str]) -> None:
    path = credentials_path()
    config.ensure_data_dir(path.parent)
    lines = [
        "# RPL Care demo logins, for a local demo only. Sign in at /staff/login/.",
        "# Delete this file and run `rpl demo` again for new passwords.",
        *(f"{username}: {credentials[username]}" for username in DEMO_USERS),
    ]
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        os.fchmod(handle.fileno(), 0o600)
        handle.write("\n".join(lines) + "\n")
    os.replace(temporary, path)


def read_or_create_credentials() -> dict[str, str]:
    credentials = read_credentials()
    if set(credentials) != set(DEMO_USERS):
        credentials = {name: credentials.get(name) or new_password() for name in DEMO_USERS}
        _write_credentials(credentials)
    return credentials


def example_documents() -> list[tuple[str, dict[str, Any]]]:
    """(local id, document) for each example record, read as plain JSON and not validated."""
    examples = resources.files("rpl.knowledge").joinpath("examples")
    documents = []
    for entry in sorted(examples.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".json"):
            document = json.loads(entry.read_text(encoding="utf-8"))
            documents.append(
                (str(document.get("id") or entry.name.removesuffix(".json")), document)
            )
    return documents


def is_loaded() -> bool:
    """True when every demo user and example record is present and the logins file exists."""
    user_model = get_user_model()
    record_ids = [local_id for local_id, _ in example_documents()]
    return (
        set(read_credentials()) == set(DEMO_USERS)
        and user_model.objects.filter(username__in=DEMO_USERS).count() == len(DEMO_USERS)
        and CoupleRecord.objects.filter(local_id__in=record_ids).count() == len(record_ids)
    )


@transaction.atomic
def load() -> LoadSummary:
    """Create whatever demo data is missing. Existing records are left as they are."""
    ensure_role_groups(Group)
    grant_admin_permissions()
    credentials = read_or_create_credentials()
    user_model = get_user_model()
    users_created = 0
    for username, (roles, display_name) in DEMO_USERS.items():
        first_name, _, last_name = display_name.partition(" ")
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={"first_name": first_name, "last_name": last_name, "is_staff": ADMIN in roles},
        )
        users_created += created
        if created or not user.check_password(credentials[username]):
            user.set_password(credentials[username])
            user.save()
        user.groups.add(*Group.objects.filter(name__in=roles))
    records_created = 0
    for local_id, document in example_documents():
        _, created = CoupleRecord.objects.get_or_create(
            local_id=local_id, defaults={"document": document}
        )
        records_created += created
    _load_inbox_examples()
    return LoadSummary(users_created, records_created, CoupleRecord.objects.count())


OLD_DEMO_REFERENCES = {"DEMO2345": "KM7P2QX9", "DEMO6789": "DEMB6789"}


def _load_inbox_examples() -> None:
    """Two booking requests and one question, made up, so the inboxes have something in them."""
    import datetime as dt

    from django.utils import timezone

    from rpl.web.bookings.models import Booking
    from rpl.web.questions.models import Question
    from rpl.web.questions.tokens import token_hash

    today = timezone.localdate()
    # References from the booking alphabet (no O, 0, I, 1), so the inbox search and the privacy
    # commands find them: README's `rpl privacy export --booking KM7P2QX9` works on the demo.
    # Demos loaded before carry the old ones, which those refused ("DEMO" has an O).
    for old, new in OLD_DEMO_REFERENCES.items():
        Booking.objects.filter(reference=old).update(reference=new)
    bookings = [
        (
            "KM7P2QX9",
            "Demo Patient A",
            "+84912345678",
            "vi",
            {"losses": 3, "loss_weeks": [7, 8, None], "confirmation": "scan", "age_years": 34},
        ),
        ("DEMB6789", "Demo Patient B", "+905321234567", "tr", None),
    ]
    for reference, name, phone, language, selfcheck in bookings:
        Booking.objects.get_or_create(
            reference=reference,
            defaults={
                "submission_token": f"demo-{reference}",
                "language": language,
                "name": name,
                "phone": phone,
                "preferred_language": language,
                "earliest_date": today + dt.timedelta(days=3),
                "latest_date": today + dt.timedelta(days=30),
                "consent_given_at": timezone.now(),
                "history": "Made-up demo booking.",
                "selfcheck": selfcheck,
            },
        )
    Question.objects.get_or_create(
        submission_token="demo-question-1",  # noqa: S106  # a made-up form token
        defaults={
            "text": "Made-up demo question: after two miscarriages, should my thyroid be tested?",
            "language": "en",
            "consent_given_at": timezone.now(),
            # The demo question's private link is /en/ask/answer/?key=demo-question-link-0000000000000
            "token_hash": token_hash("demo-question-link-0000000000000"),
        },
    )
