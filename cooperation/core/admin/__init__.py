"""The admin's bases, forms, formsets and import/export resources every app shares."""
