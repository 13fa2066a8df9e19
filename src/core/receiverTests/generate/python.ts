/**
 * The generated pytest tests: a signing helper that needs nothing but Python's standard library (hmac, hashlib,
 * urllib), and a test file whose marked region sends the platform's rule cases and every saved fixture to the
 * receiver. The secret comes from an environment variable only.
 */
import { REGION_BEGIN, REGION_END, WHOLE_FILE_MARK } from './region';
import { emittedCases, ENV, relativeFrom, type GenerateOptions, type GeneratedFile } from './plan';

export const PY_HELPER = 'transcrypts_signing.py';
export const PY_TEST = 'test_transcrypts_receiver.py';

export function pythonFiles(o: GenerateOptions): GeneratedFile[] {
  return [
    { path: `${o.testDir}/${PY_HELPER}`, content: pythonHelper(), kind: 'helper' },
    { path: `${o.testDir}/${PY_TEST}`, content: pythonTest(o), kind: 'test' },
  ];
}

/** A Python literal of JSON data (JSON strings are Python string literals; true/false/null are not Python's). */
export function pyLiteral(v: unknown, indent = ''): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'None';
  if (typeof v === 'string') return JSON.stringify(v);
  const inner = `${indent}    `;
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[\n${v.map((x) => `${inner}${pyLiteral(x, inner)},`).join('\n')}\n${indent}]`;
  const entries = Object.entries(v as Record<string, unknown>);
  return entries.length === 0 ? '{}' : `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${pyLiteral(x, inner)},`).join('\n')}\n${indent}}`;
}

function pythonHelper(): string {
  return `# ${WHOLE_FILE_MARK} ("Generate Receiver Tests"). Regenerating rewrites this whole file: keep your own code elsewhere.
# Self-contained: Python's standard library only (hmac, hashlib, urllib). It signs as the platform does.
import hashlib
import hmac
import json
import os
import secrets
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

# The platform's rule: the receiver answers 2xx within 10 s, else the delivery counts as failed and is retried.
ANSWER_WITHIN_S = 10


def sign(body: bytes, secret: str, fmt: str) -> str:
    """X-WEBHOOK-SIGN: the HMAC-SHA256 of the raw body keyed with the environment's secret, lowercase hex (v1=<hex> on Truv)."""
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return f"v1={digest}" if fmt == "v1" else digest


def receiver(defaults: dict) -> dict:
    """Where to send and what signs: ${ENV.url}, ${ENV.secret} and ${ENV.format}, else the defaults."""
    secret = os.environ.get("${ENV.secret}")
    if not secret:
        raise AssertionError("Set ${ENV.secret} to the secret your receiver verifies signatures with (a test secret, never Production's).")
    fmt = os.environ.get("${ENV.format}") or defaults["format"]
    if fmt not in ("hex", "v1"):
        raise AssertionError(f'${ENV.format} must be hex or v1, not "{fmt}".')
    return {"url": os.environ.get("${ENV.url}") or defaults["url"], "secret": secret, "format": fmt}


def _padded(body: str, size: int) -> str:
    """The body with a "padding" field that makes it size bytes long (a large payroll object)."""
    head = body[:-1] + ("," if len(body) > 2 else "") + '"padding":"'
    return head + "x" * max(0, size - len(head.encode("utf-8")) - 2) + '"}'


def _opener(url: str):
    # A receiver on this machine is reached directly, whatever proxy the environment names.
    host = urlsplit(url).hostname or ""
    direct = host in ("localhost", "127.0.0.1", "::1") or host.endswith(".localhost")
    return urllib.request.build_opener(urllib.request.ProxyHandler({})) if direct else urllib.request.build_opener()


${PY_DELIVER}`;
}

