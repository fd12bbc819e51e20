"""Over real HTTP: gunicorn with the production settings over the national data set, driven by a bounded load
generator, next to the in-process figures of bench/national.py, at two sizes of the data set (issue 20).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/romantik_bench make bench-national
    DATABASE_URL=... .venv/bin/python bench/http_national.py [--sizes 10000,100000] [--quick] [--requests 400]

For each size (submissions; agencies = size / 20, letters = size / 5) a database of its own: DATABASE_URL's for the
largest, DATABASE_URL's name + "_<size>" for the others; each is created, migrated and loaded with
`manage.py seed_bench` when its bench data is absent (a child process: `--prepare`, which also signs the bench
people in and names the subjects, as bench/national.py picks them: the busiest agency and office, the largest
form under review). Then gunicorn starts as production runs it (`-c python:romantik.gunicorn_conf`, 3 sync
workers, DEBUG off, the shared cache in Redis: CACHE_URL, default redis://127.0.0.1:6379/8, the smaller sizes the
databases below it), one server per size side by side, and each page is requested `--requests` times at each
concurrency (8 and 32) by as many threads, a new connection each (gunicorn's sync workers close it), in
`--rounds` turns that alternate the sizes in mirrored order (10k, 100k, 100k, 10k), so that the machine's drift
falls on both sizes alike: requests/s, p50/p95/p99, errors (anything but 200, or no answer in 30 s) and the workers'
largest resident memory. Each page is warmed first (20 requests): the figures are those of a running site.
Then bench/national.py measures in-process over the same databases (`--in-process-requests`, in the same alternating
turns, its samples pooled), and the growth from the smallest to the largest size is printed for both. `--quick`:
sizes 2,000 and 10,000, 120 requests, 10 in-process, a few minutes. Static files are served by the default storage
(no collectstatic; nginx serves them in production and no page here asks for one). Not a test: the machine's other
work shows in the figures (the load average is printed).
"""

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable

# Goals (issue 20): zero errors; p95 at concurrency 8 <= 100 ms; growth from 10k to 100k <= 1.1x.
HTTP_P95_MS = 100.0
GROWTH = 1.1
WARMUP = 20
TIMEOUT_S = 30
QUEUE_FILTER = "?saring=1&status=diperiksa&status=diajukan&jenis=fs3&q=kesehatan"


# --- the child: prepare one database and name its subjects ---------------------------------------------------


