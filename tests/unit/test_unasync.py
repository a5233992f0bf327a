"""The generator of the sync face."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("unasync", ROOT / "scripts" / "unasync.py")
assert spec and spec.loader
unasync = importlib.util.module_from_spec(spec)
sys.modules["unasync"] = unasync
spec.loader.exec_module(unasync)


def test_tokens_are_rewritten() -> None:
    src = (
        "import asyncio\n"
        "async def f(c: AsyncClient) -> None:\n"
        "    async with c:\n"
        "        await asyncio.sleep(1)\n"
        "        async for x in c.aiter_bytes():\n"
        "            await c.aclose()\n"
    )
    out = unasync.convert(src, "x.py").splitlines()[1:]
    assert out == [
        "import time",
        "def f(c: Client) -> None:",
        "    with c:",
        "        time.sleep(1)",
        "        for x in c.iter_bytes():",
        "            c.close()",
    ]


def test_sync_comments_replace_lines() -> None:
    src = "    raise Oops()  # sync: self.sync()\n    # sync: self.connect()\n"
    out = unasync.convert(src, "x.py").splitlines()[1:]
    assert out == ["    self.sync()", "    self.connect()"]


def test_generated_files_are_current() -> None:
    stale = [p for p, text in unasync.expected().items() if not p.exists() or p.read_text() != text]
    assert stale == []
