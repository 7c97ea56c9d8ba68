"""Load benchmark of the public pages on PostgreSQL, against a trivial view, in one run.

    make bench            # or: .venv/bin/python bench/run.py

Steps: a dedicated database (BENCH_DATABASE_URL) is migrated and seeded to at least
1,000 commitments, 20,000 data points and 3,000 organisations; gunicorn serves the
production settings on 127.0.0.1; wrk drives each endpoint at a fixed concurrency; the
table and bench/results.json compare every endpoint with /healthz, which touches
neither the database nor a template. Exits non-zero only when the setup fails, never
because a performance target is missed. See bench/README.md.
"""

import datetime
import json
import math
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess  # noqa: S404 (runs our own manage.py, gunicorn and wrk)
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
PY = sys.executable
RESULTS = BENCH_DIR / "results.json"
LUA = BENCH_DIR / "report.lua"

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench"
)
HOST = "127.0.0.1"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
DURATION = int(os.environ.get("BENCH_DURATION", "15"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "3"))
# Redis as the cache, like production; a separate database number from any other use.
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
# The whole run, seeding included, is bounded.
DEADLINE_S = int(os.environ.get("BENCH_DEADLINE", "2400"))

WANT_COMMITMENTS = 1_000
WANT_DATA_POINTS = 20_000
WANT_ORGANISATIONS = 3_000
# seed_demo --scale N adds 20 * (N - 1) organisations and 12 * (N - 1) commitments.
SCALE = int(
    os.environ.get(
        "BENCH_SCALE",
        str(1 + max(math.ceil(WANT_ORGANISATIONS / 20), math.ceil(WANT_COMMITMENTS / 12))),
    )
)

P95_TARGET_MS = 100.0
TRACKER_RATIO_TARGET = 0.5
TRIVIAL = "/healthz"


class SetupError(Exception):
    """The benchmark could not be prepared: nothing meaningful was measured."""


def log(message):
    print(f"[bench] {message}", flush=True)


# --- environment -----------------------------------------------------------------


