import os
import sys

try:
    from nnbuilder.cli import main
except KeyboardInterrupt:  # Ctrl+C while the command itself is still being imported
    print("nnbuilder: error: interrupted", file=sys.stderr, flush=True)
    os._exit(130)

sys.exit(main())
