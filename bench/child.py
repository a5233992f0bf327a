"""One measurement in a fresh process, so that peak RSS and first-use costs belong to one
(scenario, implementation) pair.

    python child.py MODULE TABLE SCENARIO CONTEXT_JSON

runs ``MODULE.TABLE[SCENARIO](context)`` (asyncio.run when it is a coroutine function) and
prints one JSON object on stdout: the function's numbers, peak RSS, CPU time and the time
from interpreter start-up to the end of the function. Whatever the code under test prints goes
to stderr.
"""

import sys
import time

START = time.perf_counter()  # before anything else is imported: the import scenario's zero


def main() -> int:
    import json

    module_name, table, scenario, context = sys.argv[1:5]
    out, sys.stdout = sys.stdout, sys.stderr
    try:
        functions = getattr(__import__(module_name), table)
        if scenario not in functions:  # this implementation does not do that scenario
            out.write(json.dumps({"ok": False, "missing": True}) + "\n")
            return 0
        result = functions[scenario](json.loads(context))
        if hasattr(result, "__await__"):  # an async implementation
            import asyncio

            result = asyncio.run(result)
        report = {"ok": True, **result, "inproc_ms": (time.perf_counter() - START) * 1e3}
        code = 0
    except BaseException as exc:  # reported, not raised: the driver goes on with the others
        import traceback

        traceback.print_exc()
        report = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:500]}
        code = 1
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    report["rss_mb"] = usage.ru_maxrss / 1024  # KiB on Linux
    report["cpu_s"] = usage.ru_utime + usage.ru_stime
    out.write(json.dumps(report) + "\n")
    out.flush()
    return code


if __name__ == "__main__":
    sys.exit(main())
