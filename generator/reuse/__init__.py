"""What a rebuild may reuse: the parse cache, the build manifest, the memo of a
long-lived process."""
