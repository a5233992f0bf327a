# Generated: edit pylxd/_async/images.py and run scripts/unasync.py.
"""Images (``/1.0/images``): streamed upload and export, aliases, copies between servers."""

from __future__ import annotations

import contextlib
import hashlib
import tempfile
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlencode

from .. import _multipart, _protocol
from .._model import Attribute
from .._progress import Meter, ProgressCallback
from ..exceptions import LXDAPIException, NotFound, PylxdError
from . import streams
from .model import Manager, Model, scope

if TYPE_CHECKING:
    from .client import Client


class Image(Model):
    _endpoint = "images"
    _key = "fingerprint"

    properties = Attribute[dict[str, Any]](writable=True)
    public = Attribute[bool](writable=True)
    auto_update = Attribute[bool](writable=True)
    profiles = Attribute[list[str]](writable=True)
    expires_at = Attribute[str](writable=True)
    aliases = Attribute[list[dict[str, Any]]]()
    architecture = Attribute[str]()
    cached = Attribute[bool]()
    created_at = Attribute[str]()
    filename = Attribute[str]()
    fingerprint = Attribute[str]()
    last_used_at = Attribute[str]()
    size = Attribute[int]()
    uploaded_at = Attribute[str]()
    update_source = Attribute[dict[str, Any]]()
    type = Attribute[str]()
    project = Attribute[str]()
    locations = Attribute[list[str]]()

    def export(
        self,
        dest: streams.Dest | None = None,
        *,
        rootfs_dest: streams.Dest | None = None,
        progress: ProgressCallback | None = None,
        check_fingerprint: bool = True,
    ) -> IO[bytes] | None:
        """Download the image.

        With ``dest`` (a path, written atomically, or a binary file), writes there, checking the
        data against the image's fingerprint (SHA-256) unless ``check_fingerprint=False``, and
        returns None; a mismatch raises ``PylxdError`` and leaves no file at a path. A split
        image has two parts: the metadata tarball goes to ``dest`` and the rootfs to
        ``rootfs_dest`` (required then). Without ``dest``, returns a temporary file (on disk,
        rewound) holding the body as the server sent it, unchecked, as pylxd does (for a split
        image, the server's multipart body).
        """
        response = streams.open_download(
            self.client, f"/{self.client.version}{self._path}/export", self._params
        )
        boundary = _multipart.boundary_of(response.headers.get("content-type", ""))
        if dest is None:
            returned = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the caller
            streams.receive(self.client, response, returned, progress, "export")
            returned.seek(0)
            return returned
        # The hash costs more CPU than the download itself on a local socket (README).
        digest = hashlib.sha256() if check_fingerprint else None
        if boundary is None:
            streams.receive(
                self.client,
                response,
                dest,
                progress,
                "export",
                digest,
                check=None if digest is None else lambda: _check_digest(digest, self._ident),
            )
            return None
        if rootfs_dest is None:
            response.close()
            raise ValueError(
                f"image {self._ident} is a split image: pass rootfs_dest= for its rootfs part"
            )
        _receive_split(
            self.client, response, dest, rootfs_dest, progress, digest, self._ident
        )
        return None

    def add_alias(self, name: str, description: str = "") -> None:
        """Point a new alias called ``name`` at this image."""
        self.client.images.aliases.create(name, self._ident, description)
        if self._loaded:  # else the aliases are read, all of them, when first needed
            alias = {"name": name, "description": description}
            # A new list in each state: the two may share the old one (it is not editable).
            for state in (self._data, self._base):
                state["aliases"] = [*(state.get("aliases") or []), alias]

    def delete_alias(self, name: str) -> None:
        """Remove the alias ``name`` (of this image)."""
        (self.client.images.aliases.get(name)).delete()
        for state in (self._data, self._base) if self._loaded else ():
            state["aliases"] = [a for a in state.get("aliases") or [] if a.get("name") != name]

    def refresh(self, wait: bool = True) -> None:
        """Ask the server to update the image from its source."""
        reply = self.client._request("POST", f"{self._path}/refresh", params=self._params)
        self.client._finish(reply, wait)

    def create_secret(self) -> str:
        """A one-time secret letting another server pull this private image."""
        reply = self.client._request("POST", f"{self._path}/secret", params=self._params)
        secret = ((reply.metadata or {}).get("metadata") or {}).get("secret")
        if not secret:
            raise LXDAPIException(None, "the server gave no image secret")
        return str(secret)

    def copy(
        self,
        new_client: Client,
        public: bool | None = None,
        auto_update: bool | None = None,
        wait: bool = False,
        *,
        mode: str = "pull",
        aliases: list[str] | None = None,
        progress: ProgressCallback | None = None,
    ) -> Image | None:
        """Copy the image to another server: ``"pull"`` (the target downloads from this
        server's HTTPS listener, with a secret for a private image), ``"push"`` (this server
        uploads to the target's HTTPS listener with a one-time token from the target; see
        ``_push_copy``) or ``"relay"`` (this client streams the export into the upload).
        Returns the Image on the target once done (None when not waited). In push mode,
        ``auto_update`` is set after the upload, so it needs ``wait=True``."""
        _protocol.check_copy_mode(mode)
        if not self._loaded:
            self.sync()
        if mode == "relay":
            return _relay_copy(self, new_client, public, aliases, progress)
        if mode == "push":
            return _push_copy(self, new_client, public, auto_update, aliases, wait, progress)
        from .migration import _server_identity

        addresses, certificate = _server_identity(self.client, "source", mode)
        source: dict[str, Any] = {
            "type": "image",
            "mode": "pull",
            "server": f"https://{addresses[0]}",
            "protocol": "lxd",
            "certificate": certificate,
            "fingerprint": self._ident,
        }
        if not self.public:
            source["secret"] = self.create_secret()
        body: dict[str, Any] = {
            "source": source,
            "public": self.public if public is None else public,
        }
        if auto_update is not None:
            body["auto_update"] = auto_update
        reply = new_client._request("POST", "/images", json=body)
        op = new_client._finish(reply, wait, progress=progress)
        if not wait:
            return None
        fingerprint = ((op or {}).get("metadata") or {}).get("fingerprint") or self._ident
        image = new_client.images._new(fingerprint=fingerprint)
        for alias in aliases or []:
            image.add_alias(alias)
        return image


