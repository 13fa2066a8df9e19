"""A webhook receiver written from the Transcrypts documents alone (docs/platform.md, "Deliveries"), with
Python's standard library: X-WEBHOOK-SIGN is the HMAC-SHA256 of the raw body keyed with the environment's access
secret, as lowercase hex, compared in constant time (hmac.compare_digest). Anything else is refused with 401.

It shares no code with the extension: the receiver tests run against it to prove they sign as the documents say.
Run: TRANSCRYPTS_WEBHOOK_SECRET=... python3 documented_receiver.py [--lax]; it listens on 127.0.0.1 on a free port
(or PORT) and prints "listening on http://127.0.0.1:<port>/webhooks" once ready. --lax accepts any signature
(a deliberately broken receiver, which the forgery cases must fail).
"""
import hashlib
import hmac
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECRET = os.environ["TRANSCRYPTS_WEBHOOK_SECRET"].encode("utf-8")
LAX = "--lax" in sys.argv
seen = set()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        expected = hmac.new(SECRET, raw, hashlib.sha256).hexdigest()
        given = self.headers.get("X-WEBHOOK-SIGN", "")
        if not LAX and not hmac.compare_digest(expected, given):
            return self.answer(401, b"invalid signature")
        try:
            event = json.loads(raw)
        except ValueError:
            return self.answer(400, b"not JSON")
        # Deliveries may come twice (retries): acknowledge a duplicate without handling it again.
        key = (event.get("webhook_id"), event.get("event_type") or event.get("event"), event.get("updated_at"))
        seen.add(key)
        self.answer(200, b"ok")

    def answer(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "0"))), Handler)
print(f"listening on http://127.0.0.1:{server.server_address[1]}/webhooks", flush=True)
server.serve_forever()
