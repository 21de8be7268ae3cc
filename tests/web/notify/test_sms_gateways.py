"""The SMS gateways: the console never shows the number; Twilio's API is spoken to a small
server on loopback that keeps its contract (tests/web/notify/servers.py)."""

from __future__ import annotations

import io

import pytest

from rpl.web.notify import sms
from tests.web.notify.servers import ACCOUNT_SID, AUTH_TOKEN, twilio_server


def test_the_console_gateway_prints_the_text_but_never_the_number():
    stream = io.StringIO()
    sms.ConsoleBackend(stream).send("+84912345678", "Your reference is KM7P2QX9.")
    assert "KM7P2QX9" in stream.getvalue()
    assert "912345678" not in stream.getvalue()


def test_the_file_gateway_keeps_each_message_owner_only(tmp_path):
    sms.FileBackend(tmp_path / "out").send("+84912345678", "hello")
    [path] = (tmp_path / "out").iterdir()
    assert path.stat().st_mode & 0o077 == 0
    assert '"to": "+84912345678"' in path.read_text()


def test_twilio_gets_the_number_text_and_sender_with_the_accounts_login():
    with twilio_server() as (state, url):
        sms.TwilioBackend(ACCOUNT_SID, AUTH_TOKEN, "+15005550006", url).send(
            "+84912345678", "Mã tham chiếu KM7P2QX9"
        )
    assert state.received == [
        {"To": "+84912345678", "Body": "Mã tham chiếu KM7P2QX9", "From": "+15005550006"}
    ]


def test_a_messaging_service_id_is_sent_as_such_instead_of_a_from_number():
    service = "MG" + "1" * 32
    with twilio_server() as (state, url):
        sms.TwilioBackend(ACCOUNT_SID, AUTH_TOKEN, service, url).send("+905321234567", "x")
    assert state.received[0]["MessagingServiceSid"] == service
    assert "From" not in state.received[0]


def test_a_refused_number_is_an_error_naming_twilios_code_but_not_the_number():
    with twilio_server() as (state, url):
        state.refuse_numbers.add("+84912345678")
        with pytest.raises(sms.SmsError) as refused:
            sms.TwilioBackend(ACCOUNT_SID, AUTH_TOKEN, "+15005550006", url).send(
                "+84912345678", "x"
            )
    assert "HTTP 400, error 21211" in str(refused.value)
    assert "912345678" not in str(refused.value)


def test_a_wrong_auth_token_is_refused():
    with twilio_server() as (_state, url), pytest.raises(sms.SmsError, match="HTTP 401"):
        sms.TwilioBackend(ACCOUNT_SID, "wrong", "+15005550006", url).send("+84912345678", "x")


def test_an_unreachable_gateway_is_an_error_not_a_crash(free_port):
    with pytest.raises(sms.SmsError, match="could not be reached"):
        sms.TwilioBackend(
            ACCOUNT_SID, AUTH_TOKEN, "+15005550006", f"http://127.0.0.1:{free_port}", timeout=3
        ).send("+84912345678", "x")


def test_the_twilio_gateway_needs_its_three_settings(settings):
    settings.RPL_TWILIO_ACCOUNT_SID = ""
    with pytest.raises(sms.SmsError, match="RPL_TWILIO_ACCOUNT_SID"):
        sms.TwilioBackend()


def test_the_gateway_is_chosen_by_rpl_sms_backend(settings, tmp_path):
    settings.RPL_SMS_BACKEND = "file"
    settings.RPL_SMS_FILE_DIR = str(tmp_path)
    assert isinstance(sms.backend(), sms.FileBackend)
    settings.RPL_SMS_BACKEND = "rpl.web.notify.sms.ConsoleBackend"
    assert isinstance(sms.backend(), sms.ConsoleBackend)
