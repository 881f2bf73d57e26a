"""Writing the schedule workbook; knows nothing of the solver."""
