"""Files inside an instance (``/1.0/instances/<name>/files``), streamed both ways."""

from __future__ import annotations

import os
import posixpath
import stat as _stat
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import _protocol
from .._progress import Meter, ProgressCallback
from ..exceptions import PylxdError
from . import streams

if TYPE_CHECKING:
    from .client import AsyncClient
    from .instances import Instance


@dataclass(frozen=True)
class FileStat:
    """What the server says of a path without sending its contents."""

    type: str  # "file", "directory" or "symlink"
    mode: int
    uid: int
    gid: int
    size: int | None


def _mode(mode: int | str | None) -> str | None:
    if mode is None:
        return None
    if isinstance(mode, int) and not isinstance(mode, bool):
        return f"{mode:04o}"
    if isinstance(mode, str) and mode.isdigit():
        return mode if mode.startswith("0") else f"0{mode}"
    raise TypeError(f"mode must be an int such as 0o644 or an octal string, not {mode!r}")


def _id(value: int | None, what: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, not {type(value).__name__}")
    return str(value)


class FilesManager:
    """``instance.files``: put, get, stat, mk_dir, symlink, delete and recursive transfers."""

    def __init__(self, instance: Instance) -> None:
        self._instance = instance

    @property
    def _client(self) -> AsyncClient:
        return self._instance.client

    def _params(self, path: str) -> dict[str, Any]:
        return {"path": _protocol.check_path(path, "filepath"), **self._instance._params}

    @property
    def _url(self) -> str:
        return f"/{self._client.version}{self._instance._path}/files"

    def _headers(self, kind: str, **values: str | None) -> dict[str, str]:
        flavour = self._client._kind
        headers = {flavour.header("type"): kind, "Content-Type": "application/octet-stream"}
        for key, value in values.items():
            if value is not None:
                headers[flavour.header(key)] = value
        return headers

    async def _post(self, path: str, headers: dict[str, str], content: Any) -> None:
        # The reply is a JSON envelope: a damaged one is an error, not a success.
        await self._client._request(
            "POST",
            f"{self._instance._path}/files",
            params=self._params(path),
            headers=headers,
            content=content,
        )

    async def put(
        self,
        filepath: str,
        data: Any,
        mode: int | str | None = None,
        uid: int | None = None,
        gid: int | None = None,
        *,
        append: bool = False,
        progress: ProgressCallback | None = None,
    ) -> None:
        """Write a file: ``bytes``/``str`` are its contents, a path is a local file to upload,
        a binary file or an iterable of bytes is streamed."""
        streams.check_upload(data)
        headers = self._headers(
            "file",
            mode=_mode(mode),
            uid=_id(uid, "uid"),
            gid=_id(gid, "gid"),
            write="append" if append else "overwrite",
        )
        if isinstance(data, str) and not isinstance(data, os.PathLike):
            data = data.encode()
        size = streams.size_of(data)
        headers.update(streams.length_header(size))
        await self._post(filepath, headers, streams.body(data, Meter(progress, size, "upload")))

    async def get(
        self,
        filepath: str,
        *,
        dest: streams.Dest | None = None,
        progress: ProgressCallback | None = None,
    ) -> bytes | None:
        """A file's contents as bytes; with ``dest`` (a path or binary file) streamed there in
        constant memory and None returned."""
        response = await streams.open_download(self._client, self._url, self._params(filepath))
        return await streams.receive(self._client, response, dest, progress)

    async def stat(self, filepath: str) -> FileStat:
        """Type, mode, owner and (for files) size, without downloading the contents."""
        if self._client.has_api_extension("instance_file_head"):
            response = await self._client._send("HEAD", self._url, params=self._params(filepath))
            await self._client._raise_for_status(response)
        else:
            response = await streams.open_download(self._client, self._url, self._params(filepath))
            await response.aclose()
        return self._stat_of(response.headers)

    def _stat_of(self, headers: Any) -> FileStat:
        flavour = self._client._kind

        def field(name: str) -> str | None:
            value = headers.get(flavour.header(name)) or headers.get(f"X-LXD-{name}")
            return None if value is None else str(value)

        kind = field("type") or "file"
        length = headers.get("content-length")
        return FileStat(
            type=kind,
            mode=int(field("mode") or "0", 8),
            uid=int(field("uid") or 0),
            gid=int(field("gid") or 0),
            size=int(length) if kind == "file" and length and length.isdigit() else None,
        )

    async def mk_dir(
        self,
        path: str,
        mode: int | str | None = None,
        uid: int | None = None,
        gid: int | None = None,
    ) -> None:
        """Create a directory (the parent must exist)."""
        headers = self._headers(
            "directory", mode=_mode(mode), uid=_id(uid, "uid"), gid=_id(gid, "gid")
        )
        await self._post(path, headers, b"")

    async def symlink(self, path: str, target: str) -> None:
        """Create ``path`` as a symbolic link pointing at ``target``."""
        _protocol.check_path(target, "target")
        await self._post(path, self._headers("symlink"), target.encode())

    def delete_available(self) -> bool:
        """Whether the server can delete files (the ``file_delete`` extension)."""
        return self._client.has_api_extension("file_delete")

    async def delete(self, filepath: str) -> None:
        """Delete a file or an empty directory (needs ``file_delete``)."""
        self._client.assert_has_api_extension("file_delete")
        await self._client._request(
            "DELETE", f"{self._instance._path}/files", params=self._params(filepath)
        )

    async def recursive_put(
        self,
        src: str | os.PathLike[str],
        dst: str,
        mode: int | str | None = None,
        uid: int | None = None,
        gid: int | None = None,
        *,
        progress: ProgressCallback | None = None,
    ) -> None:
        """Copy a local directory tree to ``dst`` in the instance, keeping each entry's mode
        (``mode`` overrides it; pylxd's ``mode=True``, keep the local modes, is the default),
        one file at a time in constant memory."""
        if mode is True:
            mode = None
        root = os.fspath(src)
        if not os.path.isdir(root):
            raise ValueError(f"src {root!r} is not a directory")
        for folder, dirs, files in os.walk(root):
            rel = os.path.relpath(folder, root)
            remote = dst if rel == "." else posixpath.join(dst, *rel.split(os.sep))
            await self.mk_dir(remote, mode if mode is not None else _local_mode(folder), uid, gid)
            for name in sorted(files):
                local = os.path.join(folder, name)
                target = posixpath.join(remote, name)
                if os.path.islink(local):
                    await self.symlink(target, os.readlink(local))
                else:
                    await self.put(
                        target,
                        _Path(local),
                        mode if mode is not None else _local_mode(local),
                        uid,
                        gid,
                        progress=progress,
                    )
            dirs.sort()

    async def recursive_get(
        self,
        remote_path: str,
        local_path: str | os.PathLike[str],
        *,
        progress: ProgressCallback | None = None,
    ) -> None:
        """Copy a directory tree (or a file) out of the instance, keeping modes; refuses any
        entry name that would leave ``local_path``. ``progress`` sees each file's transfer."""
        await self._get_tree(remote_path, os.path.abspath(os.fspath(local_path)), progress)

    async def _get_tree(
        self, remote: str, local: str, progress: ProgressCallback | None = None
    ) -> None:
        response = await streams.open_download(self._client, self._url, self._params(remote))
        info = self._stat_of(response.headers)
        if info.type == "directory":
            body = await response.aread()
            names = _protocol.parse_raw(200, response.headers, body)
            entries = names.metadata or []
            for name in entries:  # all checked before anything is written
                _check_entry(name, remote)
            os.makedirs(local, exist_ok=True)
            for name in entries:
                await self._get_tree(
                    posixpath.join(remote, name), os.path.join(local, name), progress
                )
            os.chmod(local, info.mode & 0o7777)
        elif info.type == "symlink":
            target = (await response.aread()).decode()
            if os.path.lexists(local):
                os.unlink(local)
            os.symlink(target, local)
        else:
            await streams.receive(self._client, response, local, progress)
            os.chmod(local, info.mode & 0o7777)


class _Path(os.PathLike[str]):
    """A local path to upload (``put`` treats plain ``str`` as contents, as pylxd does)."""

    def __init__(self, path: str) -> None:
        self._path = path

    def __fspath__(self) -> str:
        return self._path


def _local_mode(path: str) -> int:
    return _stat.S_IMODE(os.lstat(path).st_mode)


def _check_entry(name: object, parent: str) -> None:
    if not isinstance(name, str) or name in ("", ".", "..") or "/" in name or "\x00" in name:
        raise PylxdError(
            f"refusing directory entry {name!r} under {parent!r}: it would leave the target folder"
        )
