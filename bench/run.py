"""The benchmark: this project (both faces) against pylxd 2.4.2 and a raw floor client.

    python bench/run.py [SCENARIO ...] [--json OUT] [--server lxd|incus] [--repeat N] [--big]

Each (scenario, implementation) measurement is a child process (child.py) so peak RSS and
first-use costs are its own; the implementations alternate within each repetition to spread
machine noise over all of them. Prints medians and ratios; ``--json`` keeps every number.
Standard library only: the children run under each implementation's own interpreter.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import platform
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from floor import Floor  # noqa: E402
from scenarios import BENCH, BY_NAME, IMPLS, ROOT, SCENARIOS, Impl, Scenario  # noqa: E402

SOCKETS = {"lxd": "/var/lib/lxd/unix.socket", "incus": "/var/lib/incus/unix.socket"}
PYLXD_VENV = os.path.join(BENCH, ".venv-pylxd")
PYLXD_VERSION = "2.4.2"
TMP = "/tmp"


def log(*args: object) -> None:
    print(*args, file=sys.stderr, flush=True)


# -- environment -----------------------------------------------------------------------
def child_env() -> dict[str, str]:
    env = dict(os.environ)
    # Nothing from the caller's environment may change which pylxd a child imports.
    for var in ("PYTHONPATH", "PYTHONHOME", "PYTHONDONTWRITEBYTECODE"):
        env.pop(var, None)
    # Byte-code caches for every implementation in one place outside the source trees, so
    # imports are timed as from an installed package (compiled once, by the warm-up).
    env["PYTHONPYCACHEPREFIX"] = os.path.join(BENCH, ".pycache")
    return env


def ensure_pylxd_venv() -> None:
    """pylxd 2.4.2 from PyPI in its own venv (never in the project's .venv)."""
    python = os.path.join(PYLXD_VENV, "bin", "python")
    if os.path.exists(python) and probe(python, "pylxd").startswith(PYLXD_VERSION + " "):
        return
    log(f"installing pylxd=={PYLXD_VERSION} into {PYLXD_VENV}")
    base = shutil.which("python3") or sys.executable
    subprocess.run([base, "-m", "venv", PYLXD_VENV], check=True)
    pip = os.path.join(PYLXD_VENV, "bin", "pip")
    subprocess.run([pip, "install", "-q", f"pylxd=={PYLXD_VERSION}"], check=True)


def probe(python: str, dist: str) -> str:
    """``VERSION FILE`` of a distribution as the given interpreter sees it."""
    code = (
        "import importlib.metadata as m, importlib.util as u, sys;"
        f"print(m.version({dist!r}), u.find_spec({dist!r}).origin)"
    )
    out = subprocess.run(
        [python, "-c", code], capture_output=True, text=True, env=child_env(), cwd=BENCH
    )
    return out.stdout.strip() or f"unavailable ({out.stderr.strip().splitlines()[-1:]})"


def sweep(floor: Floor, prefix: str, server: str) -> None:
    """Remove every instance, image, profile, project and local file named with ``prefix``
    (the run's or a scenario's), whatever state a failure left them in."""
    # A fresh connection: the driver's may have idled out while the children ran (Incus
    # closes idle ones; the next request then fails with a broken pipe).
    floor.close()
    try:
        projects = [p for p in floor.projects() if p.startswith(prefix + "-")]
        for where in [floor] + [Floor(floor.socket_path, server, p) for p in projects]:
            names = [n for n in where.names() if n.startswith(prefix + "-")]
            failed = where.remove_many(names)
            if failed:
                log(f"WARNING: could not remove {failed}")
            for profile in where.profiles():
                if profile.startswith(prefix + "-"):
                    where.call("DELETE", f"/1.0/profiles/{profile}")
        for fingerprint in floor.images_named(prefix + "-"):  # by their name property
            floor.delete_image(fingerprint)
        for project in projects:
            floor.delete_project(project)
    except Exception as exc:  # clean-up goes on with the files
        log(f"WARNING: clean-up of {prefix} on the server failed: {exc}")
        floor.close()
    # Ours writes a download under a hidden temporary name first: those too.
    for path in glob.glob(f"{TMP}/{prefix}-*") + glob.glob(f"{TMP}/.{prefix}-*"):
        os.unlink(path)


# -- running children ------------------------------------------------------------------
def run_child(impl: Impl, sc: Scenario, ctx: dict) -> dict:
    cmd = [impl.python, os.path.join(BENCH, "child.py"), impl.module, impl.table, sc.key]
    cmd.append(json.dumps(ctx))
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, env=child_env(), cwd=BENCH, timeout=sc.timeout
        )
    except subprocess.TimeoutExpired:
        return {"ok": False, "error": f"timed out after {sc.timeout} s"}
    wall_ms = (time.perf_counter() - t0) * 1e3
    try:
        report = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        report = {"ok": False, "error": f"no report (exit {proc.returncode})"}
    if not report.get("ok") and not report.get("missing"):
        report["stderr"] = proc.stderr[-3000:]
    report["wall_ms"] = wall_ms
    if sc.wall and report.get("ok"):
        report["value"] = wall_ms
        # The same interpreter doing nothing: its share of the wall time (site start-up,
        # e.g. an editable install's path finder) that is not the library's.
        t0 = time.perf_counter()
        subprocess.run([impl.python, "-c", "pass"], env=child_env(), cwd=BENCH, check=True)
        report["bare_ms"] = (time.perf_counter() - t0) * 1e3
    return report


