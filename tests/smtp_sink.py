"""A mail server on 127.0.0.1 for tests with a real worker: it keeps every message it receives
and, when asked, holds the next delivery at DATA until the sender goes away, so a test can kill
the worker in the middle of sending an e-mail."""

import socketserver
import threading


class SmtpSink:
    def __init__(self):
        self.messages = []  # (recipients, the message as received)
        self.connections = 0
        self.hold_next = threading.Event()  # set: the next DATA waits for the sender to die
        self.holding = threading.Event()  # set while a delivery is held
        self._lock = threading.Lock()
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Session)
        self._server.daemon_threads = True
        self._server.sink = self
        self.port = self._server.server_address[1]

    def start(self):
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    def received_by(self, address):
        return [data for recipients, data in self.messages if address in recipients]


class _Session(socketserver.StreamRequestHandler):
    timeout = 120  # a sender that says nothing for two minutes is gone

    def handle(self):
        sink = self.server.sink
        with sink._lock:
            sink.connections += 1
        self._reply("220 sink ESMTP")
        recipients = []
        while line := self.rfile.readline():
            verb = line.decode("ascii", "replace").strip().split(" ")[0].upper()
            if verb == "EHLO":
                self._reply("250-sink", "250 8BITMIME")
            elif verb == "RCPT":
                recipients.append(line.decode().split(":", 1)[1].strip().strip("<>"))
                self._reply("250 OK")
            elif verb == "DATA":
                if not self._data(sink, recipients):
                    return
                recipients = []
            elif verb == "QUIT":
                self._reply("221 bye")
                return
            else:  # HELO, MAIL, RSET, NOOP
                self._reply("250 OK")

    def _data(self, sink, recipients):
        if sink.hold_next.is_set():
            sink.hold_next.clear()
            sink.holding.set()
            self.rfile.readline()  # nothing comes: returns when the sender dies
            sink.holding.clear()
            return False
        self._reply("354 go ahead")
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b""):
            lines.append(line)
        with sink._lock:
            sink.messages.append((recipients, b"".join(lines).decode("utf-8", "replace")))
        self._reply("250 OK")
        return True

    def _reply(self, *lines):
        self.wfile.write("".join(f"{line}\r\n" for line in lines).encode())
