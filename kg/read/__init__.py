"""Reading: files, folders, HTML pages and record files -> documents of dated statements.

`sources` finds and decodes inputs and reads record files; `statements` splits a page's
text into dated statements and drops site chrome."""
