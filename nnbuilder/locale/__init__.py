"""The English and Chinese wording, in one place for Python and the browser.

Python's tables are the modules here: problem sentences and their patterns, parameter help, dataset,
evaluation, error and app texts (plain data and string functions; nothing here imports the rest of
nnbuilder). A table kept by key, an (English, Chinese) pair per row, is said through
`word_tables.word_in`. The browser's own labels are the JSON tables here (`editor_words.json`,
`training_words.json`, `app_words.json`), which the widget bundles include when they are built."""
