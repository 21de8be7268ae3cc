"""Deployment checks of the clinic's identity: `manage.py check --deploy` warns until the
privacy notice is chosen and completed and the local emergency number is set."""

from __future__ import annotations

from typing import Any

from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def clinic_identity(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from django.conf import settings

    from rpl.web.site import privacy

    problems: list[checks.CheckMessage] = []
    if not settings.RPL_EMERGENCY_NUMBER:
        problems.append(
            checks.Warning(
                "RPL_EMERGENCY_NUMBER is not set: patient pages say 'your local emergency "
                "number' instead of the number (115 Viet Nam, 120 China, 112 Turkey)",
                id="rpl.W001",
            )
        )
    if not settings.RPL_PRIVACY_NOTICE:
        problems.append(
            checks.Warning(
                "RPL_PRIVACY_NOTICE is not set: choose vn-decree-13-2023, cn-pipl or tr-kvkk, "
                "or the clinic's completed copy of one",
                id="rpl.W002",
            )
        )
    else:
        try:
            notice = privacy.clinic_notice("en")
        except privacy.NoticeError as problem:
            problems.append(checks.Error(str(problem), id="rpl.E001"))
        else:
            if notice is not None and notice.incomplete:
                problems.append(
                    checks.Warning(
                        "the privacy notice still has parts for the clinic to complete "
                        "([[...]]): copy the template, complete it and point "
                        "RPL_PRIVACY_NOTICE at the copy",
                        id="rpl.W003",
                    )
                )
    return problems