/** The helper's sending part: the receiver's answer judged by the platform's rules; and the fixtures. */
const PY_DELIVER = `def deliver(request: dict, to: dict) -> None:
    """Sends one request as the platform does and judges the answer by its rules; raises what went wrong."""
    body = _padded(request["body"], request["padTo"]) if request.get("padTo") else request["body"]
    headers = {"Content-Type": "application/json", "User-Agent": "Transcrypts-Receiver-Tests"}
    if request["sign"] != "none":
        key = secrets.token_hex(16) if request["sign"] == "other-secret" else to["secret"]
        headers["X-WEBHOOK-SIGN"] = sign(request.get("signOver", body).encode("utf-8"), key, to["format"])
    url = to["url"]
    started = time.monotonic()
    try:
        req = urllib.request.Request(url, data=body.encode("utf-8"), headers=headers, method="POST")
        with _opener(url).open(req, timeout=ANSWER_WITHIN_S + 1) as res:
            status, text = res.status, res.read(300).decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read(300).decode("utf-8", "replace")
    except urllib.error.URLError as e:
        if isinstance(e.reason, ConnectionRefusedError):
            raise AssertionError(f"Connection refused at {url}: start your receiver, or set ${ENV.url}.") from None
        if isinstance(e.reason, (socket.timeout, TimeoutError)):
            raise AssertionError(f"No answer from {url} within {ANSWER_WITHIN_S} s: the platform would have given up and retried.") from None
        raise AssertionError(f"Could not reach {url}: {e.reason}") from None
    except (socket.timeout, TimeoutError):
        raise AssertionError(f"No answer from {url} within {ANSWER_WITHIN_S} s: the platform would have given up and retried.") from None
    seconds = time.monotonic() - started
    said = f"Answered {status} to {request['note']}" + (f' ("{text}")' if text else "")
    if request["expect"] == "accept" and not 200 <= status <= 299:
        raise AssertionError(f"{said}: the platform counts anything but 2xx as a failure and retries.")
    if request["expect"] == "refuse" and status < 300:
        raise AssertionError(f"{said}: the receiver accepted a forged delivery. Verify X-WEBHOOK-SIGN over the raw body and answer 401.")
    if request["expect"] == "refuse" and not 400 <= status <= 499:
        raise AssertionError(f"{said}: refuse a forged delivery with a 4xx (401) before any handler runs.")
    if seconds > ANSWER_WITHIN_S:
        raise AssertionError(f"Answered in {seconds:.1f} s, over the platform's {ANSWER_WITHIN_S} s: it would count as failed and retry.")


def fixtures(folder: Path) -> list:
    """The saved fixtures under folder: every .json file (not .schema.json), sorted; none when the folder is absent."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.rglob("*.json") if p.is_file() and not p.name.endswith(".schema.json")]
    return [{"rel": p.relative_to(folder).as_posix(), "path": str(p)} for p in sorted(found, key=lambda p: p.relative_to(folder).as_posix())]


def fixture_request(fixture: dict) -> dict:
    """A fixture as the platform would send it: compact JSON, signed."""
    try:
        payload = json.loads(Path(fixture["path"]).read_text(encoding="utf-8"))
    except ValueError as e:
        raise AssertionError(f"The fixture {fixture['rel']} is not valid JSON ({e}). Fix or delete the file.") from None
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    return {"note": f"the fixture {fixture['rel']}", "expect": "accept", "sign": "valid", "body": body}
`;

function pythonTest(o: GenerateOptions): string {
  return `# Receiver tests for the Transcrypts webhooks: the platform's rules and every saved fixture, sent signed to your
# receiver. Run with ${ENV.secret} set (the secret your receiver verifies with) and the receiver running;
# ${ENV.url} overrides the address below. Add your own tests above or below the generated region.

# ${REGION_BEGIN} — "Generate Receiver Tests" rewrites the lines up to the end marker; edit outside them.
from pathlib import Path

import pytest

try:
    from . import transcrypts_signing as signing
except ImportError:
    import transcrypts_signing as signing

DEFAULTS = {"url": ${JSON.stringify(o.url)}, "format": ${JSON.stringify(o.format)}}
FIXTURES = Path(__file__).resolve().parent / ${JSON.stringify(relativeFrom(o.testDir, o.fixturesDir))}

# The platform's rules (the Transcrypts docs: webhook deliveries), as the receiver tests in VS Code run them.
RULES = ${pyLiteral(emittedCases(o.eventTypes))}


@pytest.mark.parametrize("rule", RULES, ids=[r["name"] for r in RULES])
def test_platform_rule(rule):
    to = signing.receiver(DEFAULTS)
    for request in rule["requests"]:
        signing.deliver(request, to)


@pytest.mark.parametrize("fixture", signing.fixtures(FIXTURES), ids=lambda f: f["rel"])
def test_fixture(fixture):
    signing.deliver(signing.fixture_request(fixture), signing.receiver(DEFAULTS))
# ${REGION_END}
`;
}
