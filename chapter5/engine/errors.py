"""The engine's errors: what the CLI reports as one line naming what was wrong and what to do, with
exit status 1 (chapter5.__main__). Each room raises its own kind, all of them an EngineError."""


class EngineError(Exception):
    """A run, a folder, a file or an input the engine cannot use; the message says why and what to do."""
