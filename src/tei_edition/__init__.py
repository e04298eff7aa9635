"""tei-edition: plain-text historical sources -> TEI P5 digital edition (HTML, PDF)."""

__version__ = "0.1.0"

__all__ = ["__version__"]
