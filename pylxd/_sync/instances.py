# Generated: edit pylxd/_async/instances.py and run scripts/unasync.py.
"""Instances: containers and virtual machines (``/1.0/instances``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .. import _exec, _protocol
from .._model import Attribute, AttributeDict
from .._progress import Meter, ProgressCallback
from ..exceptions import LXDAPIException
from . import streams
from .backups import BackupManager
from .files import FilesManager
from .model import Manager, Model, scope
from .snapshots import SnapshotManager
from .templates import InstanceMetadata, TemplatesManager

if TYPE_CHECKING:
    from . import exec as _exec_io
    from .client import Client
    from .images import Image

# The status an instance has after each waited action succeeded.
_STATUS_AFTER = {
    "start": ("Running", 103),
    "restart": ("Running", 103),
    "unfreeze": ("Running", 103),
    "stop": ("Stopped", 102),
    "freeze": ("Frozen", 110),
}


class InstanceState(AttributeDict):
    """``GET /1.0/instances/<name>/state``: status, cpu, memory, disk, network, pid..."""


class LogsManager:
    """``instance.logs``: the instance's log files on the server."""

    def __init__(self, instance: Instance) -> None:
        self._instance = instance

    def _path(self, name: str) -> str:
        _protocol.check_name(name, "log name")
        return f"{self._instance._path}/logs/{_protocol.quote_segment(name)}"

    def all(self) -> list[str]:
        inst = self._instance
        reply = inst.client._request("GET", f"{inst._path}/logs", params=inst._params)
        return [_protocol.name_from_url(url) for url in reply.metadata or []]

    def get(
        self,
        name: str,
        *,
        dest: streams.Dest | None = None,
        progress: ProgressCallback | None = None,
    ) -> bytes | None:
        """A log's contents as bytes, or streamed into ``dest`` (a path or binary file)."""
        data = self._instance._raw_get(self._path(name), dest, progress)
        return None if dest is not None else data

    def delete(self, name: str) -> None:
        inst = self._instance
        inst.client._request("DELETE", self._path(name), params=inst._params)


