"""config/mail.py: Django's SMTP backend with PIPELINING and BDAT, against a real socket."""

import smtplib
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.mail import EmailMultiAlternatives

from config.mail import EmailBackend

SINK = Path(__file__).resolve().parents[2] / "bench" / "smtp_sink.py"


@pytest.fixture(params=["chunking", "pipelining", "plain"])
def sink(request, tmp_path):
    """bench/smtp_sink.py offering BDAT + PIPELINING, PIPELINING only, or no extension."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    flags = {"chunking": [], "pipelining": ["--no-chunking"], "plain": ["--no-pipelining"]}
    log = tmp_path / "sink.log"
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and script
        [
            sys.executable,
            str(SINK),
            "--port",
            str(port),
            "--log",
            str(log),
            "--refuse",
            "nobody",
            *flags[request.param],
        ],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert time.monotonic() < deadline, "sink did not start"
            time.sleep(0.05)
    yield request.param, port, log
    process.terminate()
    process.wait(10)


def backend(port):
    return EmailBackend(
        alias="default", host="127.0.0.1", port=port, username="", password="", use_tls=False
    )


def arrived(log, count):
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        lines = log.read_text().splitlines() if log.exists() else []
        if len(lines) >= count:
            return [line.split(" ") for line in lines]
        time.sleep(0.05)
    raise AssertionError(f"{count} messages did not arrive")


def message(n, to):
    email = EmailMultiAlternatives(
        subject=f"Message {n}",
        body=".starts with a dot\nand more\n",
        to=[to],
        headers={"Message-ID": f"<m{n}@example.com>", "X-Cellwise-Reminder": str(n)},
    )
    email.attach_alternative(f"<p>{n}</p>", "text/html")
    return email


def test_many_messages_over_one_connection(sink):
    mode, port, log = sink
    mailer = backend(port)
    with mailer:
        for n in range(20):
            assert mailer.send_messages([message(n, f"user{n}@example.com")]) == 1
        extensions = mailer.connection.esmtp_features
    assert ("chunking" in extensions) == (mode == "chunking")
    assert ("pipelining" in extensions) == (mode != "plain")
    lines = arrived(log, 20)
    assert [(mid, rid, to) for _, mid, rid, to in lines] == [
        (f"<m{n}@example.com>", str(n), f"user{n}@example.com") for n in range(20)
    ]


def test_a_refused_recipient_raises_and_the_connection_carries_on(sink):
    _, port, log = sink
    mailer = backend(port)
    with mailer:
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            mailer.send_messages([message(1, "nobody@example.com")])
        assert mailer.send_messages([message(2, "someone@example.com")]) == 1
    [line] = arrived(log, 1)
    assert line[2:] == ["2", "someone@example.com"]


def test_send_each_reports_every_message_and_a_refusal_spoils_none_of_the_others(sink):
    _, port, log = sink
    mailer = backend(port)
    recipients = [f"user{n}@example.com" for n in range(12)]
    recipients[4] = "nobody@example.com"  # the sink refuses this one
    with mailer:
        results = mailer.send_each([message(n, to) for n, to in enumerate(recipients)])
        # The connection is still in a clean state afterwards.
        assert mailer.send_each([message(99, "after@example.com")]) == [True]
    assert results == [n != 4 for n in range(12)]
    lines = arrived(log, 12)
    assert [(rid, to) for _, _, rid, to in lines] == [
        (str(n), to) for n, to in enumerate(recipients) if n != 4
    ] + [("99", "after@example.com")]
