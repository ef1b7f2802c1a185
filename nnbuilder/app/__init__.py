"""The editor as a web app: a notebook that Voila serves (`nnbuilder serve`)."""