def _push_copy(
    image: Image,
    new_client: Client,
    public: bool | None,
    auto_update: bool | None,
    aliases: list[str] | None,
    wait: bool,
    progress: ProgressCallback | None,
) -> Image | None:
    """The source daemon uploads the image to the target's HTTPS listener (what ``lxc image
    copy --mode=push`` does):

    1. target ``POST /images`` with ``source: {mode: "push", fingerprint}`` and the new image's
       ``public``, ``properties``, ``expires_at`` and ``aliases``: the target answers with a
       token operation (class ``token``, ``resources.images: [/1.0/images/<fingerprint>]``)
       whose metadata holds a one-time ``secret``;
    2. source ``POST /images/<fingerprint>/export`` with ``{target, certificate, secret}``
       (``project`` too when the target client uses one): the source daemon connects to
       ``target`` as an untrusted client, pinning ``certificate``, and uploads the image with
       the ``X-LXD-``/``X-Incus-`` ``secret`` and ``fingerprint`` headers;
    3. the target accepts the upload only if a pending token matches both the secret and the
       image's fingerprint (it then cancels the token, single use), and applies the token's
       ``public``, ``properties``, ``expires_at`` and ``aliases`` to the new image.

    The token must name the fingerprint: without it the target answers the upload "not
    authorized". When waited, the token is cancelled afterwards in case the upload never used
    it (not waited, a failed upload leaves it pending on the target).
    """
    from .migration import _server_identity

    image.client.assert_has_api_extension("images_push_relay")
    if auto_update is not None and not wait:
        raise ValueError(
            "push mode sets auto_update on the copy once the upload is done: pass wait=True"
        )
    addresses, certificate = _server_identity(new_client, "target", "push")
    fingerprint = image.fingerprint
    body: dict[str, Any] = {
        "source": {"mode": "push", "fingerprint": fingerprint},
        "public": image.public if public is None else public,
        # The target takes the copy's properties from here, not from the image's metadata.
        "properties": dict(image.properties or {}),
        "aliases": [{"name": name, "description": ""} for name in aliases or []],
    }
    if image._data.get("expires_at"):
        body["expires_at"] = image._data["expires_at"]
    token = new_client._request("POST", "/images", json=body)
    secret = ((token.metadata or {}).get("metadata") or {}).get("secret")
    token_id = token.operation_id
    if not secret or not token_id:
        raise LXDAPIException(None, "the target server gave no upload secret")
    export: dict[str, Any] = {
        "target": f"https://{addresses[0]}",
        "certificate": certificate,
        "secret": secret,
    }
    if new_client.project:
        export["project"] = new_client.project
    try:
        reply = image.client._request(
            "POST",
            f"/images/{_protocol.quote_segment(fingerprint)}/export",
            params=image._params,
            json=export,
        )
    except BaseException:
        _cancel_token(new_client, token_id)
        raise
    if not wait:
        return None
    try:
        image.client._finish(reply, True, progress=progress)
    finally:
        # An upload that got through used the token up (the target cancelled it); one that
        # failed before reaching the target left it pending.
        _cancel_token(new_client, token_id)
    copied = new_client.images._new(fingerprint=fingerprint)
    if auto_update is not None:
        new_client._request(
            "PATCH",
            f"/images/{_protocol.quote_segment(fingerprint)}",
            json={"auto_update": auto_update},
        )
    return copied