def prepare(size: int) -> None:
    """(child process, DATABASE_URL set) Migrate, seed when absent, print the pages and session cookies as JSON."""
    from bench.environment import django_start

    django_start(database_url=os.environ["DATABASE_URL"], throwaway_files=False)
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from bench.environment import database_prepare
    from bench.national import _subjects
    from portal.management.commands.seed_bench import bench_users

    database_prepare()
    # Kept pages and counts are keyed by values another data set has too (a catalogue generation, a page): what an
    # earlier run over another database left in this Redis database would be read as this one's (seen: the 10k
    # catalogue search showing 4 rows of a 2k run's page where 20 match).
    from django.core.cache import cache

    cache.clear()
    if not bench_users().exists():
        started = time.perf_counter()
        call_command(
            "seed_bench", submissions=size, agencies=max(50, size // 20), letters=size // 5, stdout=sys.stderr
        )
        print(f"seeded {size:,} submissions in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    s = _subjects()

    def cookie(user) -> str:
        client = Client()
        client.force_login(user)
        return f"sessionid={client.cookies['sessionid'].value}"

    office, reviewer = s["office"][0], s["office"][1]
    submission = s["submission"][0]
    queue = reverse("review:queue", kwargs={"code": office.code})
    pages = [
        ("agency: my submissions", reverse("submissions:list"), cookie(s["agency"][0])),
        ("office queue, first page", queue, cookie(reviewer)),
        ("office queue, filtered", queue + QUEUE_FILTER, cookie(reviewer)),
        ("review page (largest form)", reverse("review:detail", kwargs={"pk": submission.pk}), None),
        ("catalogue search", reverse("catalogue:list") + "?q=status+gizi", ""),
    ]
    pages[3] = (pages[3][0], pages[3][1], cookie(s["submission_reviewer"]))
    detail = (
        f"{submission.number}: {submission.variables.count()} variables, {submission.indicators.count()} "
        f"indicators, {submission.notes.count()} notes, round {submission.round}"
    )
    print(json.dumps({"pages": pages, "review_subject": detail}))


# --- the parent: gunicorn, the load, the tables ----------------------------------------------------------------


def _database_url(base: str, size: int, largest: int) -> str:
    if size == largest:
        return base
    parts = urlparse(base)
    return urlunparse(parts._replace(path=f"{parts.path}_{size}"))


def _cache_url(base: str, index: int, count: int) -> str:
    """Each size its own Redis database (the largest CACHE_URL's, the others the ones below it): the servers run
    side by side, and kept pages and counts are keyed by values (a catalogue generation, a page) that both data
    sets have."""
    parts = urlparse(base)
    number = int(parts.path.strip("/") or 0) - (count - 1 - index)
    if number < 0:
        raise SystemExit(f"CACHE_URL {base}: too low a Redis database for {count} sizes, one each")
    return urlunparse(parts._replace(path=f"/{number}"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children_of(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))] if ordered else 0.0


def drive(port: int, path: str, cookie: str, *, concurrency: int, total: int) -> dict:
    """`total` GET requests of `path` by `concurrency` threads, each a new connection: latencies (ms), wall time,
    errors."""
    lock = threading.Lock()
    state = {"issued": 0, "errors": 0, "latencies": [], "statuses": {}}
    headers = {"Host": "127.0.0.1", "Accept-Language": "id"}
    if cookie:
        headers["Cookie"] = cookie

    def worker():
        while True:
            with lock:
                if state["issued"] >= total:
                    return
                state["issued"] += 1
            started = time.perf_counter()
            status = "no answer"
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_S)
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
                conn.close()
            except (OSError, http.client.HTTPException):
                pass
            elapsed = time.perf_counter() - started
            with lock:
                state["latencies"].append(elapsed)
                if status != 200:
                    state["errors"] += 1
                    state["statuses"][status] = state["statuses"].get(status, 0) + 1

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    ms = [v * 1000 for v in state["latencies"]]
    return {"ms": ms, "wall": wall, "errors": state["errors"], "statuses": state["statuses"]}


def _gunicorn(env: dict, port: int, workers: int, log) -> subprocess.Popen:
    command = [
        PYTHON, "-m", "gunicorn", "-c", "python:romantik.gunicorn_conf", "romantik.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--access-logfile", "/dev/null",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    deadline = time.time() + 60
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped (exit {process.returncode}); its log: {log.name}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            if len(_children_of(process.pid)) >= workers:
                return process
        except OSError:
            pass
        time.sleep(0.3)
    process.terminate()
    raise SystemExit(f"gunicorn did not start in 60 s; its log: {log.name}")


def _pooled(runs: list[dict]) -> dict:
    """One row from several runs of the same page: latencies pooled, requests/s over the runs' summed wall time."""
    ms = [v for run in runs for v in run["ms"]]
    statuses = {}
    for run in runs:
        for status, count in run["statuses"].items():
            statuses[status] = statuses.get(status, 0) + count
    return {
        "rps": len(ms) / sum(run["wall"] for run in runs),
        "p50": statistics.median(ms),
        "p95": _percentile(ms, 0.95),
        "p99": _percentile(ms, 0.99),
        "errors": sum(run["errors"] for run in runs),
        "statuses": statuses,
    }


def measure_http(envs: dict, pages: dict, *, concurrencies, requests: int, workers: int, rounds: int) -> dict:
    """Every size's gunicorn at once; each page and concurrency driven at the sizes in turn, `rounds` times, the
    order mirrored each round (10k, 100k, 100k, 10k, ...), so that the machine's drift during the run falls on
    both sizes alike and the growth figures compare like with like. `requests` per row, split over the rounds."""
    sizes = sorted(envs)
    servers, logs = {}, {}
    results: dict = {size: {} for size in sizes}
    try:
        for size in sizes:
            logs[size] = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in finally
                "w", prefix=f"romantik-gunicorn-{size}-", suffix=".log", delete=False
            )
            port = _free_port()
            servers[size] = (port, _gunicorn(envs[size], port, workers, logs[size]))
        per_round = max(1, requests // rounds)
        for index in range(len(pages[sizes[0]])):
            for size in sizes:
                _, path, cookie = pages[size][index]
                drive(servers[size][0], path, cookie, concurrency=2, total=WARMUP)
            for concurrency in concurrencies:
                runs = {size: [] for size in sizes}
                for turn in range(rounds):
                    for size in sizes if turn % 2 == 0 else reversed(sizes):
                        _, path, cookie = pages[size][index]
                        runs[size].append(
                            drive(servers[size][0], path, cookie, concurrency=concurrency, total=per_round)
                        )
                for size in sizes:
                    found = _pooled(runs[size])
                    pid = servers[size][1].pid
                    found["rss"] = max((_rss_mb(child) for child in _children_of(pid)), default=0.0)
                    results[size][(pages[size][index][0], concurrency)] = found
    finally:
        for _, process in servers.values():
            process.terminate()
            process.wait(timeout=30)
        for log in logs.values():
            log.close()
    return results


def measure_in_process(env: dict, requests: int) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        path = out.name
    command = [PYTHON, str(ROOT / "bench" / "national.py"), "--requests", str(requests), "--warmup", "3"]
    command += ["--sweeps", "1", "--json", path]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        print(done.stdout[-3000:], done.stderr[-3000:], file=sys.stderr)
        raise SystemExit("bench/national.py failed")
    with open(path) as f:
        return json.load(f)


def measure_in_process_alternating(envs: dict, requests: int, rounds: int) -> dict:
    """bench/national.py at each size in turn, `rounds` times in mirrored order as the HTTP rows are, its samples
    pooled: p50/p95 of every timed request of a page at that size, × bare and × base from the pooled references."""
    from bench.national import BARE, BASE

    sizes = sorted(envs)
    runs: dict = {size: [] for size in sizes}
    for turn in range(rounds):
        for size in sizes if turn % 2 == 0 else reversed(sizes):
            runs[size].append(measure_in_process(envs[size], max(1, requests // rounds)))
    pooled = {}
    for size in sizes:
        pages = {}
        for name in runs[size][0]["pages"]:
            ms = [v for run in runs[size] for v in run["pages"][name]["ms"]]
            pages[name] = {"p50": statistics.median(ms), "p95": _percentile(ms, 0.95),
                           "queries": runs[size][0]["pages"][name]["queries"]}  # fmt: skip
        bare, base = pages[BARE]["p95"], pages[BASE]["p95"]
        for figures in pages.values():
            figures["x_bare"], figures["x_base"] = figures["p95"] / bare, figures["p95"] / base
        sweeps = [seconds for run in runs[size] for seconds in run["sweep"]["runs"]]
        sweep = {**runs[size][0]["sweep"], "median": statistics.median(sweeps), "max": max(sweeps)}
        pooled[size] = {"pages": pages, "sweep": sweep}
    return pooled


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="Submissions of each data set (default 10k,100k).")
    parser.add_argument("--concurrency", default="8,32")
    parser.add_argument("--requests", type=int, default=400, help="Requests per page and concurrency (400).")
    parser.add_argument("--in-process-requests", type=int, default=50)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers (production: 3).")
    parser.add_argument(
        "--rounds", type=int, default=2, help="Turns per row, sizes alternating in mirrored order (default 2)."
    )
    parser.add_argument("--quick", action="store_true", help="Sizes 2,000 and 10,000, 120 requests, 10 in-process.")
    parser.add_argument("--no-in-process", action="store_true")
    parser.add_argument("--prepare", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        return prepare(args.prepare)
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/romantik_bench")
    if args.quick:
        args.sizes, args.requests, args.in_process_requests = "2000,10000", 120, 10
    sizes = sorted(int(n) for n in args.sizes.split(","))
    concurrencies = [int(n) for n in args.concurrency.split(",")]
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (1 min) at the start")

    envs, pages = {}, {}
    cache_base = os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/8")
    for size in sizes:
        envs[size] = env = {
            **os.environ,
            "DATABASE_URL": _database_url(base, size, sizes[-1]),
            "DJANGO_SETTINGS_MODULE": "romantik.settings",
            "DEBUG": "false",
            "CELERY_BROKER_URL": "memory://",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "CACHE_URL": _cache_url(cache_base, sizes.index(size), len(sizes)),
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",  # testserver: bench/national.py's Client
        }
        done = subprocess.run(
            [PYTHON, __file__, "--prepare", str(size)], cwd=ROOT, env=env, capture_output=True, text=True
        )
        if done.returncode != 0:
            print(done.stderr[-3000:], file=sys.stderr)
            raise SystemExit(f"preparing the {size:,} data set failed")
        prepared = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"{size:,} submissions ({env['DATABASE_URL'].rsplit('/', 1)[-1]}); review page: "
              f"{prepared['review_subject']}")  # fmt: skip
        pages[size] = [tuple(page) for page in prepared["pages"]]

    rounds = max(1, args.rounds)
    http_results = measure_http(
        envs, pages, concurrencies=concurrencies, requests=args.requests, workers=args.workers, rounds=rounds
    )
    in_process = {}
    if not args.no_in_process:
        in_process = measure_in_process_alternating(envs, args.in_process_requests, rounds)
    for size in sizes:
        print(f"\n{size:,} submissions over HTTP: gunicorn, {args.workers} sync workers, {args.requests} requests "
              f"per row in {rounds} turns alternating with the other sizes, ms")  # fmt: skip
        print(f"{'page':<28} {'conc':>4} {'req/s':>7} {'p50':>7} {'p95':>7} {'p99':>7} {'errors':>6} "
              f"{'RSS MB':>7}  target met")  # fmt: skip
        for (name, concurrency), r in http_results[size].items():
            misses = []
            if r["errors"]:
                misses.append(f"errors {r['statuses']}")
            if concurrency == 8 and r["p95"] > HTTP_P95_MS:
                misses.append("p95")
            met = "" if concurrency != 8 and not r["errors"] else ("yes" if not misses else "NO: " + ", ".join(misses))
            print(f"{name:<28} {concurrency:>4} {r['rps']:>7.1f} {r['p50']:>7.1f} {r['p95']:>7.1f} "
                  f"{r['p99']:>7.1f} {r['errors']:>6} {r['rss']:>7.0f}  {met}")  # fmt: skip
        if in_process:
            ip = in_process[size]
            print(f"in-process (bench/national.py, {args.in_process_requests} requests per page in {rounds} turns "
                  "alternating with the other sizes), ms")  # fmt: skip
            print(f"{'page':<28} {'p50':>7} {'p95':>7} {'x bare':>7} {'x base':>7} {'queries':>8}")
            for name, r in ip["pages"].items():
                print(f"{name:<28} {r['p50']:>7.1f} {r['p95']:>7.1f} {r['x_bare']:>7.1f} {r['x_base']:>7.1f} "
                      f"{r['queries']:>8}")  # fmt: skip
            print(f"{'deadline sweep':<28} {ip['sweep']['median'] * 1000:>7.0f} {ip['sweep']['max'] * 1000:>7.0f} "
                  f"{'':>7} {'':>7} {ip['sweep']['queries']:>8}  ({ip['sweep']['queued']:,} reminders)")  # fmt: skip

    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        print(f"\ngrowth from {small:,} to {large:,} submissions (target <= {GROWTH}x)")
        print(f"{'page':<28} {'HTTP p50':>9} {'HTTP req/s':>11} {'in-proc p50':>12} {'queries':>10}")
        for (name, concurrency), r in http_results[large].items():
            if concurrency != concurrencies[0]:
                continue
            s = http_results[small][(name, concurrency)]
            print(f"{name:<28} {r['p50'] / s['p50']:>8.2f}x {s['rps'] / r['rps']:>10.2f}x")
        if in_process:
            for name, r in in_process[large]["pages"].items():
                s = in_process[small]["pages"].get(name)
                if s:
                    print(f"{name:<28} {'':>9} {'':>11} {r['p50'] / s['p50']:>11.2f}x "
                          f"{s['queries']:>4}->{r['queries']:<5}")  # fmt: skip
            ls, ss = in_process[large]["sweep"], in_process[small]["sweep"]
            # The sweep's work is the reminders due, which grow with the data: its time per reminder is the figure
            # that says whether it scales (its query count is constant).
            per = (ls["median"] / max(ls["queued"], 1)) / (ss["median"] / max(ss["queued"], 1))
            print(f"{'deadline sweep':<28} {'':>9} {'':>11} {ls['median'] / ss['median']:>11.2f}x "
                  f"{ss['queries']:>4}->{ls['queries']:<5}  ({ss['queued']:,} -> {ls['queued']:,} reminders; "
                  f"{per:.2f}x a reminder)")  # fmt: skip
    load = os.getloadavg()[0]
    busy = " (above the CPU count: other work shared the machine)" if load > (os.cpu_count() or 1) else ""
    print(f"load average {load:.1f} (1 min) at the end{busy}")


if __name__ == "__main__":
    main()
