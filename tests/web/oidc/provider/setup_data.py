"""Users, groups and the RPL Care client of the test provider (run once after migrate).

Run again with another redirect URI (e.g. a browser test's live server callback), it only adds
that URI to the client."""

import sys

import django

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from oauth2_provider.models import Application  # noqa: E402

redirect_uri, client_secret = sys.argv[1], sys.argv[2]
existing = Application.objects.filter(client_id="rpl-care").first()
if existing is not None:
    if redirect_uri not in existing.redirect_uris.split():
        existing.redirect_uris = f"{existing.redirect_uris} {redirect_uri}"
        existing.save()
    print("ready")
    sys.exit(0)
people = {
    # username: (first, last, groups)
    "lan.nguyen": ("Lan", "Nguyễn", ["Doctors"]),
    "ayse.front": ("Ayşe", "Yılmaz", ["Front desk", "Cafeteria"]),
    "it.boss": ("Wei", "Li", ["IT admins", "Doctors"]),
    "visitor": ("No", "Role", ["Cafeteria"]),
    "admin": ("Same", "Name", ["Front desk"]),
}
for username, (first, last, groups) in people.items():
    user = User.objects.create_user(
        username,
        password="provider-pass",  # noqa: S106  # the test provider's users
        first_name=first,
        last_name=last,
        email=f"{username}@hospital.example",
    )
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
Application.objects.create(
    name="RPL Care",
    client_id="rpl-care",
    client_secret=client_secret,
    client_type=Application.CLIENT_CONFIDENTIAL,
    authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
    redirect_uris=redirect_uri,
    algorithm=Application.RS256_ALGORITHM,
    skip_authorization=True,
)
print("ready")
