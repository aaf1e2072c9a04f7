"""The label-based workbook reader, one module a table beside its layout declaration
(:mod:`forms.layouts`): :mod:`.basic`, :mod:`.performance`, :mod:`.tables`, :mod:`.review`, all on
the primitives of :mod:`.base` and the grid and label finder of :mod:`.grid`; :mod:`.workbook`
places the tables on the sheets and puts them together."""
