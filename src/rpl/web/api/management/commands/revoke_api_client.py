from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rpl.web.api.tokens import ApiClientError, revoke_client


class Command(BaseCommand):
    help = "Revoke a JSON API client: its token stops working at once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            client = revoke_client(options["name"])
        except ApiClientError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"API client {client.name!r} revoked.")