def run_scenario(
    sc: Scenario, floor: Floor, run_prefix: str, server: str, repeat: int, impls: list[Impl]
) -> list[dict]:
    prefix = f"{run_prefix}-{sc.name}"
    base_ctx = {"socket": floor.socket_path, "server": server, "params": sc.params, "tmp": TMP}
    records: list[dict] = []
    log(f"== {sc.name}: {sc.doc}")
    started = time.monotonic()
    try:
        fixture = sc.setup(floor, prefix, sc.params, TMP) if sc.setup else {}
        ctx = {**base_ctx, "fixture": fixture}
        active = list(impls)
        if sc.wall:  # one untimed run each: byte-code compiled, files in the page cache
            for impl in impls:
                run_child(impl, sc, {**ctx, "prefix": f"{prefix}-{impl.name}-w"})
        for rep in range(repeat):
            # Each round starts one implementation later: the server drifts during a run, and
            # a fixed order would hand the same place in each round to the same one.
            shift = rep % len(active) if active else 0
            for impl in active[shift:] + active[:shift]:
                report = run_child(impl, sc, {**ctx, "prefix": f"{prefix}-{impl.name}-{rep}"})
                if report.get("missing"):
                    active.remove(impl)
                    continue
                records.append({"scenario": sc.name, "impl": impl.name, "rep": rep, **report})
                if report["ok"]:
                    extra = f"  {report['requests']:g} req" if "requests" in report else ""
                    log(
                        f"  {impl.name:<10} #{rep}  {report['value']:10.1f} {sc.unit:<8}"
                        f"  rss {report['rss_mb']:5.1f} MB{extra}"
                    )
                else:
                    log(f"  {impl.name:<10} #{rep}  FAILED: {report['error']}")
                    log("    " + report.get("stderr", "").strip().replace("\n", "\n    "))
    except Exception as exc:
        log(f"  set-up or run failed: {type(exc).__name__}: {exc}")
        records.append({"scenario": sc.name, "impl": "setup", "ok": False, "error": str(exc)})
    finally:
        sweep(floor, prefix, server)
        log(f"  ({sc.name}: {time.monotonic() - started:.0f} s)")
    return records


# -- summary ---------------------------------------------------------------------------
def summarize(sc: Scenario, records: list[dict], impls: list[Impl]) -> list[dict]:
    rows = []
    for impl in impls:
        mine = [r for r in records if r["scenario"] == sc.name and r["impl"] == impl.name]
        ok = [r for r in mine if r["ok"]]
        row: dict = {
            "scenario": sc.name,
            "impl": impl.name,
            "n": len(ok),
            "failed": len(mine) - len(ok),
        }
        if ok:
            # Every timed step of every child, pooled: one slow child moves a median of
            # medians much more than it moves this.
            values = [v for r in ok for v in r.get("values", [r["value"]])]
            row["value"] = statistics.median(values)
            row["min"], row["max"] = min(values), max(values)
            row["samples"] = len(values)
            row["rss_mb"] = max(r["rss_mb"] for r in ok)  # peak: the worst child
            row["cpu_s"] = statistics.median(r["cpu_s"] for r in ok)
            if all("cpu_ms" in r for r in ok):
                row["cpu_ms"] = statistics.median(r["cpu_ms"] for r in ok)
            if all("cpu_pct" in r for r in ok):
                row["cpu_pct"] = statistics.median(r["cpu_pct"] for r in ok)
            if all("requests" in r for r in ok):
                row["requests"] = statistics.median(r["requests"] for r in ok)
            if sc.wall:
                row["inproc_ms"] = statistics.median(r["inproc_ms"] for r in ok)
                row["bare_ms"] = statistics.median(r["bare_ms"] for r in ok)
        rows.append(row)
    cpu_ref = {row["impl"]: row.get("cpu_ms") for row in rows}
    for row in rows:
        for other in ("floor", "pylxd"):
            ratio = paired_ratio(records, sc.name, row["impl"], other)
            if ratio is not None:
                row[f"vs_{other}"] = ratio
        if row.get("cpu_ms") is not None and cpu_ref.get("floor"):
            row["cpu_vs_floor"] = row["cpu_ms"] / cpu_ref["floor"]
    return rows


