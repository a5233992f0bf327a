"""The events scenario's event source: a separate process, the same for every implementation,
so that only the receiving side differs (and the receiver's CPU time is its own).

    python eventgen.py SOCKET SERVER PROJECT PROFILE COUNT

reads a line on stdin per burst, then PATCHes the profile's description COUNT times over one
raw connection (each PATCH is one ``profile-updated`` lifecycle event) and prints a line when
done. Standard library only (floor.py's HTTP half): it runs under any implementation's python.
"""

from __future__ import annotations

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

ACTION = "profile-updated"  # the lifecycle action each PATCH makes


def matches(event: dict, profile: str) -> bool:
    """One of the source's events (the receivers count only these)."""
    meta = event.get("metadata") or {}
    source = str(meta.get("source", "")).split("?")[0]
    return meta.get("action") == ACTION and source.endswith("/" + profile)


class Source:
    """The generator process, started and connected before anything is timed."""

    def __init__(self, ctx: dict) -> None:
        fx = ctx["fixture"]
        self.count = ctx["params"]["events"]
        args = [ctx["socket"], ctx["server"], fx["project"], fx["profile"], str(self.count)]
        self.proc = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self._expect("ready")

    def fire(self) -> None:
        """Start a burst of ``count`` events (returns at once)."""
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()

    def done(self) -> None:
        """Wait for the burst's end (its last PATCH answered)."""
        self._expect("done")

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)

    def _expect(self, word: str) -> None:
        line = self.proc.stdout.readline().strip()
        if line != word:
            raise RuntimeError(f"event source: expected {word!r}, got {line!r}")


def main() -> int:
    from floor import Floor

    socket_path, server, project, profile, count = sys.argv[1:6]
    floor = Floor(socket_path, server, project)
    floor.call("GET", "/1.0")  # connected before the first burst
    path = f"/1.0/profiles/{profile}"
    print("ready", flush=True)
    for burst, _ in enumerate(sys.stdin):
        for i in range(int(count)):
            floor.call("PATCH", path, {"description": f"burst {burst} event {i}"})
        print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
