"""The blocking face's models (``pylxd.aio`` holds the asyncio ones)."""

from .._exec import ExecuteResult
from .._sync.backups import Backup
from .._sync.certificates import Certificate
from .._sync.events import EventListener
from .._sync.exec import InteractiveSession
from .._sync.files import FilesManager, FileStat
from .._sync.images import Image, ImageAlias
from .._sync.instances import Container, Instance, InstanceState, VirtualMachine
from .._sync.networks import (
    Network,
    NetworkACL,
    NetworkForward,
    NetworkLoadBalancer,
    NetworkPeer,
    NetworkState,
    NetworkZone,
    NetworkZoneRecord,
)
from .._sync.operations import Operation
from .._sync.profiles import Profile
from .._sync.projects import Project
from .._sync.server import ServerConfig
from .._sync.snapshots import Snapshot
from .._sync.storage import (
    StorageBucket,
    StorageBucketKey,
    StoragePool,
    StorageVolume,
    VolumeSnapshot,
)
from .._sync.templates import InstanceMetadata
from .._sync.warnings import Warning

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
