"""The management review (clause 9.3) and its inputs, compiled from the modules."""

__all__: list[str] = []
