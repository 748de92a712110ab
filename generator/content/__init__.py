"""Load: the content folder read, each file modelled as an Article (front matter, plain
text, HTML pages), duplicates merged."""
