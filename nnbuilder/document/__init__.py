"""The project document at the bottom of nnbuilder: projects, graphs and their validation, model
links, node names, atomic files, and the schemas of the `data` and `training` sections.

Nothing here imports the rest of nnbuilder (only `nnbuilder.errors`), Keras, NumPy or widgets; what
it needs to know about layers is handed in from the catalog (`layer_rules`).
"""
