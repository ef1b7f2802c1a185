"""Process helpers for the command line and headless runs: Ctrl+C handling, silenced output and
text made safe for a terminal."""
