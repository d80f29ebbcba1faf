"""Outputs shared by the commands and formats: workbook writing, spreadsheet cell safety, the fill-in template workbook and the rule catalogue."""
