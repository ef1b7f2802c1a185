"""Process helpers for the command line, headless runs and the kernel: Ctrl+C handling, silenced
output, text made safe for a terminal, and work kept off the kernel's main thread."""
