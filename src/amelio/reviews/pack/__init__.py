"""The management review pack: figures from the modules' measures, the input sections,
and how they are shown."""
