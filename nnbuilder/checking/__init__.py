"""Checking a project: every node's shape, parameter counts and problems (`checker.check`), the
result types, the guards against unsafe or oversized layers, and the fixes a problem offers."""
