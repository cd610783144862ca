"""`workshop serve`: the toolkit in the browser, for people who do not use a terminal."""