def _cancel_token(client: Client, operation_id: str) -> None:
    with contextlib.suppress(LXDAPIException):
        client.operations.cancel(operation_id)


def _relay_copy(
    image: Image,
    new_client: Client,
    public: bool | None,
    aliases: list[str] | None,
    progress: ProgressCallback | None,
) -> Image | None:
    """Stream the export straight into the upload: the multipart of a split image passes
    through unchanged, as the upload takes the same parts."""
    response = streams.open_download(
        image.client, f"/{image.client.version}{image._path}/export", image._params
    )
    headers = new_client.images._upload_headers(
        public=image.public if public is None else public,
        properties=image.properties,
        filename=image.filename,
    )
    headers["Content-Type"] = response.headers.get("content-type", "application/octet-stream")
    meter = Meter(progress, streams._length(response), "relay")

    def body() -> Iterator[bytes]:
        meter.start()
        for piece in response.iter_raw():
            meter.add(len(piece))
            yield piece

    try:
        copied = new_client.images._upload(headers, body(), True)
    finally:
        response.close()
    for alias in aliases or []:
        copied.add_alias(alias)
    return copied


def _check_digest(digest: Any, fingerprint: str) -> None:
    if digest.hexdigest() != fingerprint:
        raise PylxdError(
            f"image {fingerprint}: the downloaded content hashes to {digest.hexdigest()}"
        )


def _receive_split(
    client: Client,
    response: Any,
    dest: streams.Dest,
    rootfs_dest: streams.Dest,
    progress: ProgressCallback | None,
    digest: Any,
    fingerprint: str,
) -> None:
    reader = _multipart.Reader(_multipart.boundary_of(response.headers["content-type"]) or "")
    sinks = {"metadata": streams.Sink(dest), "rootfs": streams.Sink(rootfs_dest)}
    current: streams.Sink | None = None
    meter = Meter(progress, streams._length(response), "export")
    meter.start()
    try:
        for piece in response.iter_raw():
            meter.add(len(piece))
            for event in reader.feed(piece):
                if isinstance(event, _multipart.PartStart):
                    key = "metadata" if event.name == "metadata" else "rootfs"
                    current = sinks[key]
                elif current is not None:
                    if digest is not None:
                        digest.update(event.data)
                    current.write(event.data)
        reader.close()
        if digest is not None:
            _check_digest(digest, fingerprint)
        for sink in sinks.values():
            sink.commit()
    except BaseException:
        for sink in sinks.values():
            sink.abort()
        raise
    finally:
        response.close()


class ImageAlias(Model):
    _endpoint = "images/aliases"

    target = Attribute[str](writable=True)
    description = Attribute[str](writable=True)
    name = Attribute[str]()
    type = Attribute[str]()

    @property
    def api(self) -> Any:
        return self.client.api.images.aliases[self._ident]

    def rename(self, new_name: str) -> ImageAlias:
        self._rename(new_name)
        return self


class ImageAliasManager(Manager[ImageAlias]):
    """``client.images.aliases``."""

    model = ImageAlias

    def create(self, name: str, target: str, description: str = "") -> ImageAlias:
        _protocol.check_name(name, "alias")
        body = {
            "name": name,
            "target": _protocol.check_name(target, "target"),
            "description": description,
        }
        self._client._request("POST", "/images/aliases", json=body)
        return self._new(name=name)


