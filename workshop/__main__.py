"""`python -m workshop`: the same command line as the `workshop` script."""

from workshop.cli import main

main()
