"""The version, in a module of its own: modules that record it (the job, the report)
import it from here, not from the package, so that no import goes in a circle."""

__version__ = "0.2.0"
