"""The `chapter5` command's parts: its options (options.py) and the checks of their combinations
(checks.py); the commands themselves are chapter5.__main__."""
