"""Plan, digest, render and write: the pages of the site and the folder they go in."""
