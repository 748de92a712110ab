#!/usr/bin/env python3
"""Entry point: `python build.py [build|check|new|serve] ...` (see README)."""
import sys

from generator.cli import main

if __name__ == "__main__":
    sys.exit(main())
