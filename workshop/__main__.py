"""`python -m workshop`: the same command line as the `workshop` script."""

from workshop.cli import main

if __name__ == "__main__":  # not when a spawned worker process imports this module
    main()
