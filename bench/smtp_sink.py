"""A tiny SMTP sink on loopback: accepts every message, remembers when it arrived and its ids.

    python3 bench/smtp_sink.py --port 2525 [--log sink.log]     # stand-alone, until Ctrl-C

or in-process (bench/send_reminders_bench.py, tests/scaleout):

    sink = SmtpSink().start()          # a free port on 127.0.0.1, its own thread
    ... EMAIL_HOST=127.0.0.1 EMAIL_PORT=sink.port EMAIL_USE_TLS=0 ...
    sink.received                      # [(arrival, message_id, reminder_id, recipient), ...]
    sink.stop()

It speaks just enough ESMTP for smtplib, Django's SMTP backend and config/mail.py
(EHLO/HELO, MAIL, RCPT, DATA, BDAT, RSET, NOOP, QUIT; PIPELINING and CHUNKING; no TLS,
no AUTH), keeps one connection open for as many messages as the client sends, and reads
only the headers it reports (Message-ID and X-Cellwise-Reminder). Nothing is delivered
anywhere. Standard library only.
"""

from __future__ import annotations

import argparse
import asyncio
import threading
import time


class SmtpSink:
    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        log_path: str | None = None,
        *,
        extensions: tuple[str, ...] = ("PIPELINING", "CHUNKING"),
        refuse: str | None = None,
    ):
        self.host, self.port = host, port
        self.extensions = extensions
        self.refuse = refuse  # RCPT TO addresses containing this get 550
        self.received: list[tuple[float, str, str, str]] = []
        self.connections = 0
        self._log = open(log_path, "a", buffering=1) if log_path else None  # noqa: SIM115
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()

    # -- running

    def start(self) -> SmtpSink:
        self._thread = threading.Thread(target=self._run, name="smtp-sink", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("SMTP sink did not start")
        return self

    def stop(self) -> None:
        if self._loop and self._server:
            self._loop.call_soon_threadsafe(self._server.close)
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread:
            self._thread.join(10)
        if self._log:
            self._log.close()

    def _run(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._session, self.host, self.port, backlog=128)
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        try:
            self._loop.run_forever()
        finally:
            self._loop.close()

    def count(self) -> int:
        return len(self.received)

    def wait_for(self, count: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while len(self.received) < count:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return True

    # -- the protocol

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.connections += 1
        write = writer.write
        write(b"220 sink ESMTP\r\n")
        recipients: list[str] = []
        chunks: list[bytes] = []
        try:
            while True:
                line = await reader.readline()
                if not line:
                    break
                verb = line[:4].upper()
                if verb == b"EHLO":
                    offered = "".join(f"250-{name}\r\n" for name in self.extensions)
                    write(f"250-sink\r\n{offered}250-8BITMIME\r\n250 SIZE 10485760\r\n".encode())
                elif verb == b"HELO":
                    write(b"250 sink\r\n")
                elif verb == b"MAIL":
                    recipients, chunks = [], []
                    write(b"250 OK\r\n")
                elif verb == b"RCPT":
                    address = line.split(b":", 1)[1].strip().split(b" ")[0].strip(b"<>")
                    address = address.decode("utf-8", "replace")
                    if self.refuse and self.refuse in address:
                        write(b"550 No such user\r\n")
                    else:
                        recipients.append(address)
                        write(b"250 OK\r\n")
                elif verb == b"DATA" and not recipients:
                    write(b"554 No valid recipients\r\n")
                elif verb == b"DATA":
                    write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                    await writer.drain()
                    data = await reader.readuntil(b"\r\n.\r\n")
                    self._record(data, recipients)
                    write(b"250 OK queued\r\n")
                elif verb == b"BDAT":
                    # BDAT <size> [LAST]: the chunk follows the command line at once.
                    words = line.split()
                    chunk = await reader.readexactly(int(words[1]))
                    chunks.append(chunk)
                    if not recipients:
                        write(b"554 No valid recipients\r\n")
                        continue
                    if len(words) > 2 and words[2].upper() == b"LAST":
                        self._record(b"".join(chunks), recipients)
                        chunks = []
                    write(b"250 OK\r\n")
                elif verb == b"RSET":
                    recipients = []
                    write(b"250 OK\r\n")
                elif verb == b"NOOP":
                    write(b"250 OK\r\n")
                elif verb == b"QUIT":
                    write(b"221 Bye\r\n")
                    await writer.drain()
                    break
                else:
                    write(b"502 Command not implemented\r\n")
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    def _record(self, data: bytes, recipients: list[str]) -> None:
        arrival = time.time()
        head = data.split(b"\r\n\r\n", 1)[0]
        message_id = reminder_id = ""
        for raw in head.split(b"\r\n"):
            lower = raw[:22].lower()
            if lower.startswith(b"message-id:"):
                message_id = raw.split(b":", 1)[1].strip().decode("ascii", "replace")
            elif lower.startswith(b"x-cellwise-reminder:"):
                reminder_id = raw.split(b":", 1)[1].strip().decode("ascii", "replace")
        recipient = recipients[0] if recipients else ""
        self.received.append((arrival, message_id, reminder_id, recipient))
        if self._log:
            self._log.write(f"{arrival:.6f} {message_id} {reminder_id} {recipient}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=2525)
    parser.add_argument("--log", help="append one line per message to this file")
    parser.add_argument("--no-chunking", action="store_true", help="do not offer BDAT")
    parser.add_argument("--no-pipelining", action="store_true", help="offer no extensions")
    parser.add_argument("--refuse", help="answer 550 to RCPT TO addresses containing this")
    args = parser.parse_args()
    extensions = () if args.no_pipelining else ("PIPELINING",) if args.no_chunking else None
    sink = SmtpSink(
        port=args.port,
        log_path=args.log,
        refuse=args.refuse,
        **({} if extensions is None else {"extensions": extensions}),
    ).start()
    print(f"SMTP sink on 127.0.0.1:{sink.port}; Ctrl-C stops it")
    try:
        while True:
            time.sleep(5)
            print(f"{sink.count()} messages over {sink.connections} connections", flush=True)
    except KeyboardInterrupt:
        sink.stop()


if __name__ == "__main__":
    main()
