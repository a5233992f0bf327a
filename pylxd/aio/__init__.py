"""The asyncio face: ``AsyncClient`` and its models."""

from .._async.backups import Backup
from .._async.certificates import Certificate
from .._async.client import AsyncClient
from .._async.events import EventListener
from .._async.exec import InteractiveSession
from .._async.files import FilesManager, FileStat
from .._async.images import Image
from .._async.instances import Container, Instance, InstanceState, VirtualMachine
from .._async.networks import Network
from .._async.operations import Operation
from .._async.profiles import Profile
from .._async.snapshots import Snapshot
from .._async.templates import InstanceMetadata
from .._exec import ExecuteResult

__all__ = [
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
