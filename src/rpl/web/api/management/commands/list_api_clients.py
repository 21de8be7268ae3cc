from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from rpl.web.api.models import ApiClient


class Command(BaseCommand):
    help = "List the JSON API clients: name, token prefix, scopes, active or revoked, last use."

    def handle(self, *args: Any, **options: Any) -> None:
        for client in ApiClient.objects.all():
            state = "active" if client.is_active else "revoked"
            used = (
                client.last_used_at.isoformat(timespec="minutes")
                if client.last_used_at
                else "never"
            )
            self.stdout.write(
                f"{client.name}\t{client.token_prefix}…\t{','.join(client.scopes)}\t{state}\t"
                f"last used {used}"
            )
