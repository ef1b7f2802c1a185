"""The Keras bridge: project graphs to Keras models and back. Imports Keras lazily."""