def base_env(**extra):
    """The environment for our subprocesses: nothing inherited that picks settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DJANGO_ENV",
            "DJANGO_SETTINGS_MODULE",
            "DATABASE_URL",
            "REDIS_URL",
            "ALLOWED_HOSTS",
            "SECRET_KEY",
        }
        and not k.lower().endswith("_proxy")
    }
    env.update({"PYTHONUNBUFFERED": "1", "DATABASE_URL": DATABASE_URL, "DEBUG": "0"})
    env.update(extra)
    return env


def run(args, *, env, timeout, what):
    log(what)
    try:
        proc = subprocess.run(  # noqa: S603 (fixed argument lists, no shell)
            args, cwd=ROOT, env=env, timeout=timeout, capture_output=True, text=True
        )
    except subprocess.TimeoutExpired as exc:
        raise SetupError(f"{what}: timed out after {timeout} s") from exc
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-30:])
        raise SetupError(f"{what}: exit status {proc.returncode}\n{tail}")
    return proc.stdout


def ensure_wrk():
    if shutil.which("wrk"):
        return
    if os.geteuid() != 0:
        raise SetupError("wrk is missing; install it (Debian: sudo apt-get install -y wrk).")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(["apt-get", "update"], env=env, timeout=600, what="Installing wrk: apt-get update")
    run(["apt-get", "install", "-y", "wrk"], env=env, timeout=600, what="apt-get install wrk")
    if not shutil.which("wrk"):
        raise SetupError("wrk is still missing after apt-get install.")


def check_local(url):
    host = urllib.parse.urlsplit(url).hostname
    if host not in {"127.0.0.1", "localhost", "::1"}:
        raise SetupError(f"The benchmark only talks to 127.0.0.1; {url!r} points at {host!r}.")


def ensure_database():
    """Create the benchmark database when it does not exist yet."""
    import psycopg
    from psycopg import sql

    check_local(DATABASE_URL)
    parts = urllib.parse.urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    if not name:
        raise SetupError("BENCH_DATABASE_URL names no database.")
    maintenance = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(maintenance, autocommit=True, connect_timeout=10) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                log(f"Creating database {name}")
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as exc:
        raise SetupError(f"PostgreSQL at {parts.hostname}:{parts.port or 5432}: {exc}") from exc


def redis_available():
    check_local(REDIS_URL)
    parts = urllib.parse.urlsplit(REDIS_URL)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=2) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def free_port(preferred):
    with socket.socket() as s:
        try:
            s.bind((HOST, preferred))
            return preferred
        except OSError:
            s.bind((HOST, 0))
            return s.getsockname()[1]


# --- data --------------------------------------------------------------------------


def seed():
    env = base_env(DJANGO_SETTINGS_MODULE="portal.settings.base")
    manage = [PY, "manage.py"]
    run([*manage, "migrate", "--noinput"], env=env, timeout=600, what="migrate")
    run(
        [*manage, "seed_demo", "--scale", str(SCALE)],
        env=env,
        timeout=1200,
        what=f"seed_demo --scale {SCALE}",
    )


def setup_django():
    """This process reads the benchmark database through the ORM (base settings)."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings.base",
        DATABASE_URL=DATABASE_URL,
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        LOG_LEVEL="ERROR",
    )
    os.environ.pop("REDIS_URL", None)
    # Base settings point STATIC_ROOT at staticfiles/, which may not exist here.
    warnings.filterwarnings("ignore", message="No directory at")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def top_up_data_points():
    """Synthetic quarterly data points until there are WANT_DATA_POINTS (idempotent).

    The tuples are generated in a fixed order (indicator bench-NN x country x quarter)
    and inserted with ignore_conflicts, so a second run adds only what is missing.
    """
    from django.db import transaction

    from commitments.enums import IndicatorKind, IndicatorStatus, PeriodKind, Reporter
    from commitments.models import DataPoint, Indicator
    from portal.models import Country, Pillar

    missing = WANT_DATA_POINTS - DataPoint.objects.count()
    if missing <= 0:
        return 0
    countries = list(Country.objects.order_by("code"))
    pillars = list(Pillar.objects.order_by("number"))
    quarters = [datetime.date(2014 + q // 4, 1 + 3 * (q % 4), 1) for q in range(48)]
    created = 0
    with transaction.atomic():
        for n in range(1, 101):
            indicator, new = Indicator.objects.get_or_create(
                code=f"bench-{n:02d}",
                defaults={
                    "name_en": f"Benchmark indicator {n:02d}",
                    "original_language": "en",
                    "kind": IndicatorKind.QUANTITATIVE,
                    "unit": "people",
                    "status": IndicatorStatus.ADOPTED,
                },
            )
            if new and pillars:
                indicator.pillars.set([pillars[n % len(pillars)]])
            batch = [
                DataPoint(
                    indicator=indicator,
                    country=country,
                    period_kind=PeriodKind.QUARTER,
                    period_start=start,
                    value=(n * 997 + c * 31 + q * 7) % 10_000,
                    source="Synthetic benchmark data",
                    reported_by=Reporter.GOVERNMENT,
                )
                for c, country in enumerate(countries)
                for q, start in enumerate(quarters)
            ]
            DataPoint.objects.bulk_create(batch, batch_size=1000, ignore_conflicts=True)
            created += len(batch)
            if DataPoint.objects.count() >= WANT_DATA_POINTS:
                break
    return created


def analyze():
    """Fresh planner statistics: bulk-loaded tables are otherwise estimated far too small."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def data_counts():
    from django.db.models import Count

    from commitments.enums import Publication
    from commitments.models import Commitment, DataPoint, Indicator, ProgressUpdate
    from portal.models import Country, Organisation

    public = Commitment.objects.exclude(publication=Publication.DRAFT)
    return {
        "commitments": Commitment.objects.count(),
        "commitments_public": public.count(),
        "commitments_public_CO": public.filter(countries__code="CO").distinct().count(),
        "progress_updates": ProgressUpdate.objects.count(),
        "organisations": Organisation.objects.count(),
        "indicators": Indicator.objects.count(),
        "data_points": DataPoint.objects.count(),
        "data_points_CO": DataPoint.objects.filter(country__code="CO").count(),
        "countries": Country.objects.count(),
        "max_updates_on_one_commitment": (
            public.annotate(n=Count("updates")).order_by("-n").values_list("n", flat=True).first()
        ),
    }


def pick_commitment():
    """A public commitment with progress updates: the one with the most."""
    from django.db.models import Count

    from commitments.enums import Publication
    from commitments.models import Commitment

    commitment = (
        Commitment.objects.exclude(publication=Publication.DRAFT)
        .annotate(n=Count("updates"))
        .filter(n__gt=0)
        .order_by("-n", "pk")
        .first()
    )
    if commitment is None:
        raise SetupError("No public commitment with progress updates after seeding.")
    return commitment.pk


def query_counts(paths):
    """SQL queries and response size of one request per path, in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(raise_request_exception=False)
    counts = {}
    for path in paths:
        client.get(path)  # first request: lazy imports, translations, URL resolver
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(path)
            body = b"".join(response) if response.streaming else response.content
            elapsed = (time.perf_counter() - started) * 1000
        counts[path] = {
            "status": response.status_code,
            "queries": len(ctx.captured_queries),
            "bytes": len(body),
            "single_request_ms": round(elapsed, 1),
        }
    return counts


# --- server ------------------------------------------------------------------------


def http_get(url, timeout=10):
    """One GET without any proxy; returns (status, body)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=timeout) as response:  # noqa: S310 (http://127.0.0.1 only)
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def workers():
    return int(os.environ.get("BENCH_WORKERS", str(2 * cpu_count() + 1)))


def cpu_count():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def server_env(static_root, use_redis):
    env = base_env(
        DJANGO_SETTINGS_MODULE="bench_settings",
        PYTHONPATH=os.pathsep.join([str(BENCH_DIR), str(ROOT)]),
        BENCH_STATIC_ROOT=str(static_root),
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="0",
        # The API's anonymous throttle (120/minute by default) would turn the
        # API run into a measurement of 429 responses.
        API_ANON_RATE="100000000/minute",
        LOG_LEVEL="WARNING",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    if use_redis:
        env["REDIS_URL"] = REDIS_URL
    return env


def start_server(env, port, log_path):
    args = [
        PY,
        "-m",
        "gunicorn",
        "portal.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers()),
        "--worker-class",
        "sync",
        "--timeout",
        "30",
        "--log-level",
        "warning",
        "--error-logfile",
        str(log_path),
    ]
    log(f"gunicorn: {workers()} sync workers on {HOST}:{port}")
    proc = subprocess.Popen(  # noqa: S603 (fixed argument list, no shell)
        args,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SetupError(f"gunicorn exited with {proc.returncode}; see {log_path}")
        try:
            if http_get(f"http://{HOST}:{port}{TRIVIAL}", timeout=2)[0] == 200:
                return proc
        except OSError:
            pass
        time.sleep(0.3)
    raise SetupError("gunicorn did not answer /healthz within 60 s.")


def stop_server(proc):
    if proc is None or proc.poll() is not None:
        return
    log("Stopping gunicorn")
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


# --- load --------------------------------------------------------------------------


def wrk(url, duration):
    args = [
        shutil.which("wrk") or "/usr/bin/wrk",
        f"--threads={THREADS}",
        f"--connections={CONNECTIONS}",
        f"--duration={duration}s",
        "--timeout=10s",
        f"--script={LUA}",
        url,
    ]
    proc = subprocess.run(  # noqa: S603 (fixed argument list, no shell)
        args, capture_output=True, text=True, timeout=duration + 60, env=base_env()
    )
    for line in proc.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line.removeprefix("BENCH_JSON "))
    raise RuntimeError(f"wrk printed no result (exit {proc.returncode}): {proc.stderr.strip()}")


def measure(base, targets):
    results = []
    trivial_rps = None
    for name, path in targets:
        url = base + path
        status, body = http_get(url, timeout=30)
        row = {"name": name, "url": path, "status": status, "response_bytes": len(body)}
        if status == 404:
            log(f"{name}: {path} answers 404, reported as missing")
            results.append({**row, "missing": True})
            continue
        if status != 200:
            log(f"{name}: {path} answers {status}; measured anyway, counted as errors")
        log(f"{name}: warm-up {WARMUP} s, then {DURATION} s at {CONNECTIONS} connections")
        try:
            wrk(url, WARMUP)
            stats = wrk(url, DURATION)
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            log(f"{name}: {exc}")
            results.append({**row, "failed": str(exc)})
            continue
        if path == TRIVIAL:
            trivial_rps = stats["requests_per_s"]
        row.update(
            requests=stats["requests"],
            requests_per_s=stats["requests_per_s"],
            mean_ms=stats["mean_ms"],
            p50_ms=stats["p50_ms"],
            p90_ms=stats["p90_ms"],
            p95_ms=stats["p95_ms"],
            p99_ms=stats["p99_ms"],
            max_ms=stats["max_ms"],
            errors=stats["errors"],
            non_2xx=stats["non_2xx"],
            socket_errors=stats["socket_errors"],
        )
        results.append(row)
    for row in results:
        if trivial_rps and "requests_per_s" in row:
            row["ratio_to_trivial"] = round(row["requests_per_s"] / trivial_rps, 3)
    return results


# --- report ------------------------------------------------------------------------


def machine_info():
    model = ""
    memory_kb = 0
    try:
        with open("/proc/cpuinfo") as f:
            model = next(ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name"))
        with open("/proc/meminfo") as f:
            memory_kb = int(next(ln.split()[1] for ln in f if ln.startswith("MemTotal")))
    except (OSError, StopIteration):
        pass
    wrk_version = subprocess.run(  # noqa: S603 (fixed argument list, no shell)
        [shutil.which("wrk") or "/usr/bin/wrk", "--version"],
        capture_output=True,
        text=True,
        timeout=10,
    ).stdout.splitlines()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {
        "nproc": cpu_count(),
        "cpu_model": model or platform.processor(),
        "memory_mb": memory_kb // 1024,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "postgresql": postgres,
        "wrk": wrk_version[0] if wrk_version else "",
    }


def targets_met(results):
    trivial = next((r for r in results if r["url"] == TRIVIAL and "requests_per_s" in r), None)
    checks = []
    for row in results:
        if row["url"] == TRIVIAL:
            continue
        if "p95_ms" not in row:
            checks.append((f"p95 < {P95_TARGET_MS:.0f} ms: {row['name']}", None, "not measured"))
            continue
        ok = row["p95_ms"] < P95_TARGET_MS and row["errors"] == 0
        detail = f"p95 {row['p95_ms']:.1f} ms, {row['errors']} errors"
        checks.append((f"p95 < {P95_TARGET_MS:.0f} ms: {row['name']}", ok, detail))
    tracker = next((r for r in results if r["url"] == "/en/tracker/"), None)
    if trivial and tracker and "ratio_to_trivial" in tracker:
        ratio = tracker["ratio_to_trivial"]
        checks.append(
            (
                f"tracker >= {TRACKER_RATIO_TARGET:.0%} of trivial throughput",
                ratio >= TRACKER_RATIO_TARGET,
                f"{ratio:.1%} ({tracker['requests_per_s']:.0f} / "
                f"{trivial['requests_per_s']:.0f} req/s)",
            )
        )
    else:
        checks.append((f"tracker >= {TRACKER_RATIO_TARGET:.0%} of trivial", None, "no data"))
    return checks


def print_table(results, queries):
    header = (
        f"{'endpoint':<22} {'status':>6} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'errors':>7} {'ratio':>6} {'SQL':>4} {'KiB':>6}"
    )
    print()
    print(header)
    print("-" * len(header))
    for row in results:
        q = queries.get(row["url"], {})
        sql_count = str(q.get("queries", "")) if q.get("status") == 200 else ""
        size = f"{row['response_bytes'] / 1024:.0f}"
        if "requests_per_s" not in row:
            note = "missing (404)" if row.get("missing") else "failed"
            print(f"{row['name']:<22} {row['status']:>6} {note:>44} {sql_count:>4} {size:>6}")
            continue
        print(
            f"{row['name']:<22} {row['status']:>6} {row['requests_per_s']:>8.1f} "
            f"{row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} {row['p99_ms']:>8.1f} "
            f"{row['errors']:>7} {row.get('ratio_to_trivial', 0):>6.2f} {sql_count:>4} {size:>6}"
        )
    print()


def on_deadline(signum, frame):
    raise TimeoutError(f"the whole run took longer than {DEADLINE_S} s (BENCH_DEADLINE)")


def main():
    started = time.monotonic()
    signal.signal(signal.SIGALRM, on_deadline)
    signal.alarm(DEADLINE_S)
    server = None
    static_root = Path(tempfile.mkdtemp(prefix="portal-bench-static-"))
    try:
        ensure_wrk()
        ensure_database()
        seed()
        setup_django()
        added = top_up_data_points()
        if added:
            log(f"Added synthetic data points ({added} attempted) to reach {WANT_DATA_POINTS}")
        analyze()
        counts = data_counts()
        log("Data: " + ", ".join(f"{k}={v}" for k, v in counts.items()))
        short = [
            k
            for k, want in (
                ("commitments", WANT_COMMITMENTS),
                ("data_points", WANT_DATA_POINTS),
                ("organisations", WANT_ORGANISATIONS),
            )
            if counts[k] < want
        ]
        if short:
            raise SetupError(f"Seeding fell short of the targets for: {', '.join(short)}")
        commitment_id = pick_commitment()
        targets = [
            ("trivial /healthz", TRIVIAL),
            ("tracker", "/en/tracker/"),
            ("tracker filtered", "/en/tracker/?country=CO&pillar=1&status=in_progress"),
            ("commitment page", f"/en/commitments/{commitment_id}/"),
            ("country page CO", "/en/countries/CO/"),
            ("API commitments", "/api/v1/commitments/"),
            ("tracker CSV CO", "/en/tracker/export.csv?country=CO"),
        ]
        queries = query_counts([path for _name, path in targets])
        machine = machine_info()
        from django.db import connections

        connections.close_all()

        use_redis = redis_available()
        env = server_env(static_root, use_redis)
        run(
            [PY, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            env=env,
            timeout=300,
            what="collectstatic (production settings, temporary STATIC_ROOT)",
        )
        load = os.getloadavg()[0]
        if load > machine["nproc"]:
            log(f"Note: load average {load:.1f} on {machine['nproc']} CPUs; numbers will be low")
        port = free_port(PORT)
        server = start_server(env, port, static_root / "gunicorn.log")
        results = measure(f"http://{HOST}:{port}", targets)
        stop_server(server)
        server = None

        print_table(results, queries)
        checks = targets_met(results)
        print("Targets:")
        for label, ok, detail in checks:
            mark = {True: "met   ", False: "MISSED", None: "n/a   "}[ok]
            print(f"  [{mark}] {label} ({detail})")
        missing = [r["url"] for r in results if r.get("missing")]
        if missing:
            print("Missing endpoints (404): " + ", ".join(missing))
        for row in results:
            row.update({"sql_" + k: v for k, v in queries.get(row["url"], {}).items()})
        report = {
            "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "database": DATABASE_URL.rsplit("@", 1)[-1],
            "settings": "portal.settings.production (via bench/bench_settings.py)",
            "server": {
                "gunicorn_workers": workers(),
                "worker_class": "sync",
                "cache": "redis" if use_redis else "locmem",
            },
            "load": {
                "tool": "wrk",
                "connections": CONNECTIONS,
                "threads": THREADS,
                "duration_s": DURATION,
                "warmup_s": WARMUP,
            },
            "machine": machine,
            "data": counts,
            "endpoints": results,
            "targets": [{"target": t, "met": ok, "detail": d} for t, ok, d in checks],
            "elapsed_s": round(time.monotonic() - started, 1),
        }
        RESULTS.write_text(json.dumps(report, indent=2) + "\n")
        log(f"Wrote {RESULTS.relative_to(ROOT)} in {report['elapsed_s']} s")
        return 0
    except (SetupError, TimeoutError) as exc:
        print(f"[bench] setup failed: {exc}", file=sys.stderr)
        log_path = static_root / "gunicorn.log"
        if log_path.exists():
            print(log_path.read_text()[-3000:], file=sys.stderr)
        return 1
    finally:
        signal.alarm(0)
        stop_server(server)
        shutil.rmtree(static_root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