def paired_ratio(records: list[dict], scenario: str, impl: str, other: str) -> float | None:
    """The median, over the rounds, of ``impl``'s child value / ``other``'s in the same round.

    The children of a round run back to back, and which runs first rotates. The server's pace
    drifts over minutes, in fast and slow spells (16 launches took 1.6 to 2.1 s in one, 2.9 to
    3.4 s in the next): a ratio of pooled medians depends on how many of each one's children
    fell in a slow spell, and a round's children mostly share one."""
    values: dict[int, dict[str, float]] = {}
    for r in records:
        if r["scenario"] == scenario and r.get("ok") and r["impl"] in (impl, other):
            values.setdefault(r["rep"], {})[r["impl"]] = r["value"]
    ratios = [v[impl] / v[other] for v in values.values() if impl in v and v.get(other)]
    return statistics.median(ratios) if ratios else None


def fmt(value: float | None, spec: str = ".1f", suffix: str = "") -> str:
    return "-" if value is None else f"{value:{spec}}{suffix}"


def _count_cell(row: dict) -> str:
    cell = f"{row['n']}" + (f" ({row['failed']} failed)" if row["failed"] else "")
    if row.get("inproc_ms") is not None:
        cell += f"  (in-process {row['inproc_ms']:.0f} ms, bare python {row['bare_ms']:.0f} ms)"
    return cell


COLUMNS = [  # (heading, cell of a summary row)
    ("scenario", lambda r: r["scenario"]),
    ("impl", lambda r: r["impl"]),
    ("median", lambda r: fmt(r.get("value"))),
    ("unit", lambda r: BY_NAME[r["scenario"]].unit),
    ("min..max", lambda r: f"{fmt(r.get('min'))}..{fmt(r.get('max'))}" if r["n"] else "-"),
    ("vs floor", lambda r: fmt(r.get("vs_floor"), ".2f", "x")),
    ("vs pylxd", lambda r: fmt(r.get("vs_pylxd"), ".2f", "x")),
    ("reqs", lambda r: fmt(r.get("requests"), "g")),
    ("rss MB", lambda r: fmt(r.get("rss_mb"))),
    ("cpu %", lambda r: fmt(r.get("cpu_pct"), ".0f")),
    ("cpu ms", lambda r: fmt(r.get("cpu_ms"), ".1f")),
    ("cpu vs floor", lambda r: fmt(r.get("cpu_vs_floor"), ".2f", "x")),
    ("n", _count_cell),
]


