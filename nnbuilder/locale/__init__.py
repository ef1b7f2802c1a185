"""The English and Chinese wording tables: problem sentences and their patterns, parameter help,
dataset, evaluation, error and app texts. Plain data and string functions; nothing here imports the
rest of nnbuilder."""
