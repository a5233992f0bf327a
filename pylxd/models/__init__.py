"""The blocking face's models (``pylxd.aio`` holds the asyncio ones)."""

from .._sync.certificates import Certificate
from .._sync.images import Image
from .._sync.instances import Container, Instance, InstanceState, VirtualMachine
from .._sync.networks import Network
from .._sync.operations import Operation
from .._sync.profiles import Profile

__all__ = [
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
