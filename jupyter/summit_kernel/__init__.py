"""A Jupyter kernel for Summit: a wrapper over one `summit --kernel` process per notebook session."""

__version__ = "0.1.0"
