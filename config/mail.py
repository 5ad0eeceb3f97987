"""SMTP with command pipelining (RFC 2920) and BDAT (RFC 3030): one round trip a message.

Django's SMTP backend sends through `smtplib.SMTP.sendmail`, which waits for the server's
answer to MAIL FROM, to each RCPT TO, to DATA and to the message before sending on: four
round trips a message on an open connection. A server that advertises PIPELINING
(Postfix, Exim, the big relays) may be sent MAIL, RCPT… and DATA in one write: two round
trips. One that also advertises CHUNKING takes the message itself in the same write
(`BDAT <size> LAST` instead of DATA): one round trip. With a relay 20 ms away that is 50
messages a second per connection instead of 12; the reminder sender
(routines/reminders/sender.py) sends whole batches over one connection.

A message that has `wire_bytes()` (WireEmail below; the reminder sender uses it) is sent
as those bytes rather than re-serialised with Django's `message()`, which costs several
milliseconds a message. A server that does not advertise PIPELINING gets the classic
MAIL, RCPT, DATA exchange of `smtplib.SMTP.sendmail`. Errors are reported as `sendmail`
reports them (SMTPSenderRefused, SMTPRecipientsRefused, SMTPDataError), and the
transaction is reset before raising.
"""

import base64
import email.policy
import re
import secrets
import smtplib
from email.header import Header
from email.utils import formataddr, formatdate, make_msgid, parseaddr

from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends import smtp

_LEADING_DOT = re.compile(rb"(?m)^\.")
# A plain ASCII addr-spec needs none of prep_address's parsing (IDNA, display names).
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")


class EmailBackend(smtp.EmailBackend):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._prepared: dict[str, str] = {}

    def _prep(self, address: str) -> str:
        # Django's address check parses with the modern email API: keep the sender's.
        if address not in self._prepared:
            if len(self._prepared) > 100:
                self._prepared.clear()
            self._prepared[address] = self.prep_address(address)
        return self._prepared[address]

    def _send(self, email_message):
        if not email_message.recipients():
            return False
        connection = self.connection
        from_email = self._prep(email_message.from_email)
        recipients = self._recipients(email_message)
        data = _content(email_message)
        try:
            pipelining = connection.does_esmtp and connection.has_extn("pipelining")
            if pipelining and connection.has_extn("chunking"):
                self._chunked(connection, from_email, recipients, data)
            elif pipelining:
                self._pipelined(connection, from_email, recipients, data)
            else:
                connection.sendmail(from_email, recipients, data)
        except smtplib.SMTPException:
            if not self.fail_silently:
                raise
            return False
        return True

    def send_each(self, email_messages) -> list[bool]:
        """Send several messages over the open connection; for each, whether the server
        took it. A server with PIPELINING and CHUNKING gets every message's commands and
        content in one write (RSET, MAIL, RCPT…, BDAT LAST, message after message: RFC
        2920 allows a chunk anywhere in a group) and the replies are read afterwards, so a
        whole group costs one round trip; any other server gets one `_send` a message. A
        refused message does not stop the others. Connection errors propagate."""
        if self.connection is None:
            raise smtplib.SMTPServerDisconnected("send_each needs an open connection")
        connection = self.connection
        if not (
            connection.does_esmtp
            and connection.has_extn("pipelining")
            and connection.has_extn("chunking")
        ):
            return [self._send_or_false(message) for message in email_messages]
        writes, plans = [], []
        for message in email_messages:
            recipients = self._recipients(message)
            if not recipients:
                plans.append(None)
                continue
            from_email = self._prep(message.from_email)
            writes.append(self._bdat_bytes(from_email, recipients, _content(message), reset=True))
            plans.append(len(recipients))
        if writes:
            connection.send(b"".join(writes))
        results = []
        for recipient_count in plans:
            if recipient_count is None:
                results.append(False)
                continue
            rset, mail = connection.getreply(), connection.getreply()
            rcpts = [connection.getreply() for _ in range(recipient_count)]
            bdat = connection.getreply()
            results.append(
                rset[0] == 250
                and mail[0] == 250
                and any(reply[0] in (250, 251) for reply in rcpts)
                and bdat[0] == 250
            )
        return results

    def _send_or_false(self, message) -> bool:
        try:
            return bool(self._send(message))
        except (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused):
            return False

    def _recipients(self, message) -> list[str]:
        return [
            address if _PLAIN_ADDRESS.fullmatch(address) else self.prep_address(address)
            for address in message.recipients()
        ]

    @classmethod
    def _bdat_bytes(cls, from_email, recipients, data: bytes, *, reset=False) -> bytes:
        """One transaction as written in one go: (RSET,) MAIL, RCPT…, BDAT LAST, message."""
        commands = ["RSET"] * reset + cls._envelope(from_email, recipients)
        head = "".join(f"{command}\r\n" for command in commands)
        return head.encode("ascii") + f"BDAT {len(data)} LAST\r\n".encode() + data

    @staticmethod
    def _envelope(from_email, recipients) -> list[str]:
        commands = [f"MAIL FROM:{smtplib.quoteaddr(from_email)}"]
        return commands + [f"RCPT TO:{smtplib.quoteaddr(address)}" for address in recipients]

    @staticmethod
    def _check_envelope(connection, from_email, recipients, replies, last_reply) -> None:
        mail_reply, rcpt_replies = replies[0], replies[1:]
        if mail_reply[0] != 250:
            _reset(connection, last_reply)
            raise smtplib.SMTPSenderRefused(*mail_reply, from_email)
        refused = {
            address: reply
            for address, reply in zip(recipients, rcpt_replies, strict=True)
            if reply[0] not in (250, 251)
        }
        if len(refused) == len(recipients):
            _reset(connection, last_reply)
            raise smtplib.SMTPRecipientsRefused(refused)

    @classmethod
    def _chunked(cls, connection, from_email, recipients, data: bytes) -> None:
        """MAIL, RCPT… and the whole message as one BDAT chunk, in one write."""
        connection.send(cls._bdat_bytes(from_email, recipients, data))
        replies = [connection.getreply() for _ in range(1 + len(recipients))]
        bdat_reply = connection.getreply()
        # After a refused envelope the server has read and dropped the chunk (RFC 3030).
        cls._check_envelope(connection, from_email, recipients, replies, (0, b""))
        if bdat_reply[0] != 250:
            connection.rset()
            raise smtplib.SMTPDataError(*bdat_reply)

    @classmethod
    def _pipelined(cls, connection, from_email, recipients, data: bytes) -> None:
        """MAIL, RCPT… and DATA in one write; the message after the server's 354."""
        commands = [*cls._envelope(from_email, recipients), "DATA"]
        connection.send("".join(f"{command}\r\n" for command in commands))
        replies = [connection.getreply() for _ in commands]
        data_reply = replies.pop()
        cls._check_envelope(connection, from_email, recipients, replies, data_reply)
        if data_reply[0] != 354:
            connection.rset()
            raise smtplib.SMTPDataError(*data_reply)
        body = _LEADING_DOT.sub(b"..", data)
        if not body.endswith(b"\r\n"):
            body += b"\r\n"
        connection.send(body + b".\r\n")
        code, message = connection.getreply()
        if code != 250:
            raise smtplib.SMTPDataError(code, message)


