import sys

from pipeline.cli import main

if __name__ == "__main__":  # worker processes that a parallel build spawns import this module, never run it
    sys.exit(main())