class Instance(Model):
    _endpoint = "instances"
    _instance_type: str | None = None

    architecture = Attribute[str](writable=True)
    config = Attribute[dict[str, Any]](writable=True)
    devices = Attribute[dict[str, dict[str, Any]]](writable=True)
    ephemeral = Attribute[bool](writable=True)
    profiles = Attribute[list[str]](writable=True)
    description = Attribute[str](writable=True)
    stateful = Attribute[bool](writable=True)
    name = Attribute[str]()
    created_at = Attribute[str]()
    expanded_config = Attribute[dict[str, Any]]()
    expanded_devices = Attribute[dict[str, dict[str, Any]]]()
    status = Attribute[str]()
    status_code = Attribute[int]()
    last_used_at = Attribute[str]()
    location = Attribute[str]()
    type = Attribute[str]()
    project = Attribute[str]()
    # Incus only, and the recursion=2 extras.
    disk_only = Attribute[bool]()
    # With recursion=2 the payload carries these; they stay in to_dict(), as the names are taken
    # by state() and the snapshots and backups managers.
    _known = frozenset({"state", "snapshots", "backups"})

    # The sub-managers are made on first use: a listing makes many instances and uses few.
    files = cached_property(FilesManager)
    logs = cached_property(LogsManager)
    snapshots = cached_property(SnapshotManager)
    backups = cached_property(BackupManager)
    templates = cached_property(TemplatesManager)

    # -- data lifecycle -----------------------------------------------------------------
    def restore_snapshot(self, snapshot_name: str, wait: bool = False) -> None:
        """Put the instance back to a snapshot's state."""
        _protocol.check_name(snapshot_name, "snapshot_name")
        reply = self.client._request(
            "PUT", self._path, params=self._params, json={"restore": snapshot_name}
        )
        self.client._finish(reply, wait)
        self._etag = None

    def copy(
        self,
        new_name: str,
        instance_only: bool = False,
        wait: bool = False,
        *,
        client: Client | None = None,
        mode: str = "pull",
        target: str | None = None,
        progress: ProgressCallback | None = None,
    ) -> Instance:
        """Copy the instance (with its snapshots unless ``instance_only``); returns the copy
        without reading it.

        On the same server by default; with ``client``, to another server in ``mode``
        ``"pull"`` (the target reaches the source's HTTPS listener), ``"push"`` (the source
        reaches the target's) or ``"relay"`` (this client carries the data: works from unix
        sockets, and always waits).
        """
        if not self._loaded:
            self.sync()
        if client is None or client is self.client:
            source = {"type": "copy", "source": self._ident, "instance_only": instance_only}
            return self.client.instances._create_from_source(
                new_name, source, wait, target, progress, base=self._data
            )
        return self._copy_to(
            client, new_name, self._path, instance_only, wait, mode, progress
        )

    def _copy_to(
        self,
        client: Client,
        new_name: str,
        source_path: str,
        instance_only: bool,
        wait: bool,
        mode: str,
        progress: ProgressCallback | None,
    ) -> Instance:
        body = client.instances._copy_body(_protocol.check_name(new_name), self._data)
        from . import migration

        op = migration.transfer(
            self.client,
            source_path,
            self._params,
            client,
            body,
            mode,
            wait,
            instance_only,
            progress,
        )
        return client.instances._created(new_name, op)

    def migrate(
        self,
        new_client: Client,
        live: bool = False,
        wait: bool = False,
        *,
        mode: str = "pull",
        name: str | None = None,
    ) -> Instance:
        """Move the (stopped) instance to another server, as pylxd's ``migrate``: copy it, then
        delete it here once the copy succeeded. ``live`` needs CRIU on both servers."""
        if live:
            raise ValueError("live migration is not supported by this client (no CRIU)")
        new = self.copy(name or self._ident, client=new_client, mode=mode, wait=True)
        self.delete(wait=True)
        return new

    def publish(
        self,
        public: bool = False,
        wait: bool = False,
        compression_algorithm: str | None = None,
        *,
        aliases: list[str] | None = None,
        progress: ProgressCallback | None = None,
    ) -> Image | None:
        """Make an image of the (stopped) instance; the Image when waited, else None."""
        source = {"type": "instance", "name": self._ident}
        return self._publish(source, public, wait, aliases, compression_algorithm, progress)

    def _publish(
        self,
        source: dict[str, Any],
        public: bool,
        wait: bool,
        aliases: list[str] | None,
        compression_algorithm: str | None,
        progress: ProgressCallback | None,
    ) -> Image | None:
        body: dict[str, Any] = {"source": source, "public": public}
        if aliases:
            body["aliases"] = [{"name": _protocol.check_name(a, "alias")} for a in aliases]
        if compression_algorithm is not None:
            body["compression_algorithm"] = compression_algorithm
        reply = self.client._request("POST", "/images", params=self._params, json=body)
        op = self.client._finish(reply, wait, progress=progress)
        if op is None:
            return None
        fingerprint = (op.get("metadata") or {}).get("fingerprint")
        if not fingerprint:
            raise LXDAPIException(None, "the server did not say the new image's fingerprint")
        return self.client.images._new(fingerprint=fingerprint)

    def metadata(self) -> InstanceMetadata:
        """The instance's image metadata, to read or edit and ``save()``."""
        reply = self.client._request("GET", f"{self._path}/metadata", params=self._params)
        meta = InstanceMetadata(self.client)
        meta.instance = self
        meta._apply(reply.metadata or {}, reply.etag, keep_edits=False)
        return meta

    # -- exec ---------------------------------------------------------------------------
    def execute(
        self,
        commands: list[str],
        environment: Mapping[str, str] | None = None,
        encoding: str | None = None,
        decode: bool = True,
        stdin_payload: Any = None,
        stdin_encoding: str = "utf-8",
        stdout_handler: Callable[[Any], Any] | None = None,
        stderr_handler: Callable[[Any], Any] | None = None,
        user: int | None = None,
        group: int | None = None,
        cwd: str | None = None,
        *,
        timeout: float | None = None,
        check: bool = False,
    ) -> _exec.ExecuteResult:
        """Run a command; returns ``(exit_code, stdout, stderr)``.

        Output is complete when this returns. ``stdin_payload``: bytes, str, a path, a binary
        file or an iterable of bytes (streamed). A handler receives each chunk as it arrives
        (str when ``decode``) and its field in the result is empty. ``timeout``: seconds before
        the command is signalled (TERM, then KILL) and ``CommandTimeout`` raised with the
        output so far. ``check``: raise ``CommandFailed`` on a non-zero exit code.
        """
        from . import exec as _exec_io

        return _exec_io.execute(
            self.client,
            self._path,
            self._params,
            commands,
            environment,
            encoding,
            decode,
            stdin_payload,
            stdin_encoding,
            stdout_handler,
            stderr_handler,
            user,
            group,
            cwd,
            timeout,
            check,
        )

    def execute_interactive(
        self,
        commands: list[str],
        environment: Mapping[str, str] | None = None,
        width: int = 80,
        height: int = 24,
        user: int | None = None,
        group: int | None = None,
        cwd: str | None = None,
    ) -> _exec_io.InteractiveSession:
        """Run a command on a PTY; returns a session to write, read, resize, signal, wait."""
        body = _exec.exec_body(
            commands, environment, user, group, cwd, interactive=True, width=width, height=height
        )
        from . import exec as _exec_io

        return _exec_io.open_session(self.client, f"{self._path}/exec", self._params, body)

    def raw_interactive_execute(
        self,
        commands: list[str],
        environment: Mapping[str, str] | None = None,
        user: int | None = None,
        group: int | None = None,
        cwd: str | None = None,
    ) -> dict[str, str]:
        """Start an interactive command and return its websocket URLs (``ws``, ``control``)
        for a websocket client of the caller's own, as pylxd does."""
        body = _exec.exec_body(commands, environment, user, group, cwd, interactive=True)
        from . import exec as _exec_io

        op_id, fds = _exec_io._start(self.client, f"{self._path}/exec", self._params, body)
        base = f"/{self.client.version}/operations/{op_id}/websocket?secret="
        return {"ws": base + fds["0"], "control": base + fds["control"]}

    # -- console ------------------------------------------------------------------------
    def console(self, width: int = 80, height: int = 24) -> _exec_io.InteractiveSession:
        """Attach to the instance's console (the same session type as execute_interactive)."""
        body = {"width": width, "height": height, "type": "console"}
        from . import exec as _exec_io

        return _exec_io.open_session(self.client, f"{self._path}/console", self._params, body)

    def console_log(self) -> str:
        """The console's log buffer so far."""
        data = self._raw_get(f"{self._path}/console")
        return data.decode("utf-8", "replace")

    def clear_console_log(self) -> None:
        """Empty the console's log buffer."""
        self.client._request("DELETE", f"{self._path}/console", params=self._params)

    def _raw_get(
        self, path: str, dest: streams.Dest | None = None, progress: ProgressCallback | None = None
    ) -> bytes:
        response = streams.open_download(
            self.client, f"/{self.client.version}{path}", self._params
        )
        return streams.receive(self.client, response, dest, progress) or b""

    def state(self) -> InstanceState:
        """The instance's runtime state (one request)."""
        reply = self.client._request("GET", f"{self._path}/state", params=self._params)
        return InstanceState(reply.metadata or {})

    def _action(
        self, action: str, timeout: int, force: bool, wait: bool, stateful: bool | None = None
    ) -> None:
        body: dict[str, Any] = {"action": action, "timeout": timeout, "force": force}
        if stateful is not None:
            body["stateful"] = stateful
        reply = self.client._request(
            "PUT", f"{self._path}/state", params=self._params, json=body
        )
        if wait:
            self.client._finish(reply, wait)
            status, code = _STATUS_AFTER[action]
            for state in (self._data, self._base):
                state["status"], state["status_code"] = status, code
            # Starting and stopping change the ETag (volatile.last_state.power): the next save()
            # fetches a fresh one.
            self._etag = None

    def start(self, timeout: int = 30, force: bool = True, wait: bool = False) -> None:
        """Start the instance; with ``wait``, ``status`` is ``Running`` on return."""
        self._action("start", timeout, force, wait)

    def stop(self, timeout: int = 30, force: bool = True, wait: bool = False) -> None:
        """Stop the instance (``force``: without waiting for it to shut down cleanly,
        ``timeout``: seconds allowed for a clean shutdown)."""
        self._action("stop", timeout, force, wait)

    def restart(self, timeout: int = 30, force: bool = True, wait: bool = False) -> None:
        """Restart the instance."""
        self._action("restart", timeout, force, wait)

    def freeze(self, timeout: int = 30, force: bool = True, wait: bool = False) -> None:
        """Freeze (pause) the instance's processes."""
        self._action("freeze", timeout, force, wait)

    def unfreeze(self, timeout: int = 30, force: bool = True, wait: bool = False) -> None:
        """Resume a frozen instance."""
        self._action("unfreeze", timeout, force, wait)

    def rename(self, name: str, wait: bool = False) -> None:
        """Rename the instance (it must be stopped)."""
        self._rename(name, wait)


