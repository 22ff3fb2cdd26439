"""kg: a knowledge graph of human-rights statements."""
__version__ = "0.1.0"