def print_table(rows: list[dict]) -> None:
    lines = [[h for h, _ in COLUMNS]] + [[cell(r) for _, cell in COLUMNS] for r in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(COLUMNS))]
    lines.insert(1, ["-" * w for w in widths])
    for line in lines:
        print("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())
    print(
        "median (min..max) over the timed steps of all children: a call (list, lifecycle, "
        "exec), the loop of calls (get),\na transfer, a whole process (import). Time: lower "
        "is better; MiB/s: higher is better.\nvs X: the median over the rounds of the child's "
        "value / X's child's value in the same round (the server drifts between spells).\n"
        "rss: the largest "
        "peak RSS of the children; cpu %: the client's CPU time (all threads) / wall time "
        "while timed;\ncpu ms: the client's CPU time per timed step (median of the "
        "children), and its ratio to the floor's; n: children."
    )


OPS = {"<=": float.__le__, ">=": float.__ge__, "<": float.__lt__, "==": float.__eq__}
WHAT = {
    "requests": "requests",
    "rss": "rss_mb",
    "floor": "vs_floor",
    "pylxd": "vs_pylxd",
    "cpu": "cpu_vs_floor",
}


def check_targets(rows_by_scenario: dict[str, list[dict]]) -> list[dict]:
    verdicts = []
    for name, rows in rows_by_scenario.items():
        for what, op, bound, *only in BY_NAME[name].targets:
            for row in rows:
                if not row["impl"].startswith("ours") or (only and row["impl"] not in only):
                    continue
                got = row.get(WHAT[what])
                ok = got is not None and OPS[op](float(got), float(bound))
                label = {
                    "floor": "vs floor",
                    "pylxd": "vs pylxd",
                    "rss": "rss MB",
                    "cpu": "cpu vs floor",
                }.get(what, what)
                verdicts.append(
                    {
                        "scenario": name,
                        "impl": row["impl"],
                        "target": f"{label} {op} {bound:g}",
                        "got": got,
                        "pass": ok,
                    }
                )
    if verdicts:
        print("\ntargets:")
        for v in verdicts:
            got = "-" if v["got"] is None else f"{v['got']:.3g}"
            print(
                f"  {v['scenario']:<15} {v['impl']:<11} {v['target']:<20} {got:>8}  "
                f"{'ok' if v['pass'] else 'MISSED'}"
            )
    return verdicts


# -- main ------------------------------------------------------------------------------
def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "scenarios",
        nargs="*",
        metavar="SCENARIO",
        help=f"default: all but the --big ones; one of {', '.join(BY_NAME)}",
    )
    parser.add_argument("--json", metavar="OUT", help="write every number to this file")
    parser.add_argument("--server", choices=sorted(SOCKETS), default="lxd")
    parser.add_argument(
        "--repeat",
        type=int,
        metavar="N",
        help="children per implementation (default: per scenario)",
    )
    parser.add_argument("--big", action="store_true", help="add the 1 GiB transfers")
    parser.add_argument(
        "--impl",
        action="append",
        choices=[i.name for i in IMPLS],
        help="only this implementation (repeatable; default: all)",
    )
    args = parser.parse_args()
    unknown = [s for s in args.scenarios if s not in BY_NAME]
    if unknown:
        parser.error(f"unknown scenario(s) {unknown}; choose from {', '.join(BY_NAME)}")
    if args.repeat is not None and args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def describe(floor: Floor, server: str) -> dict:
    """What was measured: the server, the machine, each implementation's version and path."""
    env = floor.call("GET", "/1.0")["metadata"]["environment"]
    return {
        "server": server,
        "server_version": env.get("server_version"),
        "socket": floor.socket_path,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "versions": {
            "ours": probe(f"{ROOT}/.venv/bin/python", "pylxd"),
            "pylxd": probe(f"{PYLXD_VENV}/bin/python", "pylxd"),
            "websockets (floor)": probe(f"{ROOT}/.venv/bin/python", "websockets"),
        },
    }


def main() -> int:
    args = parse_args()
    selected = [
        s
        for s in SCENARIOS
        if (s.name in args.scenarios if args.scenarios else (args.big or not s.big))
    ]
    impls = [i for i in IMPLS if not args.impl or i.name in args.impl]
    floor = Floor(SOCKETS[args.server], args.server)
    try:
        floor.call("GET", "/1.0")
    except OSError as exc:
        log(
            f"{args.server} is not answering on {floor.socket_path} ({exc}); start it with "
            f"`bash scripts/daemons.sh start {args.server}`"
        )
        return 2
    if any(i.name == "pylxd" for i in impls):
        ensure_pylxd_venv()
    meta = describe(floor, args.server)
    if not meta["versions"]["pylxd"].startswith(PYLXD_VERSION + " ") and any(
        i.name == "pylxd" for i in impls
    ):
        log(f"the pylxd venv does not hold pylxd {PYLXD_VERSION}: {meta['versions']['pylxd']}")
        return 2
    run_prefix = f"pbench-{secrets.token_hex(3)}"  # every name this run creates starts so
    log(
        f"{args.server} {meta['server_version']}; run {run_prefix}; "
        + "; ".join(f"{k}: {v}" for k, v in meta["versions"].items())
    )

    # SIGTERM ends the run as Ctrl-C does: through the clean-up below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    records: list[dict] = []
    started = time.monotonic()
    try:
        for sc in selected:
            repeat = args.repeat or sc.repeat
            records += run_scenario(sc, floor, run_prefix, args.server, repeat, impls)
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    finally:
        sweep(floor, run_prefix, args.server)  # the safety net
    meta["seconds"] = round(time.monotonic() - started, 1)

    rows = {sc.name: summarize(sc, records, impls) for sc in selected}
    print(f"\n{args.server} {meta['server_version']}, run {run_prefix}, {meta['seconds']} s")
    print_table([r for rs in rows.values() for r in rs])
    verdicts = check_targets(rows)
    if args.json:
        scenarios = {
            sc.name: {k: v for k, v in vars(sc).items() if k != "setup"} for sc in selected
        }
        summary = [r for rs in rows.values() for r in rs]
        report = {
            "meta": meta,
            "scenarios": scenarios,
            "summary": summary,
            "targets": verdicts,
            "runs": records,
        }
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1)
        log(f"wrote {args.json}")
    return 1 if any(not r["ok"] for r in records) else 0


if __name__ == "__main__":
    sys.exit(main())
