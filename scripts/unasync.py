#!/usr/bin/env python3
"""Generate the sync face from the async source (standard library only).

    python scripts/unasync.py          # rewrite pylxd/_sync and tests/integration/sync
    python scripts/unasync.py --check  # exit 1 if any generated file is stale

Rules, applied line by line to each source file:
- a line whose code ends in ``# sync: CODE`` becomes ``CODE`` (same indentation);
- a comment line ``# sync: CODE`` becomes ``CODE`` at the comment's indentation;
- then the token map below (``async def`` -> ``def``, ``await x`` -> ``x``, ...), on word
  boundaries, outside of nothing: keep the async-only names out of strings that must survive.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Hand-written in both faces (the concurrency primitives): never generated.
HAND_WRITTEN = {"face.py", "netio.py"}
# Tests of what only the asyncio face has (the event loop's share, cancellation): not
# generated for the blocking face.
ASYNC_ONLY = {"test_event_loop.py"}

# (source dir, generated dir)
TREES = [
    (ROOT / "pylxd" / "_async", ROOT / "pylxd" / "_sync"),
    (ROOT / "tests" / "integration" / "async_face", ROOT / "tests" / "integration" / "sync_face"),
    (ROOT / "tests" / "faults" / "async_face", ROOT / "tests" / "faults" / "sync_face"),
]

TOKENS = [
    (r"\basync def\b", "def"),
    (r"\basync with\b", "with"),
    (r"\basync for\b", "for"),
    (r"\bawait ", ""),
    (r"\bAsyncClient\b", "Client"),
    (r"\bAsyncSimpleStreams\b", "SimpleStreams"),
    (r"\baiter_stream\b", "iter_stream"),
    (r"\bAwaitable\[(\w+)\]", r"\1"),  # and its import goes:
    (r"\bAwaitable, ", ""),
    (r"\bAsyncIterator\b", "Iterator"),
    (r"\bAsyncIterable\b", "Iterable"),
    (r"\bAsyncGenerator\b", "Generator"),
    (r"\b__aenter__\b", "__enter__"),
    (r"\b__aexit__\b", "__exit__"),
    (r"\b__aiter__\b", "__iter__"),
    (r"\b__anext__\b", "__next__"),
    (r"\bStopAsyncIteration\b", "StopIteration"),
    (r"\baclose\b", "close"),
    (r"\baread\b", "read"),
    (r"\baiter_bytes\b", "iter_bytes"),
    (r"\baiter_raw\b", "iter_raw"),
    (r"\basyncio\.sleep\b", "time.sleep"),
    (r"\basync_face\b", "sync_face"),
    (r"\b_async\b", "_sync"),
    (r"\bpytest_asyncio\b", "pytest"),
    (r"\bpylxd\.aio\b", "pylxd.models"),
    (r"\bwebsockets\.asyncio\.client\b", "websockets.sync.client"),
    (r"^import asyncio\n", "import time\n"),
]
_COMPILED = [(re.compile(p, re.M), r) for p, r in TOKENS]
_TRAILING = re.compile(r"^(?P<indent>\s*)(?P<code>\S.*?)\s+# sync: (?P<sync>.*)$")
_WHOLE = re.compile(r"^(?P<indent>\s*)# sync: (?P<sync>.*)$")


def convert(text: str, source: str) -> str:
    out = []
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n")
        m = _WHOLE.match(body) or _TRAILING.match(body)
        if m:
            line = f"{m['indent']}{m['sync']}\n"
        else:
            for pattern, repl in _COMPILED:
                line = pattern.sub(repl, line)
        out.append(line)
    # `import asyncio` becomes `import time`, which the module may import already.
    seen: set[str] = set()
    unique = []
    for line in out:
        if line.startswith("import "):
            if line in seen:
                continue
            seen.add(line)
        unique.append(line)
    header = f"# Generated: edit {source} and run scripts/unasync.py.\n"
    return header + "".join(unique)


def expected() -> dict[Path, str]:
    files: dict[Path, str] = {}
    for src_dir, dst_dir in TREES:
        for src in sorted(src_dir.rglob("*.py")):
            rel = src.relative_to(src_dir)
            if rel.name in HAND_WRITTEN or rel.name in ASYNC_ONLY:
                continue
            files[dst_dir / rel] = convert(src.read_text(), str(src.relative_to(ROOT)))
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if generated files are stale")
    args = parser.parse_args()
    want = expected()
    stale = []
    for path, text in want.items():
        current = path.read_text() if path.exists() else None
        if current != text:
            stale.append(path)
            if args.check:
                diff = difflib.unified_diff(
                    (current or "").splitlines(True), text.splitlines(True), str(path), "expected"
                )
                sys.stdout.writelines(list(diff)[:40])
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text)
    # Generated files whose source is gone.
    for _, dst_dir in TREES:
        for path in dst_dir.rglob("*.py") if dst_dir.exists() else []:
            if path not in want and path.name not in HAND_WRITTEN:
                stale.append(path)
                if not args.check:
                    path.unlink()
    if args.check and stale:
        print(f"stale generated files: {', '.join(str(p.relative_to(ROOT)) for p in stale)}")
        print("run: python scripts/unasync.py")
        return 1
    if not args.check:
        print(f"generated {len(want)} files ({len(stale)} changed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
