"""The load generator for `make bench`: its own process, stdlib only, talking HTTP over loopback.

Reads its plan as JSON on stdin and writes the results as JSON on stdout. Each hot path runs
with a few threads, each with its own connection and session, for a bounded time and count.
Requests carry X-Forwarded-Proto: https, as the TLS proxy in front of production adds, and a
distinct X-Forwarded-For per fictional person, so the per-address limits see many people.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import random
import re
import statistics
import struct
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from typing import Any

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CASE_LINK = re.compile(r'href="/cases/([0-9a-f-]{36})/"')


def totp(key_hex: str, at: float | None = None) -> str:
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


class Client:
    def __init__(self, host: str, port: int, address: str) -> None:
        self.conn = http.client.HTTPConnection(host, port, timeout=60)
        self.cookies: dict[str, str] = {}
        self.address = address
        self.token = ""
        self.case_codes: list[str] = []
        self.given: dict[str, str] = {}

    def request(
        self, method: str, path: str, form: dict[str, Any] | None = None
    ) -> tuple[int, str]:
        headers = {
            "Host": "127.0.0.1",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
            "Referer": "https://127.0.0.1" + path,
            "Origin": "https://127.0.0.1",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.token, **form}, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn.connect()
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        found = CSRF.search(text)
        if found:
            self.token = found.group(1)
        return response.status, text

    def get(self, path: str) -> tuple[int, str]:
        return self.request("GET", path)

    def post(self, path: str, form: dict[str, Any]) -> tuple[int, str]:
        return self.request("POST", path, form)


def sign_in(client: Client, email: str, password: str, key: str) -> bool:
    client.get("/accounts/login/")
    status, _ = client.post("/accounts/login/", {"email": email, "password": password})
    if status != 302:
        return False
    for attempt in range(2):
        client.get("/accounts/two-factor/")
        status, _ = client.post("/accounts/two-factor/", {"token": totp(key)})
        if status == 302:
            return True
        if attempt == 0:
            time.sleep(31 - time.time() % 30)  # this code was used already: wait for the next
    return False


RAISE_STEPS: list[tuple[str, dict[str, Any]]] = [
    ("what-happened", {"narrative": "My manager keeps making comments about my accent."}),
    ("themes", {}),
    ("directorates", {}),
    ("what-you-want", {"want": "heard"}),
    ("contact", {"method": "service"}),
    ("about-you", {"named": "no"}),
    ("champion", {"preferences": ""}),
    ("sharing", {"share_with_director": "anonymous", "share_with_manager": "none"}),
    ("passphrase", {"choice": "suggested"}),
]


def run_path(
    name: str,
    threads: list[Any],
    prepare: Callable[[Any], None] | None,
    timed: Callable[[Any], int],
    expect: int,
    seconds: float,
    limit: int,
) -> dict[str, Any]:
    latencies: list[float] = []
    bad: dict[str, int] = {}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    done = [0]

    def worker(state: Any) -> None:
        while time.monotonic() < deadline:
            with lock:
                if done[0] >= limit:
                    return
                done[0] += 1
            if prepare:
                prepare(state)
            began = time.perf_counter()
            try:
                status = timed(state)
            except Exception as error:  # a bench records failures, never stops
                status = type(error).__name__  # type: ignore[assignment]
            took = time.perf_counter() - began
            with lock:
                latencies.append(took)
                if status != expect:
                    bad[str(status)] = bad.get(str(status), 0) + 1

    began = time.monotonic()
    cpu_began = time.process_time()
    workers = [threading.Thread(target=worker, args=(s,)) for s in threads]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    wall = time.monotonic() - began
    return {
        "path": name,
        **summarise(latencies, wall),
        "concurrency": len(threads),
        # The load generator's own CPU over the wall time: near 1.0 it is one busy core (its
        # threads share one interpreter lock), so it, not the service, would set the pace.
        "client_cpu": round((time.process_time() - cpu_began) / wall, 2) if wall else None,
        "unexpected": bad,
    }


def summarise(latencies: list[float], wall: float) -> dict[str, Any]:
    if not latencies:
        return {"requests": 0, "rps": 0.0, "p50_ms": None, "p95_ms": None, "p99_ms": None}
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 1)

    return {
        "requests": len(latencies),
        "rps": round(len(latencies) / wall, 1),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1),
        "wall_s": round(wall, 1),
    }


def main() -> None:
    plan = json.load(sys.stdin)
    host, port = "127.0.0.1", int(plan["port"])
    seconds, limit, threads = float(plan["seconds"]), int(plan["limit"]), int(plan["threads"])
    password, key = plan["password"], plan["totp_key"]
    rng = random.Random(7)  # noqa: S311 (choosing pages to load, not secrets)
    counter = [0]

    def address() -> str:
        counter[0] += 1
        return f"10.{counter[0] // 65536 % 256}.{counter[0] // 256 % 256}.{counter[0] % 256}"

    def client() -> Client:
        return Client(host, port, address())

    def signed_in(email: str) -> Client:
        c = client()
        if not sign_in(c, email, password, key):
            print(f"bench: could not sign in as {email}", file=sys.stderr)
        return c

    results = []
    # BENCH_ONLY (comma-separated parts of path names) measures some paths alone, e.g. "raise".
    only = [part.strip() for part in str(plan.get("only", "")).split(",") if part.strip()]

    def wanted(name: str) -> bool:
        return not only or any(part in name for part in only)

    def report(result: dict[str, Any]) -> None:
        results.append(result)
        print(
            f"  {result['path']:<28} {result['requests']:>6} requests  {result['rps']:>8} /s  "
            f"p50 {result['p50_ms']} ms  p95 {result['p95_ms']} ms  p99 {result['p99_ms']} ms"
            f"  client CPU {result.get('client_cpu')}"
            + (f"  unexpected {result['unexpected']}" if result["unexpected"] else ""),
            file=sys.stderr,
        )

    # The ceiling is always measured: every other figure is read against it.
    anonymous = [client() for _ in range(threads)]
    report(
        run_path(
            "ceiling: /bench/ok",
            anonymous,
            None,
            lambda c: c.get("/bench/ok")[0],
            200,
            seconds,
            limit,
        )
    )

    if wanted("champion /cases/") or wanted("case page /cases/<code>/"):
        champions = [signed_in(email) for email in plan["champions"][:threads]]
        if wanted("champion /cases/"):
            report(
                run_path(
                    "champion /cases/",
                    champions,
                    None,
                    lambda c: c.get("/cases/")[0],
                    200,
                    seconds,
                    limit,
                )
            )
        for c in champions:
            c.case_codes = CASE_LINK.findall(c.get("/cases/")[1]) or [
                "00000000-0000-0000-0000-000000000000"
            ]
        if wanted("case page /cases/<code>/"):
            report(
                run_path(
                    "case page /cases/<code>/",
                    champions,
                    None,
                    lambda c: c.get(f"/cases/{rng.choice(c.case_codes)}/")[0],
                    200,
                    seconds,
                    limit,
                )
            )

    if wanted("lead /cases/triage/") or wanted("lead /insights/"):
        lead = signed_in(plan["lead"])
        leads = [lead] + [Client(host, port, address()) for _ in range(threads - 1)]
        for c in leads[1:]:
            c.cookies = dict(lead.cookies)
        if wanted("lead /cases/triage/"):
            report(
                run_path(
                    "lead /cases/triage/",
                    leads,
                    None,
                    lambda c: c.get("/cases/triage/")[0],
                    200,
                    seconds,
                    limit,
                )
            )
        if wanted("lead /insights/"):
            report(
                run_path(
                    "lead /insights/",
                    leads,
                    None,
                    lambda c: c.get("/insights/")[0],
                    200,
                    seconds,
                    min(limit, 200),
                )
            )

    def lead_page(name: str, path: str) -> None:
        if wanted(name):
            report(run_path(name, leads, None, lambda c: c.get(path)[0], 200, seconds, limit))

    if any(wanted(n) for n in ("lead /champions/", "lead /champions/workload/")):
        if not (wanted("lead /cases/triage/") or wanted("lead /insights/")):
            lead = signed_in(plan["lead"])
            leads = [lead] + [Client(host, port, address()) for _ in range(threads - 1)]
            for c in leads[1:]:
                c.cookies = dict(lead.cookies)
        lead_page("lead /champions/", "/champions/")
        lead_page("lead /champions/workload/", "/champions/workload/")

    # The Director of Wellbeing: the concerns shared with them, one of those, every action plan.
    director_paths = ("director /cases/", "director case page", "director accountability")
    if plan.get("director") and any(wanted(n) for n in director_paths):
        director = signed_in(plan["director"])
        directors = [director] + [Client(host, port, address()) for _ in range(threads - 1)]
        for c in directors[1:]:
            c.cookies = dict(director.cookies)
        shared = CASE_LINK.findall(director.get("/cases/")[1]) or [
            "00000000-0000-0000-0000-000000000000"
        ]
        for name, call in (
            ("director /cases/", lambda c: c.get("/cases/")[0]),
            ("director case page", lambda c: c.get(f"/cases/{rng.choice(shared)}/")[0]),
            ("director accountability", lambda c: c.get("/actions/accountability/")[0]),
        ):
            if wanted(name):
                report(run_path(name, directors, None, call, 200, seconds, limit))

    if wanted("manager /actions/"):
        managers = [signed_in(email) for email in plan["managers"][:threads]]
        report(
            run_path(
                "manager /actions/",
                managers,
                None,
                lambda c: c.get("/actions/")[0],
                200,
                seconds,
                limit,
            )
        )

    def walk_form(c: Client) -> None:
        c.cookies.clear()
        c.address = address()
        c.get("/raise/")
        for slug, answers in RAISE_STEPS:
            c.get(f"/raise/{slug}/")
            c.post(f"/raise/{slug}/", answers)
        c.get("/raise/check-your-answers/")

    if wanted("raise: final submit"):
        raisers = [client() for _ in range(threads)]
        report(
            run_path(
                "raise: final submit",
                raisers,
                walk_form,
                lambda c: c.post("/raise/check-your-answers/", {})[0],
                302,
                seconds,
                min(limit, 150),
            )
        )

    pool = list(plan["receipts"])

    def track_ready(c: Client) -> None:
        c.cookies.clear()
        c.address = address()
        c.get("/track/")
        c.given = rng.choice(pool)

    if wanted("/track/ sign-in"):
        trackers = [client() for _ in range(threads)]
        report(
            run_path(
                "/track/ sign-in",
                trackers,
                track_ready,
                lambda c: c.post(
                    "/track/", {"receipt": c.given["receipt"], "passphrase": c.given["passphrase"]}
                )[0],
                302,
                seconds,
                # The service allows 300 /track/ attempts in 15 minutes, from everyone together.
                min(limit, int(plan.get("track_limit", 120))),
            )
        )
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