class Container(Instance):
    _instance_type = "container"


class VirtualMachine(Instance):
    _instance_type = "virtual-machine"


_MODELS: dict[str | None, type[Instance]] = {
    None: Instance,
    "container": Container,
    "virtual-machine": VirtualMachine,
}


class InstanceManager(Manager[Instance]):
    """``client.instances``, ``client.containers`` and ``client.virtual_machines``."""

    def __init__(self, client: Client, instance_type: str | None = None) -> None:
        super().__init__(client)
        self.instance_type = instance_type
        self.model = _MODELS[instance_type]

    def all(
        self,
        recursion: int = 0,
        fields: Any = None,
        *,
        project: str | None = None,
        all_projects: bool = False,
    ) -> list[Instance]:
        """Every instance (of this manager's type), in one request.

        ``recursion=2`` also brings each instance's state, snapshots and backups; ``project``
        and ``all_projects`` choose the projects listed.
        """
        params: dict[str, Any] = {
            **_protocol.type_filter(self.instance_type),
            **scope(project, all_projects),
        }
        if recursion >= 2:
            params["recursion"] = 2
        items = self._list(params)
        # Filter here too: a server without filtering support ignores the parameter.
        return [
            self._wrap(item, project=project)
            for item in items
            if self.instance_type is None or item.get("type") == self.instance_type
        ]

    def create(
        self,
        config: Mapping[str, Any],
        wait: bool = False,
        target: str | None = None,
        *,
        project: str | None = None,
    ) -> Instance:
        """Create an instance from a pylxd-style config dict; returns it without reading it
        back (its fields load on first access, or ``obj.sync()`` in the async face)."""
        if not isinstance(config, Mapping):
            raise TypeError(f"config must be a mapping, not {type(config).__name__}")
        body = dict(config)
        name = body.get("name")
        if name is not None:
            _protocol.check_name(name)
        if self.instance_type and "type" not in body:
            body["type"] = self.instance_type
        if isinstance(body.get("config"), Mapping):
            body["config"] = _protocol.config_to_wire(body["config"])
        params = {**({"target": target} if target else {}), **scope(project)}
        reply = self._client._request("POST", "/instances", params=params, json=body)
        op = self._client._finish(reply, wait)
        return self._created(name, op or reply.metadata, project)

    def _created(self, name: str | None, op: Any, project: str | None = None) -> Instance:
        if name is None:
            name = _created_name(op)
        data: dict[str, Any] = {"name": name}
        if project or self._client.project:
            data["project"] = project or self._client.project
        return self._new(**data)

    def _copy_body(self, name: str, base: Mapping[str, Any] | None) -> dict[str, Any]:
        """A new instance's body from its source's settings, as the CLI copies them."""
        body: dict[str, Any] = {"name": name}
        for key in ("type", "architecture", "profiles", "devices", "ephemeral", "description"):
            if base and base.get(key) is not None:
                body[key] = base[key]
        if base and isinstance(base.get("config"), Mapping):
            body["config"] = _protocol.without_volatile(base["config"])
        return body

    def _create_from_source(
        self,
        name: str,
        source: dict[str, Any],
        wait: bool,
        target: str | None,
        progress: ProgressCallback | None,
        base: Mapping[str, Any] | None = None,
    ) -> Instance:
        body = self._copy_body(_protocol.check_name(name), base)
        body["source"] = source
        params = {"target": target} if target else None
        reply = self._client._request("POST", "/instances", params=params, json=body)
        op = self._client._finish(reply, wait, progress=progress)
        return self._created(name, op or reply.metadata)

    def create_from_backup(
        self,
        source: Any,
        pool: str | None = None,
        name: str | None = None,
        wait: bool = False,
        *,
        progress: ProgressCallback | None = None,
    ) -> Instance:
        """Import a backup tarball (bytes, a path (``str`` too), a binary file or an iterable of
        bytes), streamed; returns the new instance without reading it."""
        source = streams.binary_source(source, "source")
        flavour = self._client._kind if self._client._host_info else None
        if flavour is None:
            self._client.connect()
            flavour = self._client._kind
        headers = {"Content-Type": "application/octet-stream"}
        if pool is not None:
            headers[flavour.header("pool")] = _protocol.check_name(pool, "pool")
        if name is not None:
            headers[flavour.header("name")] = _protocol.check_name(name)
        size = streams.size_of(source)
        headers.update(streams.length_header(size))
        meter = Meter(progress, size, "upload")
        reply = self._client._request(
            "POST", "/instances", headers=headers, content=streams.body(source, meter)
        )
        op = self._client._finish(reply, wait)
        return self._created(name, op or reply.metadata)


def _created_name(op: Any) -> str:
    """The name the server gave an instance created without one."""
    try:
        return _protocol.name_from_url(op["resources"]["instances"][0])
    except (KeyError, IndexError, TypeError):
        raise LXDAPIException(None, "the server did not say the new instance's name") from None
