"""RPL Care: software for the care of couples with recurrent pregnancy loss."""

__version__ = "0.1.0"
