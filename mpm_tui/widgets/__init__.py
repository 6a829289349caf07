"""Reusable widgets: card lists, column headers, gantt rows, heatmap cells."""