def _content(message) -> bytes:
    """The message as SMTP sends it: WireEmail's own bytes, or Django's serialisation."""
    if hasattr(message, "wire_bytes"):
        return message.wire_bytes()
    return message.message(policy=email.policy.SMTP).as_bytes()


def _reset(connection, data_reply) -> None:
    if data_reply[0] == 354:
        # The server accepted DATA although the transaction failed: end it empty.
        connection.send(b".\r\n")
        connection.getreply()
    connection.rset()


def send_group(mailer, emails: list) -> list[bool]:
    """Send a few emails on an open connection; for each, whether the server took it.
    config.mail.EmailBackend pipelines the whole group (one round trip); any other
    backend sends them one by one, a refusal counting as not taken."""
    if hasattr(mailer, "send_each"):
        return mailer.send_each(emails)
    results = []
    for message in emails:
        try:
            results.append(mailer.send_messages([message]) == 1)
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPResponseException):
            results.append(False)
    return results


class WireEmail(EmailMultiAlternatives):
    """Django's EmailMultiAlternatives, plus `wire_bytes()`: the same email as SMTP sends it,
    built directly. Django builds every message with the standard library's modern email
    API, which parses and refolds each header: about 10 ms a reminder here, most of a
    sender's time. A reminder is always the same shape (a text body, one HTML alternative,
    a few short headers), so it is written out with base64 parts and RFC 2047 headers at a
    small fraction of that. config/mail.py sends `wire_bytes()` when a message has it;
    every other backend (console, locmem in tests) uses Django's `message()` unchanged.
    tests/routines/reminders/test_sender_batches.py parses both and compares them."""

    def wire_bytes(self) -> bytes:
        boundary = f"=_{secrets.token_hex(16)}"
        headers = {
            "Subject": _header_text(str(self.subject)),
            "From": _address(str(self.extra_headers.get("From", self.from_email))),
            "To": ", ".join(_address(address) for address in self.to),
            "Date": formatdate(usegmt=True),
            "Message-ID": str(self.extra_headers.get("Message-ID") or make_msgid()),
            "MIME-Version": "1.0",
        }
        for name, value in self.extra_headers.items():
            if name.lower() not in {"from", "to", "cc", "bcc", "reply-to", "message-id"}:
                headers[name] = _header_text(str(value))
        parts = [(self.body, "text/plain"), *((c, m) for c, m in self.alternatives)]
        lines = []
        if len(parts) > 1:
            headers["Content-Type"] = f'multipart/alternative; boundary="{boundary}"'
        lines += [f"{name}: {value}" for name, value in headers.items()]
        for content, mimetype in parts:
            if len(parts) > 1:
                lines += ["", f"--{boundary}"]
            # Text in MIME has CRLF line breaks (RFC 2046), inside base64 too.
            text = str(content).replace("\r\n", "\n").replace("\n", "\r\n")
            encoded = base64.encodebytes(text.encode()).decode("ascii")
            lines += [
                f"Content-Type: {mimetype}; charset=utf-8",
                "Content-Transfer-Encoding: base64",
                "",
                encoded.rstrip("\n").replace("\n", "\r\n"),
            ]
        if len(parts) > 1:
            lines += ["", f"--{boundary}--"]
        return ("\r\n".join(lines) + "\r\n").encode("ascii")


def _header_text(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError("header values cannot contain newlines")
    if value.isascii():
        return value
    return Header(value, "utf-8").encode(linesep="\r\n")


def _address(value: str) -> str:
    if _PLAIN_ADDRESS.fullmatch(value):
        return value
    name, address = parseaddr(value)
    if not address or "\n" in value or "\r" in value or not address.isascii():
        raise ValueError(f"not an address this sender can write: {value!r}")
    return formataddr((name, address), charset="utf-8")
