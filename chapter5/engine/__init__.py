"""The engine: how chapter5's commands train the book's networks fast and dependably.

It stands beside the book layer and never bends it: it imports the book's
modules, the book layer never imports it. A run goes one way:

    model name -> builder (the book layer) -> twin (twins.py) -> recipe (recipes.py)
    -> loader (loader.py) -> loop (loop.py) -> log and checkpoints (reproduce.py) -> results

`threads.py` gives MXNet every core, for the engine's own processes only. The
CLI (`chapter5 ...`), the exercises' trainings and the benchmarks use it.
"""
