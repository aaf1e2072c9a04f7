"""The workbook export, one module a table group (as :mod:`forms.layouts` and
:mod:`forms.xlsx.reading`): :mod:`.sheet` is the writer they share; :mod:`forms.xlsx.export` puts
the workbook together."""
