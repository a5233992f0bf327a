"""The asyncio face: ``AsyncClient`` and its models."""

from .._async.backups import Backup
from .._async.certificates import Certificate
from .._async.client import AsyncClient
from .._async.events import EventListener
from .._async.exec import InteractiveSession
from .._async.files import FilesManager, FileStat
from .._async.images import Image, ImageAlias
from .._async.instances import Container, Instance, InstanceState, VirtualMachine
from .._async.networks import (
    Network,
    NetworkACL,
    NetworkForward,
    NetworkLoadBalancer,
    NetworkPeer,
    NetworkState,
    NetworkZone,
    NetworkZoneRecord,
)
from .._async.operations import Operation
from .._async.profiles import Profile
from .._async.projects import Project
from .._async.server import ServerConfig
from .._async.snapshots import Snapshot
from .._async.storage import (
    StorageBucket,
    StorageBucketKey,
    StoragePool,
    StorageVolume,
    VolumeSnapshot,
)
from .._async.templates import InstanceMetadata
from .._async.warnings import Warning
from .._exec import ExecuteResult

__all__ = [
    "ImageAlias",
    "NetworkACL",
    "NetworkForward",
    "NetworkLoadBalancer",
    "NetworkPeer",
    "NetworkState",
    "NetworkZone",
    "NetworkZoneRecord",
    "Project",
    "ServerConfig",
    "StorageBucket",
    "StorageBucketKey",
    "StoragePool",
    "StorageVolume",
    "VolumeSnapshot",
    "Warning",
    "Backup",
    "InstanceMetadata",
    "Snapshot",
    "EventListener",
    "ExecuteResult",
    "FileStat",
    "FilesManager",
    "InteractiveSession",
    "AsyncClient",
    "Certificate",
    "Container",
    "Image",
    "Instance",
    "InstanceState",
    "Network",
    "Operation",
    "Profile",
    "VirtualMachine",
]