class ImageManager(Manager[Image]):
    model = Image

    def __init__(self, client: Client) -> None:
        super().__init__(client)
        self.aliases = ImageAliasManager(client)

    def all(
        self,
        *,
        filter: str | None = None,  # noqa: A002 - the API's name
        project: str | None = None,
        all_projects: bool = False,
    ) -> list[Image]:
        """Every image, in one request; ``filter`` is the server's filter expression
        (``"properties.os eq BusyBox"``)."""
        params = {**({"filter": filter} if filter else {}), **scope(project, all_projects)}
        return [self._wrap(item, project=project) for item in self._list(params)]

    def get_by_alias(self, alias: str) -> Image:
        """The image an alias points at."""
        return self.get((self.aliases.get(alias)).target)

    def exists(self, name: str, alias: bool = False, *, project: str | None = None) -> bool:
        """Whether an image with that fingerprint (or, with ``alias=True``, that alias) exists."""
        try:
            (self.get_by_alias(name) if alias else self.get(name, project=project))
        except NotFound:
            return False
        return True

    def _upload_headers(
        self,
        *,
        public: bool,
        properties: dict[str, Any] | None = None,
        profiles: list[str] | None = None,
        filename: str | None = None,
    ) -> dict[str, str]:
        flavour = self._client._kind
        headers = {flavour.header("public"): "1" if public else "0"}
        if properties:
            headers[flavour.header("properties")] = urlencode(
                {k: str(v) for k, v in properties.items()}
            )
        if profiles:
            headers[flavour.header("profiles")] = urlencode([("profile", p) for p in profiles])
        if filename:
            headers[flavour.header("filename")] = filename
        return headers

    def _upload(self, headers: dict[str, str], content: Any, wait: bool) -> Image:
        reply = self._client._request("POST", "/images", headers=headers, content=content)
        op = self._client._finish(reply, True)
        fingerprint = ((op or {}).get("metadata") or {}).get("fingerprint")
        if not fingerprint:
            raise LXDAPIException(None, "the server did not say the new image's fingerprint")
        return self._new(fingerprint=fingerprint)

    def create(
        self,
        image_data: Any,
        metadata: Any = None,
        public: bool = False,
        wait: bool = True,
        vm: bool = False,
        *,
        properties: dict[str, Any] | None = None,
        profiles: list[str] | None = None,
        aliases: list[str] | None = None,
        filename: str | None = None,
        progress: ProgressCallback | None = None,
    ) -> Image:
        """Upload an image, streamed: ``image_data`` is a unified tarball, or with
        ``metadata`` the rootfs of a split image (squashfs; a disk image with ``vm=True``).
        Each is bytes, a path (``str`` too), a binary file or an iterable of bytes. Always
        waits (as pylxd) and returns the Image without reading it back."""
        if self._client._host_info is None:
            self._client.connect()
        image_data = streams.binary_source(image_data, "image_data")
        headers = self._upload_headers(
            public=public, properties=properties, profiles=profiles, filename=filename
        )
        if metadata is None:
            total = streams.size_of(image_data)
            content: Any = streams.body(image_data, Meter(progress, total, "upload"))
            headers["Content-Type"] = "application/octet-stream"
            headers.update(streams.length_header(total))
        else:
            metadata = streams.binary_source(metadata, "metadata")
            boundary = _multipart.new_boundary()
            headers["Content-Type"] = _multipart.content_type(boundary)
            content = _split_body(boundary, metadata, image_data, vm, progress)
        image = self._upload(headers, content, wait)
        for alias in aliases or []:
            image.add_alias(alias)
        return image

    def create_from_simplestreams(
        self,
        server: str,
        alias: str,
        public: bool = False,
        auto_update: bool = False,
        *,
        certificate: str | None = None,
        wait: bool = True,
    ) -> Image:
        """Have the server download an image from a simplestreams image server."""
        source: dict[str, Any] = {
            "type": "image",
            "mode": "pull",
            "server": server,
            "protocol": "simplestreams",
            "alias": alias,
        }
        if certificate:
            source["certificate"] = certificate
        return self._create_from(source, public, auto_update, wait)

    def create_from_url(
        self, url: str, public: bool = False, auto_update: bool = False, *, wait: bool = True
    ) -> Image:
        """Have the server download a unified image from a URL (the server there answers a
        HEAD with ``LXD-Image-Hash`` and ``LXD-Image-URL``; ``Incus-Image-*`` for Incus)."""
        return self._create_from({"type": "url", "url": url}, public, auto_update, wait)

    def _create_from(
        self, source: dict[str, Any], public: bool, auto_update: bool, wait: bool
    ) -> Image:
        body = {"source": source, "public": public, "auto_update": auto_update}
        reply = self._client._request("POST", "/images", json=body)
        op = self._client._finish(reply, True)
        fingerprint = ((op or {}).get("metadata") or {}).get("fingerprint")
        if not fingerprint:
            raise LXDAPIException(None, "the server did not say the new image's fingerprint")
        return self._new(fingerprint=fingerprint)


def _split_body(
    boundary: str, metadata: Any, rootfs: Any, vm: bool, progress: ProgressCallback | None
) -> Iterator[bytes]:
    total = None
    sizes = (streams.size_of(metadata), streams.size_of(rootfs))
    if None not in sizes:
        total = sum(s for s in sizes if s is not None)
    meter = Meter(progress, total, "upload")
    meter.start()
    quiet = Meter(None, None, "upload")
    parts = (
        ("metadata", "metadata.tar", metadata),
        ("rootfs.img" if vm else "rootfs", "rootfs.img" if vm else "rootfs", rootfs),
    )
    for index, (name, filename, data) in enumerate(parts):
        yield _multipart.part_header(boundary, name, filename, first=index == 0)
        for piece in streams.chunks(data, quiet):
            meter.add(len(piece))
            yield piece
    yield _multipart.closing(boundary)
