"""Feeds in: `build.py ingest` turns the feeds and news APIs named in site.toml's
`[[sources]]` into new article files under content/<source>/, so a scheduled
ingest → build → deploy keeps a digest filling itself.

One module per job: `settings` (what site.toml asks for), `fetch` (polite, bounded
HTTP), `robots` (whether a page may be fetched), `state` (what each source's last run
left), `kinds` (feed bytes → entries), `entries` (an entry → clean front matter),
`files` (what content/ already links, and writing new files), `fulltext` (an article
page → its body), `run` (one pass over the sources, with counts)."""
