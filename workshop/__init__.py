"""Workshop toolkit: executive social media literacy sessions from reusable content modules."""

__version__ = "0.1.0"
