from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rpl.web.api.scopes import SCOPES
from rpl.web.api.tokens import ApiClientError, create_client


class Command(BaseCommand):
    help = (
        "Create a JSON API client and print its token once (only a hash is stored). "
        f"Scopes: {', '.join(SCOPES)}."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="Who the client is, e.g. 'ehr-gateway'.")
        parser.add_argument(
            "--scope",
            dest="scopes",
            action="append",
            default=[],
            choices=sorted(SCOPES),
            help="A scope to grant; repeat for several.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            client, token = create_client(options["name"], options["scopes"])
        except ApiClientError as exc:
            raise CommandError(str(exc)) from None
        self.stderr.write(
            f"API client {client.name!r} created with scopes {', '.join(client.scopes)}. "
            "Its token follows; it is shown only now, so keep it safe:"
        )
        self.stdout.write(token)
