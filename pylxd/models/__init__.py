"""The blocking face's models (``pylxd.aio`` holds the asyncio ones)."""

from .._exec import ExecuteResult
from .._sync.backups import Backup
from .._sync.certificates import Certificate
from .._sync.events import EventListener
from .._sync.exec import InteractiveSession
from .._sync.files import FilesManager, FileStat
from .._sync.images import Image
from .._sync.instances import Container, Instance, InstanceState, VirtualMachine
from .._sync.networks import Network
from .._sync.operations import Operation
from .._sync.profiles import Profile
from .._sync.snapshots import Snapshot
from .._sync.templates import InstanceMetadata

__all__ = [
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
